"""Normalizations of lowercase English words written like a term ('glue' for GLUE): the term only
in its context, as an asr-error would be (qa.detect.choose._everyday_normalization)."""

from __future__ import annotations

import pytest

from qa.detect import load_detector


@pytest.fixture(scope="module")
def norm():
    return load_detector(kinds=["normalization"])  # the shipped glossary


def _found(det, text: str) -> set[tuple[str, str]]:
    return {(f.found, f.suggestion) for f in det.scan_text(text)}


def test_an_english_word_is_a_term_only_in_its_context(norm) -> None:
    # said as a word, context near: the term, written wrong
    assert ("glue", "GLUE") in _found(norm, "bert topped the glue benchmark on language understanding")
    assert ("mamba", "Mamba") in _found(norm, "mamba is a selective state space model for long sequences")
    # the everyday word: no normalization (below the threshold, as 'fair' for FAIR)
    assert not _found(norm, "we used wood glue to hold the two pieces together after lunch")
    assert ("glue", "GLUE") in {(f.found, f.suggestion) for f in load_detector(
        kinds=["normalization"], min_score=0.3).scan_text("we used wood glue to hold the two pieces together")}
    # an exception of the entry: none at any threshold
    assert not load_detector(kinds=["normalization"], min_score=0.0).scan_text(
        "a black mamba is a snake of the savanna and its venom is strong")


def test_letters_heard_one_by_one_are_the_term_without_context(norm) -> None:
    # 'gpus' is no English word said as the term: ASR wrote the letters it heard
    assert ("gpus", "GPUs") in _found(norm, "so it took about a week on eight gpus to get there")
