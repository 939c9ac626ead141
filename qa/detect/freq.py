"""How common a word is in English: `zipf(word)` == `wordfreq.zipf_frequency(word, "en")`, cheaper.

Importing wordfreq (langcodes, ftfy, regex) and building its English table on the first call cost
~0.3-0.5 s of every run. Scanning only asks about lowercase ASCII words ('bird', 'pretrain'), and
for those wordfreq's answer depends on the word's frequency bucket alone: the word is its own
only token. So the buckets of every such word are kept in the user cache (qa.detect.cache) as one
string and one array per three-letter prefix, turned into a dict only for the prefixes a run meets.
Any other word (digits, capitals, non-ASCII) is asked of wordfreq itself, imported then.

tests/test_detect_cache*.py holds the values to wordfreq's on the bench corpus's vocabulary.
"""

from __future__ import annotations

from array import array

from qa.detect import cache

PREFIX = 3  # letters that name a shard: ~8k shards of ~35 words, each cheap to turn into a dict

# words outside the table that scans ask about most ('don't' heard, '2' of a form's words): their
# answers are kept with the compiled glossary (qa.detect.compiled), so a process that meets one
# does not import wordfreq for it (~0.3 s)
COMMON_OTHER = (*"""it's don't i'm you're that's can't i've didn't he's there's doesn't they're i'll isn't we're
    i'd won't wasn't she's you'll what's wouldn't let's you've haven't couldn't aren't we've here's we'll ain't
    who's you'd shouldn't they've hasn't they'll weren't it'll he'd he'll we'd hadn't they'd""".split(),
                *(str(n) for n in range(101)))

_table = None  # (values, shards) once loaded; False: no table, ask wordfreq
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
        v = _other[word] = _wordfreq(word)
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


def _wordfreq(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


_missing = 0.0  # set with the table: the value of a lowercase word wordfreq does not know


def _shard(prefix: str) -> dict[str, float] | None:
    global _table, _missing
    if _table is None:
        _table = _load_table()
        if _table:
            _missing = _table[2]
    if not _table:
        return None
    values, shards, _ = _table
    words, ids = shards.get(prefix, ("", b""))
    bucket = array("H")
    bucket.frombytes(ids)
    d = _dicts[prefix] = dict(zip(words.split(), [values[i] for i in bucket])) if words else {}
    return d


def _key() -> str:
    return cache.digest("wordfreq-en", cache.environment())


NAME = "wordfreq-en.pickle"
OTHER = "wordfreq-en-other.pickle"  # wordfreq's answers for words outside the table


def _load_table():
    """(zipf value per bucket, prefix -> (words, bucket numbers), the value of an unknown word);
    False when there is no cache to keep it in (then building it would not pay: ask wordfreq)."""
    key = _key()
    table = cache.load(NAME, key)
    if isinstance(table, tuple) and len(table) == 3:
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
        if not (w.isascii() and w.isalpha() and w.islower()):
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
    return values, shards, zipf_frequency(unknown, "en")
