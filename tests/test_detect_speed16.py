"""Shortcuts of the batch finder held to what they stand for: the scan tells its n-gram windows
apart by a hash of their words, and joins the words only for the distinct ones; the words joined
are the texts' words in each window, and the hashes tell the same n-grams apart as the words do.
(Which windows there are is held to the per-text finder in test_detect_stream and _general.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import SEP, BatchFinder, _joined


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _check(det: Detector, batch: BatchFinder, texts: list[str]) -> None:
    toks, tok = batch._tokens(texts)
    tok = tok.join(batch._facts_for(tok).with_row_index("fi"), on="w", how="left", maintain_order="left")
    hashed = batch._windows(tok, batch._heard_rows(tok, toks, [[] for _ in texts]))
    # the words of each window, joined from its first word's row, are its text's words there
    keys = [SEP.join(toks[r].words[p:p + n])
            for r, p, n in zip(hashed["rec"].to_list(), hashed["pos"].to_list(), hashed["n"].to_list())]
    assert _joined(hashed, tok["w"], det.finder.max_n).to_list() == keys
    # one hash per key and one key per hash: windows of the same words, and only those, share one
    pairs = set(zip(hashed["kh"].to_list(), keys))
    assert len({kh for kh, _ in pairs}) == len(pairs) == len({key for _, key in pairs})


def test_hashed_windows_are_the_windows_with_their_words_joined(det: Detector) -> None:
    batch = BatchFinder(det.finder)
    # repeated n-grams in one text and across texts, a word in other cases, punctuation and
    # non-ASCII gaps, an empty text, short texts at the end of the frame
    texts = ["we fine tuned bird on squad with a language model and bird on squad again",
             "Bird on Squad, the image net -- results: 'image net' … again image net",
             "", "train the Alice T model", "LSTM", "the of and"]
    _check(det, batch, texts)


def test_hashed_windows_hold_for_any_texts(det: Detector) -> None:
    batch = BatchFinder(det.finder)
    vocab = ["bird", "Bird", "on", "squad", "the", "image", "net", "of", "Alice", "T", "LSTM", "model", "a",
             "x1", "don't", "GPT", "two"]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), max_size=20).map(" ".join), min_size=1, max_size=5))
    def check(texts: list[str]) -> None:
        _check(det, batch, texts)

    check()
