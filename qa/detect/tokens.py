"""Tokens of a text and the facts about each distinct word, computed once and cached.

A token is a run of letters and digits, with an apostrophe suffix ('LSTM's', 'nan's'). Facts per
word: lowercase form, spoken words, phonetic key, syllables, whether it is a function word, and how
odd it is (odd words may start long mishearings; see `CandidateFinder.approximate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.detect.context_words import STOPWORDS
from qa.detect.freq import zipf
from qa.phonetics import SAID_LETTERS, collapse, consonants, join_keys, spoken_words, syllables, word_key

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
MEMO_LIMIT = 150_000  # words (and n-grams, in the finder) remembered; cleared when full: flat memory
TRIGGER_ZIPF = 2.0  # words rarer than this may be part of a long mishearing ('a deck Tobias')
# ... and so may a letter's name written as a word that is no everyday word ('pee pee oh' for PPO;
# not 'you', 'see', 'oh'), or a letter written in lowercase on its own ('pee pee o'): ASR writes them
# where a speaker spells. Not names beginning with a vowel ('es', 'en', 'el', 'ef'): those run on into
# the words around them, as a plural's 's' or 'and' ('when you es', 'we were es' for NYU's, WERs)
LETTER_TRIGGER_ZIPF = 4.0


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
        z = zipf(norm) if norm.isalpha() else None
        trigger = (text.isupper() and text not in ("I", "A")) or (not norm.isalpha() and not norm.isdigit()) or \
            (z is not None and (z < TRIGGER_ZIPF or (norm in SAID_LETTERS and text.islower() and
                                                     SAID_LETTERS[norm][0] not in "aeiou" and
                                                     (z < LETTER_TRIGGER_ZIPF or len(norm) == 1))))
        info = (norm, spoken, vkey, sum(syllables(w) for w in spoken), norm in STOPWORDS, trigger,
                trigger or (z is not None and z < 4.0),
                consonants(vkey), collapse(vkey.replace("A", "")))
        if len(_token_cache) > MEMO_LIMIT:
            _token_cache.clear()
        _token_cache[text] = info
    return info


class Tokens:
    """The tokens of one text as parallel lists (words, cached facts, spans).

    Scanning touches every token but makes candidates of few, so `Token` objects are only built on
    access (`toks[i]`, `toks[i:j]`); the hot loops read the lists. Facts and spans are worked out
    when first read: a batch scan (qa.detect.batch) never needs them for most records, and gives
    the spans as two lists (*se*: starts, ends) when it has them; starts None: each is its end less
    its word's length (`_Starts`).
    """

    __slots__ = ("text", "words", "_infos", "_spans", "_se", "_parts")

    def __init__(self, text: str, words: list[str], infos: list[tuple] | None = None,
                 spans: list[tuple[int, int]] | None = None,
                 se: tuple[list[int], list[int]] | None = None, parts: tuple | None = None):
        self.text, self.words, self._infos, self._spans, self._se = text, words, infos, spans, se
        self._parts = parts  # (a, b) when this is a + b: facts and spans are theirs, joined when read

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
    def infos(self) -> list[tuple]:
        if self._infos is None:
            self._infos = self._parts[0].infos + self._parts[1].infos if self._parts else word_infos(self.words)
        return self._infos

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            if self._parts:
                self._spans = self._parts[0].spans + self._parts[1].spans
                return self._spans
            if self._se is not None:
                self._spans = list(zip(self.starts, self._se[1]))
                return self._spans
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

    @property
    def starts(self) -> "list[int] | _Starts":
        se = self._se
        if se is not None:
            return se[0] if se[0] is not None else _Starts(self.words, se[1])
        return [a for a, _ in self.spans]

    @property
    def ends(self) -> list[int]:
        return self._se[1] if self._se is not None else [b for _, b in self.spans]

    def start(self, k: int) -> int:
        """`starts[k]`, without a list (or `_Starts`) of them all: a finding's context reads two."""
        se = self._se
        if se is not None:
            return se[0][k] if se[0] is not None else se[1][k] - len(self.words[k])
        return self.spans[k][0]

    def end(self, k: int) -> int:
        """`ends[k]` (see `start`)."""
        return self._se[1][k] if self._se is not None else self.spans[k][1]

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
        if self._se is not None:
            b = self._se[1][k]
            a = self._se[0][k] if self._se[0] is not None else b - len(self.words[k])
        else:
            a, b = self.spans[k]
        w = self.words[k]
        info = self._infos[k] if self._infos is not None else (_token_cache.get(w) or _token_info(w))
        return Token(a, b, w, *info)

    def __iter__(self):
        return (self._make(k) for k in range(len(self.words)))

    def __add__(self, other: "Tokens") -> "Tokens":
        """The tokens of two texts in a row, for context that runs on into the next chunk (the spans
        then refer to two texts: use them per part). Only the words are joined at once: choosing
        mostly reads words, and facts and spans of two records cost ~30 us to join."""
        other = Tokens.of(other)
        return Tokens("", self.words + other.words, parts=(self, other))


class _Starts:
    """Where each token starts, read off its end and its word (a token is its word, character for
    character); for the few a finding's context or a join reads, no list is built."""

    __slots__ = ("words", "ends")

    def __init__(self, words: list[str], ends: list[int]):
        self.words, self.ends = words, ends

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [e - len(w) for w, e in zip(self.words[k], self.ends[k])]
        return self.ends[k] - len(self.words[k])

    def __iter__(self):
        return (e - len(w) for w, e in zip(self.words, self.ends))

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


def word_infos(words: list[str]) -> list[tuple]:
    """The cached facts of each word (see `_token_info`)."""
    # the dict asked by map (in C): nearly every word is known, and a Python loop only runs for a
    # text with a word that is not (a word's facts are a non-empty tuple: `all` finds the gaps)
    out = list(map(_token_cache.get, words))
    if not all(out):
        out = [info or _token_info(w) for w, info in zip(words, out)]
    return out


def tokenize(text: str) -> Tokens:
    words = TOKEN.findall(text)
    return Tokens(text, words, word_infos(words))
