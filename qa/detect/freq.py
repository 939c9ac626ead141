"""How common a word is in English: `zipf(word)` == `wordfreq.zipf_frequency(word, "en")`, cheaper.

Importing wordfreq (langcodes, ftfy, regex) and building its English table on the first call cost
~0.3-0.5 s of every run, and ~48 MB for the rest of the process (~14 MB of modules, ~34 MB of its
frequency dict). Scanning asks about lowercase ASCII words ('bird', 'pretrain'), and for those
wordfreq's answer depends on the word's frequency bucket alone: the word is its own only token.
So the buckets of every such word are kept in the user cache (qa.detect.cache) as one string and
one array per three-letter prefix, turned into a dict only for the prefixes a run meets.

Words of letters and digits ('gpt2', '2019', 'resnet50'), also with an apostrophe between letters
("bert's", "it'll", "lm's"), are their own only token too (but "y'all" and "f1's" are two);
wordfreq replaces each run of two or more digits by zeros, looks the result up and weighs it by
how common those digits are (`_digits`: wordfreq.numbers' formula, restated so as not to import
the package; the tests compare the two). The table holds those words as well, so a scan answers
them without wordfreq: one such word met late in a long run ("nan's" after ~380k records of the
bench corpus) used to import it and raise that process's memory by ~40 MB from then on. So are
words wordfreq splits into such tokens ("f1's"; "self-supervised", "gpt-2" at their hyphens), its
formula for several tokens restated (`_tokens`). Any other word (other punctuation, non-ASCII) is
asked of wordfreq itself, imported then.

tests/test_detect_cache*.py holds the values to wordfreq's on the bench corpus's vocabulary.
"""

from __future__ import annotations

import math
import re
from array import array
from typing import Sequence

from qa.detect import cache

PREFIX = 3  # letters that name a shard: ~8k shards of ~35 words, each cheap to turn into a dict

# words outside the table that scans ask about most ('don't' heard, '2' of a form's words): their
# answers are kept with the compiled glossary (qa.detect.compiled), so a process that meets one
# does not import wordfreq for it (~0.3 s)
COMMON_OTHER = (*"""it's don't i'm you're that's can't i've didn't he's there's doesn't they're i'll isn't we're
    i'd won't wasn't she's you'll what's wouldn't let's you've haven't couldn't aren't we've here's we'll ain't
    who's you'd shouldn't they've hasn't they'll weren't it'll he'd he'll we'd hadn't they'd""".split(),
                *(str(n) for n in range(101)))

_table = None  # (values, shards, missing, centibels) once loaded; False: no table, ask wordfreq
_dicts: dict[str, dict[str, float]] = {}  # prefix -> word -> zipf, made on first use
_other: dict[str, float] = {}  # answers of wordfreq for words outside the table's reach


def zipf(word: str) -> float:
    """How common *word* is in ordinary English (log10 per billion words; 'the' ~7.7, 'bird' ~4.6)."""
    if word.isascii() and word.isalpha() and word.islower():  # [a-z]+
        d = _dicts.get(word[:PREFIX])
        if d is None:
            d = _shard(word[:PREFIX])
        if d is not None:
            v = d.get(word)
            return v if v is not None else _missing
    v = _other.get(word)
    if v is None:
        v = _tabled(word)
        if v is None:
            v = _wordfreq(word)
        _other[word] = v
    return v


def remember(values: dict[str, float]) -> None:
    """Answers computed earlier (e.g. kept with the compiled glossary) for words outside the table."""
    _other.update(values)


def known(words: list[str]) -> dict[str, float]:
    """`zipf` of each of *words* (words outside the table: 'gpt2'), from wordfreq's earlier answers
    kept in the cache: only a word never asked before imports wordfreq (~0.6 s with its first
    call), and its answer is kept for the next time."""
    key = _key()
    kept = cache.load(OTHER, key)
    if not isinstance(kept, dict):
        kept = {}
    new = [w for w in words if w not in kept]
    out = {w: kept[w] if w in kept else zipf(w) for w in words}
    if new:
        kept.update((w, out[w]) for w in new)
        cache.save(OTHER, key, kept)
    _other.update(out)
    return out


