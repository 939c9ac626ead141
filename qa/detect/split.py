"""A name ASR did not know, written as the everyday words it sounds like.

Spelled letter for letter like a correct form once the spaces are gone, "Ian good fellow", "Sham ka
kade", "bar low twins" or "hutch in sons trace estimator" look like normalizations (only spacing
differs). They are not: a recogniser that knows a word writes it whole, so a name's word cut into
pieces where it has no capital, hyphen or digit of its own to cut at (as "word net" for WordNet,
"pixel cnn" for PixelCNN have) is a name it did not know, heard as the words it sounds like: an
asr-error, scored as a sounds-alike heard exactly, whatever the pieces' case ("Hugo la Rochelle",
"detect Ron"). A hyphen written between the pieces ("mid-journey") is a hyphenation; capitals that
make a piece an acronym ("GAN in" for Ganin) are a term heard right beside a word.

A one-word name made of two everyday words ("pine cone" for Pinecone, "data bricks" for Databricks,
"data flow" for Dataflow) is the exception: each piece is a word of its own that the recogniser
knew, cut where the compound has its seam, so the name was heard right and written apart, as
"data set" is for dataset: a normalization. Short pieces are no such words, only syllables ASR
made words of ("mid journey", "con former", "ten cent" stay asr-errors).
"""

from __future__ import annotations

import re

from qa.detect.freq import zipf
from qa.detect.tokens import TOKEN

__all__ = ["split_name"]

# a name's word: one capital, then at least three lowercase letters (a possessive kept): 'Goodfellow',
# "Hutchinson's"; not CamelCase ('WordNet', cut at its capital), not an acronym ('DDPM')
NAME_WORD = re.compile(r"[A-Z][a-z]{3,}(?:['’]s)?")
COMPOUND_PIECE = 4  # letters of a piece that is a word of a compound name, not a syllable ('mid', 'con')
COMPOUND_ZIPF = 3.5  # ... and how common it is in English: a word the recogniser knows


def _squashed(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


# form text -> whether a word of it is a name's (NAME_WORD): where none is, nothing is cut. Most spans
# asked are mentions of terms of lowercase words ('neural network'), each asked in every video
_NAMED: dict[str, bool] = {}
# (span's text, form text) -> `split_name`: the same names are heard cut the same way again
_SPLIT: dict[tuple[str, str], bool] = {}
SPLIT_LIMIT = 50_000  # spans remembered; cleared when full: flat memory


def split_name(text: str, start: int, end: int, form_text: str) -> bool:
    """Whether the words of text[start:end], which spell *form_text* once squashed, cut one of its
    names' words into pieces (see the module's doc)."""
    named = _NAMED.get(form_text)
    if named is None:
        named = _NAMED[form_text] = any(NAME_WORD.fullmatch(w) for w in TOKEN.findall(form_text))
    if not named:
        return False
    # (a function of the span's text alone: its tokens, and the gaps between them, lie inside it)
    key = (text[start:end], form_text)
    got = _SPLIT.get(key)
    if got is None:
        if len(_SPLIT) >= SPLIT_LIMIT:
            _SPLIT.clear()
        got = _SPLIT[key] = _split_name(key[0], form_text)
    return got


def _split_name(text: str, form_text: str) -> bool:
    heard = list(TOKEN.finditer(text))
    if len(heard) < 2 or "".join(_squashed(m.group()) for m in heard) != \
            "".join(_squashed(w) for w in TOKEN.findall(form_text)):
        return False
    cuts: dict[int, int] = {}  # squashed offset where a heard word ends -> its index
    at = 0
    for k, m in enumerate(heard):
        at += len(_squashed(m.group()))
        cuts[at] = k
    at = 0
    for w in TOKEN.findall(form_text):
        a, at = at, at + len(_squashed(w))
        if not NAME_WORD.fullmatch(w) or a not in cuts and a != 0 or at not in cuts:
            continue
        first = 0 if a == 0 else cuts[a] + 1
        last = cuts[at]
        if last == first:
            continue  # heard whole
        pieces = heard[first:last + 1]
        if any(not _squashed(p.group()).isalpha() or (p.group().isupper() and len(p.group()) > 1) for p in pieces):
            continue
        if any(text[p.end():q.start()].strip() for p, q in zip(pieces, pieces[1:])):
            continue  # a hyphen between them: 'mid-journey'
        if _compound_seam(pieces, form_text):
            continue
        return True
    return False


def _compound_seam(pieces: list, form_text: str) -> bool:
    """Whether *pieces* are the two everyday words a one-word name is a compound of ('pine cone' for
    Pinecone): written apart at the seam, not heard as other words (module doc)."""
    if len(pieces) != 2 or len(TOKEN.findall(form_text)) != 1:
        return False
    words = [p.group() for p in pieces]
    return all(w.isalpha() and w.islower() and len(w) >= COMPOUND_PIECE and zipf(w) >= COMPOUND_ZIPF for w in words)
