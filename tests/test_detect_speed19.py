"""A floored lookup leaves out the hits no floored use keeps before their prior is asked
(`CandidateFinder.lookup`'s *unreachable*): what a floored batch finds must not change, and an
unfloored use of the same n-grams must find them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.detect import Detector
from qa.detect.batch import BELOW_FLOOR, BatchFinder, _Floored

DATA = Path(__file__).parent / "data" / "lecture-l11.jsonl"


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


@pytest.fixture(scope="module")
def texts() -> list[str]:
    lines = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    words = " ".join(lines).split()
    return lines + [" ".join(words[k::5][:40]) for k in range(5)]


def _cands(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
            for c in cands]


def test_floored_hits_are_remembered_as_such_and_find_the_same(det: Detector, texts: list[str], monkeypatch) -> None:
    batch = BatchFinder(det.finder)
    _, floored, _ = batch.find(texts, floor=BELOW_FLOOR)
    assert any(type(v) is _Floored for v in batch.memo.new.values())  # some hits were left out
    with monkeypatch.context() as m:
        m.setattr("qa.detect.batch.most_apply", lambda prior, most: False)
        _, reference, _ = BatchFinder(det.finder).find(texts, floor=BELOW_FLOOR)
    assert [_cands(c) for c in floored] == [_cands(c) for c in reference]
    assert [_cands(c) for c in batch.find(texts, floor=BELOW_FLOOR)[1]] == [_cands(c) for c in reference]


def test_floored_hits_are_looked_up_again_for_an_unfloored_use(det: Detector, texts: list[str]) -> None:
    for floor in (None, BELOW_FLOOR - 0.2):
        batch = BatchFinder(det.finder)
        batch.find(texts, floor=BELOW_FLOOR)
        _, again, _ = batch.find(texts, floor=floor)
        _, fresh, _ = BatchFinder(det.finder).find(texts, floor=floor)
        assert [_cands(c) for c in again] == [_cands(c) for c in fresh]
        # ... and remembered in full after that
        assert not any(type(v) is _Floored for v in batch.memo.new.values())


def test_joins_of_a_floored_pass_are_looked_up_in_full(det: Detector, texts: list[str]) -> None:
    """The joins' n-grams (texts without the floor, found in the same pass) get every hit."""
    def joins(toks):
        made = [" ".join(toks[r - 1].words[-6:] + toks[r].words[:6]) for r in range(1, len(toks))]
        return made, [min(6, len(toks[r - 1].words)) for r in range(1, len(toks))]

    n = len(texts)
    batch = BatchFinder(det.finder)
    batch.find(texts, floor=BELOW_FLOOR)  # the memo holds floored hits of the texts' n-grams
    _, got, _ = batch.find(texts, floor=BELOW_FLOOR, joins=joins)
    _, fresh, _ = BatchFinder(det.finder).find(texts, floor=BELOW_FLOOR, joins=joins)
    assert [_cands(c) for c in got[n:]] == [_cands(c) for c in fresh[n:]]
    assert [_cands(c) for c in got[:n]] == [_cands(c) for c in fresh[:n]]
