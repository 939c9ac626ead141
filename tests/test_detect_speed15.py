"""Shortcuts of the batch finder held to the per-text paths: the sieve's pairs are the lookup's
forms (deletions inside a key made only where its ends match a near key's, worded keys only for
n-grams of the worded keys' words, leave out nothing the lookup scores), and a plain text split
at its spaces has the tokenizer's tokens."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import BatchFinder
from qa.detect.sieve import Sieve
from qa.detect.tokens import tokenize


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _expected(det: Detector, sieve: Sieve, ck: str, syl: int, words: list[str]) -> list[int]:
    """The forms `CandidateFinder` scores for an n-gram: those of its key (`_phonetic_forms`), then
    the worded ones (`_with_worded`), in that order, with about as many syllables (`_phonetic`);
    as the sieve's form numbers (it numbers the forms reachable by sound)."""
    finder = det.finder
    number = {id(f): k for k, f in enumerate(sieve.forms)}
    forms = finder._with_worded(finder._phonetic_forms(ck), words)
    return [number[id(f)] for f in forms
            if id(f) in number and abs(syl - f.syllables) <= 1 + f.syllables // 4]


def test_sieve_pairs_are_the_lookups_forms_in_order(det: Detector) -> None:
    sieve = Sieve(det.finder.index)
    near = sorted(det.finder.index.near)
    sounds = sorted({ch for k in near for ch in k})
    keys = sorted(set(sieve.worded["k"].to_list()))
    worded = sorted({w for k in keys for w in k.split(" ")} - {"*"})
    others = [w for w in ("the", "of", "model", "deep", "neural", "a", "zxqv", "qwv", "blorp") if w not in worded]

    # a near key as it is, one sound longer (inside or at an end), one sound different, or any
    def key(draw) -> str:
        k = draw(st.sampled_from(near))
        how = draw(st.sampled_from(["same", "insert", "change", "random"]))
        at = draw(st.integers(0, len(k)))
        ch = draw(st.sampled_from(sounds))
        if how == "insert":
            return k[:at] + ch + k[at:]
        if how == "change" and at < len(k):
            return k[:at] + ch + k[at + 1:]
        if how == "random":
            return "".join(draw(st.lists(st.sampled_from(sounds), min_size=1, max_size=12)))
        return k

    # a worded key with its left-out word filled in (the form's own or another), or one to four
    # words, mostly of worded keys (so that all but one are, or fewer)
    def words(draw) -> list[str]:
        if draw(st.booleans()):
            ws = draw(st.sampled_from(keys)).split(" ")
            fill = draw(st.sampled_from(worded if draw(st.booleans()) else others))
            return [fill if w == "*" else w for w in ws]
        n = draw(st.integers(1, 4))
        return [draw(st.sampled_from(worded if draw(st.integers(0, 3)) else others)) for _ in range(n)]

    @st.composite
    def rows(draw):
        return key(draw), draw(st.integers(1, 9)), words(draw)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(rows(), min_size=1, max_size=30))
    def check(drawn) -> None:
        new = pl.DataFrame({"ck": [r[0] for r in drawn], "syl": [r[1] for r in drawn],
                            **{f"nw{k}": [r[2][k] if k < len(r[2]) else None for r in drawn] for k in range(4)}},
                           schema={"ck": pl.String, "syl": pl.Int64,
                                   **{f"nw{k}": pl.String for k in range(4)}})
        pairs = sieve.pairs(new)
        got: list[list[int]] = [[] for _ in drawn]
        for row, fid in zip(pairs["row"].to_list(), pairs["fid"].to_list()):
            got[row].append(fid)
        for (ck, syl, ws), forms in zip(drawn, got):
            assert forms == _expected(det, sieve, ck, syl, ws), (ck, syl, ws)

    check()


def test_batch_tokens_are_the_tokenizers_plain_or_not(det: Detector) -> None:
    """A text of words each followed by one space takes the split path, any other the regex: the
    words and their spans are the tokenizer's either way."""
    batch = BatchFinder(det.finder)
    bits = ["ab", "it's", "x’y", "rock'n'roll", "'", " ", "  ", "-", "1", "300", "café", "\n", "ab'", "A"]
    words = ["ab", "it's", "x’y", "1", "300", "A", "GPT", "don't"]
    text = st.one_of(st.lists(st.sampled_from(words), min_size=1, max_size=12).map(" ".join),  # plain
                     st.lists(st.sampled_from(bits), max_size=12).map("".join))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(text, min_size=1, max_size=8))
    def check(texts: list[str]) -> None:
        toks, _ = batch._tokens(texts)
        for text, t in zip(texts, toks):
            ref = tokenize(text)
            assert t.words == ref.words
            assert t.spans == ref.spans

    check()
