"""Candidates of many texts at once: the per-token and per-n-gram work done by polars, not Python.

`CandidateFinder.find` walks every token and every n-gram window of a text in Python: ~110 windows
per record, nearly all of which sound like no glossary form. Here a batch of texts becomes one frame
of tokens; word facts are joined from a table (computed in Python once per distinct word), the
windows are boolean expressions over shifted columns, and the n-gram keys are joined against the
table of keys already looked up. Only what is new (distinct words and n-grams never seen) and what
hits a form (exact matches, windows that sound like a term) reaches Python.

The candidates, and their order, are those of `CandidateFinder.find` on each text: the choosing
downstream breaks ties by list order. tests/test_detect_stream*.py holds the two to each other.
"""

from __future__ import annotations

from itertools import accumulate, chain, compress, repeat
from operator import add, is_, not_
from typing import Callable

import polars as pl

from qa.detect.bulk import _numpy, sound_scores, spellings_possible
from qa.detect.candidates import FUZZY_CUTOFF, PHONETIC_MIN, Candidate, CandidateFinder, Floored, name_word_heard
from qa.detect.context import letters_apply, letters_unheard, most_apply, sound_most
from qa.detect.index import KEY_BASE, Form, key_hash
from qa.detect.memo import Memo, SortedKeys
from qa.detect.sieve import Sieve, fuzzy_possible, with_phrase_ckey
from qa.detect.similarity import ends_heard, ends_similarity, weak_key, weak_similarity
from qa.detect.tokens import MEMO_LIMIT, TOKEN, Tokens, word_infos
from qa.phonetics import SAID_LETTERS

INF = float("inf")
SEP = "\x1f"  # joins the words of an n-gram key; no token holds it


def _raised(facts: tuple, forms: list[Form], sims: list[float], words: list[str] = ()) -> float:
    """The highest similarity the lookup can give these forms: `CandidateFinder._phonetic` raises a
    form read as words by `weak_similarity` (weak sounds count half) and `ends_similarity` (both
    ends of a name heard, or a word of it that is no English word: `name_word_heard`, in the n-gram's
    *words*), and only lowers the others (letters and capitals
    heard); *sims* are `phonetic_similarity`'s, from bulk scoring. *facts*: the n-gram's phrase key,
    vowel key and words said first (see `_resolve`)."""
    ck, vk, sp = facts[0], facts[1], facts[2]
    wk = weak_key(ck)
    norms = [info[0] for info in word_infos(words)] if len(words) >= 2 else ()
    first = norms[0] if norms else ""
    return max((ends_similarity(sim) if norms and name_word_heard(norms, form, words) else sim) if form.spelled
               else _ends(weak_similarity(ck, vk, sp, form, sim, wk), first, words, form, norms)
               for form, sim in zip(forms, sims))


def _ends(sim: float, first: str, words: list[str], form: Form, norms=()) -> float:
    return ends_similarity(sim) if first and (ends_heard(first, words[-1], form, norms[1:-1]) or
                                              name_word_heard(norms, form)) else sim


def _lettered(index, words: list[str]) -> tuple:
    """The correct forms said letter by letter that an n-gram of *words* is, their letters' names
    written as words (`GlossaryIndex.letters_said`; `CandidateFinder.lookup` looks those up, or
    is handed them: *said*), with their similarity."""
    if len(words) >= 2:
        if not any(w.lower() in SAID_LETTERS for w in words):
            return ()
        infos = word_infos(words)
    elif len(words) == 1:
        infos = word_infos(words)
        if not infos[0][5]:
            return ()
    else:
        return ()
    return index.letters_said(words, [info[0] for info in infos])


class _Below(tuple):
    """The type of BELOW (a memo's values are told apart by identity: unpickled, it is BELOW again)."""

    def __reduce__(self) -> str:
        return "BELOW"


# the memo's value for an n-gram not looked up because nothing it could find reaches a floor
# (`_resolve`): no hits for a floored use, unknown for any other. Falsy, like no hits
BELOW = _Below()


# the floor BELOW is for (the default min_score): no hit of such an n-gram reaches it, so none
# reaches a higher one either; with a lower floor, BELOW is an n-gram never looked up
BELOW_FLOOR = 0.5

# n-grams with no hits remembered (`BatchFinder.unfound`), per generation: 3.2 MB each. A 50,000-record
# scan meets ~500,000 distinct n-grams, ~450,000 of them with no hits
UNFOUND_LIMIT = 400_000


class _Floored(tuple):
    """An n-gram's hits without those no floored use keeps (`CandidateFinder.lookup`'s *unreachable*,
    for BELOW_FLOOR): its hits for a floored use, as BELOW is; for any other, an n-gram never
    looked up."""

    __slots__ = ()


def _unreachable(sim: float) -> bool:
    """Whether no sounds-alike of similarity *sim* reaches BELOW_FLOOR in any video (`sound_most`)."""
    return sound_most(sim) + 1e-9 < BELOW_FLOOR


_ASCII_GAP = "".join(chr(c) for c in range(128) if not chr(c).isalnum())  # what a gap holds, mostly
# a token with the gap before it: summed lengths give each token's character offsets
_GAPPED = r"[^A-Za-z0-9]*(?:" + TOKEN.pattern + ")"
# a text of tokens each followed by one space, but the last: its tokens are its words
_PLAIN = "^(?:" + TOKEN.pattern + " )*(?:" + TOKEN.pattern + ")$"
_FACTS = {"w": pl.String, "norm": pl.String, "stop": pl.Boolean, "trig": pl.Boolean, "unc": pl.Boolean,
          "ck": pl.String, "inner": pl.String, "syl": pl.Int64, "nlen": pl.Int64, "vk": pl.String, "sp": pl.String,
          "voc": pl.Boolean,
          "pat": pl.Boolean, "pre": pl.Boolean,  # norm is an exact form's pattern / begins a longer one
          # norm may start / end an anchored n-gram; begins like a name said ending in a letter's name,
          # is heard for such a letter (`_word_flags`)
          "ast": pl.Boolean, "aen": pl.Boolean, "ehd": pl.Boolean, "etl": pl.Boolean,
          "lfa": pl.Boolean, "lsb": pl.Boolean,  # norm may begin / end a form said by a letter's name
          "sl": pl.Boolean,  # the word lowercased is a letter's name or said like one (`_lettered`)
          # norm hashed (`index.key_hash`) and KEY_BASE to its length: a pair's hash (`_heard_rows`)
          "nh": pl.UInt64, "np": pl.UInt64,
          # the key parts as integers, for the keyed n-grams' phrase keys (`_key_parts`)
          "ckh": pl.UInt64, "ckz": pl.Int64, "inh": pl.UInt64, "inp": pl.UInt64, "in1h": pl.UInt64,
          "in1p": pl.UInt64, "ina": pl.Int64, "inz": pl.Int64}
