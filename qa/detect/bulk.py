"""Which nearby glossary forms a batch of new n-grams can sound like, decided in bulk by rapidfuzz.

`CandidateFinder._phonetic` scores every form within one sound of an n-gram's phrase key with
`phonetic_similarity`, one Python call per (n-gram, form) pair: ~6 pairs per looked-up n-gram, of
which about one in five reaches PHONETIC_MIN. Here all pairs of a batch are scored at once with
`rapidfuzz.process.cpdist` (elementwise over two lists, in C) for an upper bound of that
similarity, and only the pairs that can reach PHONETIC_MIN go on to the exact Python scoring. An
n-gram with no such pair, and no near-spelling, finds nothing: its lookup is skipped entirely.

The bound is never below what `phonetic_similarity` (then `letter_similarity`, which only lowers
it) gives: the same sums, without the rounding, with a swallowed last letter of a spelled form
always counted as half an error, and a margin for rapidfuzz's float ratios. So a pair dropped here
would have been dropped there too; tests/test_detect_bulk*.py hold the two paths to each other.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from qa.detect.index import Form, GlossaryIndex

# slack under PHONETIC_MIN for the bound: rounding to 4 places moves a value by at most 5e-5, and
# rapidfuzz's vectorised ratios are computed as the scalar ones; 1e-3 is far above both
MARGIN = 1e-3


class SoundBounds:
    """Scores (n-gram, nearby form) pairs of a batch at once; remembers each phrase key's forms as
    columns, so that a batch's pairs are built by extending lists, not form by form."""

    def __init__(self, limit: int = 50_000):
        self.limit = limit
        self._columns: dict[str, tuple] = {}

    def _of(self, ckey: str, forms: tuple[Form, ...]) -> tuple:
        cols = self._columns.get(ckey)
        if cols is None:
            if len(self._columns) >= self.limit:
                self._columns.clear()  # cheap to rebuild: a few forms per key
            cols = self._columns[ckey] = (
                list(forms), [f.ckey for f in forms], [f.vkey for f in forms], [f.spoken for f in forms],
                [f.spelled for f in forms], [f.syllables for f in forms], [len(f.ckey) for f in forms])
        return cols

    def survivors(self, items: list[tuple[str, str, str, int, tuple[Form, ...]]], minimum: float
                  ) -> list[tuple[Form, ...]]:
        """For each n-gram (ckey, vkey, spoken, syllables, the forms near its key as
        `CandidateFinder._phonetic_forms` gives them), the forms, in their order, that have about as
        many syllables and whose similarity bound reaches *minimum*."""
        counts: list[int] = []
        forms: list[Form] = []
        q_ck: list[str] = []
        f_ck: list[str] = []
        q_vk: list[str] = []
        f_vk: list[str] = []
        q_sp: list[str] = []
        f_sp: list[str] = []
        spelled: list[bool] = []
        f_syl: list[int] = []
        q_syl: list[int] = []
        q_len: list[int] = []
        f_len: list[int] = []
        for ckey, vkey, spoken, syl, near in items:
            m = len(near)
            counts.append(m)
            if not m:
                continue
            fs, fck, fvk, fsp, fspelled, fsyl, flen = self._of(ckey, near)
            forms += fs
            f_ck += fck
            f_vk += fvk
            f_sp += fsp
            spelled += fspelled
            f_syl += fsyl
            f_len += flen
            q_ck += [ckey] * m
            q_vk += [vkey] * m
            q_sp += [spoken] * m
            q_syl += [syl] * m
            q_len += [len(ckey)] * m
        if not forms:
            return [() for _ in items]
        sp = np.array(spelled, dtype=bool)
        fsyl = np.array(f_syl, dtype=np.int64)
        # too many or too few beats (as CandidateFinder._phonetic asks)
        beats = np.abs(np.array(q_syl, dtype=np.int64) - fsyl) <= 1 + fsyl // 4
        d = process.cpdist(q_ck, f_ck, scorer=OSA.distance).astype(np.float64)
        # a spelled form's swallowed last letter counts half (phonetic_similarity checks the prefix;
        # assuming it holds only raises the bound)
        d = np.where(sp & (d == 1.0), 0.5, d)
        c = 1.0 - d / np.maximum(np.array(q_len, dtype=np.float64), np.array(f_len, dtype=np.float64))
        v = process.cpdist(q_vk, f_vk, scorer=fuzz.ratio, dtype=np.float64) / 100.0
        s = process.cpdist(q_sp, f_sp, scorer=fuzz.ratio, dtype=np.float64) / 100.0
        bound = np.where(sp, 0.7 * c + 0.3 * v, 0.5 * c + 0.25 * v + 0.25 * s)
        owner = np.repeat(np.arange(len(items)), counts).tolist()
        out: list[list[Form]] = [[] for _ in items]
        for k in np.flatnonzero(beats & (bound >= minimum - MARGIN)).tolist():
            out[owner[k]].append(forms[k])
        return [tuple(f) for f in out]


def spellings_possible(index: GlossaryIndex, squashed: list[str], cutoff: float) -> list[bool]:
    """For each squashed n-gram (at least MIN_FUZZY long), whether `CandidateFinder.near_spellings`
    can find anything: any correct form of its block (`GlossaryIndex.fuzzy_block`) scoring *cutoff*
    or more. All (n-gram, block string) pairs of a batch are scored by one `process.cpdist`; only
    the few n-grams with a pair that reaches the cutoff (5% of those asked) are then asked one by
    one, as before, so what is found and its order are unchanged."""
    counts: list[int] = []
    q: list[str] = []
    c: list[str] = []
    block = index.fuzzy_block
    for s in squashed:
        strings = block(s)[0]
        m = len(strings)
        counts.append(m)
        if m:
            q += [s] * m
            c += strings
    if not c:
        return [False] * len(squashed)
    # the scorer process.extract uses, on the same strings; a margin for safety all the same
    score = process.cpdist(q, c, scorer=fuzz.ratio, dtype=np.float64, score_cutoff=cutoff - 1.0)
    hit = np.zeros(len(squashed), dtype=bool)
    hit[np.repeat(np.arange(len(squashed)), counts)[score >= cutoff - MARGIN]] = True
    return hit.tolist()
