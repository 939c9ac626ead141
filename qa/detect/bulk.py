"""What a batch of new n-grams can sound or be spelled like, decided in bulk by rapidfuzz.

`CandidateFinder._phonetic` scores every form within one sound of an n-gram's phrase key with
`phonetic_similarity`, one Python call per (n-gram, form) pair: ~6 pairs per looked-up n-gram, of
which about one in five reaches PHONETIC_MIN. Here all pairs of a batch (made by the sieve's joins,
qa.detect.sieve) are scored at once with `rapidfuzz.process.cpdist` (elementwise over two lists,
in C) for an upper bound of that similarity; the pairs that can reach PHONETIC_MIN get their exact
similarity summed from the same values, and the lookup is handed it. An n-gram with no such pair,
and no near-spelling, finds nothing: its lookup is skipped entirely.

The bound is never below what `phonetic_similarity` (then `letter_similarity`, which only lowers
it) gives: the same sums, without the rounding, with a swallowed last letter of a spelled form
always counted as half an error, and a margin for float ratios. So a pair dropped here would have
been dropped there too. Near-spellings likewise: a pair of an n-gram and a string of its block
below the cutoff is never what `process.extract` returns. tests/test_detect_bulk*.py hold the bulk
and the per-n-gram paths to each other.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    import polars as pl

from qa.detect.index import GlossaryIndex

# slack under PHONETIC_MIN for the bound: rounding to 4 places moves a value by at most 5e-5, and
# rapidfuzz's vectorised ratios are computed as the scalar ones; 1e-3 is far above both
MARGIN = 1e-3


def _numpy():
    """numpy, imported on first use (a small scan never gets here: ~0.1 s of every start), with
    OpenBLAS on one thread unless the environment says otherwise, for this process only: nothing
    here multiplies matrices, and each thread OpenBLAS starts at import spins a while before it
    sleeps (~0.04-0.1 s of CPU a scanning process, taken from the other worker on a small box)."""
    np = sys.modules.get("numpy")
    if np is None:
        ours = "OPENBLAS_NUM_THREADS" not in os.environ
        if ours:
            os.environ["OPENBLAS_NUM_THREADS"] = "1"  # (read once, when the library loads)
        try:
            import numpy as np
        finally:
            if ours:
                os.environ.pop("OPENBLAS_NUM_THREADS", None)
    return np


def objects(values: list):
    """*values* as a numpy array of Python objects: gathered by an index array and turned back into
    a list, the strings are the same objects, not new ones (polars makes a string per row)."""
    np = _numpy()
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def sound_scores(rows, fids, ngrams: tuple[list, list, list, object], forms: tuple, minimum: float
                 ) -> tuple[list[int], list[float]]:
    """The (n-gram, form) pairs of a batch (*rows*, *fids*: numpy arrays, a pair each: its n-gram's
    index in *ngrams*, the phrase keys, vowel keys and words said of the batch's new n-grams and the
    keys' lengths (a numpy array), and its form's in *forms*, `Sieve.form_arrays`) that
    `phonetic_similarity` may rate *minimum* or
    more, as indices of the pairs, in order, each with its similarity as `phonetic_similarity`
    gives it.

    The three comparisons are made for all pairs at once; the bound drops the rest. The similarity
    of the survivors is then summed in Python from the same rapidfuzz values, with the same float
    steps and rounding as `phonetic_similarity` (below *minimum* it may differ, where that stops
    early: such a pair is dropped either way). The strings compared are gathered as objects from
    the n-grams' and the forms' own (a string made per pair by polars, six times a million a batch
    of 8,000 records, cost more than the comparisons)."""
    np = _numpy()

    n_ck, n_vk, n_sp = (objects(x) for x in ngrams[:3])
    f_ck, f_vk, f_sp, spelled, f_len, f_head = forms
    sp = spelled[fids]
    d = process.cpdist(n_ck[rows].tolist(), f_ck[fids].tolist(), scorer=OSA.distance)
    # a spelled form's swallowed last letter counts half (phonetic_similarity checks the prefix;
    # assuming it holds only raises the bound)
    dd = np.where(sp & (d == 1), 0.5, d.astype(np.float64))
    q_len = ngrams[3][rows]
    f_len = f_len[fids]
    c = 1.0 - dd / np.maximum(q_len, f_len)
    floor = minimum - MARGIN
    # the ratios are asked only where the bound can still reach the floor, the unknown ones taken
    # at their most (100): the same float steps, each monotone, so that never drops a pair the
    # full bound keeps. A third of the pairs are out on their keys alone, most of the read forms'
    # on keys and vowels (the words said are the longest strings compared)
    full = np.full(len(rows), 100.0)
    asked = np.flatnonzero(np.where(sp, 0.7 * c + 0.3 * full / 100.0,
                                    0.5 * c + 0.25 * full / 100.0 + 0.25 * full / 100.0) >= floor)
    v = np.zeros(len(rows))
    if asked.size:
        v[asked] = process.cpdist(n_vk[rows[asked]].tolist(), f_vk[fids[asked]].tolist(),
                                  scorer=fuzz.ratio, dtype=np.float64)
    asked = np.flatnonzero(~sp & (0.5 * c + 0.25 * v / 100.0 + 0.25 * full / 100.0 >= floor))
    s = np.zeros(len(rows))
    if asked.size:
        s[asked] = process.cpdist(n_sp[rows[asked]].tolist(), f_sp[fids[asked]].tolist(),
                                  scorer=fuzz.ratio, dtype=np.float64)
    bound = np.where(sp, 0.7 * c + 0.3 * v / 100.0, 0.5 * c + 0.25 * v / 100.0 + 0.25 * s / 100.0)
    keep = np.flatnonzero(bound >= minimum - MARGIN)
    # the survivors' similarity, unrounded, with phonetic_similarity's float steps in its order
    # ((0.3 * ratio) / 100 for a spelled form, 0.25 * (ratio / 100) for the others): numpy's
    # elementwise steps are the same IEEE operations. A swallowed last letter counts half only
    # when it is the last one: one sound off, the form's key begins with the n-gram's only where it
    # is that key and one sound more (compared as objects, elementwise, in C)
    dk = d[keep].astype(np.float64)
    spk = sp[keep]
    half = keep[spk & (d[keep] == 1)]
    if half.size:
        one_more = (f_len[half] == q_len[half] + 1) & (f_head[fids[half]] == n_ck[rows[half]])
        dk[np.flatnonzero(spk & (d[keep] == 1))] = np.where(one_more, 0.5, 1.0)
    longest = np.maximum(q_len[keep], f_len[keep])
    ck = 1.0 - dk / longest
    vk, sk = v[keep], s[keep]
    exact = np.where(spk, 0.7 * ck + 0.3 * vk / 100.0, 0.5 * ck + 0.25 * (vk / 100.0) + 0.25 * (sk / 100.0))
    # rounding to 4 places as Python's round does (numpy's may differ in the last place): only where
    # it can matter. A value below minimum - 1e-4 rounds below minimum either way, and that is all
    # the lookup asks of it
    # (each distinct value rounded once: ~9,000 values a batch, ~1,000 distinct; a round() call
    # each cost ~2 us a record)
    near = np.flatnonzero(exact >= minimum - 1e-4)
    if near.size:
        distinct, of = np.unique(exact[near], return_inverse=True)
        exact[near] = np.array([round(x, 4) for x in distinct.tolist()], dtype=np.float64)[of]
    return keep.tolist(), exact.tolist()


def spellings_possible(index: GlossaryIndex, squashed: list[str], cutoff: float) -> list[bool]:
    """For each squashed n-gram (at least MIN_FUZZY long), whether `CandidateFinder.near_spellings`
    can find anything: any correct form of its block (`GlossaryIndex.fuzzy_block`) scoring *cutoff*
    or more. The n-grams of a batch that share a block (same first letter and length) are scored
    against it by one `process.cdist`; only the few n-grams with a string that reaches the cutoff
    (5% of those asked) are then asked one by one, as before, so what is found and its order are
    unchanged."""
    np = _numpy()

    by_block: dict[tuple[str, int], list[int]] = {}
    for k, s in enumerate(squashed):
        key = (s[0], len(s))
        got = by_block.get(key)
        if got is None:
            by_block[key] = [k]
        else:
            got.append(k)
    hit = [False] * len(squashed)
    block = index.fuzzy_block
    for ks in by_block.values():
        strings = block(squashed[ks[0]])[0]
        if not strings:
            continue
        # the scorer process.extract uses, on the same strings; a margin for safety all the same
        score = process.cdist([squashed[k] for k in ks], strings, scorer=fuzz.ratio, dtype=np.float64,
                              score_cutoff=cutoff - 1.0)
        for k, ok in zip(ks, (score >= cutoff - MARGIN).any(axis=1).tolist()):
            hit[k] = ok
    return hit