_ALNUM = re.compile(r"[a-z0-9]+")  # (with a digit: not [a-z]+) wordfreq's one token, digits smashed
# one token: an apostrophe between letters does not split, unless after one or two characters and
# before a vowel, h or y (wordfreq's French-style elision: "y'all" is 'y' and 'all'; "ai's" is one);
# a digit before it does ('f1' and 's')
_QUOTED = re.compile(r"(?:[a-z0-9]{2,}[a-z]|[a-z0-9]?[a-z](?='[b-df-gj-np-tv-xz]))'[a-z]+")
# two tokens: an apostrophe after a digit splits ("f1's" is 'f1' and 's')
_SPLIT = re.compile(r"([a-z0-9]*[0-9])'([a-z]+)")
# several tokens: hyphens split ("self-supervised", "gpt-2", "dall-e"). Words of the field are written
# so, and the first one a process met imported wordfreq (~0.35 s of CPU and ~48 MB in every worker)
_HYPHENED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_RUN = re.compile(r"[0-9]{2,}")  # what wordfreq smashes to zeros, in words of letters and digits


def _tabled(word: str) -> float | None:
    """`zipf` of a word of letters and digits or of letters and apostrophes, from the table; None
    for any other word (or without a table). Capitals and curly apostrophes are read as wordfreq
    reads them (lowercase, straight)."""
    if not word.isascii():
        word = word.replace("\u2019", "'")
        if not word.isascii():
            return None
    if word.lower() != word:
        word = word.lower()
        if word.isalpha():
            return zipf(word)
    if _ALNUM.fullmatch(word) is None and _QUOTED.fullmatch(word) is None:
        if _HYPHENED.fullmatch(word) is not None:
            return _tokens(word.split("-"))
        two = _SPLIT.fullmatch(word)
        return None if two is None else _tokens(two.groups())
    smashed = _RUN.sub(lambda m: "0" * len(m.group()), word)
    d = _dicts.get(smashed[:PREFIX])
    if d is None:
        d = _shard(smashed[:PREFIX])
        if d is None:
            return None
    v = d.get(smashed)
    if v is None:
        return _missing
    if smashed == word:
        return v
    # wordfreq's _word_frequency and zipf_frequency, step by step (the same floats): the bucket's
    # frequency times the digits', combined as one token, at least the minimum, rounded to 3
    # significant digits, then to hundredths of a Zipf unit
    global _cb_of
    if _cb_of is None:
        _cb_of = dict(zip(_table[0], _table[3]))
    f = 10 ** (-_cb_of[v] / 100) * _digits(word)
    f = 1.0 / (0.0 + 1.0 / f)
    f = max(f, 10 ** 0.0 / 1e9)
    f = round(f, math.floor(-math.log(f, 10)) + 3)
    return round(math.log(f, 10) + 9, 2)


def _centibels(token: str) -> int | None:
    """wordfreq's frequency of one token of letters and digits, in centibels below 1 (digits smashed
    to zeros: the bucket of the word as listed); None when not listed (or without a table)."""
    if _table is None:
        _shard(token[:PREFIX])
    if not _table:
        return None
    words, ids = _table[1].get(token[:PREFIX], ("", b""))
    listed = words.split()
    if token not in listed:
        return None
    bucket = array("H")
    bucket.frombytes(ids)
    return _table[3][bucket[listed.index(token)]]


def _tokens(tokens: Sequence[str]) -> float | None:
    """`zipf` of a word wordfreq splits into *tokens* of letters and digits: at an apostrophe after a
    digit ("f1's": 'f1' and 's') or at hyphens ("self-supervised", "gpt-2"): wordfreq's
    _word_frequency over them (the reciprocal of the sum of reciprocals), then as `_tabled`
    rounds; None without a table."""
    if _table is False:
        return None
    one_over = 0.0
    for token in tokens:
        smashed = _RUN.sub(lambda m: "0" * len(m.group()), token)
        cb = _centibels(smashed)
        if cb is None:
            return None if _table is False else _missing
        f = 10 ** (-cb / 100)
        if smashed != token:
            f *= _digits(token)
        one_over += 1.0 / f
    f = 1.0 / one_over
    f = max(f, 10 ** 0.0 / 1e9)
    f = round(f, math.floor(-math.log(f, 10)) + 3)
    return round(math.log(f, 10) + 9, 2)


