"""How words sound: spoken forms of written tokens and coarse phonetic keys.

ASR turns what was *said* into ordinary words, so we compare what a term sounds like with what the
heard words sound like. Two steps:

1. `spoken_words(token)`: a written token as the words a speaker says. Digits become number words
   ("2" -> "two"), letter sequences that are spelled out loud become letter names ("LSTM" -> "el es tee
   em", "gft" -> "jee ef tee"), CamelCase splits ("WaveRNN" -> "wave ar en en").
2. `word_key(word)`: jellyfish's Metaphone, then coarsened for the confusions ASR makes: voiced and
   voiceless pairs merge (b/p, d/t, g/k/j, v/f, z/s), m/n merge, "th" -> t, vowels -> "A", doubles
   collapse. "bird" = "BERT" = "PRT", "Roberto" = "RoBERTa", "Ward Annette" = "WordNet".

Keys of n-grams are the concatenation of word keys (with doubles collapsed at the joins), so they
can be cached per word and built in O(words).
"""

from __future__ import annotations

import unicodedata

import re
from functools import lru_cache

import jellyfish

LETTER_NAMES = {
    "a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "ef", "g": "jee", "h": "aitch",
    "i": "eye", "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en", "o": "oh", "p": "pee",
    "q": "cue", "r": "ar", "s": "es", "t": "tee", "u": "you", "v": "vee", "w": "double you", "x": "ex",
    "y": "why", "z": "zee",
}

# words ASR writes for a letter said by its name -> that name (`LETTER_NAMES`): the name itself, words
# said exactly like it ('pea', 'queue', 'gee', 'tea', 'are', 'be', 'sea') and the letter written in
# lowercase ('pee pee o'). Not 'a' and 'i', the article and the pronoun, nor 'double you' (two words);
# but 'eye', the name of I, is ('eye AF' for IAF: ASR writes the word it heard, as 'you' for U)
SAID_LETTERS = {name: name for letter, name in LETTER_NAMES.items() if " " not in name and letter not in "a"} | {
    letter: name for letter, name in LETTER_NAMES.items() if " " not in name and letter not in "ai"} | {
    "pea": "pee", "queue": "cue", "gee": "jee", "tea": "tee", "are": "ar", "be": "bee", "sea": "see",
    "ess": "es", "zed": "zee"}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

NUMBER_WORDS = frozenset(_ONES + _TENS[2:] + ["hundred", "thousand"])

# Metaphone letters -> coarse classes. Voicing and nasal place are what ASR gets wrong most.
_COARSE = str.maketrans({
    "B": "P", "D": "T", "G": "K", "J": "K", "V": "F", "Z": "S", "M": "N", "0": "T", "X": "S",
    "E": "A", "I": "A", "O": "A", "U": "A", "Y": "A", "Q": "K", "C": "K", "W": "A",
})

_VOWELS = set("aeiouy")
# a 'ch' after a vowel in a person's name, which Metaphone reads as in 'church' but many names say as
# a 'k' (Nichol, Rombach, Bach, Michael): ASR writes the English word of that sound ('Alex nickel',
# 'rom back'). Not 'tch' (Metaphone's 'ch' then too) nor 'sch' (a 'sk' already). Names only: in
# words, 'machine', 'cache', 'teacher' say it as Metaphone does, or as 'sh'
CH_AS_K = re.compile(r"(?<=[aeiouy])ch")
# short all-consonant words that are words, not spelled letters
_NOT_SPELLED = {"hmm", "mm", "hm", "shh", "psst", "nth", "pfft", "brr", "tsk", "st", "nd", "rd", "th", "mr",
                "mrs", "ms", "dr", "vs", "etc"}
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def number_words(digits: str) -> list[str]:
    """'300' -> ['three', 'hundred']; long digit strings are read digit by digit, as people do.

    Any Unicode digit reads as its value: str.isdigit() says yes to '²' or '①', int() refuses them
    (an alias 'R²' in a rules file crashed the glossary's load)."""
    if not digits.isascii():
        digits = "".join(str(unicodedata.digit(c)) for c in digits)
    n = int(digits)
    if len(digits) > 4 or (len(digits) > 1 and digits[0] == "0"):
        return [_ONES[int(d)] for d in digits]
    if len(digits) == 4 and n % 100 and n // 100 % 10:
        # years and model numbers: 2080 -> twenty eighty
        return number_words(digits[:2]) + number_words(digits[2:])
    return _below_10000(n)


