"""Fewer false alarms on ordinary English (session 18, bench/plain): a word heard across the boundary
from a name's letters into its next written word ('superclass s' is no UC Berkeley's); a reading
letter by letter that the entry's `spoken` does not say is a guess, heard only where ASR wrote
capitals, and a capital that only begins a word is no letter heard ('typeerror the' is no DeBERTa,
'Aviral' no 'FAIR lab'); a reading of part of a run of letters written alone ('e g bitwise' is no
GPTs). Each false alarm below was a finding without its rule; the catches beside them stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.detect.align import letters_run_on, spelled_as_said
from qa.detect.index import GlossaryIndex, _guessed
from qa.detect.tokens import word_infos
from qa.glossary import load_glossary
from qa.phonetics import tokens

from detecting import detector_of, found_alike

RULES = """\
category: model
entries:
  - term: UC Berkeley
    category: organization
    aliases: [Berkeley, "UC Berkeley's"]
    context:
      require: [university, course, lecture, professor, students, lab, research, class, phd]
    allow:
      - "deep unsupervised learning at uc berkeley"
  - term: GPT
    aliases: [GPTs]
    context:
      require: [openai, language, model, models, generative, pretrained, tokens]
    allow:
      - "gpt is a decoder-only transformer"
  - term: GPT-1
    aliases: [GPT1, GPT one]
    context:
      require: [openai, language, model, version, generative, pretrained, 2018]
    allow:
      - "gpt-1 came out in 2018"
  - term: DeBERTa
    spoken: [deberta, de berta]
    context:
      require: [microsoft, disentangled, attention, bert, roberta, model, language]
    allow:
      - "deberta improves bert"
  - term: FAIR
    category: organization
    aliases: [FAIR lab, Facebook AI]
    spoken: [fair]
    context:
      require: [facebook, research, lab, meta, lecun, team]
    allow:
      - "a paper from fair"
  - term: Mistral AI
    category: organization
    spoken: [mistral]
    allow:
      - "mistral ai released mixtral"
  - term: SimCLR
    spoken: [sim clr, sim clear]
    context:
      require: [contrastive, augmentation, augmentations, self-supervised, views, loss]
    allow:
      - "simclr uses two augmented views"
  - term: ImageNet-C
    category: dataset
    context:
      require: [corruptions, robustness, noise, blur, benchmark]
    allow:
      - "imagenet-c measures robustness"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory):
    return detector_of(tmp_path_factory, "models.yml", RULES)


@pytest.mark.parametrize("text", [
    # letters of one written word run on into the next (qa.detect.align)
    "when a subclass overrides init it has to call the superclass s init method or the class attributes are never set",
    "the reference interpreter cpython 3 12 ships a new version of the parser",
    # a reading letter by letter that `spoken` does not say ('de bee ee ar ta')
    "passing a string where an integer is expected raises a typeerror the model code never catches",
    # ... heard only with capitals beyond a word's first letter: 'Aviral' is a name
    "conservative q learning from Aviral Kumar pushes down the values of unseen actions in the research",
    # part of a run of letters written alone
    "it supports integer operations e g bitwise shifts on the token ids a language model reads",
])
def test_plain_english_is_no_finding(det, text):
    assert found_alike(det, text) == []


@pytest.mark.parametrize("text, heard, term", [
    ("this course is taught at UC Burkley by professor abbeel", "UC Burkley", "UC Berkeley"),
    # letters and a word run together inside one written word, or a word into letters: ASR does that
    ("we trained Simclair with strong augmentations and a contrastive loss", "Simclair", "SimCLR"),
    ("robustness to corruptions measured on image nutsy with fifteen noise types", "image nutsy", "ImageNet-C"),
    ("the first GPT won model from openai in 2018", "GPT won", "GPT-1"),
    ("de Bertha from microsoft uses disentangled attention and beats roberta", "de Bertha", "DeBERTa"),
    ("the Faire lab at facebook research", "Faire lab", "FAIR"),
])
def test_mishearings_still_found(det, text, heard, term):
    assert (heard, term) in found_alike(det, text)


def _forms(det, text):
    return [f for forms in det.index.phonetic.values() for f in forms if f.text == text]


def _run_on(words: str, form) -> bool:
    toks = tokens(words)
    return letters_run_on([info[1] for info in word_infos(toks)], toks, form)


def test_letters_run_on_lines_heard_words_up_with_written_ones(det):
    uc = next(f for f in _forms(det, "UC Berkeley's") if f.spelled)
    assert spelled_as_said(uc)
    assert _run_on("superclass s", uc)  # 'superclass' covers 'see' of UC and 'berkeley'
    assert not _run_on("you see Burkley s", uc)  # a boundary where the name has one
    gpt1 = next(f for f in _forms(det, "GPT-1") if f.spelled)
    assert _run_on("cpython", gpt1)
    assert not _run_on("GPT won", gpt1)
    # inside one written word it is no evidence: 'Simclair' for SimCLR
    simclr = next(f for f in _forms(det, "SimCLR") if f.spelled)
    assert not _run_on("Simclair", simclr)


def test_readings_spoken_does_not_say_are_guesses():
    g = load_glossary(Path(__file__).resolve().parent.parent / "rules")
    by_term = {e.term: e for e in g.entries}
    assert _guessed(by_term["DeBERTa"], "DeBERTa")  # said 'deberta', not 'de bee ee ar ta'
    assert _guessed(by_term["FAIR"], "FAIR lab")  # said 'fair lab'
    assert not _guessed(by_term["FAIR"], "Facebook AI")  # 'A I' is said letter by letter
    assert not _guessed(by_term["Mistral AI"], "Mistral AI")  # 'mistral' does not read the AI
    assert not _guessed(by_term["UC Berkeley"], "UC Berkeley")  # no spoken: spelled as written
    idx = GlossaryIndex(g)
    deberta = [f for forms in idx.phonetic.values() for f in forms if f.text == "DeBERTa" and f.spelled]
    assert deberta and all(f.guess for f in deberta)
