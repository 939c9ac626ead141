"""Session 27's cheaper cold scan must find what it found: bulk sound scoring reads the strings it
compares as objects gathered by index (no string made per pair), tells a spelled form's swallowed last
sound by comparing keys elementwise instead of a `startswith` per pair, and hands each n-gram its
forms as one slice of the batch's lists."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

import polars as pl

from qa.detect import Detector
from qa.detect.batch import BatchFinder
from qa.detect.bulk import _numpy, objects, sound_scores
from qa.detect.candidates import PHONETIC_MIN, _phrase_ckey
from qa.detect.similarity import phonetic_similarity
from qa.detect.tokens import tokenize
from test_detect_bulk import _new_ngrams

DEV = Path(__file__).parent / "data" / "lecture-l11.jsonl"

keys = st.text(alphabet="ABKNST", min_size=1, max_size=7)


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


@given(keys, keys)
@settings(max_examples=400, deadline=None)
def test_one_sound_off_and_a_prefix_is_one_sound_more(q: str, f: str) -> None:
    """What sound_scores compares instead of `f.startswith(q)` for keys one sound apart."""
    if OSA.distance(q, f) == 1:
        assert (len(f) == len(q) + 1 and f[:-1] == q) == f.startswith(q)


def test_objects_gathers_the_same_strings() -> None:
    np = _numpy()
    words = ["KT", "", "ANT", "KT"]
    got = objects(words)[np.array([3, 0, 2, 2])].tolist()
    assert got == ["KT", "KT", "ANT", "ANT"] and got[0] is words[3]


def _new(batch: BatchFinder, phrases: list[str]) -> pl.DataFrame:
    """The batch's frame of new n-grams for *phrases* (as `BatchFinder._resolve` makes it)."""
    return _new_ngrams(batch, [t for t in map(tokenize, phrases) if 0 < len(t) <= batch.finder.max_n])


def _dev_phrases(n_lines: int) -> list[str]:
    phrases = []
    for line in DEV.read_text(encoding="utf-8").splitlines()[:n_lines]:
        words = tokenize(json.loads(line)["text"]).words
        phrases += [" ".join(words[i:i + n]) for n in (1, 2, 3, 4) for i in range(len(words) - n + 1)]
    return list(dict.fromkeys(phrases))


def test_sound_scores_keep_every_pair_that_sounds_alike_with_its_similarity(det: Detector) -> None:
    """Every pair the sieve gives whose exact similarity reaches PHONETIC_MIN is kept, with that
    similarity; every pair kept that does not reach it is reported below it (the lookup drops it)."""
    batch = BatchFinder(det.finder)
    new = _new(batch, _dev_phrases(40))
    pairs = batch.sieve.pairs(new)
    assert pairs.height > 1000
    rows, fids = pairs["row"].to_numpy(), pairs["fid"].to_numpy()
    ngrams = (new["ck"].to_list(), new["vk"].to_list(), new["sp"].to_list(),
              new["ck"].str.len_chars().fill_null(0).cast(pl.Int64).to_numpy())
    keep, sims = sound_scores(rows, fids, ngrams, batch.sieve.form_arrays(), PHONETIC_MIN)
    assert keep == sorted(keep)
    got = dict(zip(keep, sims))
    forms = batch.sieve.forms
    ck, vk, sp = ngrams[:3]
    spelled_half = 0
    for k, (r, f) in enumerate(zip(rows.tolist(), fids.tolist())):
        form = forms[f]
        exact = phonetic_similarity(ck[r], vk[r], sp[r], form)
        if exact >= PHONETIC_MIN:
            assert got.get(k) == exact, (ck[r], form.text)
            spelled_half += form.spelled and OSA.distance(ck[r], form.ckey) == 1
        elif k in got:
            assert got[k] < PHONETIC_MIN
    assert spelled_half  # the half-sound rule was met


def test_sieve_pairs_are_its_pair_ids_with_the_forms_facts(det: Detector) -> None:
    batch = BatchFinder(det.finder)
    new = _new(batch, _dev_phrases(10))
    pairs, ids = batch.sieve.pairs(new), batch.sieve.pair_ids(new)
    assert pairs.select("row", "fid").equals(ids)
    assert pairs["fck"].to_list() == [batch.sieve.forms[f].ckey for f in ids["fid"].to_list()]


def test_sieve_pickles_without_its_arrays(det: Detector) -> None:
    """The arrays are made on first use and never pickled (loading a detector imports no numpy)."""
    sieve = BatchFinder(det.finder).sieve
    sieve.form_arrays()
    sieve.form_objects()
    state = pickle.loads(pickle.dumps(sieve)).__dict__
    assert "_form_arrays" not in state and "_form_objects" not in state
    again = pickle.loads(pickle.dumps(sieve))
    assert [a.tolist() for a in again.form_arrays()] == [a.tolist() for a in sieve.form_arrays()]


def test_sounds_gives_each_row_its_pairs_in_order(det: Detector) -> None:
    """`_sounds`' slices are the pairs of each row in the sieve's order, as appending pair by pair
    gave them."""
    batch = BatchFinder(det.finder)
    new = _new(batch, _dev_phrases(30))
    near = batch._sounds(new)
    assert near
    plain = new["plain"].to_list()
    pairs = batch.sieve.pairs(new)
    order: dict[int, list[int]] = {}
    for r, f in zip(pairs["row"].to_list(), pairs["fid"].to_list()):
        order.setdefault(r, []).append(f)
    ids = {id(f): k for k, f in enumerate(batch.sieve.forms)}
    for r, (forms, sims) in near.items():
        assert len(forms) == len(sims) > 0
        fids = [ids[id(f)] for f in forms]
        assert fids == [f for f in order[r] if f in set(fids)]  # a subsequence of the row's pairs
        assert plain[r] or min(sims) >= PHONETIC_MIN


def test_sieve_pairs_are_the_lookups_forms_each_once_in_its_order(det: Detector) -> None:
    """Each row's pairs are the forms the lookup itself would score (`_phonetic_forms`, then those
    with all its words but one), those of about as many syllables, each once, in the lookup's order:
    the first occurrence of each (row, fid) kept in place."""
    finder = det.finder
    batch = BatchFinder(finder)
    phrases = _dev_phrases(25)
    new = _new(batch, phrases)
    ids = batch.sieve.pair_ids(new)
    assert ids.height == ids.unique().height  # each pair once
    got: dict[int, list[int]] = {}
    for r, f in zip(ids["row"].to_list(), ids["fid"].to_list()):
        got.setdefault(r, []).append(f)
    fid = {id(f): k for k, f in enumerate(batch.sieve.forms)}
    grams = [t for t in map(tokenize, phrases) if 0 < len(t) <= finder.max_n]
    checked = 0
    for r, (t, syl) in enumerate(zip(grams, new["syl"].to_list())):
        forms = finder._phonetic_forms(_phrase_ckey(t.infos))
        if len(t) >= 2:
            forms = finder._with_worded(forms, [i[0] for i in t.infos])
        want = [fid[id(f)] for f in forms if abs(syl - f.syllables) <= 1 + f.syllables // 4 and id(f) in fid]
        assert got.get(r, []) == want, t.words
        checked += bool(want)
    assert checked > 100