def _below_10000(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (_below_10000(n % 100) if n % 100 else [])
    return _below_10000(n // 1000) + ["thousand"] + (_below_10000(n % 1000) if n % 1000 else [])


def spell(letters: str) -> list[str]:
    out: list[str] = []
    for ch in letters.lower():
        out.extend(LETTER_NAMES.get(ch, ch).split())
    return out


def is_spelled(token: str) -> bool:
    """Does a speaker say this token letter by letter? (LSTM, GPT, gft, NLP; not 'the', 'BERT' is a guess.)"""
    letters = token.replace("'", "")
    if not letters.isalpha() or len(letters) < 2:
        return False
    low = letters.lower()
    if low in _NOT_SPELLED:
        return False
    if not (_VOWELS & set(low)):
        return len(low) <= 6  # no vowel: cannot be read as a word
    return letters.isupper() and len(letters) <= 5


@lru_cache(maxsize=200_000)
def spoken_words(token: str) -> tuple[str, ...]:
    """The words said for one written token (a token holds letters, digits and apostrophes)."""
    token = token.replace("’", "'")
    if token.isdigit():
        return tuple(number_words(token))
    if len(token) == 1 and token.isupper() and token not in ("I", "A"):
        return tuple(spell(token))  # a lone capital is a letter said aloud: 'Alice T', 'wave are an N'
    if token.isalpha() and (token.islower() or token.istitle()) and not is_spelled(token):
        return (token.lower(),)
    if len(token) > 2 and token[-1] == "s" and token[:-1].isupper() and token[:-1].isalnum():
        return spoken_words(token[:-1]) + ("s",)  # plural acronym: LSTMs, CNNs, GPUs
    if "'" in token:
        base, _, suffix = token.partition("'")
        words = spoken_words(base) if base else ()
        return words + ((suffix.lower(),) if suffix.lower() not in ("s", "") else ("s",) if suffix else ())
    out: list[str] = []
    for part in _CAMEL.findall(token):
        if part.isdigit():
            out.extend(number_words(part))
        elif is_spelled(part) or (len(part) == 1 and part.isupper()):
            out.extend(spell(part))
        else:
            out.append(part.lower())
    return tuple(out) or (token.lower(),)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Coarse phonetic key of one spoken (lowercase, alphabetic) word."""
    if not word.isalpha():
        word = "".join(ch for ch in word if ch.isalpha())
        if not word:
            return ""
    meta = jellyfish.metaphone(word).translate(_COARSE)
    return collapse(meta)


_DOUBLES = re.compile(r"(.)\1+")


def collapse(key: str) -> str:
    """'KPPT' -> 'KPT': repeated sounds are one sound."""
    return _DOUBLES.sub(r"\1", key) if len(key) > 1 else key


def join_keys(keys) -> str:
    """Key of a phrase from its words' keys, with doubles collapsed where words meet."""
    out = ""
    for k in keys:
        if not k:
            continue
        if out and out[-1] == k[0]:
            out += k[1:]
        else:
            out += k
    return out


def token_key(token: str) -> str:
    return join_keys(word_key(w) for w in spoken_words(token))


def phrase_key(text: str) -> str:
    """Key of a written phrase such as 'WaveRNN', 'Alice T' or 'JFT-300M'."""
    return join_keys(token_key(t) for t in tokens(text))


def consonants(key: str) -> str:
    """The consonant skeleton of a key (its first sound kept, vowel or not): the lookup key.

    Vowels are what ASR and spelling vary most ('el es tee em' vs 'alice tee'), consonants carry the word.
    """
    if len(key) < 2:
        return key
    return collapse(key[0] + key[1:].replace("A", ""))


def camel_parts(token: str) -> list[str]:
    """'OpenAI' -> ['Open', 'AI'], 'JFT' -> ['JFT'], 'word' -> ['word']."""
    return _CAMEL.findall(token) or [token]


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def spoken_phrase(text: str) -> str:
    return " ".join(w for t in tokens(text) for w in spoken_words(t))


_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """A rough syllable count of one spoken word ('alice' 2, 'tee' 1, 'hundred' 2)."""
    n = len(_VOWEL_GROUP.findall(word))
    if n > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
        n -= 1  # silent final e
    return max(1, n)
