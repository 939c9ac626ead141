"""Where the heard words' boundaries fall in a form said partly letter by letter.

ASR that hears letters said by their names ('you see', 'em pee') writes them as letters or short
words of their own, apart from the word said next to them ('UC Berkeley', 'MP net', 'empty net'):
a pause, or at least a word boundary, is heard between a spelled part and a word read as a word.
One everyday word heard across that boundary, covering a letter's sound and the read word's
('unbind' for 'em pee net', 'superclass' for 'you see berkeley', 'cpython' for 'jee pee tee one'),
is a word the speaker said, not the name split wrong. Heard words are lined up with the form's
spoken words by their consonants (the lookup key's sounds), so what each heard word covers is known.
"""

from __future__ import annotations

from qa.phonetics import LETTER_NAMES, collapse, consonants, spoken_phrase, word_key

# the names of letters as a form's spoken words have them ('double you' is two words)
LETTER_SAID = frozenset(w for name in LETTER_NAMES.values() for w in name.split())

def _keyed_units(words: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """The phrase key of *words* (spoken words) as (sound, index of the word it is of) pairs: the
    first word's consonant key, each next word's sounds without vowels, doubles at joins once
    (kept by the earlier word: 'superclass s' is keyed as one S at the end)."""
    out: list[tuple[str, int]] = []
    for k, w in enumerate(words):
        key = word_key(w)
        part = consonants(key) if k == 0 else collapse(key.replace("A", ""))
        for ch in part:
            if out and out[-1][0] == ch:
                continue
            out.append((ch, k))
    return tuple(out)


def _aligned(heard: tuple[tuple[str, int], ...], form: tuple[tuple[str, int], ...]) -> list[tuple[int, int]]:
    """(heard word, form word) of each pair of sounds lined up by the least edits (matches and
    substitutions; a sound heard or missed in addition pairs with nothing)."""
    n, m = len(heard), len(form)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                             cost[i - 1][j - 1] + (heard[i - 1][0] != form[j - 1][0]))
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


def letters_run_on(heard_words: list[tuple[str, ...]], heard_texts: list[str], form) -> bool:
    """Whether one heard word that is no letter (lowercase, with a vowel, not a letter's name) lines
    up with both a letter said by its name and a word read as a word of *form* (a reading of it
    letter by letter). *heard_words*: each heard token's spoken words; *heard_texts*: the tokens as
    written."""
    form_words = form.spoken_words
    if "".join(form_words) != form.spoken:
        return False  # (a reading other than the written form's spelled one)
    # (a plural's or possessive's 's' is neither: 'guns' for GAN's runs on into no word)
    letters = [w in LETTER_SAID if w != "s" else None for w in form_words]
    if not any(letters) or all(x is not False for x in letters):
        return False
    units: list[str] = []
    owner: list[int] = []  # heard token of each heard spoken word
    for t, words in enumerate(heard_words):
        for w in words:
            units.append(w)
            owner.append(t)
    covers: dict[int, set[int]] = {}
    for h, f in _aligned(_keyed_units(tuple(units)), _keyed_units(form_words)):
        covers.setdefault(h, set()).add(f)
    for h, fs in covers.items():
        if len(fs) < 2:
            continue
        said = {letters[f] for f in fs} - {None}
        if len(said) < 2:
            continue  # letters only ('nan' for 'en en'), or words only
        text = heard_texts[owner[h]]
        word = units[h]
        if len(heard_words[owner[h]]) == 1 and text.isalpha() and not text.isupper() and \
                any(v in word for v in "aeiouy") and word not in LETTER_SAID:
            return True
    return False


def spelled_as_said(form) -> bool:
    """Whether *form*'s letters said by their names are how its entry is said: it spells them and
    its entry says nothing else (no `spoken`), or one of its `spoken` readings spells letters too.
    A mixed-case name's reading letter by letter is a guess where `spoken` reads it as words
    ('de berta' for DeBERTa, 'go gan' for GauGAN): a word heard across its parts proves nothing."""
    if not form.spelled or form.guess:
        return False
    e = form.entry
    return not e.spoken or any(w in LETTER_SAID for s in e.spoken for w in spoken_phrase(s).split())
