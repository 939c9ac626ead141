"""A term that begins with the letter N said by its name ('en vidia', 'n-gram') heard as 'and'
where no 'and' can go: right after an article or a preposition ('from and video', 'the and gram
model'). English puts no conjunction there, so the 'and' is a sound ASR made a word of, and what
follows is read with it as the term's 'en': an everyday word ('video', 'gram') is then evidence
enough when the two sound exactly like the term. Nothing is looked up for an 'and' where English
puts one ('audio and video'). The same 'en' is heard as 'in' right after a preposition that
takes no other ('at in video', 'from in video')."""

from __future__ import annotations

from typing import Sequence

from qa.glossary import Entry
from qa.phonetics import LETTER_NAMES, join_keys, spoken_words, syllables, tokens, word_key

SCORE = 0.75
# words after which English says no 'and' (an article, a preposition, a possessive)
# (not 'this' or 'that', pronouns too: 'this and that')
NO_AND_AFTER = frozenset("the a an from by of with at in on for to into onto via our their its his her your "
                         "my".split())
# the words 'en' is heard as, beside 'and' ('an' is an article: 'an video' is rare)
AND = "and"
# ... and 'in', where English says no 'in': right after a preposition that takes no other ('at in
# video', 'from in video'). Not after 'in', 'on', 'for', 'to' ('going on in video models', 'in in'
# said twice), nor after an article or a possessive ('the in-video ads')
IN = "in"
NO_IN_AFTER = frozenset("from by of with at via".split())
_NAMES = frozenset(LETTER_NAMES.values())


def _rest_keys(entries: Sequence[Entry]) -> dict[str, tuple[Entry, int]]:
    """The key of what a form says after its leading 'en' -> its entry and the beats of that rest
    ('vidia' of 'en vidia' for NVIDIA, 2; 'gram' of n-gram, 1); a key two entries share is left out."""
    out: dict[str, Entry | None] = {}
    beats: dict[str, int] = {}  # (the beats of the rest: see `LeadingN._rest`)
    for e in entries:
        for form in (*e.correct_forms, *e.spoken):
            words = [w for t in tokens(form) for w in spoken_words(t)]
            if len(words) < 2 or words[0] not in ("en", "n") or all(w in LETTER_NAMES or w in _NAMES for w in words[1:]):
                continue  # (letters only after it, 'en em es': any everyday word sounds like two letters)
            key = join_keys(word_key(w) for w in words[1:])
            if len(key.replace("A", "")) < 2:
                continue  # (a short rest sounds like too many words)
            out[key] = e if out.get(key, e) is e else None
            beats[key] = sum(syllables(w) for w in words[1:])
    return {k: (e, beats[k]) for k, e in out.items() if e is not None}


class LeadingN:
    def __init__(self, entries: Sequence[Entry]):
        self.rest = _rest_keys(entries)

    def hits(self, toks, text: str, cands=()) -> list[tuple[int, int, Entry, float, str, int, int]]:
        """(first, last, entry, score, why, context's first and last) of each 'and' or 'in' heard for 'en'."""
        words = toks.words
        out = []
        infos = None
        n = len(words)
        for heard, after in ((AND, NO_AND_AFTER), (IN, NO_IN_AFTER)):
            i = 0
            while True:
                try:  # (the 'and's of a text, found in C: most texts say several, nearly none after 'the')
                    i = words.index(heard, i + 1)
                except ValueError:
                    break
                if i >= n - 1 or words[i - 1].lower() not in after:
                    continue
                infos = infos or toks.infos
                hit = self._rest(infos, words, i, n)
                if hit is not None:
                    out.append(hit)
        return out

    def _rest(self, infos: list[tuple], words: list[str], i: int, n: int) -> tuple | None:
        """The hit of the words after the 'en' heard as words[i] that sound like a term's rest, or None."""
        if infos[i + 1][4]:
            return None  # ('from and to': a list of function words)
        for j in (i + 2, i + 3):
            if j > n or any(t[4] for t in infos[i + 1:j]):
                break
            hit = self.rest.get(join_keys(word_key(w) for t in infos[i + 1:j] for w in t[1]))
            # ... with as many beats: ASR hears beats, so 'of in fed' is no NVIDIA ('vidia' has two)
            if hit is not None and sum(t[3] for t in infos[i + 1:j]) == hit[1]:
                e = hit[0]
                why = (f"{words[i]!r} after {words[i - 1]!r}, where English says none, is the letter N said "
                       f"'en': sounds like {e.term!r}")
                return (i, j, e, SCORE, why, i - 1, j)
        return None
