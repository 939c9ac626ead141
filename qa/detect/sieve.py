"""Which new n-grams could sound like a glossary form, decided for a whole batch in polars.

`CandidateFinder.lookup` finds nothing for most n-grams: their phrase key has no form within one
sound (`_phonetic_forms`), or every such form has too many or too few beats, and they are no
near-spelling either. Those are ruled out here by joins against the glossary's key tables, so only
n-grams that may hit reach the Python lookup. The test must never rule out an n-gram the lookup
would find something for: tests/test_detect_stream*.py compares the batch with the per-text finder.
"""

from __future__ import annotations

import polars as pl

from qa.detect.index import MIN_DELETE_KEY, MIN_FUZZY, GlossaryIndex


def with_phrase_ckey(frame: pl.DataFrame, first: str, inners: list[pl.Expr]) -> pl.DataFrame:
    """*frame* with column ck: `candidates._phrase_ckey` as column steps, the first word's key
    (column *first*), then each next word's inner key, a sound repeated where two words meet said
    once. One step per word, each on the column the last one made: nested expressions would
    repeat the whole fold in every branch, exponentially."""
    ck = pl.col("ck")
    frame = frame.with_columns(ck=pl.col(first))
    for part in inners:
        frame = frame.with_columns(
            ck=pl.when(part == "").then(ck)
            .when((ck != "") & (ck.str.slice(-1) == part.str.slice(0, 1))).then(ck + part.str.slice(1))
            .otherwise(ck + part))
    return frame


def fuzzy_possible(n: pl.Expr, uncommon: pl.Expr, squashed_len: pl.Expr) -> pl.Expr:
    """When `CandidateFinder.lookup` asks rapidfuzz at all: two words at most, one of them uncommon."""
    return (n <= 2) & uncommon & (squashed_len >= MIN_FUZZY)


class Sieve:
    def __init__(self, index: GlossaryIndex):
        def table(d: dict) -> pl.DataFrame:
            rows = {(k, f.syllables) for k, forms in d.items() for f in forms}
            return pl.DataFrame({"k": [r[0] for r in rows], "fsyl": [r[1] for r in rows]},
                                schema={"k": pl.String, "fsyl": pl.Int64})

        self.max_ckey = index.max_ckey
        self.phonetic = table(index.phonetic)  # forms whose key is the phrase key
        self.deletes = table(index.deletes)  # ... one sound longer
        self.near = table(index.near)  # ... one sound shorter or different (by the phrase key's deletions)

    def sounds_possible(self, new: pl.DataFrame) -> pl.Series:
        """For each row of *new* (columns key, ck: phrase key, syl: syllables), whether some form is
        within one sound and has about as many syllables (as `CandidateFinder._phonetic` asks)."""
        length = pl.col("ck").str.len_chars()
        base = new.select("key", "ck", "syl").filter((length >= 2) & (length <= self.max_ckey + 1))
        parts = [base.join(self.phonetic, left_on="ck", right_on="k"),
                 base.filter(length >= 3).join(self.deletes, left_on="ck", right_on="k")]
        long = base.filter(length >= MIN_DELETE_KEY)
        if long.height:
            dels = (long.with_columns(p=pl.int_ranges(0, length)).explode("p")
                    .with_columns(d=pl.col("ck").str.head(pl.col("p")) + pl.col("ck").str.slice(pl.col("p") + 1)))
            parts.append(dels.join(self.near, left_on="d", right_on="k").select("key", "ck", "syl", "fsyl"))
        pairs = pl.concat([p.select("key", "syl", "fsyl") for p in parts])
        fsyl = pl.col("fsyl")
        ok = pairs.filter((pl.col("syl") - fsyl).abs() <= 1 + fsyl // 4)["key"].unique()
        return new["key"].is_in(ok.implode())
