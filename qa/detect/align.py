"""Where the heard words' boundaries fall in a name of several written words, one of them letters.

A name written as several words, one of them letters said by their names ('UC Berkeley', 'GPT-1',
'NVIDIA H100'), is said with a boundary between those words: ASR that heard it writes the letters
apart from the word said next to them ('UC Burkley', 'GPT won', 'you see Berkeley'). One heard word
that runs from the letters of one written word into another written word ('superclass' for 'you
see | berkeley | s', 'cpython' for 'jee pee tee | one') is a word the speaker said, which shares
the name's sounds across that boundary. (Inside one written word ASR does merge letters and a
word: 'Simclair' for SimCLR, 'waiver NN' for WaveRNN, 'Kuda DNN' for cuDNN.) Heard words are lined
up with the form's spoken words by their consonants (the lookup key's sounds), so what each heard
word covers is known.
"""

from __future__ import annotations

import re

from qa.phonetics import LETTER_NAMES, collapse, consonants, spoken_words, tokens, word_key

# the names of letters as a form's spoken words have them ('double you' is two words), and the
# letters themselves (a lowercase letter written alone: 't' of t-SNE)
LETTER_SAID = frozenset(w for name in LETTER_NAMES.values() for w in name.split()) | frozenset(LETTER_NAMES)
_VOWEL = re.compile("[aeiouy]")  # (a heard word that may run on has one)
PLURAL = "s"  # a plural's or possessive's 's': neither letters nor a word ('guns' for GAN's runs on into none)


def _keyed_units(words: list[str]) -> list[tuple[str, int]]:
    """The phrase key of *words* (spoken words) as (sound, index of the word it is of) pairs: the
    first word's consonant key, each next word's sounds without vowels, doubles at joins once
    (kept by the earlier word: 'superclass s' is keyed with one S at the end)."""
    out: list[tuple[str, int]] = []
    for k, w in enumerate(words):
        key = word_key(w)
        part = consonants(key) if k == 0 else collapse(key.replace("A", ""))
        for ch in part:
            if out and out[-1][0] == ch:
                continue
            out.append((ch, k))
    return out


def _aligned(heard: list[tuple[str, int]], form: list[tuple[str, int]]) -> list[tuple[int, int]]:
    """(heard word, form word) of each pair of sounds lined up by the fewest edits (matches and
    substitutions; a sound heard or missed in addition pairs with nothing)."""
    n, m = len(heard), len(form)
    sounds = [s for s, _ in form]
    cost = [list(range(m + 1))]
    for i in range(1, n + 1):
        above, row, h = cost[-1], [i], heard[i - 1][0]
        for j in range(1, m + 1):
            # (the least of the three, as min() gives it)
            a, b, c = above[j] + 1, row[-1] + 1, above[j - 1] + (h != sounds[j - 1])
            row.append(a if a <= b and a <= c else b if b <= c else c)
        cost.append(row)
    pairs = []
    i, j = n, m
    while i and j:
        if cost[i][j] == cost[i - 1][j - 1] + (heard[i - 1][0] != form[j - 1][0]):
            pairs.append((heard[i - 1][1], form[j - 1][1]))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs


def _written_units(form) -> tuple[list[str], list[int], list[bool | None]] | None:
    """*form*'s spoken words, the written word each is of, and whether each is a letter said (None:
    a plural's 's'); None when the form is not said as its written words spell it (a `spoken` form,
    a reading of capitals as a word) or is one written word."""
    if form.kind not in ("term", "alias"):
        return None
    words: list[str] = []
    of: list[int] = []
    for k, t in enumerate(tokens(form.text)):
        for w in spoken_words(t):
            words.append(w)
            of.append(k)
    if len(set(of)) < 2 or "".join(words) != form.spoken:
        return None
    return words, of, [None if w == PLURAL else w in LETTER_SAID for w in words]


_UNSET = object()
_UNITS: dict[tuple[str, str, str], tuple | None] = {}  # (kind, text, spoken) -> `_form_units`


def _form_units(form) -> tuple | None:
    """`_written_units` of *form*, whether each written word has two letters or more, and the
    `_keyed_units` of its spoken words; None when
    no heard word can run on in it (no letters said, or no word read as a word)."""
    units = _written_units(form)
    if units is None:
        return None
    letters = units[2]
    if not any(letters) or all(x is not False for x in letters):
        return None
    # written words of two letters or more: a capital alone may be a split-off letter ('L' of Léon)
    return (*units, [len(t) >= 2 for t in tokens(form.text)], _keyed_units(units[0]))


def letters_run_on(heard_words: list[tuple[str, ...]], heard_texts: list[str], form) -> bool:
    """Whether one heard word that is no letter (lowercase, with a vowel, not a letter's name) lines
    up with letters said of one written word of *form* (two letters or more) and with a word read
    as a word of a later one (`_written_units`). (The other way round ASR does run on: 'image nutsy'
    for ImageNet-C.) *heard_words*: each heard token's spoken words; *heard_texts*: the tokens
    as written."""
    key = (form.kind, form.text, form.spoken)
    units = _UNITS.get(key, _UNSET)
    if units is _UNSET:
        units = _UNITS[key] = _form_units(form)
    if units is None:
        return False
    # (a heard word that may run on, as asked at the end: without one, nothing to line up)
    for words, text in zip(heard_words, heard_texts):
        if len(words) == 1 and text.isalpha() and not text.isupper() and words[0] not in LETTER_SAID and \
                _VOWEL.search(words[0]):
            break
    else:
        return False
    _, of, letters, acronym, keyed = units
    said: list[str] = []
    owner: list[int] = []  # the heard token of each heard spoken word
    for t, words in enumerate(heard_words):
        for w in words:
            said.append(w)
            owner.append(t)
    covers: dict[int, set[int]] = {}
    for h, f in _aligned(_keyed_units(said), keyed):
        if letters[f] is not None:
            covers.setdefault(h, set()).add(f)
    for h, fs in covers.items():
        first = min((of[f] for f in fs if letters[f] and acronym[of[f]]), default=None)
        if first is None or not any(of[f] > first and letters[f] is False for f in fs):
            continue  # no letters of a written word and then a word read of a later one
        text, word = heard_texts[owner[h]], said[h]
        if len(heard_words[owner[h]]) == 1 and text.isalpha() and not text.isupper() and \
                any(v in word for v in "aeiouy") and word not in LETTER_SAID:
            return True
    return False


def spelled_as_said(form) -> bool:
    """Whether *form*'s letters said by their names are how its entry is said: it spells them and
    its entry says nothing else (no `spoken`), or one of its `spoken` readings spells letters too
    (a reading letter by letter that `spoken` does not say is a guess: qa.detect.index._guessed)."""
    if not form.spelled or form.guess:
        return False
    e = form.entry
    return not e.spoken or any(w in LETTER_SAID for s in e.spoken for t in tokens(s) for w in spoken_words(t))
