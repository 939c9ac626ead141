"""Scoring a candidate in its context into [0, 1], with the reasons said in words.

Evidence for a mishearing: the span sounds or looks like the term; the entry's `require` words are
near; the term (correctly heard) or other terms of the glossary occur elsewhere in the same video —
sticky context: a video that says BERT twice makes 'bird' likelier; the heard words are odd English.
Evidence against: an `exceptions` phrase around the span; the heard words are ordinary, frequent
English ('against', 'made', 'edit'), which then need strong context.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from wordfreq import zipf_frequency

from qa.detect.candidates import Candidate, Token, Tokens, form_words
from qa.phonetics import NUMBER_WORDS, consonants, word_key
from qa.detect.context_words import STOPWORDS
from qa.glossary import Entry, normalize

WINDOW = 12
PHONETIC_FLOOR = 0.6  # similarity at which a sounds-alike starts to count  # words either side in which `require` words count


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is in ordinary English (log10 per billion words; 'the' ~7.7, 'bird' ~4.6)."""
    return zipf_frequency(word, "en")


@dataclass
class VideoContext:
    """What the whole video says: correct mentions of glossary entries (title included)."""

    mentions: Counter = field(default_factory=Counter)  # id(entry) -> count
    words: set = field(default_factory=set)  # lowercase tokens said in the video

    @property
    def technical(self) -> int:
        return len(self.mentions)


class EntryRules:
    """An entry's context rules, compiled once."""

    def __init__(self, e: Entry):
        self.require = _phrase_regex(e.require)
        # plain words and phrases only match a window that holds their first word, lowercase: a
        # substring test rules most windows out before the (case-blind, so slower) regex search
        self.require_firsts = None if any(_is_regex(it) for it in e.require) else \
            tuple({re.split(r"[\s-]+", it.lower())[0] for it in e.require})
        self.require_words = {w.lower() for w in e.require if re.fullmatch(r"[A-Za-z0-9-]+", w)}
        self.exceptions = [normalize(x) for x in e.exceptions if normalize(x)]


def _is_regex(item: str) -> bool:
    return any(ch in item for ch in "\\[]()^$*+?|{}")


def _phrase_regex(items: list[str]):
    if not items:
        return None
    parts = []
    for it in items:
        if _is_regex(it):
            parts.append(f"(?:{it})")
        else:
            # 'model' also counts 'models'; spaces and hyphens are interchangeable in transcripts
            parts.append(r"\b" + r"[\s-]*".join(re.escape(w) for w in re.split(r"[\s-]+", it.lower())))
    return re.compile("|".join(parts), re.IGNORECASE)


