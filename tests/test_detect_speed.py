"""Shortcuts of the batch finder that skip work where only what can become a finding is wanted:
they must leave out only what could never be one, and never change what an unfloored use finds."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from qa.detect import Detector
from qa.detect.batch import BELOW, BELOW_FLOOR, BatchFinder
from qa.detect.context import most_apply, sound_most
from qa.detect.tokens import tokenize

DATA = Path(__file__).parent / "data" / "lecture-l11.jsonl"


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


@pytest.fixture(scope="module")
def texts() -> list[str]:
    # the dev lecture, and its words in other orders: n-grams that sound like terms, and many that do not
    lines = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    words = " ".join(lines).split()
    # and sounds-alikes that weak sounds (an /h/, one voiceless stop for another) make more alike
    # than bulk scoring says: 'like hold' for likelihood, 'image make' for ImageNet
    weak = ["run there is the model that's like hold at optimizing this an LP stuff",
            "systems that I'm kind of an image make some that full internet right things",
            "or a language model pentagram or Maxo like a valid have the things like oh Jeff"]
    return lines + [" ".join(words[k::7][:40]) for k in range(7)] + weak


def _cands(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
            for c in cands]


def test_sounds_alike_below_the_bound_never_scores_more(det: Detector, texts: list[str]) -> None:
    """`sound_most` bounds what a sounds-alike less alike than 0.8 can score in any video."""
    finder = det.finder
    assert most_apply(finder.prior, finder.most)
    checked = 0
    for text in texts:
        toks = tokenize(text)
        for i, j in finder.windows(toks.infos):
            for form, method, sim, prior, why, right in finder.lookup(toks, i, j, False, True):
                if method == "phonetic" and not right and sim < 0.8:
                    assert det.scorer.most(form, method, sim, prior) <= sound_most(sim)
                    checked += 1
    assert checked > 0


def test_a_floored_batch_skips_lookups_and_finds_what_it_found_before(det: Detector, texts: list[str],
                                                                       monkeypatch) -> None:
    skipping = BatchFinder(det.finder)
    _, floored, _ = skipping.find(texts, floor=BELOW_FLOOR)
    assert any(v is BELOW for v in skipping.memo.new.values())  # some lookups were skipped
    with monkeypatch.context() as m:
        m.setattr("qa.detect.batch.most_apply", lambda prior, most: False)
        _, reference, _ = BatchFinder(det.finder).find(texts, floor=BELOW_FLOOR)
    assert [_cands(c) for c in floored] == [_cands(c) for c in reference]
    # ... and again from the memo
    assert [_cands(c) for c in skipping.find(texts, floor=BELOW_FLOOR)[1]] == [_cands(c) for c in reference]


def test_skipped_ngrams_are_looked_up_for_an_unfloored_or_lower_floored_use(det: Detector,
                                                                           texts: list[str]) -> None:
    batch = BatchFinder(det.finder)
    batch.find(texts, floor=BELOW_FLOOR)
    for floor in (None, BELOW_FLOOR - 0.2):
        _, again, _ = batch.find(texts, floor=floor)
        _, fresh, _ = BatchFinder(det.finder).find(texts, floor=floor)
        assert [_cands(c) for c in again] == [_cands(c) for c in fresh]


def test_joins_found_with_a_floored_batch_are_not_floored(det: Detector, texts: list[str]) -> None:
    """The joins of two chunks found in a floored batch's pass (`find(joins=...)`) are found as
    without a floor, even where their n-grams were skipped in the texts before."""
    joined = [" ".join(t.split()[-3:] + u.split()[:3]) for t, u in zip(texts, texts[1:])]
    cut = [min(3, len(t.split())) for t in texts[:-1]]
    batch = BatchFinder(det.finder)
    batch.find(texts, floor=BELOW_FLOOR)
    toks, cands, _ = batch.find(texts, floor=BELOW_FLOOR, joins=lambda toks: (joined, cut))
    assert len(cands) == len(texts) + len(joined)
    _, alone, _ = BatchFinder(det.finder).find(joined, cut=cut)
    assert [_cands(c) for c in cands[len(texts):]] == [_cands(c) for c in alone]


def test_below_is_itself_after_pickling() -> None:
    assert pickle.loads(pickle.dumps(BELOW)) is BELOW
    assert not BELOW and BELOW is not ()


def test_rest_similarity_remembered_is_what_it_works_out(det: Detector, texts: list[str]) -> None:
    """`rest_similarity` remembers the similarity of what differs by the words heard and the form
    words missed: asked again, in any order and with other shared words, it gives what a fresh
    computation gives."""
    from qa.detect import similarity
    from qa.detect.similarity import rest_similarity

    forms = [f for fs in det.index.phonetic.values() for f in fs if " " in f.text][:300]
    words = " ".join(texts).split()[:400]
    grams = [tokenize(" ".join(words[k:k + 3])) for k in range(0, len(words) - 3, 2)]
    # each n-gram with forms sharing a word with it (those whose rest is compared)
    pairs = [(g, f) for g in grams for f in forms
             if {t.norm for t in g} & {w.lower() for w in f.text.split()}]
    pairs += [(tokenize(f"weekly {w}"), f) for f in forms for w in f.text.lower().split()[1:2]]
    assert len(pairs) > 100
    fresh = []
    for g, f in pairs:
        similarity._rest_memo.clear()
        fresh.append(rest_similarity(list(g), f, "phonetic"))
    similarity._rest_memo.clear()
    for order in (pairs, pairs[::-1]):
        got = [rest_similarity(list(g), f, "phonetic") for g, f in order]
        assert got == (fresh if order is pairs else fresh[::-1])
    assert similarity._rest_memo  # (it did remember)
