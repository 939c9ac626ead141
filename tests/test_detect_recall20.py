"""Recall on lectures nobody tuned for (session 20, branch recall20): a name's word cut by ASR into
the everyday words it sounds like ('Ian good fellow', 'bar low twins') is a mishearing, not a
normalization, though its letters are the name's. Each test of a rule fails with the rule off; the
catches next to them show what the rule keeps."""

from __future__ import annotations

import pytest

from detecting import detector_of, found_alike

RULES = """\
category: person
entries:
  - term: Barlow Twins
    category: model
    context:
      require: [redundancy, embeddings, views, self-supervised]
    allow:
      - "barlow twins reduces redundancy"
  - term: Hugo Larochelle
    context:
      require: [autoregressive, density, estimation]
    allow:
      - "hugo larochelle on density estimation"
  - term: Ian Goodfellow
    context:
      require: [gan, gans, adversarial, generative]
    allow:
      - "gans by ian goodfellow"
  - term: Midjourney
    category: tool
    context:
      require: [images, image, stable, diffusion]
    allow:
      - "images from midjourney"
  - term: Sham Kakade
    aliases: [Kakade]
    context:
      require: [policy, gradient, natural]
    allow:
      - "kakade's natural gradient"
  - term: WordNet
    category: dataset
    context:
      require: [synsets, lexical, nouns]
    allow:
      - "wordnet synsets"
  - term: Yaroslav Ganin
    aliases: [Ganin]
    context:
      require: [domain, adaptation, gradient, reversal]
    allow:
      - "ganin and lempitsky"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "people.yml", RULES)


@pytest.mark.parametrize("text, found, term", [
    ("gans were invented by Ian good fellow with adversarial training", "Ian good fellow", "Ian Goodfellow"),
    ("the natural policy gradient by Sham ka kade", "Sham ka kade", "Sham Kakade"),
    ("bar low twins reduces redundancy between the embeddings of two views", "bar low twins", "Barlow Twins"),
    ("images made with mid journey and stable diffusion", "mid journey", "Midjourney"),
    # a piece written as a name: still the name cut
    ("autoregressive density estimation by Hugo la Rochelle", "Hugo la Rochelle", "Hugo Larochelle"),
])
def test_a_names_word_cut_into_everyday_words_is_misheard(det, text, found, term):
    assert (found, term) in found_alike(det, text)


@pytest.mark.parametrize("text", [
    "images made with mid-journey and stable diffusion",  # a hyphen: hyphenation
    "the lexical synsets of word net for nouns",  # cut at its capital: spacing
    "a GAN in domain adaptation with gradient reversal",  # an acronym heard right beside a word
    "gans were invented by Ian Goodfellow with adversarial training",  # heard whole
])
def test_a_name_cut_where_it_may_be_is_no_mishearing(det, text):
    assert found_alike(det, text) == []


PHRASES = """\
category: technique
entries:
  - term: decision tree
    context:
      require: [splits, leaves, forest]
    allow:
      - "a decision tree splits on features"
  - term: decision transformer
    category: model
    context:
      require: [offline, rl, returns]
    allow:
      - "the decision transformer conditions on returns"
  - term: Markov decision process
    aliases: [MDP]
    context:
      require: [states, actions, rewards]
    allow:
      - "a markov decision process has states and actions"
  - term: mean average precision
    category: metric
    context:
      require: [detection, detector, coco, boxes]
    allow:
      - "mean average precision on coco"
  - term: mean average recall
    category: metric
    context:
      require: [detection, detector, coco, boxes]
    allow:
      - "mean average recall on coco"
  - term: projection head
    context:
      require: [simclr, mlp, contrastive, encoder]
    allow:
      - "a projection head on the encoder"
  - term: semi-supervised
    aliases: [semi supervised]
    context:
      require: [labels, unlabeled, data]
    allow:
      - "semi-supervised learning with few labels"
"""


@pytest.fixture(scope="module")
def det_phrases(tmp_path_factory):
    return detector_of(tmp_path_factory, "techniques.yml", PHRASES)


def test_a_terms_words_in_place_around_one_misheard_are_no_words_heard_right(det_phrases):
    # glossary words in a row ('mean', 'average', 'decision' of other terms) are normally heard right
    found = found_alike(det_phrases, "the detector gets a mean average decision of forty on coco")
    assert ("mean average decision", "mean average precision") in found


def test_a_terms_words_heard_right_stay_right(det_phrases):
    assert found_alike(det_phrases, "the detector gets a mean average recall of forty on coco") == []


def test_a_function_word_with_the_consonants_and_beats_of_a_terms_word_is_that_word_misheard(det_phrases):
    found = found_alike(det_phrases, "simclr puts a small mlp projection had on top of the encoder")
    assert ("projection had", "projection head") in found


def test_a_function_word_said_for_part_of_a_term_otherwise_was_said(det_phrases):
    # 'some' has the consonants of 'semi', not its beats: said as heard
    assert found_alike(det_phrases, "if you know some supervised data with labels then") == []


SURNAMES = """\
category: person
entries:
  - term: Yves Grandvalet
    aliases: [Grandvalet]
    variants: [Eve Grandvalet]
    context:
      require: [entropy, minimization, bengio]
    allow:
      - "grandvalet and bengio"
"""


def test_a_listed_mishearing_of_a_name_holding_its_surname_heard_right_is_flagged(tmp_path_factory):
    from qa.detect import Detector
    from qa.glossary import load_glossary
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(SURNAMES)
    det = Detector(load_glossary(d))
    found = [(f.found, f.term) for f in det.scan_text("entropy minimization is from Eve Grandvalet and bengio")]
    assert ("Eve Grandvalet", "Yves Grandvalet") in found
