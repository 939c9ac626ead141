"""Which new n-grams could sound like a glossary form, decided for a whole batch in polars.

`CandidateFinder.lookup` finds nothing for most n-grams: their phrase key has no form within one
sound (`_phonetic_forms`), or every such form has too many or too few beats, and they are no
near-spelling either. Those are ruled out here by joins against the glossary's key tables, so only
n-grams that may hit reach the Python lookup. The test must never rule out an n-gram the lookup
would find something for: tests/test_detect_stream*.py compares the batch with the per-text finder.
"""

from __future__ import annotations

import polars as pl

from qa.detect.index import MIN_DELETE_KEY, MIN_FUZZY, WORDED_MAX, WORDED_MIN, Form, GlossaryIndex


def with_phrase_ckey(frame: pl.DataFrame, first: str, inners: list[pl.Expr], name: str = "ck") -> pl.DataFrame:
    """*frame* with column *name*: `candidates._phrase_ckey` as column steps, the first word's key
    (column *first*), then each next word's inner key, a sound repeated where two words meet said
    once (with the words' vowel keys, that is `phonetics.join_keys`). One step per word, each on
    the column the last one made: nested expressions would repeat the whole fold in every branch,
    exponentially. A step appends the part less its first sound where the key so far ends with
    that sound (an empty part adds nothing either way): one string made per row and step (the
    branches of a when/then chain each made theirs for every row: ~25% more time)."""
    ck = pl.col(name)
    frame = frame.with_columns(pl.col(first).alias(name))
    for part in inners:
        frame = frame.with_columns((ck + part.str.slice(ck.str.ends_with(part.str.head(1)).cast(pl.Int64))).alias(name))
    return frame


def fuzzy_possible(n: pl.Expr, uncommon: pl.Expr, squashed_len: pl.Expr) -> pl.Expr:
    """When `CandidateFinder.lookup` asks rapidfuzz at all: two words at most, one of them uncommon."""
    return (n <= 2) & uncommon & (squashed_len >= MIN_FUZZY)


def _ends(length, head, tail):
    """A key's length, first two and last two sounds, as one string (of str and int, or of
    expressions). A key less one sound inside (not among its first two or last two) keeps its
    first two and last two: a key of length n can only be a near key that way if its ends and n - 1
    are some near key's. Tested so, three quarters of the deletions are never made (the others,
    ~8 a key, cost ~17 us a record); a false match only makes the deletions as before."""
    if isinstance(length, int):
        return f"{length}|{head}|{tail}"
    return pl.concat_str([length.cast(pl.String), head, tail], separator="|")


