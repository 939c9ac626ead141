"""Speed work of session 20: the same answers, cheaper."""

from __future__ import annotations

import random

import pytest

from qa.detect import freq


@pytest.fixture
def table():
    """A fresh table, as built into the cache."""
    freq._table, freq._dicts = None, {}
    yield
    freq._table, freq._dicts = None, {}


def test_hyphenated_words_are_answered_from_the_table_as_wordfreq_answers(table, monkeypatch):
    """"self-supervised" is 'self' and 'supervised' to wordfreq: answered from the table, as wordfreq
    combines tokens (the first such word a worker met imported wordfreq: ~0.35 s of CPU, ~48 MB)."""
    from wordfreq import lossy_tokenize, zipf_frequency

    rng = random.Random(20)
    words = ["self-supervised", "gpt-2", "dall-e", "k-means", "8-bit", "top-1", "state-of-the-art", "io-aware",
             "text-to-image", "celeba-hq", "1990-2000", "x-y-z", "zzqx-learning", "f1-score", "a100-80"]
    parts = ["a", "e", "x", "10", "2", "1990", "2031", "gpt", "self", "of", "the", "zzqx", "007", "b2", "v100", "nan"]
    words += ["-".join(rng.choice(parts) for _ in range(rng.randint(2, 4))) for _ in range(1000)]
    expected = {w: zipf_frequency(w, "en") for w in words}
    assert all(lossy_tokenize(w, "en") == w.split("-") for w in words)
    monkeypatch.setattr(freq, "_other", {})
    monkeypatch.setattr(freq, "_wordfreq", lambda w: pytest.fail(f"wordfreq asked about {w!r}"))
    assert {w: freq.zipf(w) for w in words} == expected
    assert freq.zipf("Self-Supervised") == zipf_frequency("Self-Supervised", "en")
