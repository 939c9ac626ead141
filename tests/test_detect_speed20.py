"""Speed work of session 20: the same answers, cheaper."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

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


MIN = Path(__file__).parent / "data" / "rules_min"


class _Told:
    """Writes its file when freed: freed only if the process tears its objects down one by one."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __del__(self) -> None:
        Path(self.path).write_text("freed")


def _hold(path: str) -> str:
    from qa.detect import parallel

    # (as a worker's detector is held: by a module, until the end; kept in a list, as one worker may
    # run both tasks and must not free the first when it takes the second)
    parallel.__dict__.setdefault("_held", []).append(_Told(path))
    return "scanned"


def test_a_worker_ends_without_freeing_what_it_holds(tmp_path) -> None:
    """The interpreter's teardown of a worker (its detector and memos freed object by object) cost
    ~0.2-0.3 s of CPU per worker after the last piece, while the whole scan waits for it; the
    worker's results reach the main process all the same."""
    from multiprocessing import get_context

    from qa.detect import parallel

    marks = [tmp_path / f"freed-{i}" for i in range(2)]
    pool = ProcessPoolExecutor(2, mp_context=get_context("spawn"), initializer=parallel._init,
                               initargs=(str(MIN), None, ("asr-error",), 0.5, ("text",), "jsonl"))
    try:
        assert [f.result() for f in [pool.submit(_hold, str(m)) for m in marks]] == ["scanned"] * 2
    finally:
        pool.shutdown(wait=True)
    assert not any(m.exists() for m in marks)