_KEY_PARTS = ("ckh", "ckz", "inh", "inp", "in1h", "in1p", "ina", "inz")
_WORD_FLAGS = ("ast", "aen", "ehd", "etl", "lfa", "lsb")


def _key_parts(first: str, inner: str) -> tuple[int, ...]:
    """A word's key parts (facts 7, 8: its key as the first word of a phrase, and as a later one),
    for `candidates._phrase_ckey` in integers: the hash of the first (`index.key_hash`) and its last
    sound; the hash of the inner part and KEY_BASE to its length, the same without its first sound
    (which a phrase drops when the sound before is the same), its first and last sounds (0: none)."""
    return (key_hash(first), ord(first[-1]) if first else 0, key_hash(inner), pow(KEY_BASE, len(inner), 1 << 64),
            key_hash(inner[1:]), pow(KEY_BASE, max(len(inner) - 1, 0), 1 << 64),
            ord(inner[0]) if inner else 0, ord(inner[-1]) if inner else 0)


_WORD_SEED = 13  # (polars' hash of a word: stable within a process, which is all `_windows` asks)


def _window_hash(words: list[pl.Expr]) -> pl.Expr:
    """A 64-bit hash of a window's words (their hashes, in order, and how many: wrapping arithmetic),
    which the scan tells its n-grams apart by (a collision would need two 64-bit hashes to meet)."""
    h = words[0]
    for w in words[1:]:
        h = h * 1000003 + w
    return h * 1000003 + len(words)


def _joined(each: pl.DataFrame, words: pl.Series, max_n: int) -> pl.Series:
    """The words of each window of *each* (at: its first word's row of *words*, n: how many) joined
    by SEP: its key as `CandidateFinder` remembers it."""
    col = pl.col
    rows = each.select(*(pl.when(col("n") > k).then(col("at").cast(pl.Int64) + k).alias(f"r{k}")
                         for k in range(max_n)))
    return pl.select(pl.concat_str([words.gather(rows[f"r{k}"]) for k in range(max_n)], separator=SEP,
                                   ignore_nulls=True)).to_series()


