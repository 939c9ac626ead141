"""Recall on lectures nobody tuned for (session 21, branch recall21): an acronym misheard beside its
own expansion ('character error rate or sir') is found by the expansion's initials, whether ASR wrote
an everyday word for the acronym read as a word or words for its letters. Each catch fails without
the rule; the texts next to them show what stays unflagged."""

from __future__ import annotations

import pytest

from detecting import detector_of, found_alike

RULES = """\
category: metric
entries:
  - term: CER
    aliases: [character error rate]
    context:
      require: [speech, recognition, mandarin]
  - term: RLHF
    category: technique
    aliases: [reinforcement learning from human feedback]
    context:
      require: [preference, reward]
  - term: SFT
    category: technique
    aliases: [supervised fine-tuning]
    context:
      require: [instruction, alignment]
  - term: IoU
    aliases: [intersection over union]
    context:
      require: [boxes, segmentation]
  - term: YOLO
    category: model
    aliases: [you only look once]
    spoken: [yolo]
    context:
      require: [detection, boxes]
  - term: DeiT
    category: model
    aliases: [data-efficient image transformers]
    context:
      require: [distillation, vit]
  - term: GAN
    category: model
    aliases: [generative adversarial networks]
    context:
      require: [generator, discriminator]
  - term: MSE
    aliases: [mean squared error]
    context:
      require: [regression, loss]
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "acronyms.yml", RULES)


@pytest.mark.parametrize("text, found, term", [
    ("some people report character error rate or sir for languages like mandarin", "sir", "CER"),
    ("the classic recipe is rl chef reinforcement learning from human feedback which openai used",
     "rl chef", "RLHF"),
    ("the first step is supervised fine-tuning or s of t where you collect pairs", "s of t", "SFT"),
    ("first you need I owe you intersection over union between a predicted box", "I owe you", "IoU"),
    ("which brings us to yellow so you only look once from Joseph Redmon", "yellow", "YOLO"),
    ("that's exactly the deity paper data efficient image transformers from facebook", "deity", "DeiT"),
])
def test_an_acronym_misheard_beside_its_expansion_is_found(det, text, found, term):
    assert (found, term) in found_alike(det, text)


@pytest.mark.parametrize("text", [
    "we report the character error rate or CER on the test set",  # heard right
    "generative adversarial networks came out in 2014",  # a word after it is no acronym ('came' ~ GAN)
    "it was much more sample efficient than before",  # 'much' is no MSE read as a word
    "they use it through the solver",  # 'they use' is no TTS: 'they' names no letter
    "sir you should see the error rate here",  # no expansion beside it
    "the sister of the character went on a cruise",
])
def test_words_beside_no_expansion_of_theirs_stay_unflagged(det, text):
    assert found_alike(det, text) == []


def test_everyday_words_running_letters_together_beside_the_expansion_are_the_acronym(det_q):
    # 'seek well': two beats for 'see cue el'; 'much data says text-to-speech' is a beat a letter
    assert ("seek well", "CQL") in found_alike(det_q, "so methods like seek well conservative Q learning push down")
    assert found_alike(det_q, "we collected much data says text-to-speech people") == []


@pytest.fixture(scope="module")
def det_q(tmp_path_factory):
    return detector_of(tmp_path_factory, "rl.yml", """\
category: technique
entries:
  - term: CQL
    aliases: [conservative Q-learning]
    context:
      require: [offline, conservative]
  - term: TTS
    aliases: [text-to-speech]
    context:
      require: [speech, audio, voice]
""")


N_RULES = """\
category: organization
entries:
  - term: NVIDIA
    spoken: [en vidia]
    context:
      require: [gpu, cuda]
  - term: n-gram
    category: technique
    context:
      require: [language, model, counts]
  - term: non-max suppression
    category: technique
    aliases: [NMS]
    spoken: [n m s]
    context:
      require: [boxes, detection]
"""


@pytest.fixture(scope="module")
def det_n(tmp_path_factory):
    return detector_of(tmp_path_factory, "orgs.yml", N_RULES)


@pytest.mark.parametrize("text, found, term", [
    ("jasper and quartznet from and video and then transformers", "and video", "NVIDIA"),
    ("the classic simplification is the and gram model where you make a markov assumption", "and gram", "n-gram"),
])
def test_an_and_where_english_puts_none_is_a_names_leading_n(det_n, text, found, term):
    assert (found, term) in found_alike(det_n, text)


@pytest.mark.parametrize("text", [
    "we sync the audio and video streams",  # an 'and' where English puts one
    "flights from and to the city",  # a list of function words
    "gold labeled examples seen at and much progress",  # letters only after 'en' ('en em es'): too loose
    "this and video are on the page",  # 'this' is a pronoun too
])
def test_an_and_english_allows_is_said(det_n, text):
    assert found_alike(det_n, text) == []


def test_a_word_of_consonants_written_for_letters_beside_their_expansion_is_misheard(tmp_path_factory):
    det = detector_of(tmp_path_factory, "hmm.yml", """\
category: technique
entries:
  - term: HMM
    aliases: [hidden Markov model]
    context:
      require: [states, tagging]
  - term: CNN
    aliases: [convolutional neural network]
    context:
      require: [image, layers]
""")
    assert ("hmm", "HMM") in found_alike(det, "the classic model is a hidden markov model an hmm where the tags are")
    # letters in lowercase are letters written so (a normalization at most), and a filler is a filler
    assert found_alike(det, "we train a convolutional neural network or cnn on the images") == []
    assert found_alike(det, "hmm okay so a hidden markov model then") == []


def test_letters_heard_beside_their_expansion_may_rhyme_or_run_into_and(tmp_path_factory):
    det = detector_of(tmp_path_factory, "letters.yml", """\
category: technique
entries:
  - term: PCA
    aliases: [principal component analysis]
    context:
      require: [variance, components]
  - term: HNSW
    aliases: [hierarchical navigable small world]
    context:
      require: [index, graph, search]
""")
    assert ("PTA", "PCA") in found_alike(det, "so principal component analysis PTA goes back to Karl Pearson in 1901")
    assert ("h and s w", "HNSW") in found_alike(
        det, "the other popular index is h and s w which stands for hierarchical navigable small world graphs")
    # two letters off, or the capitals of something else, are not it
    assert found_alike(det, "so principal component analysis PTO goes back to Karl Pearson in 1901") == []