class Scorer:
    def __init__(self) -> None:
        self._rules: dict[int, EntryRules] = {}
        self._term_z: dict[int, float] = {}
        self._number_sounds: dict[int, tuple] = {}  # id(form) -> (form, keys of the number words it says)

    def rules(self, e: Entry) -> EntryRules:
        r = self._rules.get(id(e))
        if r is None:
            r = self._rules[id(e)] = EntryRules(e)
        return r

    def prior(self, form, method: str, sim: float, heard: list[Token]) -> tuple[float, str] | None:
        """The part of the score that does not depend on where the span occurs (memoised per n-gram).

        None when the span can never be a finding."""
        reasons: list[str] = []
        if method == "variant":
            s = 0.95 if form.safe else 0.7
            reasons.append(f"known mishearing {form.text!r}" + (" (safe)" if form.safe else ""))
        elif method == "phonetic":
            s = 0.8 * max(0.0, (sim - PHONETIC_FLOOR) / (1 - PHONETIC_FLOOR))
            reasons.append(f"sounds like {form.text!r} (similarity {sim:.2f})")
            short = min(len(form.ckey) + 1, len(form.vkey))  # consonants, and a vowel if it has one
            if short <= 4:
                s -= 0.2 if short <= 3 else 0.05  # short keys sound like many words
            if form.spelled and not any(_odd(t) for t in heard):
                # letter names sound like many everyday phrases ('you know' ~ 'N Y U'); ASR that heard
                # letters writes capitals, consonant strings or odd words
                return None
        else:
            s = 0.8 * max(0.0, (sim - 0.75) / 0.25)
            reasons.append(f"spelled like {form.text!r} (similarity {sim:.2f})")
        adj = self._rarity(heard, form, method, reasons)
        if adj is None:
            return None
        return s + adj, "; ".join(reasons)

    def score(self, c: Candidate, toks: list[Token], video: VideoContext) -> tuple[float, str]:
        """The prior plus what the record and the video around the span say."""
        e = c.entry
        rules = self.rules(e)
        s = c.prior
        reasons: list[str] = [c.why]
        # context can make a good match likely, but not a poor one good
        weight = 1.0 if c.method == "variant" else min(1.0, max(0.0, (c.sim - 0.8) / 0.12))

        if rules.exceptions:
            lo, hi = max(0, c.first - 4), min(len(toks), c.last + 4)
            around = "".join(_norms(toks, lo, hi))
            for x in rules.exceptions:
                if x in around:
                    return 0.0, f"exception {x!r} around the span"

        if rules.require is not None:
            lo, hi = max(0, c.first - WINDOW), min(len(toks), c.last + WINDOW)
            left, right = _window(toks, lo, c.first), _window(toks, c.last, hi)
            m = None
            firsts = rules.require_firsts
            low = f"{left}\n{right}".lower() if firsts is not None else ""
            if firsts is None or any(w in low for w in firsts):
                m = rules.require.search(left) or rules.require.search(right)
            if m:
                s += 0.1 * weight
                reasons.append(f"context word {m.group().strip()!r} nearby")
            elif rules.require_words & video.words:
                s -= 0.15
                reasons.append("context words only elsewhere in the video")
            else:
                s -= 0.4
                reasons.append("no context word nearby")

        mentions = video.mentions.get(id(e), 0)
        if mentions:
            s += min(0.2, 0.1 + 0.03 * mentions) * weight
            reasons.append(f"{e.term} said correctly {mentions}x in this video")
        elif video.technical >= 3:
            s += 0.05 * weight
            reasons.append(f"technical video ({video.technical} glossary terms)")
        return max(0.0, min(1.0, s)), "; ".join(reasons)

    def _rarity(self, heard: list[Token], form, method: str, reasons: list[str]) -> float | None:
        words = [t.norm for t in heard if t.norm.isalpha()]
        if not words:
            return 0.0
        adj = 0.0
        if method != "variant" and len(heard) > 1:
            # a function word that sounds like part of the term is part of it: 'GPT to' for GPT-2
            known = self._number_sounds.get(id(form))
            if known is None:  # the form is kept with its sounds, so its id is never reused
                known = self._number_sounds[id(form)] = \
                    (form, {consonants(word_key(w)) for w in form.spoken_words if w in NUMBER_WORDS})
            sounds = known[1]
            edges = sum(1 for t in (heard[0], heard[-1]) if t.norm in STOPWORDS
                        and consonants(t.vkey) not in sounds)
            if all(t.norm in STOPWORDS for t in heard):
                return None  # only function words
            if edges:
                reasons.append("starts or ends with a function word")
                adj -= 0.15 * edges
        if method == "variant" and len(heard) > 1:
            return adj  # a listed multi-word mishearing is specific enough
        letters = [t.text for t in heard if _spelled_letters(t.text)]
        if letters:
            # ASR writes capital letters when it hears letter names: 'Alice T', 'wave are an N'
            reasons.append(f"spelled letters {letters[0]!r}")
            return adj + 0.1
        zs = [zipf(w) for w in words]
        odd = [w for w, z in zip(words, zs) if z < 2.0 and len(w) > 1]
        if odd:
            reasons.append(f"unusual word {odd[0]!r}")
            return adj + 0.1
        # ordinary words need more evidence, unless the term is made of ordinary words too
        term_z = self.term_zipf(form.entry)
        hz = min(zs)
        if hz < (3.0 if len(words) == 1 else 4.0) or hz <= term_z or \
                (len(words) > 1 and set(words) & set(form_words(form.text))):  # 'training lost'
            return adj
        if len(words) == 1:
            reasons.append(f"{words[0]!r} is a common word")
            return adj - (0.1 if hz < 4.0 else 0.25 if hz < 5.0 else 0.4)
        reasons.append("all heard words are common")
        return adj - 0.2

    def term_zipf(self, e: Entry) -> float:
        r = self._term_z.get(id(e))
        if r is None:
            words = [w.lower() for w in re.findall(r"[A-Za-z]+", e.term)]
            # acronyms (LSTM, FAIR) are not ordinary words even when they spell one
            r = 0.0 if not words or any(w.isupper() for w in re.findall(r"[A-Za-z]+", e.term)) \
                else min(zipf(w) for w in words)
            self._term_z[id(e)] = r
        return r


def _window(toks, lo: int, hi: int) -> str:
    if isinstance(toks, Tokens):
        return " ".join(toks.words[lo:hi])
    return " ".join([t.text for t in toks[lo:hi]])


def _norms(toks, lo: int, hi: int) -> list[str]:
    if isinstance(toks, Tokens):
        return [info[0] for info in toks.infos[lo:hi]]
    return [t.norm for t in toks[lo:hi]]


def _odd(t: Token) -> bool:
    if _spelled_letters(t.text) or (t.norm.isalnum() and not t.norm.isalpha() and not t.norm.isdigit()):
        return True
    return t.norm.isalpha() and len(t.norm) > 1 and zipf(t.norm) < 2.5


def _spelled_letters(text: str) -> bool:
    return text.isalpha() and text.isupper() and len(text) <= 5 and text not in ROMAN


ROMAN = frozenset("I A II III IV V VI VII VIII IX X XI XII".split())
