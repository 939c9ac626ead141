"""Words written with an apostrophe are as common as they are written: "you've" is an everyday word,
not the rare 'youve' its letters squash to, so it is no likelier a mishearing than 'you have'."""

from __future__ import annotations

import pytest

from qa.config import PACKAGED_RULES
from qa.detect import Detector
from qa.detect.context import _word_facts
from qa.detect.freq import zipf
from qa.detect.tokens import tokenize
from qa.glossary import load_glossary


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_glossary(PACKAGED_RULES))


@pytest.mark.parametrize("word", ["you've", "party's", "we've", "You\u2019ve"])
def test_a_word_with_an_apostrophe_is_as_common_as_written(word: str) -> None:
    (tok,) = tokenize(word)
    written = zipf(word.lower().replace("\u2019", "'"))
    assert written > zipf(tok.norm) + 1.0  # the squashed letters look rare
    assert _word_facts(tok)[1] == written


def test_a_word_without_an_apostrophe_keeps_its_own_frequency() -> None:
    (tok,) = tokenize("partys")
    assert _word_facts(tok)[1] == zipf("partys")


@pytest.mark.parametrize("text", [
    "WaveNet and then WaveNet again for audio; strings to figure of training is you've not quite good "
    "representations or approaches like the model",
    "WaveNet generates audio. we said WaveNet twice, and the model is you've not quite good at it",
])
def test_an_everyday_contraction_is_not_read_as_a_name_it_sounds_like(det: Detector, text: str) -> None:
    found = [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"]
    assert ("you've not", "WaveNet") not in found

