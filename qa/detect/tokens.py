"""Tokens of a text and the facts about each distinct word, computed once and cached.

A token is a run of letters and digits, with an apostrophe suffix ('LSTM's', 'nan's'). Facts per
word: lowercase form, spoken words, phonetic key, syllables, whether it is a function word, and how
odd it is (odd words may start long mishearings; see `CandidateFinder.approximate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from qa.detect.context_words import STOPWORDS
from qa.phonetics import collapse, consonants, join_keys, spoken_words, syllables, word_key

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
MEMO_LIMIT = 150_000  # words (and n-grams, in the finder) remembered; cleared when full: flat memory
TRIGGER_ZIPF = 2.0  # words rarer than this may be part of a long mishearing ('a deck Tobias')


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str  # lowercase letters and digits
    spoken: tuple[str, ...]
    vkey: str
    syllables: int
    stop: bool  # a function word
    trigger: bool  # odd enough to start a long n-gram: rare word, capital letters, letters+digits
    uncommon: bool  # a trigger, or a word rarer than everyday vocabulary
    ckey: str  # consonant key when the word begins a phrase
    inner: str  # consonant key when it continues one (its vowels dropped)


_token_cache: dict[str, tuple] = {}


def _token_info(text: str) -> tuple:
    info = _token_cache.get(text)
    if info is None:
        norm = text.lower().replace("'", "").replace("’", "")
        spoken = spoken_words(text)
        vkey = join_keys(word_key(w) for w in spoken)
        trigger = (text.isupper() and text not in ("I", "A")) or (not norm.isalpha() and not norm.isdigit()) or \
            (norm.isalpha() and zipf_frequency(norm, "en") < TRIGGER_ZIPF)
        info = (norm, spoken, vkey, sum(syllables(w) for w in spoken), norm in STOPWORDS, trigger,
                trigger or (norm.isalpha() and zipf_frequency(norm, "en") < 4.0),
                consonants(vkey), collapse(vkey.replace("A", "")))
        if len(_token_cache) > MEMO_LIMIT:
            _token_cache.clear()
        _token_cache[text] = info
    return info


class Tokens:
    """The tokens of one text as parallel lists (words, cached facts, spans).

    Scanning touches every token but makes candidates of few, so `Token` objects are only built on
    access (`toks[i]`, `toks[i:j]`); the hot loops read the lists.
    """

    __slots__ = ("text", "words", "infos", "_spans")

    def __init__(self, text: str, words: list[str], infos: list[tuple], spans: list[tuple[int, int]] | None = None):
        self.text, self.words, self.infos, self._spans = text, words, infos, spans

    @classmethod
    def of(cls, toks) -> "Tokens":
        """Tokens from Token objects (e.g. the joined ends of two chunks)."""
        if isinstance(toks, Tokens):
            return toks
        return cls("", [t.text for t in toks],
                   [(t.norm, t.spoken, t.vkey, t.syllables, t.stop, t.trigger, t.uncommon, t.ckey, t.inner)
                    for t in toks],
                   [(t.start, t.end) for t in toks])

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            # tokens are alphanumeric runs found in order and the gaps hold none, so each word's
            # next occurrence is the token itself (cheaper than keeping match objects)
            spans = []
            pos = 0
            find = self.text.find
            for w in self.words:
                a = find(w, pos)
                pos = a + len(w)
                spans.append((a, pos))
            self._spans = spans
        return self._spans

    def __len__(self) -> int:
        return len(self.words)

    def __bool__(self) -> bool:
        return bool(self.words)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(k) for k in range(*i.indices(len(self.words)))]
        if i < 0:
            i += len(self.words)
        return self._make(i)

    def _make(self, k: int) -> Token:
        a, b = self.spans[k]
        return Token(a, b, self.words[k], *self.infos[k])

    def __iter__(self):
        return (self._make(k) for k in range(len(self.words)))

    def __add__(self, other: "Tokens") -> "Tokens":
        """The tokens of two texts in a row, for context that runs on into the next chunk (the spans
        then refer to two texts: use them per part)."""
        other = Tokens.of(other)
        return Tokens("", self.words + other.words, self.infos + other.infos, self.spans + other.spans)


def tokenize(text: str) -> Tokens:
    cache = _token_cache
    words = TOKEN.findall(text)
    return Tokens(text, words, [cache.get(w) or _token_info(w) for w in words])
