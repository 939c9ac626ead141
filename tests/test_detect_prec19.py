"""Precision on transcripts nobody tuned for (session 19, branch prec19): a verb after a subject
pronoun or a modal is no name ('you imagine' is no Imagen). Each test of a rule fails with the
rule off; the catches next to them show what the rule keeps."""

from __future__ import annotations

import pytest

from detecting import detector_of, found_alike, frame


def found_in_video(det, texts: list[str]) -> list[tuple[str, str]]:
    """The asr-errors (heard words, term) of *texts*, the records of one video, by the batch scan."""
    import polars as pl

    seconds = pl.Series([str(30 * k) for k in range(len(texts))])
    f = frame(texts).with_columns(video_id=pl.lit("v0"), start_second=seconds)
    return [(x.found, x.term) for x in det.scan_frame(f) if x.kind == "asr-error"]

RULES = """\
category: model
entries:
  - term: Imagen
    spoken: [imagine, image in]
    context:
      require: [google, diffusion, text, image, images, prompt, t5, generate, cascaded]
    allow:
      - "imagen conditions a cascaded diffusion model on t5 text embeddings"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", RULES)


@pytest.mark.parametrize("text", [
    "Imagen is a diffusion model and now if you imagine running a diffusion model on the image pixels",
    "Imagen from google and we can imagine a text prompt that the diffusion model gets wrong",
])
def test_verb_after_subject_is_said(det, text):
    assert found_alike(det, text) == []


@pytest.mark.parametrize("text", [
    "Imagen came first and google had imagine a cascaded diffusion model with a t5 text encoder",
    "then imagine from google used a frozen t5 encoder for text to image diffusion like Imagen",
])
def test_name_elsewhere_still_heard(det, text):
    assert found_alike(det, text) == [("imagine", "Imagen")]


# everyday words heard for a term of everyday words, none of them its word ----------------------

ORGS = """\
category: organization
entries:
  - term: Google Brain
    aliases: [Brain team, Google Brain team]
    context:
      require: [google, research, tensorflow, dean, transformer, team, researchers]
    allow:
      - "google brain built tensorflow"
"""


@pytest.fixture(scope="module")
def orgs(tmp_path_factory):
    return detector_of(tmp_path_factory, "organizations.yml", ORGS)


def test_everyday_words_for_everyday_term_none_its_own(orgs):
    text = ("Google Brain researchers wrote it and the encoder is only needed at training time once you have "
            "trained the thing you just sample z from the prior and decode it to get a brand new image")
    assert found_alike(orgs, text) == []


@pytest.mark.parametrize("heard", ["brain teen", "brain time"])
def test_everyday_term_with_its_word_heard_right(orgs, heard):
    text = f"Google Brain and the {heard} at google built tensorflow for research"
    assert found_alike(orgs, text) == [(heard, "Google Brain")]


# an -ing word after a pronoun with a contracted 'be'; a word with an apostrophe for letters ----------

PEOPLE = """\
category: person
entries:
  - term: Alan Turing
    aliases: [Turing, Turing award, Turing test]
    context:
      require: [award, test, machine, computer, intelligence, computation, imitation, game]
    allow:
      - "alan turing proposed the imitation game"
"""

GRU = """\
category: model
entries:
  - term: GRU
    aliases: [GRUs, gated recurrent unit]
    spoken: [grew, g r u]
    context:
      require: [lstm, rnn, recurrent, gates, hidden, sequence, cell, encoder, decoder]
    allow:
      - "a gru has fewer gates than an lstm"
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    return detector_of(tmp_path_factory, "people.yml", PEOPLE)


@pytest.fixture(scope="module")
def gru(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", GRU)


def test_ing_word_after_contracted_be_is_said(people):
    text = "Turing wrote on computer intelligence and you're turning the computer off to test the machine"
    assert found_alike(people, text) == []


def test_ing_word_elsewhere_still_heard(people):
    text = "Turing wrote on computer intelligence and the turning test asks a machine to play the imitation game"
    assert ("turning", "Alan Turing") in found_alike(people, text) or \
        ("turning test", "Alan Turing") in found_alike(people, text)


def test_word_with_apostrophe_for_letters(gru):
    text = ("an lstm came out in 1997 and much later people tried many other things on top of that and in "
            "the end the gracie's can scale and you may actually see it")
    assert found_alike(gru, text) == []

# topic words judged by themselves, not by a share of the glossary --------------------------------

def _entries(n: int, require: list[str]):
    from qa.glossary import Entry
    return [Entry(term=f"Name{k}", category="model", file="models.yml", line=k + 1, require=list(require))
            for k in range(n)]


@pytest.mark.parametrize("n", [1, 30, 3000])
def test_topic_words_do_not_shift_with_glossary_size(n):
    from qa.detect.context import topic_words

    words = topic_words(_entries(n, ["generator", "discriminator", "diffusion", "model", "openai", "state"]))
    # the field's own words and words said all the time say no topic, however many entries there are
    assert words == {"generator", "discriminator", "diffusion"}


# context words only elsewhere in a video that is no talk of the field ----------------------------

DATA = """\
category: dataset
entries:
  - term: Common Crawl
    variants: [common call]
    context:
      require: [web, pages, scrape, filtered, corpus]
    allow:
      - "c4 is a cleaned version of common crawl"
  - term: C4
    context:
      require: [t5, corpus, filtered]
    allow:
      - "t5 was trained on c4"
  - term: The Pile
    context:
      require: [eleutherai, corpus]
    allow:
      - "gpt-neo was trained on the pile"
"""

CALL = "the simplest and least common call is when user code directly invokes a method on the instance"
PAGES = "the documentation is also served as web pages and a corpus of examples comes with it"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from qa.detect import Detector
    from qa.glossary import load_glossary

    d = tmp_path_factory.mktemp("rules")
    (d / "datasets.yml").write_text(DATA)
    return Detector(load_glossary(d))


def test_context_elsewhere_off_the_field_is_none(data):
    assert found_in_video(data, [CALL, PAGES]) == []


def test_context_elsewhere_in_a_talk_of_the_field_counts(data):
    talk = "C4 and The Pile and Common Crawl are corpora and " + PAGES
    assert found_in_video(data, [CALL, talk]) == [("common call", "Common Crawl")]


# one lowercase word for a name of two letters said by their names and a word -----------------------

MPNET = """\
category: model
entries:
  - term: MPNet
    context:
      require: [sentence, embeddings, masked, permuted, pretraining, similarity]
    allow:
      - "mpnet gives good sentence embeddings"
"""


@pytest.fixture(scope="module")
def mpnet(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", MPNET)


def test_lowercase_word_for_two_letters_and_a_word(mpnet):
    texts = ["a del statement also binds for this purpose though the actual semantics are to unbind the name",
             "each assignment occurs within a block and two blocks are compared by their similarity"]
    assert found_in_video(mpnet, texts) == []
