"""Detection without listed mishearings (fuzzy and phonetic only): mechanisms that generalise to
lectures the glossary's variants were not written from. Each finds a term in one text and stays
quiet on an everyday text close to it."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.config import PACKAGED_RULES
from qa.detect import Detector, context
from qa.detect.batch import BatchFinder
from qa.detect.candidates import _phrase_ckey, sound_facts
from qa.detect.similarity import phonetic_similarity, weak_similarity
from qa.detect.tokens import tokenize
from qa.glossary import load_glossary


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_glossary(PACKAGED_RULES), methods=("fuzzy", "phonetic"))


def _found(det: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"]


# --- anchored three-word n-grams: a multi-word term with one word heard as two ---------------------


def test_term_heard_with_one_word_split_is_found_from_the_words_heard_right(det: Detector) -> None:
    # no odd word here: before anchors, no three-word n-gram was looked up at all
    assert ("teacher for sing", "teacher forcing") in _found(
        det, "with teacher for sing the decoder gets the ground truth previous token")
    found = _found(det, "a vae is a late and variable model with a gaussian prior")
    assert any(f.startswith("late and variable") and t == "latent variable" for f, t in found), found


def test_two_words_of_a_longer_term_heard_right_anchor_three_or_four_words(det: Detector) -> None:
    assert ("conditional random feels", "CRF") in _found(det, "a bilstm with a conditional random feels layer on top")
    assert ("negative log likely hood", "negative log-likelihood") in _found(
        det, "we minimize the negative log likely hood of the training data")
    assert _found(det, "we want a negative log of it and then the conditional random walk") == []


def test_anchor_word_in_an_everyday_phrase_is_not_flagged(det: Detector) -> None:
    for text in ("my teacher for science was great and she was a teacher for years",
                 "we keep the momentum and continue", "it was a late and very long night"):
        assert _found(det, text) == [], text


def _same_in_batch_and_per_text(det: Detector, vocab: list[str], words: int) -> None:
    """Texts of up to *words* words of *vocab*: the batch finder gives each the per-text finder's
    windows and candidates."""
    batch = BatchFinder(det.finder)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), max_size=words).map(" ".join), min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        toks, cands, _ = batch.find(texts)
        for text, got, c in zip(texts, batch.windows(texts), cands):
            ref = tokenize(text)
            heard = {i for x in det.finder.exact(ref) if x.kind == "mention" for i in range(x.first, x.last)}
            assert got == det.finder.windows(ref.infos, heard)
            assert [(x.first, x.last, id(x.form), x.prior) for x in c] == \
                [(x.first, x.last, id(x.form), x.prior) for x in det.finder.find(ref)]

    check()


def test_anchored_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    starts, ends = det.index.anchors
    pairs = [w for p in sorted(det.index.anchor_pairs[0])[::60] + sorted(det.index.anchor_pairs[1])[::60]
             for w in p.split()]
    anchors = sorted(starts)[::40] + sorted(ends)[::40] + pairs + ["teacher", "momentum", "variable",
                                                                   "conditional", "random", "pair", "encoding"]
    vocab = anchors + ["the", "for", "sing", "and", "of", "late", "coder", "a", "model", "BERT", "zyx"]
    _same_in_batch_and_per_text(det, vocab, 25)


# --- a coined one-word name heard as everyday words, one of them a part of it ----------------------


def test_coined_name_heard_as_everyday_words_with_a_part_heard_right_is_found(det: Detector) -> None:
    # 'web' begins 'WebText': the everyday-words penalty no longer buries the match
    assert ("web tax", "WebText") in _found(det, "gpt-2 was trained on web tax outbound reddit links")


def test_everyday_words_that_only_sound_like_a_coined_name_stay_penalised(det: Detector) -> None:
    # 'even though' sounds like WaveNet, but neither word is a part of it; and 'web tax' far from
    # any context word is just a tax
    assert _found(det, "even though the model is big it trains fast") == []
    assert _found(det, "the web tax on imports was raised") == []


def test_part_of_a_coined_name_and_a_word_said_anyway_is_not_that_name(det: Detector) -> None:
    # 'image' begins ImageNet, but 'kind' (said all the time, not beginning like 'net') is no rest of it
    for text in ("self supervised learning the image kind of the relations bigger language model",
                 "heavily emphasizing back to be for image kind structure of data sets"):
        assert ("image kind", "ImageNet") not in _found(det, text), text
    # the rest heard as a word like it still is the name ('tax' for 'text')
    assert ("web tax", "WebText") in _found(det, "gpt-2 was trained on web tax outbound reddit links")


def test_function_word_a_coined_name_begins_or_ends_with_is_part_of_it(det: Detector) -> None:
    assert ("Theo no", "Theano") in _found(det, "back then we wrote everything in Theo no the symbolic python library")
    assert ("a tarry", "Atari") in _found(det, "the agent plays a tarry games like breakout and pong from raw pixels")
    # an article before words that begin the name themselves stays an article
    found = _found(det, "the data distribution a and tropic much more training of a language model")
    assert ("a and tropic", "Anthropic") not in found


# --- a sounds-alike that ends with a term heard right --------------------------------------------


def test_term_heard_right_at_the_end_of_a_longer_term_does_not_veto_it(det: Detector) -> None:
    # 'autoencoder' is heard right; 'denoising autoencoder' ends with it, so the span is an
    # extension of it, as 'GPT to' is of GPT
    assert ("noising autoencoder", "denoising autoencoder") in _found(
        det, "the noising autoencoder reconstructs the clean input")
    assert _found(det, "my friend Otto wrote the encoder for the model") == []


def _cands(det: Detector, text: str) -> list[tuple[str, str, str]]:
    """Candidates before choosing: (words heard, term, why)."""
    toks = tokenize(text)
    return [(text[c.start:c.end], c.form.entry.term, c.why) for c in det.finder.find(toks) if c.kind == "asr-error"]


def test_anchored_ngram_is_only_a_mishearing_of_a_term_sharing_a_word(det: Detector) -> None:
    # 'efficient' anchors 'efficient we need', which sounds like EfficientNet; but the n-gram is
    # looked up for the terms 'efficient' is a word of, and EfficientNet is not one of them
    assert not [c for c in _cands(det, "we are data efficient we need to make it work") if c[1] == "EfficientNet"]


def test_an_everyday_word_of_a_term_is_not_heard_as_two_words(det: Detector) -> None:
    # 'sentiment' anchors 'sentiment unit', and 'you want' sounds like 'unit'; but ASR writes 'unit'
    text = "the sentiment you want to capture is in the movie reviews"
    assert not [t for _, t in _found(det, text) if t == "sentiment unit"]
    # a rarer word heard as two is still found ('forcing'), and so is an everyday word heard as another
    assert ("teacher for sing", "teacher forcing") in _found(
        det, "with teacher for sing the decoder gets the ground truth previous token")
    assert [t for f, t in _found(det, "by the chain of variables formula the density picks up the log "
                                      "determinant of the jacobian") if f.startswith("chain of variables")] \
        == ["change of variables"]


def test_most_of_a_coined_name_and_a_word_more_is_not_that_name_misheard(det: Detector) -> None:
    # 'image' is most of Imagen: 'image now' is the word image and one more, not Imagen misheard,
    # and keeps the everyday-words penalty; 'web' of WebText is less than half of it
    imagen = [c for c in _cands(det, "and this image now looks much sharper") if c[1] == "Imagen"]
    assert imagen and all("all heard words are common" in why for _, _, why in imagen)
    web = [c for c in _cands(det, "trained on web tax outbound links") if c[1] == "WebText"]
    assert web and not any("common" in why for _, _, why in web)


# --- a form said (partly) letter by letter, heard as everyday words --------------------------------


def test_letter_names_written_as_words_are_evidence_of_a_spelled_form(det: Detector) -> None:
    # 'jay' is the name of J: everyday words, but a speaker spelling JPEG
    assert ("jay peg", "JPEG") in _found(det, "at the same bitrate the learned codec beats jay peg and its blocky artifacts")
    # a word of the form heard as a word, the spelled part misheard: found with context
    assert ("big bunch", "BIG-bench") in _found(det, "the big bunch benchmark has over two hundred tasks")


def test_everyday_words_for_a_partly_spelled_form_still_need_context(det: Detector) -> None:
    assert _found(det, "he said progressive gun laws matter") == []
    assert _found(det, "we saw a big bunch of results in the paper") == []
    assert _found(det, "my friend jay paid for it") == []
    assert _found(det, "we went to the sea for a week") == []


def test_words_that_sound_like_letter_names_are_letters_too(det: Detector) -> None:
    assert ("sea four", "C4") in _found(det, "t5 was pre-trained on the sea four dataset a cleaned version of common crawl")


# --- a term written as the words of its spoken form ------------------------------------------------


def test_term_written_as_it_is_said_is_found(det: Detector) -> None:
    # the glossary says SimCLR is said 'sim clear': ASR wrote exactly that, which is no correct
    # spelling of the term
    assert ("sim clear", "SimCLR") in _found(det, "sim clear uses strong augmentations and a projection head")
    assert _found(det, "the image in the middle is blurry and my doctor saw me") == []


# --- /h/, the weakest sound --------------------------------------------------------------------------


def test_a_dropped_h_is_half_an_error(det: Detector) -> None:
    # 'Jeff Fenton': the /h/ of Hinton runs into the f of Geoff and is not heard
    assert ("Jeff Fenton", "Geoffrey Hinton") in _found(det, "and then Jeff Fenton showed that deep belief nets work")
    assert _found(det, "my neighbour Jeff lives in Fenton Michigan") == []


# --- capitals heard: letters the speaker said ------------------------------------------------------


def test_capitals_heard_among_words_must_be_letters_of_the_form(det: Detector) -> None:
    # 'ISM' sounds, with 'ties', like t-SNE's 'tee es en ee'; but ASR wrote the letters it heard,
    # and I, S, M are not t-SNE's
    found = _found(det, "you just wall turns off because the gradient ties ISM training lost goes to zero")
    assert not [t for _, t in found if t == "t-SNE"], found
    # ... while a capital that is one of the form's letters still counts
    assert ("Alice T", "LSTM") in _found(det, "the Alice T is a recurrent network with gates")


def test_letters_heard_for_a_form_partly_said_as_a_word_must_be_its_letters(det: Detector) -> None:
    # 'TPU pod' ends with a word said as a word: '2 PT', only letters, is none of it; GPT-2 is left
    found = _found(det, "you know for like a model like 2 PT 2 real on one of my collaborators")
    assert not [t for _, t in found if t == "TPU pod"], found
    # a word said like a letter name counts as that letter: 'cu' of cuDNN is 'cue'
    assert ("QDNN", "cuDNN") in _found(det, "the lstm runs on the QDNN kernels from nvidia")


def test_one_voiceless_stop_for_another_is_half_an_error_except_the_first_sound(det: Detector) -> None:
    assert ("soft maps", "softmax") in _found(det, "a soft maps over the logits gives a probability distribution")
    assert ("city skates", "Cityscapes") in _found(det, "city skates is a semantic segmentation dataset of street scenes")
    assert _found(det, "the kids went to the city to skate on sunday") == []
    # onsets are heard best: 'true trains' does not come closer to 'pre-trains' than it was
    toks = tokenize("true trains")
    infos = toks.infos
    ck = _phrase_ckey(infos)
    vk, spoken, _ = sound_facts(infos)
    form = next(f for fs in det.index.phonetic.values() for f in fs if f.text == "pre-trains")
    sim = phonetic_similarity(ck, vk, spoken, form)
    assert weak_similarity(ck, vk, spoken, form, sim) == sim


def test_an_everyday_word_next_to_a_part_of_a_coined_name_begins_like_the_rest_of_it(det: Detector) -> None:
    # 'open' begins OpenAI, but 'know' does not begin like 'ai': words said all the time, so the
    # everyday-words penalty stays; 'gun' begins like 'gan', and 'again' once its first vowel is left out
    # (and, a part heard right next to such a word, `_part_and_word` takes more off: no candidate left)
    openai = [c for c in _cands(det, "it's an open know the concepts connecting them") if c[1] == "OpenAI"]
    assert all("all heard words are common" in why and "a word said anyway" in why for _, _, why in openai)
    assert _found(det, "it's an open know the concepts connecting them and the language model") == []
    for text, term in (("the big gun generator was trained on imagenet at high resolution", "BigGAN"),
                       ("cycle again turns horses into zebras with a cycle consistency loss", "CycleGAN")):
        cands = [c for c in _cands(det, text) if c[1] == term]
        assert cands and not any("common" in why for _, _, why in cands), (text, cands)


# --- a term said in full, each syllable heard as an everyday word ------------------------------------


def test_words_whose_key_is_a_term_said_are_looked_up_without_an_odd_word(det: Detector) -> None:
    # no odd word and no anchor: before, no three-word n-gram was looked up here
    assert ("mark off chain", "Markov chain") in _found(
        det, "a mark off chain over states with a transition matrix converges to its stationary distribution")
    assert ("trans for learning", "transfer learning") in _found(
        det, "trans for learning from imagenet pretrained features to a new task")
    # ... with a letter said as a word ('queue' for Q)
    assert ("deep queue network", "DQN") in _found(det, "deep queue network learned to play atari games from pixels")
    # only the keys of forms said in full: 'terms of learning' is 'transfer learning' one sound short
    assert _found(det, "how do we think about it in terms of learning from a few tasks") == []


def test_keyed_ngrams_share_a_content_word_and_hold_no_term_heard_right(det: Detector) -> None:
    # 'set of the right' sounds like 'state of the art', but shares only function words with it
    assert not [c for c in _cands(det, "with only looks a much broader set of the right is here") if
                c[1] == "state of the art"]
    # 'fine-tune' was heard right: 'fine-tune it' is no 'fine-tuned' misheard
    assert not [c for c in _cands(det, "or fine-tune it to be basically the same") if c[1] == "fine-tuned"]


def test_keyed_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    vocab = ["mark", "off", "chain", "trans", "for", "learning", "tensor", "to", "deep", "queue", "network",
             "fine", "tune", "it", "GPT", "you", "know", "in", "coder", "decoder", "and", "tropy", "coding", "the"]
    _same_in_batch_and_per_text(det, vocab, 20)


# --- the rest of a term heard as words said all the time -------------------------------------------


def test_rest_of_a_term_heard_as_function_or_everyday_words_was_said_as_heard(det: Detector) -> None:
    # 'some' for 'semi', 'need to' for 'meta', 'so we need' for 'smoothed': ASR's language model
    # writes such words where they were said
    for text in ("you really should fine tune on some supervised data and it works",
                 "so what year or maybe we need to learning framework with meta learning",
                 "we use a specific label so we need bigger models with label smoothing",
                 "potentially what to need you learning oh very nonparametric kind of tasks"):  # (a filler)
        found = _found(det, text)
        assert not any(t in ("semi-supervised", "meta-learning", "label smoothing") and f not in
                       ("meta learning", "label smoothing") for f, t in found), (text, found)


def test_rest_heard_as_a_short_word_a_number_or_one_everyday_word_is_still_a_mishearing(det: Detector) -> None:
    assert ("by attentions", "bi-attention") in _found(det, "there's screws and character models and by attentions")
    assert any(t == "exact match" for _, t in _found(det, "the model gets a high exact much score on squad"))
    assert ("GPT to", "GPT-2") in _found(det, "we trained GPT to on webtext")


# --- one everyday word for a short name, where the name's topic is around it -------------------------


def test_everyday_word_for_a_short_name_is_found_where_its_topic_is_near(det: Detector) -> None:
    assert ("gun", "GAN") in _found(det, "in a gun the generator tries to fool the discriminator with fake samples")
    assert ("fare", "FAIR") in _found(det, "researchers at fare and nyu worked on this")
    assert ("cafe", "Caffe") in _found(det, "we implemented the convolutional layers in cafe the berkeley deep learning framework")


def test_everyday_word_for_a_short_name_without_its_topic_stays_a_word(det: Detector) -> None:
    # one topic word, words many entries require ('model', 'training'), a word said all the time,
    # a contraction: not enough
    for text in ("in a gun the generator was trained on a model",
                 "the cafe had good training data and a model",
                 "how far did researchers at nyu get on this work",
                 "we can't fine tune the convolutional network on a gpu",
                 "a GAN is one thing but a gun near a generator is another"):  # (the name said: no topic)
        assert _found(det, text) == [], (text, _found(det, text))


def test_everyday_word_for_a_short_name_inside_a_longer_reading_is_that_reading(det: Detector) -> None:
    # 'birth' alone would be BERT (said twice, its topic near), but 'birth score' reads as BERTScore
    text = "BERT and BERT again; we fine tune on the sentence and it was birth score for translation"
    assert _found(det, text) == [("birth score", "BERTScore")]
    # with no longer reading around it, the everyday word is still the short name
    assert _found(det, "BERT and BERT again; we fine tune bird on the sentence pairs") == [("bird", "BERT")]


def test_short_name_topic_words_are_required_by_few_entries() -> None:
    from qa.detect.context import topic_words

    entries = load_glossary(PACKAGED_RULES).entries
    words = topic_words(entries)
    assert {"generator", "jigsaw", "nyu"} <= words
    assert not {"model", "training", "language"} & words


# --- glossary words that are everyday words first ------------------------------------------------------


def test_everyday_word_of_few_entries_among_glossary_words_may_be_a_term_misheard(det: Detector) -> None:
    # 'position' and 'art' are words of a term or two: before, any n-gram of glossary words only was heard right
    assert any(t == "mixed precision" for _, t in _found(det, "mixed position training in fp16 with loss scaling"))
    assert ("tensor art", "TensorRT") in _found(det, "we compile the onnx model with tensor art for fast gpu inference")


def test_glossary_words_of_the_field_are_still_heard_right(det: Detector) -> None:
    for text in ("deep learning models are trained on a google search corpus",
                 "unsupervised learning of representations from images"):
        assert _found(det, text) == [], (text, _found(det, text))


def test_glossary_words_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    # the batch finder tells n-grams of glossary words only by a column of its own (`plain`)
    vocab = sorted(det.index.everyday)[::25] + ["mixed", "position", "precision", "training", "tensor", "art",
                                                 "learning", "models", "google", "search", "unsupervised",
                                                 "few", "short", "some", "supervised", "need", "to", "gun"]
    _same_in_batch_and_per_text(det, vocab, 12)


def test_name_of_one_written_word_said_sound_for_sound_as_everyday_words_is_found(det: Detector) -> None:
    # keyed n-grams otherwise must share a word with the term, which a coined name has none of to share
    assert ("math plot lib", "Matplotlib") in _found(det, "we plot the loss curves with math plot lib")
    assert ("long for more", "Longformer") in _found(det, "long for more uses sliding window attention for documents")
    # a name with a number in it has that part to be heard right
    assert _found(det, "and then oh yeah 100 of them on the gpu") == []


def test_part_of_a_term_heard_as_its_plural_or_possessive_was_heard_right(det: Detector) -> None:
    for text in ("stochastic gradient descent on minibatches", "detectron2 is facebook's detection library"):
        assert _found(det, text) == [], (text, _found(det, text))
    # all of it heard so is still a term misheard
    found = _found(det, "the paper came from the Google brains team at google research")
    assert any(f.endswith("brains team") and t == "Google Brain" for f, t in found), found


def test_name_of_several_unusual_words_said_sound_for_sound_is_found(det: Detector) -> None:
    # three everyday words with the name's own key, no word shared: once only one written word counted
    assert ("Peter a bill", "Pieter Abbeel") in _found(
        det, "deep unsupervised learning is taught at berkeley by professor Peter a bill")


def test_term_with_an_everyday_word_said_sound_for_sound_is_words_said(det: Detector) -> None:
    # 'Turing test' has the same key, but 'test' would have been heard as itself: 'during the set'
    # is what was said
    assert _found(det, "hinton proposed during the set as a benchmark for machine intelligence") == []


# --- a long term said in full with one sound misheard ------------------------------------------------


def test_term_said_with_one_sound_more_or_fewer_is_looked_up_without_an_odd_word(det: Detector) -> None:
    # no odd word, no anchor, and a key one sound off the term's: before, never looked up
    assert ("deep relief network", "deep belief network") in _found(
        det, "hinton trained a deep relief network by stacking rbms greedily layer by layer")
    assert ("auto aggressive flow", "autoregressive flow") in _found(
        det, "an auto aggressive flow has a triangular jacobian so the determinant is cheap")


def test_near_keyed_ngrams_hold_no_function_word(det: Detector) -> None:
    # 'better and that model' is one sound off 'pre-trained model'; phrases with function words
    # are where everyday keys near a term's abound
    assert not [c for c in _cands(det, "it gets better and that model wins") if c[1] == "pre-training"]


def test_near_keyed_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    # phrases one sound off a term's key, and words that break them up or make them a window of four
    vocab = ["deep relief network", "auto aggressive flow", "few short learning", "pretty different model",
             "better and that model", "inverse", "deep", "network", "flow", "the", "and", "BERT", "learning"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- an acronym said as a word is said so inside other forms too --------------------------------------


def test_acronym_said_as_a_word_is_said_so_in_a_longer_form(det: Detector) -> None:
    # 'Sentence-BERT' was only 'sentence bee ee ar tee': 'sentence bird' had twice its beats
    assert ("sentence bird", "SBERT") in _found(
        det, "sentence bird fine tunes a siamese network on nli to get sentence embeddings")
    # ... said so, it is still a term misheard (not heard right): 'blue score' for BLEU score
    found = [(f.found, f.term, f.kind) for f in Detector(det.glossary, methods=("fuzzy", "phonetic"),
                                                         kinds=("asr-error", "normalization")).scan_text(
        "the blue score of the translation model went up by two points")]
    assert ("blue score", "BLEU", "asr-error") in found, found


def test_pronounced_reading_of_forms_of_several_words_only() -> None:
    from qa.detect.index import pronounced_reading

    said = {"BERT": "bert", "ELBO": "elbow"}
    assert pronounced_reading("Sentence-BERT", said) == ("sentence", "bert")
    assert pronounced_reading("S-BERT", said) == ("es", "bert")
    # the acronym itself is its entry's `spoken`; a plural said as a word ('elbows') is an everyday word
    assert pronounced_reading("BERT", said) is None
    assert pronounced_reading("ELBOs", said) is None
    assert pronounced_reading("Sentence-T5", said) is None


# --- a term heard with all its words right but one -----------------------------------------------------


def test_term_with_all_words_but_one_heard_right_is_looked_up_by_its_words(det: Detector) -> None:
    # 'name entity recognition' is two sounds off 'named entity recognition': its key found nothing
    assert ("name entity recognition", "NER") in _found(
        det, "name entity recognition tags persons locations and organizations in the text")
    # ... and a candidate even where its words are too far off to be a finding alone
    assert [c for c in _cands(det, "roberta drops the next sense prediction objective") if
            c[0] == "next sense prediction" and c[1] == "next sentence prediction"]


def test_words_of_many_terms_do_not_look_up_terms_by_their_other_words(det: Detector) -> None:
    # every phrase ending in 'neural network' would be paired with every '... neural network' term
    assert "* neural network" not in det.index.worded
    assert "next * prediction" in det.index.worded


def test_worded_lookups_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    vocab = ["name entity recognition", "next sense prediction", "back transition", "objective", "the", "and",
             "entity", "next", "back", "BERT", "recognition", "prediction"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- a letter of a term written on its own is said by its name ----------------------------------------


def test_lowercase_letter_of_a_term_is_said_by_its_name(det: Detector) -> None:
    # 'eff' against 'f' compared as written letters was a poor rest: 'ef' is what is said
    assert ("eff divergence", "f-divergence") in _found(
        det, "every eff divergence has a variational lower bound that a gan discriminator can estimate")
    assert ("mini alum", "MiniLM") in _found(
        det, "the mini alum sentence transformer model is small and fast for embeddings")


def test_capital_letter_of_a_term_is_compared_as_written(det: Detector) -> None:
    # 'S' of S-BERT: 'is bert' is a function word and BERT, not SBERT misheard
    assert _found(det, "beit is bert pre-training of image transformers") == []


def test_two_words_whose_key_is_a_term_said_are_looked_up_with_a_function_word(det: Detector) -> None:
    # 'stream' is an everyday word and 'let' a function word: two such words were never looked up
    assert ("stream let", "Streamlit") in _found(det, "we build a quick web app with stream let in python")


def test_two_word_keyed_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    vocab = ["stream let", "stream", "let", "in", "python", "the", "efficient and", "web", "app", "streamlit"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- a name said as several words, heard with both ends right -------------------------------------


def test_name_heard_with_its_first_word_and_last_letter_right_is_found(det: Detector) -> None:
    # 'open ay eye' heard as 'opening eye': the ends are the name's, what lies between is smudged;
    # before, 'all heard words are common' and a similarity of 0.75 buried it
    assert ("opening eye", "OpenAI") in _found(det, "we like to do this thing at opening eye where you boot your big model")


def test_words_that_only_begin_like_a_name_or_end_with_a_lowercase_letter_stay_quiet(det: Detector) -> None:
    for text in ("we are opening a new lab for the model next year",
                 "the opening act was a great model of the genre", "let's open a new model file"):
        assert _found(det, text) == [], text


def test_both_ends_heard_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    vocab = ["opening", "eye", "open", "I", "a", "the", "model", "at", "ion", "pretty", "different"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- an everyday word said like a short name the video says, its topic near ------------------------


def test_everyday_word_said_like_a_name_the_video_says_is_found_with_its_topic_near(det: Detector) -> None:
    # 'bird' is a common word, and BERT's key is short: alone they buried the match; a video that
    # says BERT, with BERT's topic around the word, makes it likely
    found = _found(det, "BERT changed nlp and BERT is everywhere now so we fine tuned bird on squad with a lot of compute")
    assert ("bird", "BERT") in found


def test_everyday_word_said_like_a_name_stays_quiet_without_the_name_or_its_topic(det: Detector) -> None:
    for text in ("we fine tuned bird on squad with a lot of compute",  # the name not said
                 # the name said, but its topic not around the word
                 "BERT changed nlp and BERT is everywhere now and that was the talk for today thank you all so "
                 "much for coming out and listening and I saw a bird in the garden yesterday"):
        assert _found(det, text) == [], text


def test_everyday_words_said_like_short_names_are_kept_the_same_in_the_batch_and_per_text_finders(
        det: Detector) -> None:
    # (the lookup keeps them below its usual floor, for a video that says the name)
    vocab = ["bird", "BERT", "squad", "compute", "gun", "soda", "the", "on", "tuned", "birds"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- a fair sounds-alike of several words with the name's topic near ------------------------------


def test_fair_match_of_several_words_counts_its_context_in_full_with_the_topic_near(det: Detector) -> None:
    # similarity 0.82: a context word near used to add a sixth of its weight (0.46, under 0.5);
    # 'filtered', 'pages' and 'web' are Common Crawl's topic
    assert ("common call", "Common Crawl") in _found(det, "they filtered common call down to high quality web pages")
    assert ("find tune", "fine-tune") in _found(det, "you really should find tune on some supervised data")


def test_fair_match_with_one_context_word_near_stays_quiet(det: Detector) -> None:
    for text in ("we had a common call with the team about the pages yesterday",
                 "you really should find tune your guitar before the show"):
        assert _found(det, text) == [], text


def test_name_ending_in_a_letter_is_looked_up_from_its_first_word_to_the_letter(det: Detector) -> None:
    # 'opening I' (a function word at the edge, no odd word) was never looked up
    assert ("opening I", "OpenAI") in _found(det, "amazing GPU engineer and researcher and opening I we worked with some blocks")


def test_words_from_a_name_s_first_word_to_a_pronoun_stay_quiet(det: Detector) -> None:
    for text in ("when I open it I see the gpu model", "we were opening and I said the model was good",
                 "the gpu model was fast when opening e mail attachments",
                 "open a new tab and I will show the research paper"):
        assert _found(det, text) == [], text


def test_ended_windows_are_the_same_in_the_batch_and_per_text_finders(det: Detector) -> None:
    vocab = ["opening", "open", "the", "I", "eye", "i", "it", "and", "cycle", "en", "N", "info", "GPU", "OpenAI"]
    _same_in_batch_and_per_text(det, vocab, 8)


# --- one word heard for a name that sounds like a word the video says all the time -----------------


def _video(det: Detector, texts: list[str]) -> list[tuple[str, str]]:
    frame = pl.DataFrame({"video_id": ["v"] * len(texts), "start_second": [str(30 * k) for k in range(len(texts))],
                          "title": ["GPT and BERT and transformers"] * len(texts), "text": texts})
    return [(f.found, f.term) for f in det.scan_frame(frame) if f.kind == "asr-error"]


MALA = "so what we focused on was purely how well this mala could do across many different tasks and a model"


def test_word_said_like_one_the_video_says_all_the_time_is_not_a_name_it_never_says(det: Detector) -> None:
    # 'mala' sounds like MAML ('mammal'); the talk says 'model' a dozen times, here too: ASR garbled it
    talk = ["we trained a language model and the model was a big model", "a bigger model is a better model they say",
            "the model sees text and the model predicts the next word", "so this model and that model", MALA]
    assert _video(det, talk) == []


def test_word_said_like_a_name_counts_where_the_video_seldom_says_a_word_like_it(det: Detector) -> None:
    talk = ["we trained a language network and it was big", "a bigger network is a better one they say",
            "the network sees text and predicts the next word", "so this one and that one", MALA]
    assert ("mala", "MAML") in _video(det, talk)


# --- one word that does not begin like the name -------------------------------------------------


def test_one_word_that_begins_with_another_sound_than_the_name_is_not_it(det: Detector) -> None:
    # onsets are heard best: 'returns' (for pre-trains) and 'unigram' (for n-gram) lost the name's first sound
    assert _found(det, "sentencepiece trains a unigram subword model on raw text") == []
    talk = ["we did pre-training on a lot of text and pre-training helps", "the pre-training data was big",
            "you know diminishing returns basically mean the model stops improving"]
    assert _video(det, talk) == []


def test_a_word_that_begins_like_the_name_or_only_drops_or_adds_an_h_keeps_its_onset() -> None:
    from qa.detect.context import _onset_lost

    assert _onset_lost("RTRNS", "PRTRNS") and _onset_lost("ANKRM", "NKRM")
    assert not _onset_lost("PRT", "PRT") and not _onset_lost("NTN", "HNTN") and not _onset_lost("HNTRKS", "ANTRKS")


# --- a name heard with both ends right in a video that says it: its context may be elsewhere -------


OPENING = "so we like to do this thing at opening eye where you boot it up and wait for a while and see"


def test_name_heard_with_both_ends_right_counts_in_a_video_that_says_it_without_context_near(det: Detector) -> None:
    talk = ["OpenAI released gpt and then OpenAI trained a bigger one on the web", "and that took a while", OPENING]
    assert ("opening eye", "OpenAI") in _video(det, talk)


def test_name_heard_with_both_ends_right_needs_context_near_where_the_video_does_not_say_it(det: Detector) -> None:
    talk = ["they released gpt and then trained a bigger one on the web", "and that took a while", OPENING]
    assert ("opening eye", "OpenAI") not in _video(det, talk)


# --- one word said as a word, for a name said letter by letter -------------------------------------


def _scored(det: Detector, text: str, min_score: float | None = None) -> dict[tuple[str, str], tuple[float, str]]:
    return {(f.found, f.term): (f.score, f.reason) for f in det.scan_text(text, min_score=min_score)
            if f.kind == "asr-error"}


def test_one_pronounceable_word_for_letters_said_one_by_one_is_weaker(det: Detector, monkeypatch) -> None:
    # ASR writes letters it heard as capitals or consonant strings ('gft'), or as several words
    # ('Alice T'); a word with a vowel it writes for a word ('simonyon' is a name said, no CNN; the
    # example was 'cpython' for GPT-1, which qa.detect.align now rules out: it runs from GPT into 1)
    text = "we trained a simonyon with convolutional layers and pooling on the images"
    # (scored below the threshold: an unusual word of vowels is no evidence of letters either)
    with_rule = _scored(det, text, 0.0)[("simonyon", "CNN")]
    assert "said as a word" in with_rule[1]
    monkeypatch.setattr(context, "WORD_FOR_LETTERS", 0.0)
    without = _scored(Detector(load_glossary(PACKAGED_RULES), methods=("fuzzy", "phonetic")), text, 0.0)
    assert without[("simonyon", "CNN")][0] == pytest.approx(with_rule[0] + 0.2)


@pytest.mark.parametrize(("text", "found", "term"), [
    ("we trained on the gft 300 million images", "gft", "JFT-300M"),  # a consonant string: letters
    ("a baseline Alice T and gave it more layers", "Alice T", "LSTM"),  # several words
])
def test_letters_written_as_letters_or_several_words_keep_their_score(det: Detector, text: str, found: str,
                                                                      term: str) -> None:
    got = _scored(det, text)
    assert (found, term) in got and "said as a word" not in got[(found, term)][1]
