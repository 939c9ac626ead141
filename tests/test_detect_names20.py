"""People's names as ASR writes them when it does not know them (session 20).

A name matched whatever the spacing, with a word of it cut into everyday words ('Ian good fellow',
'Durk king ma'), is a mishearing, not a normalization (`choose._name_split`): people write a name's
words whole. Cuts where a correct form has a space, a hyphen or a capital are ways it is written."""

from __future__ import annotations

import pytest

from qa.detect import Detector, context
from qa.glossary import load_glossary

from detecting import found_alike

RULES = """\
category: person
entries:
  - term: Ian Goodfellow
    context:
      require: [gan, gans, adversarial, generative]
    allow:
      - "ian goodfellow invented gans"
  - term: Diederik Kingma
    aliases: [Durk Kingma]
    context:
      require: [vae, adam, glow]
    allow:
      - "durk kingma wrote adam"
  - term: Hugo Larochelle
    aliases: [Larochelle]
    context:
      require: [nade, mila, montreal]
    allow:
      - "larochelle and murray 2011"
  - term: Yann LeCun
    context:
      require: [convolutional, lenet, nyu]
    allow:
      - "yann lecun built lenet"
  - term: Fei-Fei Li
    aliases: [Feifei Li]
    context:
      require: [imagenet, stanford]
    allow:
      - "fei-fei li built imagenet"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(RULES)
    return Detector(load_glossary(d), methods=("fuzzy", "phonetic"), kinds=("asr-error", "normalization"))


@pytest.mark.parametrize("text, found, term", [
    ("adversarial examples from Ian good fellow so instead", "Ian good fellow", "Ian Goodfellow"),
    ("and then glow from Durk king ma at openai", "Durk king ma", "Diederik Kingma"),
    ("the nade paper from la Rochelle and murray", "la Rochelle", "Hugo Larochelle"),
])
def test_name_cut_into_words_is_a_mishearing(det, text, found, term):
    got = [(f.found, f.term, f.suggestion) for f in det.scan_text(text) if f.kind == "asr-error"]
    assert [g[:2] for g in got] == [(found, term)]
    assert " " not in got[0][2].split()[-1] and got[0][2] != found


def test_cut_name_suggests_the_form_heard(det):
    # the alias cut ('Durk Kingma'), not the term it is said like
    [f] = [f for f in det.scan_text("glow from Durk king ma at openai") if f.kind == "asr-error"]
    assert f.suggestion == "Durk Kingma"


@pytest.mark.parametrize("text", [
    "convolutional nets by Yann Le Cun at nyu",  # a cut at a capital of the name
    "imagenet was put together by fei fei li at stanford",  # a cut where a form has a hyphen
    "the lenet paper by Yann LeCun",
    "adversarial examples from Ian Goodfellow",
])
def test_name_written_another_way_is_no_mishearing(det, text):
    assert [f.found for f in det.scan_text(text) if f.kind == "asr-error"] == []


def test_cut_name_without_context_is_weak(det):
    # a place said for itself: below the threshold
    assert [f.found for f in det.scan_text("we spent the summer in la Rochelle") if f.kind == "asr-error"] == []


def test_batch_scan_agrees(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(RULES)
    det = Detector(load_glossary(d), methods=("fuzzy", "phonetic"))
    assert found_alike(det, "adversarial examples from Ian good fellow so instead") == \
        [("Ian good fellow", "Ian Goodfellow")]


# A name of two words one of which is a function word ('Kaiming He') heard with an everyday word
# ('coming he'): the pair's key is the name's, so it is looked up (`GlossaryIndex.said_pairs`), and
# the function word, the name's own word heard right, is no edge said next to it (`context._own_edges`).
HE_RULES = """\
category: person
entries:
  - term: Kaiming He
    context:
      require: [resnet, microsoft, residual, mae, masked]
    allow:
      - "kaiming he wrote resnet"
"""


@pytest.fixture(scope="module")
def he(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(HE_RULES)
    return Detector(load_glossary(d), methods=("fuzzy", "phonetic"))


def test_name_with_function_word_heard_as_everyday_words(he):
    assert found_alike(he, "resnet from coming he and his colleagues at microsoft research") == \
        [("coming he", "Kaiming He")]
    [f] = [f for f in he.scan_text("masked autoencoders which is another calming he paper", min_score=0.0)
           if f.found == "calming he"]
    assert "function word" not in f.reason and f.score >= 0.3


@pytest.mark.parametrize("text", [
    "and he said that coming he would be late",  # no context
    "resnet from Kaiming He at microsoft",
    "resnet from Kaiming he and his colleagues at microsoft",  # heard right, whatever the case
])
def test_everyday_pair_is_no_name(he, text):
    assert found_alike(he, text) == []


# A person's name heard with its first name right and the surname misheard: ASR knows first names,
# so the rest was a surname, and context counts for a fair sounds-alike of the name
# (`context.first_named`).
FIRST_RULES = """\
category: person
entries:
  - term: Jonathan Ho
    aliases: [Ho et al]
    context:
      require: [ddpm, diffusion, denoising, abbeel, berkeley]
    allow:
      - "ho et al 2020 ddpm"
  - term: Pieter Abbeel
    context:
      require: [berkeley, robot, robotics]
    allow:
      - "pieter abbeel at berkeley"
"""


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(FIRST_RULES)
    return Detector(load_glossary(d), methods=("fuzzy", "phonetic"))


def _score(det, text, found):
    return max([f.score for f in det.scan_text(text, min_score=0.0) if f.found == found], default=0.0)


def test_first_name_heard_right_lets_context_count(first, monkeypatch):
    text = "the ddpm paper by Jonathan hope and Pieter Abbeel at berkeley on denoising diffusion"
    assert found_alike(first, text) == [("Jonathan hope", "Jonathan Ho")]
    monkeypatch.setattr(context, "FIRST_NAMED", 0.0)  # (the rule off: similarity 0.80 weighs nothing)
    assert found_alike(first, text) == []


def test_first_name_alone_is_not_enough(first):
    # no context: the sounds-alike stays what it was
    assert _score(first, "my friend Jonathan hope you are well", "Jonathan hope") < 0.5
    assert found_alike(first, "the ddpm paper by Jonathan Ho and Pieter Abbeel") == []


def test_first_named_span_into_next_chunk(first):
    # a span running on into the next record of the video: scored without the rule, no error
    rows = [{"video_id": "v", "start_second": "0", "title": "", "text": "the ddpm paper by Jonathan",
             "_file": None, "_line": None},
            {"video_id": "v", "start_second": "5", "title": "", "text": "hope and Pieter Abbeel at berkeley",
             "_file": None, "_line": None}]
    stream = first.stream(("text",), min_score=0.0)
    found = [*stream.feed_rows(rows), *stream.close()]
    assert all(f.score < 0.5 for f in found if f.term == "Jonathan Ho")


def test_first_name_must_be_written_as_the_name(tmp_path_factory, monkeypatch):
    # a word only keyed like the first name ('domains' ~ Denis) is no first name heard right
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text("""\
category: person
entries:
  - term: Denis Yarats
    context:
      require: [reinforcement, drq, curl, pixels]
    allow:
      - "denis yarats wrote drq"
""")
    det = Detector(load_glossary(d), methods=("fuzzy", "phonetic"))
    text = "really different domains towards reinforcement learning from pixels"
    on = _score(det, text, "domains towards")
    monkeypatch.setattr(context, "FIRST_NAMED", 0.0)
    assert 0.0 < on == _score(det, text, "domains towards")  # (the rule does not apply)
