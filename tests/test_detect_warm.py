"""What a process scanning with a cached Detector (qa.detect.compiled) has ready before its first
record: each worker of a parallel scan loads one, and what it would otherwise work out again is
paid once per worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.detect import freq, load_detector
from qa.detect.similarity import form_words

MIN = Path(__file__).parent / "data" / "rules_min"


@pytest.fixture
def rules(tmp_path) -> Path:
    d = tmp_path / "rules"
    shutil.copytree(MIN, d)
    return d


def test_a_cached_detector_brings_the_word_frequencies_wordfreq_would_be_imported_for(rules, tmp_path,
                                                                                     monkeypatch):
    """Words outside the frequency table (a form's digits, contractions heard) come with the
    detector: a worker asking about them does not import wordfreq (~0.3 s)."""
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path / "cache"))
    built = load_detector(rules)
    monkeypatch.setattr(freq, "_other", {})
    monkeypatch.setattr(freq, "_wordfreq", lambda w: pytest.fail(f"wordfreq asked about {w!r}"))
    det = load_detector(rules)  # from the cache, as a worker loads it
    assert det is not built
    forms = [f for fs in det.index.exact.values() for f in fs]
    outside = {w for f in forms for w in form_words(f.text) if not (w.isalpha() and w.islower())}
    assert "300m" in outside  # (JFT-300M)
    for word in [*outside, "don't", "won't", "2", "100"]:
        freq.zipf(word)  # (fails if wordfreq is asked)
    det.scan_text("the jft 300m set, and I don't think we won't see 2 of them")