def _digits(word: str) -> float:
    """wordfreq.numbers.digit_freq for a word of letters and digits: each run of 2+ digits weighs
    the word by Benford's law, or by how often a year is named if it has four digits."""
    out = 1.0
    for run in _RUN.findall(word):
        if len(run) == 4:
            year = int(run)
            if year <= 2019:
                log = -1.9185 - 0.0083 * (2019 - year)
            elif year <= 2019 + 20:
                log = -1.9185
            else:
                log = -1.9185 - 0.2 * (year - (2019 + 20))
            out *= 10.0 ** log + 0.1 * _benford(run)
        else:
            out *= _benford(run)
    return out


_BENFORD = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)  # by first digit


def _benford(run: str) -> float:
    return _BENFORD[int(run[0])] / 10 ** (len(run) - 1)


def _wordfreq(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


_missing = 0.0  # set with the table: the value of a lowercase word wordfreq does not know
_cb_of: dict[float, int] | None = None  # a bucket's value -> its centibels below 1 (the table's 4th part)


def _shard(prefix: str) -> dict[str, float] | None:
    global _table, _missing, _cb_of
    if _table is None:
        _table, _cb_of = _load_table(), None
        if _table:
            _missing = _table[2]
    if not _table:
        return None
    values, shards = _table[:2]
    words, ids = shards.get(prefix, ("", b""))
    bucket = array("H")
    bucket.frombytes(ids)
    d = _dicts[prefix] = dict(zip(words.split(), [values[i] for i in bucket])) if words else {}
    return d


def _key() -> str:
    return cache.digest("wordfreq-en", cache.environment())


NAME = "wordfreq-en.2.pickle"  # (.2: with words of digits and apostrophes, and each bucket's centibels)
OTHER = "wordfreq-en-other.pickle"  # wordfreq's answers for words outside the table


def _load_table():
    """(zipf value per bucket, prefix -> (words, bucket numbers), the value of an unknown word,
    each bucket's centibels below a frequency of 1: its index in wordfreq's list);
    False when there is no cache to keep it in (then building it would not pay: ask wordfreq)."""
    key = _key()
    table = cache.load(NAME, key)
    if isinstance(table, tuple) and len(table) == 4:
        return table
    if not cache.writable():
        return False
    table = build_table()
    cache.save(NAME, key, table)
    return table


def build_table():
    """The table from wordfreq's English list (the 'best' one, as zipf_frequency reads)."""
    from wordfreq import get_frequency_list, zipf_frequency

    bucket_of: dict[str, int] = {}
    for index, words in enumerate(get_frequency_list("en")):
        for w in words:
            bucket_of[w] = index  # a word listed twice has the later (lower) frequency, as in wordfreq
    # the value of each bucket, asked of wordfreq for one of its words: exact by construction
    value_of: dict[int, float] = {}
    by_prefix: dict[str, tuple[list[str], list[int]]] = {}
    for w, index in bucket_of.items():
        # (every word `zipf` reads from the table: its own only token in wordfreq; see the module's note)
        if not (w.isascii() and w.isalpha() and w.islower()) and not _ALNUM.fullmatch(w) \
                and not _QUOTED.fullmatch(w):
            continue
        if index not in value_of:
            value_of[index] = zipf_frequency(w, "en")
        ws, ids = by_prefix.setdefault(w[:PREFIX], ([], []))
        ws.append(w)
        ids.append(index)
    buckets = sorted(value_of)
    slot = {b: k for k, b in enumerate(buckets)}
    values = [value_of[b] for b in buckets]
    shards = {p: (" ".join(ws), array("H", [slot[i] for i in ids]).tobytes()) for p, (ws, ids) in by_prefix.items()}
    unknown = "qzxj" * 3
    assert unknown not in bucket_of
    return values, shards, zipf_frequency(unknown, "en"), buckets
