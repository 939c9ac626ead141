"""The n-grams with no hits are remembered apart, by hash, in sorted arrays (qa.detect.memo.SortedKeys):
what is found never changes, memory stays bounded, and an n-gram met again is not looked up again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import BatchFinder
from qa.detect.memo import SortedKeys
from qa.detect.tokens import tokenize

TEXTS = ["we fine tuned bird on squad with a language model", "train the Alice T model on image time",
         "the wave are an N vocoder", "Jeff Fenton and Roberto at open the I", "Pisa CNN gft 300 million"]


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _cands(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
            for c in cands]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=12), max_size=12), st.integers(1, 16))
def test_sorted_keys_hold_what_was_added_lately_and_stay_bounded(batches: list[list[int]], limit: int) -> None:
    keys = SortedKeys(limit)
    added: list[set[int]] = []
    most = 0  # the most keys one add brought (a generation holds the limit, or one add's keys)
    for batch in batches:
        asked = np.array(batch, dtype=np.uint64)
        got = keys.contains(asked).tolist()
        # never a key that was not added; always one of the last batch added (it is in the new generation
        # or was, and a flip keeps it in the old one)
        ever = set().union(*added) if added else set()
        for k, g in zip(batch, got):
            assert not g or k in ever
            if added and k in added[-1]:
                assert g
        keys.add(asked)
        added.append(set(batch))
        most = max(most, len(set(batch)))
        assert len(keys) <= 2 * max(limit, most)


def test_n_grams_without_hits_are_not_looked_up_again(det: Detector, monkeypatch) -> None:
    batch = BatchFinder(det.finder)
    looked: list[int] = []
    lookup = det.finder.lookup

    def counted(*args, **kwargs):
        looked.append(1)
        return lookup(*args, **kwargs)

    monkeypatch.setattr(det.finder, "lookup", counted)
    first = batch.find(TEXTS)
    n = len(looked)
    assert n and len(batch.unfound)  # some n-grams had no hits, and are held apart
    assert not any(type(v) is tuple and not v for v in batch.memo.new.values())  # ... not in the dict
    again = batch.find(TEXTS)
    assert len(looked) == n
    assert [_cands(c) for c in first[1]] == [_cands(c) for c in again[1]]


def test_forgetting_n_grams_without_hits_leaves_candidates_unchanged(det: Detector, monkeypatch) -> None:
    import qa.detect.batch as batch_module

    monkeypatch.setattr(batch_module, "UNFOUND_LIMIT", 8)
    batch = BatchFinder(det.finder)
    for rnd in range(6):
        texts = TEXTS[rnd % 5:] + TEXTS[:rnd % 5]
        _, cands, _ = batch.find(texts)
        assert len(batch.unfound) <= 2 * 200  # (a generation: the limit, or the keys one batch added)
        for text, c in zip(texts, cands):
            assert _cands(c) == _cands(det.finder.find(tokenize(text)))