class Sieve:
    """The glossary's key tables as frames: which forms each phrase key is within one sound of."""

    def __init__(self, index: GlossaryIndex):
        # every form reachable by sound, numbered (fid), with what scoring compares
        forms: dict[int, Form] = {}
        for d in (index.phonetic, index.deletes):
            for fs in d.values():
                for f in fs:
                    forms.setdefault(id(f), f)
        self.forms: list[Form] = list(forms.values())
        fid = {id(f): k for k, f in enumerate(self.forms)}
        self.form_table = pl.DataFrame(
            {"fid": range(len(self.forms)), "fck": [f.ckey for f in self.forms],
             "fvk": [f.vkey for f in self.forms], "fsp": [f.spoken for f in self.forms],
             "spelled": [f.spelled for f in self.forms], "fsyl": [f.syllables for f in self.forms]},
            schema={"fid": pl.Int64, "fck": pl.String, "fvk": pl.String, "fsp": pl.String,
                    "spelled": pl.Boolean, "fsyl": pl.Int64})

        def table(d: dict) -> pl.DataFrame:
            # pos: where the form is in the key's list (the lookup's order)
            rows = [(k, fid[id(f)], pos) for k, fs in d.items() for pos, f in enumerate(fs)]
            return pl.DataFrame({"k": [r[0] for r in rows], "fid": [r[1] for r in rows],
                                 "pos": [r[2] for r in rows]},
                                schema={"k": pl.String, "fid": pl.Int64, "pos": pl.Int64})

        self.max_ckey = index.max_ckey
        self.phonetic = table(index.phonetic)  # forms whose key is the phrase key
        self.deletes = table(index.deletes)  # ... one sound longer
        self.near = table(index.near)  # ... one sound shorter or different (by the phrase key's deletions)
        # each near key's length, first two and last two sounds (`_inside`)
        self.near_ends = pl.Series(sorted({_ends(len(k), k[:2], k[-2:]) for k in index.near}),
                                   dtype=pl.String).implode()
        # ... with all the n-gram's words but one (`index.worded_forms`; by the word left out)
        self.worded = table({k: [f for f in fs if id(f) in fid] for k, fs in index.worded.items()})
        # the words of those keys ('*' stands for the word left out)
        self.worded_words = pl.Series(sorted({w for k in self.worded["k"].to_list() for w in k.split(" ")} - {"*"}),
                                      dtype=pl.String).implode()
        # bounds of `pairs`' order columns (part < 4, p <= max_ckey, pos < positions), so one
        # integer sorts as the four would
        self.positions = max([1, *(t["pos"].max() + 1 for t in (self.phonetic, self.deletes, self.near, self.worded)
                                   if t.height)])

    def __getstate__(self) -> dict:
        # (the forms' facts as arrays are made again on first use: numpy is not imported to load)
        return {k: v for k, v in self.__dict__.items() if k not in ("_form_arrays", "_form_objects")}

    def form_arrays(self) -> tuple:
        """The forms' phrase keys, vowel keys and words said (object arrays, indexed by fid), whether
        each is spelled (bool), its phrase key's length (int) and that key less its last sound
        (objects): what bulk scoring reads of the forms of a batch's pairs, gathered by fid without
        a string made per pair."""
        got = self.__dict__.get("_form_arrays")
        if got is None:
            from qa.detect.bulk import _numpy, objects

            np = _numpy()
            ft = self.form_table
            got = self._form_arrays = (
                *(objects(ft[c].to_list()) for c in ("fck", "fvk", "fsp")),
                ft["spelled"].to_numpy(), ft["fck"].str.len_chars().to_numpy().astype(np.int64),
                objects([k[:-1] for k in ft["fck"].to_list()]))
        return got

    def form_objects(self):
        """`forms` as an object array, to be gathered by fid."""
        got = self.__dict__.get("_form_objects")
        if got is None:
            from qa.detect.bulk import objects

            got = self._form_objects = objects(self.forms)
        return got

    def pairs(self, new: pl.DataFrame) -> pl.DataFrame:
        """The (n-gram, form) pairs worth scoring, for each row of *new* (columns ck: phrase key,
        syl: syllables): the forms `CandidateFinder._phonetic_forms` gives for its key, in that
        order, that have about as many syllables (as `CandidateFinder._phonetic` asks). Columns:
        row (of *new*), fid (of `forms`), and the form's facts (see `form_table`)."""
        pairs = self.pair_ids(new)
        # the forms' facts by fid, which numbers form_table's rows (cheaper than a join)
        return pairs.hstack(self.form_table.drop("fid")[pairs["fid"]].get_columns())

    def pair_ids(self, new: pl.DataFrame) -> pl.DataFrame:
        """`pairs` without the forms' facts: columns row and fid only (bulk scoring reads the facts
        by fid: `form_arrays`)."""
        length = pl.col("ck").str.len_chars()
        base = (new.select("ck", "syl").with_row_index("row")
                .filter((length >= 2) & (length <= self.max_ckey + 1)))
        # the lookup's order: the key's own forms, then those one sound longer, then per deletion
        # (first position it is made at) the forms of the shorter key
        lit = pl.lit
        parts = [base.join(self.phonetic, left_on="ck", right_on="k").with_columns(part=lit(0), p=lit(0)),
                 base.filter(length >= 3).join(self.deletes, left_on="ck", right_on="k")
                 .with_columns(part=lit(1), p=lit(0))]
        long = base.filter(length >= MIN_DELETE_KEY)
        if long.height:
            # a key's deletions: its first two and last two sounds' for every key, by fixed positions
            # (the fast string kernels: a position per row cost 5x as much); those inside it only
            # where one may be a near key (`_ends`: two keys in five)
            ck, n = pl.col("ck"), length.cast(pl.Int64)
            inside = long.filter(_ends(n - 1, ck.str.head(2), ck.str.tail(2)).is_in(self.near_ends) & (n >= 5))
            dels = pl.concat([
                long.with_columns(p=lit(0, pl.Int64), d=ck.str.slice(1)),
                long.with_columns(p=lit(1, pl.Int64), d=ck.str.head(1) + ck.str.slice(2)),
                long.with_columns(p=n - 2, d=ck.str.head(-2) + ck.str.tail(1)),
                long.with_columns(p=n - 1, d=ck.str.head(-1)),
                inside.with_columns(p=pl.int_ranges(2, n - 2)).explode("p")
                .with_columns(d=ck.str.head(pl.col("p")) + ck.str.slice(pl.col("p") + 1))])
            parts.append(dels.join(self.near, left_on="d", right_on="k").with_columns(part=lit(2)))
        words = [c for c in new.columns if c.startswith("nw")]  # the words' norms, null past the end
        if len(words) >= WORDED_MIN and self.worded.height:
            # (by the words, whatever the key's length: `CandidateFinder._with_worded`)
            # all words but one of such an n-gram are words of the worded keys: four in five n-grams
            # have fewer, and no key is made for them
            n = pl.sum_horizontal(*(pl.col(w).is_not_null().cast(pl.Int64) for w in words))
            known = pl.sum_horizontal(*(pl.col(w).is_in(self.worded_words).fill_null(False).cast(pl.Int64)
                                        for w in words))
            sub = new.select("syl", *words).with_row_index("row").filter(
                pl.col(words[WORDED_MIN - 1]).is_not_null() & (known >= n - 1))
            if sub.height:
                keyed = [pl.when((n > p) & (n <= WORDED_MAX)).then(
                    pl.concat_str([pl.lit("*") if k == p else pl.col(w) for k, w in enumerate(words)],
                                  separator=" ", ignore_nulls=True)).alias(f"wk{p}") for p in range(len(words))]
                keys = (sub.select("row", "syl", *keyed)
                        .unpivot([f"wk{p}" for p in range(len(words))], index=["row", "syl"], variable_name="p",
                                 value_name="k")
                        .drop_nulls("k").with_columns(p=pl.col("p").str.slice(2).cast(pl.Int64)))
                parts.append(keys.join(self.worded, on="k").with_columns(part=lit(3)))
        cols = ("row", "syl", "fid", "part", "p", "pos")
        pairs = pl.concat([p.select(pl.col(c).cast(pl.Int64) for c in cols) for p in parts])
        # the syllable test first: it is one of the (n-gram, form) pair, so it keeps or drops every
        # duplicate of a pair alike, and the sort and unique below get a fifth fewer rows
        fsyl = self.form_table["fsyl"].gather(pairs["fid"])
        pairs = pairs.filter((pairs["syl"] - fsyl).abs() <= 1 + fsyl // 4)
        # by row, part, p, pos as one number (a sort by four columns cost 5x as much)
        col = pl.col
        order = ((col("row") * 4 + col("part")) * (self.max_ckey + 2) + col("p")) * self.positions + col("pos")
        # each pair once, where it first comes in that order: (row, fid) as one number (fid < the
        # number of forms), whose first occurrences are kept in place (`unique` on the two columns
        # with its order maintained did the same for 3x the cost: ~2% of a cold scan)
        pairs = pairs.sort(order)
        return pairs.filter((col("row") * len(self.forms) + col("fid")).is_first_distinct()).select("row", "fid")

    def sounds_possible(self, new: pl.DataFrame) -> pl.Series:
        """For each row of *new*, whether some form is within one sound and has about as many
        syllables (see `pairs`)."""
        rows = self.pairs(new)["row"].unique()
        return pl.Series("sounds", range(new.height)).is_in(rows.implode())