def _pair_hash(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """A 64-bit hash of two words in a row (wrapping arithmetic; polars' hashes are stable within a
    process, and both sides of a comparison are hashed in it)."""
    return a.hash(7) * 1000003 + b.hash(11)


def _pair_hashes(pairs: frozenset[str]) -> pl.Series:
    """`_pair_hash` of each 'a b' of *pairs*, to compare the text's pairs with (a collision would
    need two 64-bit hashes to meet)."""
    words = pl.Series("p", sorted(pairs)).str.split(" ")
    return pl.select(h=_pair_hash(pl.lit(words.list.get(0)), pl.lit(words.list.get(1))))["h"].implode()


class BatchFinder:
    """Finds the candidates of a batch of texts; remembers words and n-grams across batches."""

    def __init__(self, finder: CandidateFinder):
        self.finder = finder
        self.want_f = "fuzzy" in finder.methods
        self.want_p = "phonetic" in finder.methods
        self.facts = pl.DataFrame(schema=_FACTS)  # word -> the facts the windows need
        # n-gram (its hash, `_window_hash`: not for another process) -> its hits (() for none), in two
        # generations (memory stays flat; what a batch uses survives a flip). A dict, not a frame: a
        # frame of 150k keys was rewritten, and hashed again by each join, in every batch (~30
        # us/record); the dict answers ~14 distinct keys a record
        self.memo: Memo[int, tuple] = Memo(MEMO_LIMIT // 2)
        # ... but those with no hits for any use (nine in ten) are only held here, by their hash
        self.unfound = SortedKeys(UNFOUND_LIMIT)
        self.most = finder.most  # the highest score a hit can reach in any video, if known
        self.sieve = Sieve(finder.index)
        self.exact_forms = {p: tuple(forms) for p, forms in finder.index.exact.items()}
        self.patterns = list(self.exact_forms)

    def __getstate__(self) -> dict:
        # (see `_anchor_pairs`: hashes made in one process are not for another). The exact forms' index
        # and the said keys' hashes (`index.key_hash`: the same in every process) are made first,
        # so that a detector from the cache has them: making them cost every scanning process
        # ~75 ms (loading them is a few)
        self._exact_index()
        self._said_keys()
        # (nor the memos: they are keyed by polars' hashes too)
        fresh = {"memo": Memo(MEMO_LIMIT // 2), "unfound": SortedKeys(UNFOUND_LIMIT)}
        return {k: fresh.get(k, v) for k, v in self.__dict__.items() if k != "_anchor_ix"}

    def find(self, texts: list[str], groups: list[int] | None = None, floor: float | None = None,
             cut: list[int] | None = None, joins: Callable[[list[Tokens]], tuple[list[str], list[int]]] | None = None
             ) -> tuple[list[Tokens], list[list[Candidate]], list[list[str]]]:
        """Tokens and candidates of each text (the same as `CandidateFinder.find(tokenize(text))`),
        and the distinct lowercase words of each group of texts (*groups*: a group number per text,
        numbered from 0; the words of a video's records, without a Python loop over tokens).

        *floor*: the stream's min_score, when only what can become a finding is wanted: sounds-alikes
        and near-spellings whose highest possible score in any video (`Scorer.most`) stays below it
        are left out (half the asr-error candidates; choosing would drop them itself). Spans said
        exactly like a form are kept (they make normalizations and veto overlapping asr-errors).

        *cut*: a token index per text (the joins of two chunks): near-spellings and sounds-alikes
        only of n-grams that run across it (i < cut < j); exact forms anywhere, as before.

        *joins*: makes more texts, each with a cut, from the texts' Tokens (the joins of two chunks,
        whole tokens joined by single spaces: `_spaced`): found in the same pass, as with *cut* and
        without *floor*, and their Tokens and candidates given after the texts' (each pass has a
        fixed cost of ~25 ms, a few hundred polars steps: a second pass for the joins was ~7% of a
        scan)."""
        cands: list[list[Candidate]] = [[] for _ in texts]
        n_groups = max(groups) + 1 if groups else 0
        n = len(texts)
        toks, tok = self._tokens(texts)
        cuts: list[int | None] | None = cut
        if joins is not None:
            more, more_cut = joins(toks)
            if more:
                # (the stream's joins are whole tokens joined by single spaces; any other text of a
                # caller's goes through the regex as the texts do)
                spaced = pl.Series(more, dtype=pl.String).str.contains(_PLAIN).all()
                more_toks, more_tok = self._spaced(more) if spaced else self._tokens(more)
                toks = toks + more_toks
                tok = pl.concat([tok, more_tok.with_columns(rec=(pl.col("rec") + n).cast(tok.schema["rec"]))])
                cands += [[] for _ in more]
                cuts = [None] * n + more_cut
        if tok.height == 0:
            return toks, cands, [[] for _ in range(n_groups)]
        # fi: the word's row of the facts table, where `_features` reads an n-gram's words' facts
        tok = tok.join(self._facts_for(tok).with_row_index("fi").select("w", "norm", "stop", "trig", "unc", "pat",
                                                                       "pre", "fi", "nh", "np", *_WORD_FLAGS,
                                                                       *_KEY_PARTS),
                       on="w", how="left", maintain_order="left")
        heard = self._heard_rows(tok, toks, cands)
        if self.want_f or self.want_p:
            win = self._windows(tok, heard)
            if cuts is not None:
                at = pl.Series(cuts, dtype=pl.Int64).gather(win["rec"])
                # (no cut: a text of its own, every window)
                win = win.filter(at.is_null() | ((win["pos"] < at) & (at < win["pos"] + win["n"])))
            # the floor is for the texts, not the joins
            self._approximate(win, cands, floor, tok["fi"], tok["w"], n if cuts is not cut else None)
        words: list[list[str]] = [[] for _ in range(n_groups)]
        if groups:
            # each token's group by gathering (a join on rec cost as much as the grouping); the
            # joins' tokens (rec n and on) belong to no group
            mine = tok.select("rec", "norm") if cuts is cut else tok.select("rec", "norm").filter(pl.col("rec") < n)
            per = (mine.select("norm", g=pl.Series(groups, dtype=pl.Int64).gather(mine["rec"]))
                   .group_by("g").agg(pl.col("norm").unique()))
            for g, ws in zip(per["g"].to_list(), per["norm"].to_list()):
                words[g] = ws
        return toks, cands, words

    def windows(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """The n-gram windows (i, j) of each text, in order (as `CandidateFinder.windows`)."""
        toks, tok = self._tokens(texts)
        out: list[list[tuple[int, int]]] = [[] for _ in texts]
        if tok.height:
            tok = tok.join(self._facts_for(tok), on="w", how="left", maintain_order="left")
            win = self._windows(tok, self._heard_rows(tok, toks, [[] for _ in texts])).sort("rec", "pos", "n")
            for r, i, n in win.select("rec", "pos", "n").iter_rows():
                out[r].append((i, i + n))
        return out

    def _tokens(self, texts: list[str]) -> tuple[list[Tokens], pl.DataFrame]:
        """Each text's Tokens, and the frame of all tokens: rec, pos, w, s and e (character offsets).
        The Tokens get their words and ends only: a start is its end less its word's length, and
        only a finding's context and a join read a few (converting a list of starts for every
        record cost ~7 us a record)."""
        n = len(texts)
        col = pl.col
        src = pl.DataFrame({"t": texts}, schema={"t": pl.String}).with_row_index("rec").with_columns(
            plain=col("t").str.contains(_PLAIN), odd=col("t").str.contains(r"[^\x00-\x7f]"))
        # a plain text's tokens are its words split at the spaces (a third of the regex's cost;
        # most texts are plain), the others' the regex's matches, each with the gap before it
        src = pl.concat([src.filter(col("plain")).with_columns(m=col("t").str.split(" ")),
                         src.filter(~col("plain")).with_columns(m=col("t").str.extract_all(_GAPPED))]
                        ).sort("rec").drop("t")
        # a token is its match less the gap before it: stripping the ASCII gap characters costs
        # a fraction of a regex replace; texts with others in their gaps (~2%) take the regex
        tok = (src.explode("m").drop_nulls("m")
               .with_columns(w=col("m").str.strip_chars_start(_ASCII_GAP)))
        if src["odd"].any():
            at = tok.select(pl.arg_where(col("odd")))[:, 0]
            tok = tok.with_columns(tok["w"].scatter(at, tok["m"].gather(at).str.replace(r"^[^A-Za-z0-9]+", "")))
        # (the gap of a plain text's token: the space before it, but the first's)
        tok = (tok.with_columns(pos=pl.int_range(pl.len()).over("rec"))
               .with_columns(e=(col("m").str.len_chars() + (col("plain") & (col("pos") > 0)).cast(pl.UInt32))
                             .cum_sum().over("rec"))
               .with_columns(s=col("e") - col("w").str.len_chars().cast(pl.Int64))
               .select("rec", "w", "e", "pos", "s"))
        per_rec = tok.group_by("rec", maintain_order=True).agg("w", "e")
        words: list[list[str]] = [[] for _ in range(n)]
        ends: list[list[int]] = [[] for _ in range(n)]
        for r, w, e in zip(per_rec["rec"].to_list(), per_rec["w"].to_list(), per_rec["e"].to_list()):
            words[r], ends[r] = w, e
        return [Tokens(texts[r], words[r], None, None, (None, ends[r])) for r in range(n)], tok

    @staticmethod
    def _spaced(texts: list[str]) -> tuple[list[Tokens], pl.DataFrame]:
        """`_tokens` of texts that are whole tokens joined by single spaces (`_PLAIN`: the joins of two
        chunks, made of their Tokens' words): their tokens are their words, split in Python.
        The same Tokens and frame; the polars steps of `_tokens` cost a fifth of what they cost for
        the texts themselves, for ~6 tokens a join (~1% of a scan)."""
        split = [text.split(" ") if text else [] for text in texts]
        # a token's end: the lengths of the words so far and a space between each two
        ends = [list(map(add, accumulate(map(len, ws)), range(len(ws)))) for ws in split]
        counts = list(map(len, split))
        tok = pl.DataFrame({"rec": list(chain.from_iterable(map(repeat, range(len(texts)), counts))),
                            "w": list(chain.from_iterable(split)), "e": list(chain.from_iterable(ends)),
                            "pos": list(chain.from_iterable(map(range, counts)))},
                           schema={"rec": pl.UInt32, "w": pl.String, "e": pl.UInt32, "pos": pl.Int64})
        return ([Tokens(text, ws, None, None, (None, es)) for text, ws, es in zip(texts, split, ends)],
                tok.with_columns(s=pl.col("e") - pl.col("w").str.len_chars().cast(pl.Int64)))

    # --- word facts ----------------------------------------------------------------------------

    def _facts_for(self, tok: pl.DataFrame) -> pl.DataFrame:
        if self.facts.height > MEMO_LIMIT:
            self.facts = self.facts.clear()
        new = tok.select(pl.col("w").unique()).join(self.facts, on="w", how="anti")["w"].to_list()
        if new:
            infos = word_infos(new)
            vocabulary = self.finder.index.vocabulary
            pats, pres = self._exact_index()[:2]
            fresh = pl.DataFrame({"w": new, "norm": [i[0] for i in infos], "stop": [i[4] for i in infos],
                                  "trig": [i[5] for i in infos], "unc": [i[6] for i in infos],
                                  "ck": [i[7] for i in infos], "inner": [i[8] for i in infos],
                                  "syl": [i[3] for i in infos], "nlen": [len(i[0]) for i in infos],
                                  "vk": [i[2] for i in infos], "sp": ["".join(i[1]) for i in infos],
                                  "voc": [i[0] in vocabulary for i in infos],
                                  "pat": [i[0] in pats for i in infos], "pre": [i[0] in pres for i in infos],
                                  "sl": [w.lower() in SAID_LETTERS for w in new],
                                  **self._word_flags([i[0] for i in infos]),
                                  "nh": [key_hash(i[0]) for i in infos],
                                  "np": [pow(KEY_BASE, len(i[0]), 1 << 64) for i in infos],
                                  **dict(zip(_KEY_PARTS, zip(*[_key_parts(i[7], i[8]) for i in infos])))},
                                 schema=_FACTS)
            self.facts = pl.concat([self.facts, fresh], rechunk=True)
        return self.facts

    def _word_flags(self, norms: list[str]) -> dict[str, list[bool]]:
        """Whether each word may start (ast) or end (aen) an anchored n-gram (`GlossaryIndex.anchors`),
        begins like a name said as words ending in a letter's name (ehd), and is heard for such a
        letter (etl: `GlossaryIndex.ended`): facts of the word, so tested once per distinct word
        here, not per token by `_windows` (four `is_in`s over every token were ~7 us a record)."""
        starts, ends = self.finder.index.anchors
        heads, tails = self.finder.index.ended
        # (each head is four letters: a shorter word's slice is none)
        firsts, seconds = self.finder.index.letter_pairs
        return {"ast": [w in starts for w in norms], "aen": [w in ends for w in norms],
                "ehd": [w[:4] in heads for w in norms], "etl": [w in tails for w in norms],
                "lfa": [w in firsts for w in norms], "lsb": [w in seconds for w in norms]}

    # --- exact forms -----------------------------------------------------------------------------

    def _heard_rows(self, tok: pl.DataFrame, toks: list[Tokens], cands: list[list[Candidate]]) -> pl.Series:
        """Exact forms, as `CandidateFinder.exact`: the runs of whole tokens whose squashed words
        (lowercase letters and digits) joined are a squashed form. That is what the per-text
        Aho-Corasick pass finds once its matches off word boundaries are dropped; here runs grow a
        token at a time from the tokens whose word is a form or begins one (a flag of the word's
        facts), and stop when what they spell begins no form: ~53 of ~150 tokens a record start a
        run, ~4 grow past one token. (Two automaton passes, find_many for offsets and extract_many
        for patterns, and joins with token offsets cost ~3x more.) Matches come in the automaton's
        order: by end, the longest first. Returns whether each row of *tok* is a token heard right:
        such tokens start no long n-gram. (A mask, not their (rec, pos): `_windows` joined those
        with every token, ~7 us a record.)"""
        none = pl.repeat(False, tok.height, dtype=pl.Boolean, eager=True)
        if not self.patterns:
            return none
        _, _, keys, hashed = self._exact_index()
        col = pl.col
        norms, recs, height = tok["norm"], tok["rec"], tok.height
        rows = tok.with_row_index("idx").select("rec", "pos", "pat", "pre", "nh", "np", "idx")
        found = [rows.filter(col("pat")).select("rec", first="pos", last="pos", idx=col("idx").cast(pl.Int64))]
        # runs of two: nearly every word begins some form (~56 tokens a record), so a word and the
        # next of the same text are first told by their hash (a + b's is a's * KEY_BASE**len(b) + b's):
        # the join on the strings then drops what only the hash matched (a third of `_heard_rows` was
        # spent joining every such pair's string)
        nh = col("nh")
        two = rows.filter(col("pre") & (col("rec").shift(-1) == col("rec")) &
                          (nh * col("np").shift(-1) + nh.shift(-1)).is_in(hashed))
        at = two["idx"].cast(pl.Int64) + 1
        run = (two.select("rec", first="pos", idx=at, last=col("pos") + 1,
                          norm=norms.gather(two["idx"]) + norms.gather(at))
               .join(keys, on="norm"))
        while run.height:
            found.append(run.filter(col("pat")).select("rec", "first", "last", "idx"))
            run = run.filter(col("pre") & (col("idx") + 1 < height)).with_columns(idx=col("idx") + 1)
            if run.height:
                run = run.filter(recs.gather(run["idx"]) == run["rec"])  # (the next token of the same text)
                run = (run.select("rec", "first", "idx", last=col("last") + 1,
                                  norm=col("norm") + norms.gather(run["idx"]))
                       .join(keys, on="norm"))
        if not found:
            return none
        # by end token, then the longest (earliest first token) first: the automaton's order
        m = pl.concat(found).sort("rec", "last", "first")
        heard: list[int] = []  # rows of *tok*
        memo = self.__dict__.get("_heard_as")
        if memo is None or len(memo) > MEMO_LIMIT:
            memo = self._heard_as = {}
        at, first, last = m["idx"], m["first"], m["last"]
        at_first = at - (last - first)  # the first token's row
        for w, r, i, j, a, b, row in zip(tok["w"].gather(at_first).to_list(), m["rec"].to_list(), first.to_list(),
                                         last.to_list(), tok["s"].gather(at_first).to_list(),
                                         tok["e"].gather(at).to_list(), at_first.to_list()):
            said = w if i == j else SEP.join(toks[r].words[i:j + 1])
            got = memo.get(said)
            if got is None:
                got = memo[said] = self._heard_exactly(said)
            out = cands[r]
            for form, method, kind, prior, why in got[0]:
                out.append(Candidate(i, j + 1, a, b, form, method, kind, 1.0, prior, why))
            if got[1]:
                heard.extend(range(row, row + j + 1 - i))
        if not heard:
            return none
        return none.scatter(heard, True)

    def _exact_index(self) -> tuple[frozenset[str], frozenset[str], pl.DataFrame, pl.Series]:
        """The squashed exact forms, the strings a longer one goes on from (proper prefixes), both
        as a frame (norm, pat, pre) for `_heard_rows`'s runs, and their hashes (`index.key_hash`, for
        `is_in`); built on first use."""
        got = self.__dict__.get("_exact_ix")
        if got is None:
            pats = frozenset(self.patterns)
            pres = frozenset(p[:k] for p in pats for k in range(1, len(p)))
            both = sorted(pats | pres)
            got = self._exact_ix = (pats, pres, pl.DataFrame(
                {"norm": both, "pat": [k in pats for k in both], "pre": [k in pres for k in both]},
                schema={"norm": pl.String, "pat": pl.Boolean, "pre": pl.Boolean}),
                pl.Series([key_hash(k) for k in both], dtype=pl.UInt64).implode())
        return got

    def _heard_exactly(self, said: str) -> tuple[tuple[tuple, ...], bool]:
        """The candidates (form, method, kind, prior, why) of tokens *said* (joined by SEP) that spell
        exact forms, as `CandidateFinder.exact` makes them, and whether one is a correct form."""
        finder = self.finder
        words = said.split(SEP)
        made = []
        mention = False
        for form in self.exact_forms["".join(info[0] for info in word_infos(words))]:
            if form.correct:
                made.append((form, "exact", "mention", 0.0, ""))
                mention = True
            elif "variant" in finder.methods:
                p = finder.variant_prior(form, words)
                if p is not False:
                    made.append((form, "variant", "asr-error", *p))
        return tuple(made), mention

    # --- n-gram windows --------------------------------------------------------------------------

    def _windows(self, tok: pl.DataFrame, heard: pl.Series) -> pl.DataFrame:
        """The windows of `CandidateFinder.windows` for all texts: rec, pos, n, s and b (character
        span), kh (a 64-bit hash of the words, `_window_hash`), at (the row of *tok* of its first
        word). *heard*: whether each token is heard right (`_heard_rows`). The words joined, the
        key the finder remembers an n-gram by, are made only for the distinct n-grams (a sixth of
        the windows; `_joined`, in `_resolve`)."""
        max_n = self.finder.max_n
        word = pl.col("w").hash(_WORD_SEED).alias("wh")
        tok = (tok.with_columns(hr=heard)
               .with_columns(trig=pl.col("trig") & ~pl.col("hr"), **self._anchor_pairs(pl.col("norm")))
               .select("rec", "pos", word, "s", "e", "stop", "trig", "unc", "ast", "aen", "pst", "pen", "hr",
                       "ehd", "etl", "lfa", "lsb", *_KEY_PARTS)
               .with_row_index("at"))
        col = pl.col
        shifted = [tok]
        for k in range(1, max_n):
            shifted.append(tok.select(*(col(c).shift(-k).alias(f"{c}{k}") for c in (
                "rec", "wh", "e", "stop", "trig", "unc", "aen", "pen", "hr", "inh", "inp", "in1h",
                "in1p", "ina", "inz")), *([col("etl").shift(-1).alias("etl1"), col("lsb").shift(-1).alias("lsb1")]
                                        if k == 1 else [])))
        wide = pl.concat(shifted, how="horizontal")
        # the phrase keys of three and four words, hashed (candidates._keyed): a word's inner part
        # without its first sound when the sound before is the same, one step per word
        wide = wide.with_columns(k1=col("ckh"), z1=col("ckz"))
        for k in range(1, max_n):
            drop = (col(f"inp{k}") != 1) & (col(f"z{k}") == col(f"ina{k}"))
            wide = wide.with_columns(
                pl.when(drop).then(col(f"k{k}") * col(f"in1p{k}") + col(f"in1h{k}"))
                .otherwise(col(f"k{k}") * col(f"inp{k}") + col(f"inh{k}")).alias(f"k{k + 1}"),
                pl.when(col(f"inp{k}") == 1).then(col(f"z{k}")).otherwise(col(f"inz{k}")).alias(f"z{k + 1}"))
        said, near, said_long = self._said_keys()  # (said: `GlossaryIndex.said_pairs`, for two words)
        wide = wide.select(pl.exclude(r"^(k|z|ckh|ckz|inh|inp|in1h|in1p|ina|inz)\d*$"),
                           col("k2").is_in(said).alias("said2"),
                           *(col(f"k{n}").is_in(said_long).alias(f"said{n}") for n in range(3, max_n + 1)),
                           *(col(f"k{n}").is_in(near).alias(f"near{n}") for n in range(3, max_n + 1)))

        def same(k: int) -> pl.Expr:
            return col(f"rec{k}") == col("rec")

        def key(n: int) -> pl.Expr:
            return _window_hash([col("wh"), *(col(f"wh{k}") for k in range(1, n))]).alias("kh")

        def end(n: int) -> pl.Expr:
            return col("e") if n == 1 else col(f"e{n - 1}")

        def _anchored(n: int) -> pl.Expr:
            # three words, an anchor at the edge where its term goes on, no function word at either
            # (candidates._anchored)
            # (and three or four words from or to two words in a row of a longer term)
            edges = ~stop & ~col(f"stop{n - 1}")
            if n == 3:
                return edges & (col("ast") | col("aen2") | col("pst") | col("pen1"))
            if n == 4:
                return edges & (col("pst") | col("pen2"))
            return pl.lit(False)

        def _ended(n: int) -> pl.Expr:
            # (candidates._ended)
            if n != 2:
                return pl.lit(False)
            return col("ehd") & col(f"etl{n - 1}") & ~pl.any_horizontal("hr", *(f"hr{k}" for k in range(1, n)))

        # the window rules of CandidateFinder.approximate, as column expressions
        stop, unc, trig = col("stop"), col("unc"), col("trig")
        rules = {1: ~stop}
        if max_n >= 2:
            rules[2] = same(1) & (~(stop & col("stop1")) & (~((stop | col("stop1")) & ~(unc | col("unc1"))) |
                                                            (col("said2") & ~col("hr") & ~col("hr1"))) | _ended(2) |
                                   (col("lfa") & col("lsb1")))
        for n in range(3, max_n + 1):
            last_stop, last_trig = col(f"stop{n - 1}"), col(f"trig{n - 1}")
            any_trig = pl.any_horizontal(trig, *(col(f"trig{k}") for k in range(1, n)))
            rules[n] = same(n - 1) & ((any_trig & ~(stop & last_stop) & ~(stop & ~last_trig) &
                                       ~(last_stop & ~trig)) | _anchored(n) |
                                      _ended(n) |
                                      ((col(f"said{n}") & ~(stop & last_stop) |
                                        # (one sound off a term's key: no function word at all)
                                        col(f"near{n}") & ~pl.any_horizontal(stop, *(f"stop{k}" for k in range(1, n))))
                                       & ~pl.any_horizontal("hr", *(f"hr{k}" for k in range(1, n)))))
        # lazily: each filter then copies only the columns its select keeps (eagerly, all of wide's)
        lazy = wide.lazy()
        return pl.concat([lazy.filter(rule.fill_null(False)).select("rec", "pos", "s", "at", key(n),
                                                                    n=pl.lit(n, pl.Int64), b=end(n))
                          for n, rule in rules.items()]).collect()

    def _said_keys(self) -> tuple[pl.Series, pl.Series, pl.Series]:
        """`GlossaryIndex.said_keys` hashed, `said_near`, and the said keys with `said_short` (for three
        words or more), to test the hashed keys of `_windows` against (made once)."""
        keys = getattr(self, "_said", None)
        if keys is None:
            index = self.finder.index
            keys = self._said = (
                pl.Series("k", sorted(key_hash(k) for k in index.said_pairs), dtype=pl.UInt64).implode(),
                pl.Series("k", index.said_near, dtype=pl.UInt64).implode(),
                pl.Series("k", sorted(key_hash(k) for k in index.said_keys | index.said_short),
                          dtype=pl.UInt64).implode())
        return keys

    def _anchor_pairs(self, norm: pl.Expr) -> dict[str, pl.Expr]:
        """Whether each word and the next may start (pst) or end (pen) an anchored n-gram
        (`GlossaryIndex.anchor_pairs`; a word alone: `_word_flags`)."""
        # the pairs as polars values, made on first use (two batches a slice made them again:
        # ~2 ms each time). Not pickled: polars' hashes are only known stable within a process
        got = self.__dict__.get("_anchor_ix")
        if got is None:
            pair_starts, pair_ends = self.finder.index.anchor_pairs
            got = self._anchor_ix = (_pair_hashes(pair_starts) if pair_starts else None,
                                     _pair_hashes(pair_ends) if pair_ends else None)
        pair_starts, pair_ends = got
        # the pair of each word and the next (across the end of a text too: no window of one text
        # reaches such a pair's flag), as a hash of the two: joining the strings cost 4x as much
        pair = _pair_hash(norm, norm.shift(-1))
        return {"pst": pair.is_in(pair_starts).fill_null(False) if pair_starts is not None else pl.lit(False),
                "pen": pair.is_in(pair_ends).fill_null(False) if pair_ends is not None else pl.lit(False)}

    def _features(self, new: pl.DataFrame, fi: pl.Series) -> pl.DataFrame:
        """What the sieve needs to rule an n-gram out (phrase key ck, syllables syl, whether rapidfuzz
        is asked: fz, and what it is asked about: sq, the squashed words), and what the lookup
        needs besides (vowel key vk, words said sp, plain: see `CandidateFinder.lookup`), for the
        few n-grams never seen before (*new*: key, n, at: the token row of its first word, whose
        row of the facts table *fi* gives): from their words' facts."""
        col = pl.col
        max_n = self.finder.max_n
        facts = self.facts.select("norm", "ck", "inner", "syl", "nlen", "unc", "vk", "sp", "voc", "trig", "sl")
        # the k-th word's facts read by row (splitting the keys into words and joining those with
        # the facts on the word cost ~10x as much); null past an n-gram's end
        rows = new.select(*(pl.when(col("n") > k).then(col("at").cast(pl.Int64) + k).alias(f"r{k}")
                            for k in range(max_n)))
        out = pl.concat([new.select("key", "n"), *(facts[fi.gather(rows[f"r{k}"])].rename(lambda c, k=k: f"{c}{k}")
                                                   for k in range(max_n))], how="horizontal")
        # positions past an n-gram's end hold nulls: neutral parts
        inner = [col(f"inner{k}").fill_null("") for k in range(1, max_n)]
        out = with_phrase_ckey(out, "vk0", [col(f"vk{k}").fill_null("") for k in range(1, max_n)], "vk")
        return with_phrase_ckey(out, "ck0", inner).select(
            "key", "ck", "vk", *(col(f"norm{k}").alias(f"nw{k}") for k in range(max_n)),  # (qa.detect.sieve)
            sp=pl.concat_str([col(f"sp{k}").fill_null("") for k in range(max_n)]),
            syl=pl.sum_horizontal(*(f"syl{k}" for k in range(max_n))),
            sq=pl.concat_str([col(f"norm{k}").fill_null("") for k in range(max_n)]),
            # a number, or words of correct forms only: what the lookup may find is heard right
            plain=pl.all_horizontal(*(col(f"voc{k}").fill_null(True) for k in range(max_n))) |
            pl.concat_str([col(f"norm{k}").fill_null("") for k in range(max_n)]).str.contains("^[0-9]+$"),
            fz=fuzzy_possible(col("n"), pl.any_horizontal(*(col(f"unc{k}").fill_null(False) for k in range(max_n))),
                              pl.sum_horizontal(*(f"nlen{k}" for k in range(max_n)))),
            # what `_lettered` asks first, which 9 in 10 n-grams fail: one word odd, or a letter's
            # name among several (a Python call per new n-gram was ~4% of a scan)
            lt=pl.when(col("n") == 1).then(col("trig0"))
            .otherwise(pl.any_horizontal(*(col(f"sl{k}").fill_null(False) for k in range(max_n)))))

    def _approximate(self, win: pl.DataFrame, cands: list[list[Candidate]], floor: float | None,
                     fi: pl.Series, words: pl.Series, floored: int | None = None) -> None:
        """(*win*: hashed windows, see `_windows`; *words*: the tokens' words; *floored*: the floor is
        only for texts numbered below it, when given.)"""
        found = self._resolve(win, fi, words, floor, floored)
        low = None  # the found n-grams whose hits all stay below the floor (then not kept)
        if floor is not None and self.most is not None:
            if floored is None:
                found = [(key, got) for key, got in found if max([h[6] for h in got]) >= floor]
            else:
                low = [max([h[6] for h in got]) < floor for _, got in found]
        if not found:
            return
        hits = [got for _, got in found]
        table = pl.DataFrame({"kh": [kh for kh, _ in found], "hid": range(len(found))},
                             schema={"kh": pl.UInt64, "hid": pl.Int64})
        hit = win.join(table, on="kh")
        if low is not None and any(low):
            hit = hit.filter(~pl.Series(low).gather(hit["hid"]) | (hit["rec"] >= floored))
        hit = hit.sort("rec", "pos", "n")
        if floored is None:
            floored = len(cands)
        for r, i, n, a, b, hid in zip(hit["rec"].to_list(), hit["pos"].to_list(), hit["n"].to_list(),
                                      hit["s"].to_list(), hit["b"].to_list(), hit["hid"].to_list()):
            out = cands[r]
            for form, method, sim, prior, why, right, most in hits[hid]:
                if floor is not None and most < floor and r < floored:
                    continue
                out.append(Candidate(i, i + n, a, b, form, method, "asr-error", sim, prior, why, right))

    def _sounds(self, new: pl.DataFrame) -> dict[int, tuple[list[Form], list[float]]]:
        """The forms each row of *new* (from `_features`) may sound like, with their similarity:
        the pairs the sieve leaves, scored for the whole batch at once (qa.detect.bulk). Rows
        with none are left out. So are the forms below PHONETIC_MIN of a row not *plain*: the lookup
        drops such a form, and its being near only matters to the heard-right test, which is not
        made for words like these (a third of the pairs scored)."""
        near: dict[int, tuple[list[Form], list[float]]] = {}
        pairs = self.sieve.pair_ids(new)
        if not pairs.height:
            return near
        rows, fids = pairs["row"], pairs["fid"]
        keys = (new["ck"].to_list(), new["vk"].to_list(), new["sp"].to_list(),
                new["ck"].str.len_chars().fill_null(0).cast(pl.Int64).to_numpy())
        keep, sims = sound_scores(rows.to_numpy(), fids.to_numpy(), keys, self.sieve.form_arrays(), PHONETIC_MIN)
        rows, fids = rows.gather(keep), fids.gather(keep)
        ok = (pl.Series(sims, dtype=pl.Float64) >= PHONETIC_MIN) | new["plain"].gather(rows)
        if not ok.all():
            rows, fids, sims = rows.filter(ok), fids.filter(ok), list(compress(sims, ok.to_list()))
        if not rows.len():
            return near
        # the pairs come by row (`Sieve.pairs`' order): each row's forms and similarities are one
        # slice of the lists (a list append per pair cost ~1% of a scan)
        np = _numpy()
        at = rows.to_numpy()
        forms = self.sieve.form_objects()[fids.to_numpy()].tolist()
        cut = [0, *(np.flatnonzero(at[1:] != at[:-1]) + 1).tolist(), len(at)]
        for r, a, b in zip(at[cut[:-1]].tolist(), cut, cut[1:]):
            near[r] = (forms[a:b], sims[a:b])
        return near

    def _resolve(self, win: pl.DataFrame, fi: pl.Series, words: pl.Series, floor: float | None = None,
                 floored: int | None = None) -> list[tuple[int, tuple]]:
        """The distinct n-grams of *win* (hashed windows) that hit a form, by their hash, with their
        hits: those never seen before looked up (in Python), and remembered by their words joined
        (*words*: the tokens'; *fi*: see `_features`).

        With a *floor* (for the texts numbered below *floored*, if given), an n-gram of those texts
        only whose forms all sound too little alike for any hit to reach it is not looked up: it
        has no hits there, and is remembered as BELOW (a fifth of the lookups)."""
        # one window of each n-gram: any, they have the same words. The memo is keyed by their hash
        # (as the windows are joined with what is found, below): their words joined are made only
        # for the new ones, which the lookup reads (joining every distinct n-gram's was ~1.5% of a scan)
        each = win.select("kh", "at", "n").unique("kh")
        # the n-grams known to have no hits are left out first, in C: most of a batch's
        known = self.unfound.contains(each["kh"].to_numpy())
        if known.any():
            each = each.filter(pl.Series(~known))
        khs = each["kh"].to_list()
        memo = self.memo
        got = memo.get_many(khs)
        # (by compress and filter, in C: a batch asks some 30,000 keys, and few have hits)
        found = list(zip(compress(khs, got), filter(None, got)))
        fresh = list(compress(range(len(khs)), map(is_, got, repeat(None))))
        low = floor is not None and floor >= BELOW_FLOOR and self.most is not None and \
            most_apply(self.finder.prior, self.most)
        # the n-grams also in texts without the floor (the joins): looked up in full
        unfloored = set(win.filter(pl.col("rec") >= floored)["kh"].to_list()) if low and floored is not None \
            else ()
        # BELOW is no hits for a floored use only: for any other, an n-gram never looked up
        below = list(compress(range(len(khs)), map(is_, got, repeat(BELOW))))
        if below and not low:
            fresh += below
        elif below and unfloored:
            fresh += [k for k in below if khs[k] in unfloored]
        # (so are hits that lack those below the floor, and they are not found as they are)
        part = list(compress(range(len(khs)), map(is_, map(type, got), repeat(_Floored))))
        if part and (not low or unfloored):
            again = part if not low else [k for k in part if khs[k] in unfloored]
            if again:
                fresh += again
                drop = {khs[k] for k in again}
                found = [f for f in found if f[0] not in drop]
        if not fresh:
            return found
        khs = [khs[k] for k in fresh]  # (by row of `new`)
        each = each[fresh]
        new = self._features(each.with_columns(key=_joined(each, words, self.finder.max_n)), fi)
        finder = self.finder
        want_f, want_p = self.want_f, self.want_p
        height = new.height
        keys = new["key"].to_list()
        near = self._sounds(new) if want_p else {}
        fuzzy = new["fz"].to_list() if want_f else [False] * height
        # near-spellings: all n-grams of the batch scored at once; rapidfuzz is asked one by one
        # only where that found a form, and the answer is handed to the lookup
        asked = [k for k in range(height) if fuzzy[k]]
        spelled: list[list] = [[]] * height
        if asked:
            squashed = new["sq"].to_list()
            for k, ok in zip(asked, spellings_possible(finder.index, [squashed[k] for k in asked], FUZZY_CUTOFF)):
                if ok:
                    spelled[k] = finder.near_spellings(squashed[k])
        hits: list[tuple] = [()] * height
        found_new = []
        letters = letters_apply(finder.prior)
        # (and those of letters' names written as words: `GlossaryIndex.letters_said`)
        # (None: not asked here, the lookup asks; only n-grams of one odd word or with a letter's
        # name are asked at all, there as here)
        lettered: list[tuple | None] = [None] * height
        if want_p:
            for k in compress(range(height), new["lt"].to_list()):
                lettered[k] = _lettered(finder.index, keys[k].split(SEP))
        looked = [k for k in range(height) if k in near or spelled[k] or lettered[k]]
        if looked:
            cols = [new[c].gather(looked).to_list() for c in ("ck", "vk", "sp", "syl", "sq", "plain")]
        for k, facts in zip(looked, zip(*cols) if looked else ()):
            # (a row not plain is near only forms of PHONETIC_MIN or more: `_sounds`)
            forms, sims = near.get(k, ((), None))
            if low and forms and not spelled[k] and not lettered[k] and sound_most(max(sims)) + 1e-9 < BELOW_FLOOR \
                    and khs[k] not in unfloored and not any(f.spoken == facts[2] for f in forms) \
                    and sound_most(_raised(facts, forms, sims, keys[k].split(SEP))) + 1e-9 < BELOW_FLOOR:
                # (nor said exactly like a form: `lookup` keeps that whatever the similarity; nor
                # one that weak sounds make more alike than bulk scoring says: `_raised`)
                hits[k] = BELOW
                continue
            ws = keys[k].split(SEP)
            infos = word_infos(ws)
            if letters and forms and not spelled[k] and not lettered[k] and letters_unheard(ws, infos, forms, facts[2]):
                continue
            # (hits no floored use keeps are left out where only such uses are: `_Floored`)
            looked_up = finder.lookup(Tokens("", ws, infos), 0, len(ws), want_f, want_p,
                                      tuple(forms) if forms else (), spelled[k], sims, facts,
                                      _unreachable if low and khs[k] not in unfloored else None, lettered[k])
            if looked_up:
                # with the most each hit can score (a span said exactly like a form: always kept)
                most = self.most
                hits[k] = got = (_Floored if type(looked_up) is Floored else tuple)(
                    (*h, INF if h[5] or most is None else most(h[0], h[1], h[2], h[3])) for h in looked_up)
                found_new.append((khs[k], got))
            elif type(looked_up) is Floored:
                hits[k] = BELOW
        # (an empty tuple: no hits for any use, unlike BELOW)
        none = [type(h) is tuple and not h for h in hits]
        self.unfound.add(_numpy().fromiter(compress(khs, none), dtype="uint64"))
        rest = list(compress(zip(khs, hits), map(not_, none)))
        memo.set_many(rest, len(rest))
        return found + found_new
