"""Scoring a candidate in its context into [0, 1], with the reasons said in words.

Evidence for a mishearing: the span sounds or looks like the term; the entry's `require` words are
near; the term (correctly heard) or other terms of the glossary occur elsewhere in the same video —
sticky context: a video that says BERT twice makes 'bird' likelier; the heard words are odd English.
Evidence against: an `exceptions` phrase around the span; the heard words are ordinary, frequent
English ('against', 'made', 'edit'), which then need strong context.

Scoring runs for several candidates per record and most lose to a better overlapping one, so the
number (`Scorer.value`) is computed without words, and the reasons (`Scorer.reasons`) only for the
findings kept, and a bound of the number without its costly step (`Scorer.upper`) comes first.
`require` words are searched with one lowercase, boundary-class regex per entry (`Nearby`); the
case-blind word-boundary regex of the items stays the definition, and is still used for entries whose items
the lowercase one cannot stand for (regex items, non-ASCII letters) and for windows with characters
other than [A-Za-z0-9'].
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from jellyfish import metaphone
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from qa.detect.candidates import MISSED_ZIPF, NAME_WORD_ZIPF, Candidate, Token, Tokens, form_words
from qa.detect.tokens import TOKEN, word_infos
from qa.detect import regexes
from qa.detect.align import letters_run_on, spelled_as_said
from qa.phonetics import (LETTER_NAMES, NUMBER_WORDS, SAID_LETTERS, collapse, consonants, number_words, spoken_words,
                          syllables, tokens, word_key)
from qa.detect.context_words import BEFORE_ING, BEFORE_VERB, FIELD_WORDS, STOPWORDS
# wordfreq's values without importing wordfreq (its import and first call were ~0.6 s of every
# start); memoised there. Imported by name: qa.detect.choose takes `zipf` from here.
from qa.detect.freq import zipf
from qa.detect.index import LETTER_WORDS, normalize_words
from qa.detect.similarity import ends_heard
from qa.detect.phrase import after_first_name, first_names, read_as_phrase, said_as_word
from qa.glossary import Entry, normalize

WINDOW = 12  # words either side in which `require` words count
EXCEPTION_REACH = 4  # words either side in which an `exceptions` phrase excludes a match
PHONETIC_FLOOR = 0.6  # similarity at which a sounds-alike starts to count


@dataclass
class VideoContext:
    """What the whole video says: correct mentions of glossary entries (title included)."""

    mentions: Counter = field(default_factory=Counter)  # id(entry) -> count
    words: set = field(default_factory=set)  # lowercase tokens said in the video
    # the video's records (qa.detect.choose sets them): its words counted only where asked (`count`)
    records: list = field(default_factory=list)
    _said: str | None = None  # its text, lowercase (`count`)
    _counts: dict = field(default_factory=dict)  # word -> `count`
    _anyway: dict = field(default_factory=dict)  # id(candidate) -> `Scorer.said_anyway` done

    @property
    def technical(self) -> int:
        return len(self.mentions)

    def stands_apart(self, word: str, phrase: str) -> bool:
        """Whether the video says the lowercase *word* more often than *phrase*, a phrase holding it
        (`count` of both): somewhere it is said without the rest of the phrase."""
        return self.count(word) > self.count(phrase)

    def count(self, word: str) -> int:
        """How many times the video says the lowercase *word* (its text fields' words, joined once,
        on first use: few videos ask, `Scorer.said_anyway`)."""
        n = self._counts.get(word)
        if n is None:
            if self._said is None:
                # (ASR text: words between single spaces; a word said twice in a row counts once)
                self._said = " " + " ".join([f.text for rec in self.records for f in rec.fields if f.name == "text"]
                                            ).lower() + " "
            n = self._counts[word] = self._said.count(f" {word} ")
        return n


_UNSAFE_CHAR = re.compile(r"[^A-Za-z0-9' ]")
# Words are matches of the tokenizer's pattern; with this one (letters and digits, an apostrophe
# suffix) the only character outside [A-Za-z0-9'] a word can hold is the non-ASCII ’, so an ASCII
# window is a safe one, and isascii() is 20x cheaper than the regex test of `_unsafe`.
_ASCII_IS_SAFE = TOKEN.pattern == "[A-Za-z0-9]+(?:['’][A-Za-z]+)?"


def _unsafe(window: str) -> bool:
    # (two spaces in a row would let `[\s-]*` match more than the one space assumed)
    return _UNSAFE_CHAR.search(window) is not None or "  " in window


class EntryRules:
    """An entry's context rules, compiled once."""

    def __init__(self, e: Entry, spaced: dict[str, str] | None = None, topical: frozenset[str] | None = None):
        self.entry = e  # kept alive with its rules, so id(e) is never reused while cached
        # a require word that names a glossary term written as one word of parts ('deepmind') is
        # searched as its parts, which match it both written together and apart ('deep mind': ASR
        # writes such names as the everyday words they are made of); *spaced*: `spaced_names`
        spaced = spaced or {}
        self.items = [spaced.get(it.lower(), it) for it in e.require]
        self.has_require = bool(self.items)
        self._require = None
        # plain words and phrases only match a window that holds their first word, lowercase: a
        # substring test rules most windows out before the (case-blind, so slower) regex search
        self.require_firsts = None if any(_is_regex(it) for it in self.items) else \
            tuple({re.split(r"[\s-]+", it.lower())[0] for it in self.items})
        self.require_words = {w.lower() for w in e.require if re.fullmatch(r"[A-Za-z0-9-]+", w)}
        # ... of them those that say its topic (*topical*: `topic_words`): for one everyday word heard
        # for a short name away from its topic, require words only elsewhere in the video count only
        # when they are of these (`Scorer.value`)
        self.topic_words = self.require_words if topical is None else \
            {w for w in self.require_words if normalize(w) in topical}
        self.exceptions = [normalize(x) for x in e.exceptions if normalize(x)]
        self.correct_forms = frozenset(e.correct_forms)
        self.norm_term = normalize(e.term)
        self.unaccented = unaccented_forms(e.correct_forms)
        self.name_ends = _name_ends(e)
        self._lowered: object = False  # not compiled yet (None: the entry needs `require`)

    def __getstate__(self) -> dict:
        # pickled (with a compiled glossary) without its regexes: unpickled, each would be compiled
        # again at once (~0.4 ms each), when most are never searched (`lowered`)
        return {**self.__dict__, "_require": None, "_lowered": False}

    @cached_property
    def require_unusual(self) -> set[str]:
        """`require_words` without ordinary words (`Scorer.said_elsewhere`), on first use: most
        entries' rules are made for a candidate that a require word near decides (~0.6% of a scan)."""
        return {w for w in self.require_words if zipf(w) < ORDINARY_ZIPF}

    @cached_property
    def topic_unusual(self) -> set[str]:
        """... and of `topic_words`."""
        return self.topic_words & self.require_unusual

    @property
    def lowered(self):
        """`_lowered_regex` of the items, compiled on first use: the tighter bounds leave many
        entries never searched, and compiling is most of what an entry's rules cost."""
        if self._lowered is False:
            self._lowered = _lowered_regex(self.items)
        return self._lowered

    @property
    def require(self):
        """The items as one case-blind regex (compiled on first use: most entries never need it)."""
        if self._require is None and self.items:
            self._require = _phrase_regex(self.items)
        return self._require


def unaccented_forms(forms) -> frozenset[str]:
    """The correct forms of an entry that hold letters with accents ('Hernán's', 'Jürgen
    Schmidhuber'), written without them and squashed ('hernans'), both ways it is done ('jurgen',
    'juergen'): empty when none has an accent (nearly every entry, so the test costs nothing there)."""
    out: set[str] = set()
    for f in forms:
        if not f.isascii():
            for x in (f, f.translate(_GERMAN)):
                out.add(normalize("".join(ch for ch in unicodedata.normalize("NFKD", x) if not unicodedata.combining(ch))))
    out.discard("")
    return frozenset(out)


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


APART_ZIPF = 3.0  # a word rarer than this in English is no everyday word said for its own sake (`stands_apart`)


def stands_apart(c: Candidate, words: list[str], video: VideoContext) -> str | None:
    """The word when *c* is two heard words, a function word and a word no everyday English
    (APART_ZIPF) nor part of the term, and the video says that word elsewhere without the function
    word beside it: 'you affine' is no F1 where the talk says 'and affine brightness' too, 'a mase'
    no NYU where it says 'smape mase and'. A word ASR wrote the same in several places is one the
    speaker says (a name or a term ASR knows); the function word beside it here was said, not a
    sound of a term read across both. Where the word only ever comes with the same function word
    ('a vazu' for Avazu, each time), the two may be one name misheard: kept."""
    if c.last - c.first != 2 or c.method == "variant" or not video.records:
        return None
    a, b = words[c.first].lower(), words[c.first + 1].lower()
    if (a in STOPWORDS) == (b in STOPWORDS):
        return None
    word = b if a in STOPWORDS else a
    if not word.isalnum() or zipf(word) >= APART_ZIPF or normalize(word) in normalize(c.form.entry.term):
        return None
    return words[c.first + (a in STOPWORDS)] if video.stands_apart(word, f"{a} {b}") else None


def written_unaccented(r: "EntryRules", words: list[str]) -> bool:
    """Whether the heard *words* are one of *r*'s correct forms without its accents (`unaccented_forms`):
    'hernan's' for Hernán's, 'jurgen' for Jürgen. ASR writes names in plain ASCII, so such words were
    heard right; what is missing is an accent, which is no mishearing (and no finding: the name said
    the same is not another name it sounds like either)."""
    return normalize(" ".join(words)) in r.unaccented


ORDINARY_ZIPF = 4.0  # a word this common is said in talks on anything ('question', 'answering', 'word')
NAME_HEARD_ZIPF = 2.5  # a word of a person's name rarer than this in English, heard right, is context (`name_heard`)
NAME_SIM = 0.85  # how alike a person's full name must sound where a part of it was heard right
NAME_SAID_SIM = 0.95  # ... where that part is an uncommon word only (`name_heard`)
# ... where that part is a first name said all the time ('David'), and ASR wrote the rest as a name too,
# capitalised words that are no everyday words ('David Bly' for David Blei): it heard a full name
FIRST_NAME_SIM = 0.9


def _name_ends(e: Entry) -> tuple[dict[str, float], dict[str, float]] | None:
    """What `name_heard` asks of a person's entry: the first words and the last words of its correct
    forms of two words or more that are uncommon in English (`_name_sim`), each with how alike the
    name must sound where it is heard right; None for other entries, or without such a word."""
    if e.category != "person":
        return None
    names = [w for w in (form_words(f) for f in e.correct_forms) if len(w) >= 2]
    firsts = {w[0]: _name_sim(w[0]) or (FIRST_NAME_SIM, True) for w in names if len(w[0]) >= 3 and w[0].isalpha()}
    lasts = {w[-1]: _name_sim(w[-1]) for w in names if _name_sim(w[-1])}
    return (firsts, lasts) if firsts or lasts else None


def _name_sim(w: str) -> float:
    """How alike a name must sound for its word *w* heard right to count (`name_heard`): NAME_SIM for
    a word rare in English (zipf below NAME_HEARD_ZIPF: 'oriol', 'karpathy'), NAME_SAID_SIM for one
    that is only no everyday word (below NAME_WORD_ZIPF, as `name_word_heard` says: 'dario', 'ilya'),
    where the rest must be the name said by sound; 0.0 for others ('hugo', 'david') and short words."""
    if len(w) < 3 or not w.isalpha():
        return 0.0
    z = zipf(w)
    return NAME_SIM if z < NAME_HEARD_ZIPF else NAME_SAID_SIM if z < NAME_WORD_ZIPF else 0.0


def name_heard(r: "EntryRules", c: Candidate, words: list[str]) -> str:
    """The word of a person's name heard right at one end of *c*'s span (*words*: its field's words),
    when that word is rare in English ('Oriol' of 'Oriol vinyls', 'Karpathy' of 'Andre Karpathy') and
    the whole is alike enough (NAME_SIM), or it is uncommon and the rest is the name said by sound
    ('Dario' of 'Dario a mode': NAME_SAID_SIM); else ''. ASR writes such a word only where it was
    said, so it is context of the name as much as a `require` word near it: the rest was the name
    misheard. A first name said all the time ('Hugo', 'David') only where ASR wrote the rest as a name
    and the whole sounds FIRST_NAME_SIM alike (`_written_as_name`): many people have it, and words
    said after it may sound like any surname; not with a function word at the other end ('Jascha Sol
    Dickstein a'): that is the name and a word said after it."""
    ends = r.name_ends
    if ends is None or c.last - c.first < 2 or c.sim < NAME_SIM:
        return ""
    a, b = words[c.first], words[c.last - 1]
    la, lb = a.lower(), b.lower()
    # (2.0: no similarity reaches it, for words that are not the name's)
    first = ends[0].get(la, 2.0)
    if first.__class__ is tuple:  # a first name said all the time (`FIRST_NAME_SIM`)
        if c.sim >= first[0] and _written_as_name(words[c.first:c.last], words[c.first - 1] if c.first else "",
                                                  words[c.last] if c.last < len(words) else ""):
            return a
    elif c.sim >= first and lb not in STOPWORDS:
        return a
    if c.sim >= ends[1].get(lb, 2.0) and la not in STOPWORDS:
        return b
    return ""


def _written_as_name(name: list[str], before: str = "", after: str = "") -> bool:
    """Whether ASR wrote the words *name* as a full name: each capitalised, and those after the first no
    everyday words ('David Bly', not 'David Said' or 'David and'), and no name going on into the words
    *before* and *after* them ('Chung-Cheng Chiu' is someone else than Cheng Chi)."""
    return not (_name_word(before) or _name_word(after)) and all(w[:1].isupper() for w in name) and \
        all(w.lower() not in STOPWORDS and zipf(w.lower()) < NAME_WORD_ZIPF for w in name[1:])


def _name_word(word: str) -> bool:
    return word[:1].isupper() and word.lower() not in STOPWORDS


def _is_regex(item: str) -> bool:
    return any(ch in item for ch in "\\[]()^$*+?|{}")


SHORT_REQUIRE = 4  # letters of a require word that must end where the word heard ends (`_word_end`)


def _word_end(words: list[str], boundary: str) -> str:
    """What may follow a require item of *words* (lowercase): anything, for more than one word or one
    of more than SHORT_REQUIRE letters ('embed' counts 'embedding', 'transformer' 'transformers');
    after one shorter word only a plural or possessive ending, then the end of the word heard. Three
    or four letters begin too many other words to say a topic: 'stan' (the Stan language) in
    'standard', 'way' (N-way few-shot) in 'waymo', 'text' in 'textures', 'ti' in 'times'."""
    if len(words) > 1 or len(words[0]) > SHORT_REQUIRE or not words[0].isalpha():
        return ""
    return "(?:s|es|'s)?" + boundary


def _phrase_regex(items: list[str]):
    if not items:
        return None
    parts = []
    for it in items:
        if _is_regex(it):
            parts.append(f"(?:{it})")
        else:
            # 'model' also counts 'models'; spaces and hyphens are interchangeable in transcripts
            words = re.split(r"[\s-]+", it.lower())
            parts.append(r"\b" + r"[\s-]*".join(re.escape(w) for w in words) + _word_end(words, r"\b"))
    return re.compile("|".join(parts), re.IGNORECASE)


def _lowered_regex(items: list[str]):
    r"""`_phrase_regex` for lowercased words joined by single spaces, after a space (see `Nearby`).

    In such a string `\b` before a letter or digit is a space or an apostrophe before it, and
    `[\s-]*` between two words is at most one space. The items keep their order, so the leftmost
    match, and the item that wins there, are the same. None when an item is a regex, non-ASCII
    (case-blind matching of 'ſ' is not lowercase matching) or starts with other than a letter or
    digit (where `\b` means something else): such entries use `_phrase_regex`. The boundary class
    is ASCII only, because a non-ASCII one triples the compile time; fields with the typographic
    apostrophe go to `_phrase_regex` too."""
    if not items:
        return None
    parts = []
    for it in items:
        words = re.split(r"[\s-]+", it.lower())
        if _is_regex(it) or not it.isascii() or not all(words) or not words[0][0].isalnum():
            return None
        parts.append(" ?".join(re.escape(w) for w in words) + _word_end(words, "(?![a-z0-9])"))
    return regexes.compile("[ '](?:" + "|".join(parts) + ")")  # (its code kept with the compiled glossary)


class Nearby:
    """The require-word search of one field's candidates: the words left and right of a span joined
    as a lowercase string, searched with an entry's `_lowered_regex`; what was found is remembered
    for the reasons of the kept candidates. Windows with characters other than ASCII letters, digits
    and "'" (which `_lowered_regex` assumes) are `unsafe`: those go to the regex over the windows."""

    __slots__ = ("words", "_found", "_windows")

    def __init__(self, words: list[str]):
        self.words = words
        self._found: dict[tuple, tuple] = {}  # (pattern, first, last) -> (match, window as written)
        # (first, last) -> `find`'s string of both windows as written and lowercase, or None (not
        # ASCII): two in three searches are of a span searched before, for another entry
        self._windows: dict[tuple[int, int], tuple[str, str] | None] = {}

    def search(self, pattern, first: int, last: int):
        """The leftmost match of *pattern* WINDOW words left of [first, last), else right of it;
        False when a window is unsafe."""
        key = (pattern, first, last)
        hit = self._found.get(key)
        if hit is None:
            words = self.words
            lo = first - WINDOW if first > WINDOW else 0
            hit = (None, "")
            for window in (words[lo:first], words[last:last + WINDOW]):
                if not window:
                    continue
                # " " before the first word: where its `\b` is
                orig = " " + " ".join(window)
                if not orig.isascii() if _ASCII_IS_SAFE else _unsafe(orig):
                    hit = (False, "")
                    break
                m = pattern.search(orig.lower())
                if m is not None:
                    hit = (m, orig)
                    break
            self._found[key] = hit
        return hit[0]

    def find(self, pattern, first: int, last: int):
        """`search` and `text` in one, not remembered: the words matched as written, else None;
        False when a window is unsafe."""
        words = self.words
        lo = first - WINDOW if first > WINDOW else 0
        if _ASCII_IS_SAFE:
            # both windows in one string and one search: a match never runs across the "\n" (items
            # hold no newline), so the leftmost one is the left window's if it has one
            both = self._windows.get((first, last), False)
            if both is False:
                orig = " " + " ".join(words[lo:first]) + "\n " + " ".join(words[last:last + WINDOW])
                both = self._windows[(first, last)] = (orig, orig.lower()) if orig.isascii() else None
            if both is not None:
                m = pattern.search(both[1])
                return None if m is None else both[0][m.start() + 1:m.end()]
        for window in (words[lo:first], words[last:last + WINDOW]):
            if not window:
                continue
            orig = " " + " ".join(window)
            if not orig.isascii() if _ASCII_IS_SAFE else _unsafe(orig):
                return False
            m = pattern.search(orig.lower())
            if m is not None:
                return orig[m.start() + 1:m.end()]
        return None

    def text(self, pattern, first: int, last: int) -> str:
        """The words the match of `search` covers, as written (without the boundary character)."""
        m, orig = self._found[(pattern, first, last)]
        return orig[m.start() + 1:m.end()]


class Scorer:
    def __init__(self, entries: Sequence[Entry] = ()) -> None:
        # `require` words of few entries (*entries*: the glossary's), squashed: what makes a topic
        self.topical = topic_words(entries)
        self.spaced = spaced_names(entries)
        self.built_on = long_forms(entries)
        self.first_names = first_names(entries)  # (`after_first_name`)
        # words of correct spellings (as `GlossaryIndex.vocabulary`) -> how many entries have them (`echoed`)
        self.vocabulary = Counter(w for e in entries for w in {w for f in e.correct_forms for w in normalize_words(f)}
                                  if w not in STOPWORDS)
        self._rules: dict[int, EntryRules] = {}
        self._term_z: dict[int, float] = {}
        self._prior_facts: dict[int, tuple] = {}  # id(form) -> `_form_prior(form)`
        # id(form) -> `facts_of(form)`; read directly by qa.detect.choose (a method call per candidate
        # costs more than the rest of its bound)
        self.form_facts: dict[int, tuple] = {}

    def facts_of(self, form) -> tuple:
        """What scoring asks of a form, whatever the video: (what a require word near adds per unit
        of weight, whether the score needs a search around the span, the entry's rules, the form,
        id(entry))."""
        f = self.form_facts.get(id(form))
        if f is None:
            r = self.rules(form.entry)
            # the form is kept in its facts, so its id is never reused while they are cached
            f = self.form_facts[id(form)] = (0.1 if r.has_require else 0.0, r.has_require or bool(r.exceptions),
                                             r, form, id(form.entry))
        return f

    def __getstate__(self) -> dict:
        # the caches are keyed by id(), which means nothing in another process: they are pickled as
        # their values, each of which holds its form or entry, and keyed anew when loaded
        # (`facts_of` holds an id: it starts empty, and costs little once the rules are made)
        rules = list(self._rules.values())
        return {**self.__dict__, "_rules": rules, "_prior_facts": list(self._prior_facts.values()),
                "form_facts": {},
                "_term_z": [(r.entry, self._term_z[id(r.entry)]) for r in rules if id(r.entry) in self._term_z]}

    def __setstate__(self, state: dict) -> None:
        state["_rules"] = {id(r.entry): r for r in state["_rules"]}
        state["_prior_facts"] = {id(pf[0]): pf for pf in state["_prior_facts"]}
        state["_term_z"] = {id(e): z for e, z in state["_term_z"]}
        self.__dict__.update(state)

    def warm(self, entries: Sequence[Entry], forms) -> None:
        """Work out what scoring asks of every entry and form, whatever is heard (`rules`,
        `_form_prior`): done once for the compiled glossary (qa.detect.compiled), and
        pickled with it, instead of by each process for the ~1,400 entries and ~6,000 forms a
        scan of a few thousand records meets (~0.3 s of CPU per process)."""
        for e in entries:
            self.rules(e)
        for form in forms:
            if id(form) not in self._prior_facts:
                self._form_prior(form)

    def rules(self, e: Entry) -> EntryRules:
        r = self._rules.get(id(e))
        if r is None:
            r = self._rules[id(e)] = EntryRules(e, self.spaced, self.topical)
        return r

    def _built_on_other(self, word: str, entry: Entry) -> bool:
        """Whether *word* holds another entry's correct form of LONG_FORM letters or more
        ('dequantization' holds quantization, 'simonyans' Simonyan): a word made of a known term
        is that term's word, not a mishearing of a third one ('dequantization' is no tokenization)."""
        built_on, n = self.built_on, len(word)
        if n < LONG_FORM:
            return False
        for i in range(n - LONG_FORM + 1):
            for j in range(i + LONG_FORM, n + 1):
                of = built_on.get(word[i:j])
                if of is not None and (len(of) > 1 or entry.term not in of):
                    return True
        return False

    def prior(self, form, method: str, sim: float, heard: list[Token]) -> tuple[float, str] | None:
        """The part of the score that does not depend on where the span occurs (memoised per n-gram).

        None when the span can never be a finding."""
        # (the tests that end most priors first, the cheapest first: each returns None, so their
        # order changes no prior, only what is worked out before one of them ends it)
        if method == "phonetic" and form.guess and \
                not any(t.text.isupper() or any(ch.isupper() for ch in t.text[1:]) for t in heard if t.text != "I"):
            # (`index._guessed`: a reading the glossary does not say, heard as words; a capital
            # that only begins a word is a name's, not letters heard: 'Aviral' is no 'FAIR lab')
            return None
        facts = [_FACTS.get(t.text) or _word_facts(t) for t in heard]
        pf = self._prior_facts.get(id(form)) or self._form_prior(form)
        said = None
        if method == "phonetic" and pf[3] and not any(f[5] for f in facts):
            # letter names sound like many everyday phrases ('you know' ~ 'N Y U'); ASR that heard
            # letters writes capitals, consonant strings or odd words
            # (`letters_unheard` tells this without a lookup: the two must agree)
            said = _letters_heard(form, heard, pf[7])
            if not said:
                return None  # (a fifth of the priors)
        if len(heard) == 1 and method != "variant" and self._built_on_other(heard[0].norm, form.entry):
            return None
        if method != "variant" and (_derived_heard(form, heard) or _plural_said_is(form, heard) or
                                    _camel_heard(form, heard) or _sibling_heard(form, heard) or
                                    _name_written(form, heard) or _numbered_heard(form, heard) or
                                    _ending_keyed(form, heard) or _ending_said_apart(form, heard) or
                                    _number_unsaid(form, heard) or _other_number(form, heard)):
            return None
        if method == "variant":
            s = 0.95 if form.safe else 0.7
            reasons = [pf[1]]
        elif method == "phonetic":
            if pf[3] and spelled_as_said(form) and letters_run_on([t.spoken for t in heard], [t.text for t in heard],
                                                                 form):
                return None  # (a word heard across a spelled part and a read one: qa.detect.align)
            if pf[3] and len(heard) >= 2 and (_function_word_for_letters(form, heard, facts) or
                                              _function_words_after_letters(form, heard)):
                return None
            if said is not None:  # (letters said, or a word of the form: see above)
                if said == 1:  # ... or a word of the form: then everyday words still need context
                    pf = pf[:7] + (frozenset(),) + pf[8:]
            elif pf[0].pronounced and not any(f[5] for f in facts):
                # so do everyday words for a form said with an acronym said as a word, as for one
                # said letter by letter ('progressive gun laws' is no Progressive GAN)
                pf = pf[:7] + (frozenset(),) + pf[8:]
            s = 0.8 * max(0.0, (sim - PHONETIC_FLOOR) / (1 - PHONETIC_FLOOR))
            reasons = [f"sounds like {pf[2]} (similarity {sim:.2f})"]
            if pf[4]:
                s -= pf[4]  # short keys sound like many words
            if pf[3] and len(heard) == 1 and _word_for_letters(form, heard[0]):
                s -= WORD_FOR_LETTERS
                reasons.append(f"one word said as a word for {pf[2]} said letter by letter")
                if heard[0].syllables < form.syllables:
                    # ... with fewer beats than its letters, a beat each: a letter is missing ('anneal'
                    # is no MLE, said 'em el ee')
                    s -= WORD_FOR_LETTERS
            elif pf[3] and len(heard) >= 2 and _words_for_letters(form, heard):
                s -= WORD_FOR_LETTERS
                reasons.append(f"a word of two beats said as a word for {pf[2]} said letter by letter")
        else:
            s = 0.8 * max(0.0, (sim - 0.75) / 0.25)
            reasons = [f"spelled like {pf[2]} (similarity {sim:.2f})"]
        ends = method == "phonetic" and len(heard) >= 2 and ends_heard(heard[0].norm, heard[-1].text, form,
                                                                           [t.norm for t in heard[1:-1]])
        said = [] if ends else reasons
        adj = self._rarity(facts, heard, pf if not pf[8] or (sim >= COINED_SIM and _part_heard(pf[8], heard))
                           else pf[:8] + ("",), method, said)
        if adj is None:
            return None
        if pf[3] and method == "phonetic" and any(_odd_word(f, t) for f, t in zip(facts, heard)) and \
                not any(t.text.isdigit() for t in heard):
            # an unusual word of letters and vowels is what ASR writes for a word it heard, not for
            # letters ('anneal' is no MLE): what `_rarity` gave for it, taken back. (Not beside a
            # number heard right: 'cheapy 100' for V100)
            adj -= 0.1
        if ends:
            # its ends are the name's, not everyday or function words said anyway (`ends_heard`)
            if adj < 0.0:
                adj = 0.0
                said = [f"both ends of {pf[2]} heard"]
            reasons += said
        if method == "phonetic" and pf[8] and len(facts) >= 2 and adj < 0.0:
            edges = _name_edges(pf[8], facts, heard, pf[5])
            if edges:
                # (what `_rarity` took off for function words at the edges, given back)
                adj += 0.15 * edges
                reasons.append(f"a function word at an edge begins or ends {pf[2]}")
        if method == "phonetic" and len(facts) == 1 and "'" not in heard[0].text:  # (not "can't", "won't")
            adj += _topic_penalty(facts[0], pf, sim)  # (taken again where the topic is not near: `topic`)
            if not pf[3] and (_onset_lost(facts[0][3], form.ckey) or _letter_onset_lost(facts[0][3], form)):
                adj -= ONSET
                reasons.append(f"begins with another sound than {pf[2]}")
            if facts[0][0] is not None and facts[0][1] >= MERGED_ZIPF and _everyday_words(form):
                adj -= MERGED
                reasons.append(f"one everyday word for {pf[2]}, said as everyday words")
            elif facts[0][0] is not None and (lost := _word_lost(form, facts[0][0])):
                adj -= WORD_LOST
                reasons.append(f"one word for {pf[2]}, without its word {lost!r}")
            if not pf[3] and facts[0][0] is not None and facts[0][1] >= BEATS_ZIPF and \
                    heard[0].syllables < form.syllables and _read_as_words(form.text):
                # an everyday word a beat short of a name said as a word: ASR hears beats, so it wrote
                # the word it heard ('lambda' is no LAMBADA, 'condition' no quantization)
                adj -= BEATS
                reasons.append(f"fewer beats than {pf[2]}")
        elif method == "phonetic" and pf[8] and not ends and _part_and_word(pf[8], heard):
            adj -= PART_AND_WORD
            reasons.append(f"a part of {pf[2]} heard right and a word said anyway")
        if len(facts) == 1 and method != "variant" and sim < WORD_FOR_WORD_SIM and \
                _word_for_word(facts[0], heard[0], form):
            adj -= WORD_FOR_WORD
            reasons.append(f"a word of the dictionary for {pf[2]}, itself one")
        return s + adj, "; ".join(reasons)

    def heard_in_context(self, c: Candidate, toks: Tokens, near: Nearby, needs_require: bool) -> bool:
        """Whether a span heard as a form of *c*'s entry is the term by the words around it (*near*:
        the `Nearby` of *toks*' words): no `exceptions` phrase near, and, where *needs_require*, one
        of its `require` words near (entries without any need none). See qa.detect._counts_as_mention."""
        r = self._rules.get(id(c.form.entry)) or self.rules(c.form.entry)
        if r.exceptions and self._exception(r, toks, c) is not None:
            return False
        return not needs_require or not r.has_require or self._near(r, toks, c, near)

    def sticky(self, form, sim: float, word: str) -> float | None:
        """The prior of one everyday word *word* said like a short name (`_topic_penalty`'s kind:
        its consonants, said alike, the name read as a word), without what its being an everyday
        word and the name's short key take off, for a video that says the name STICKY_MENTIONS
        times or more, with its topic near (`topic_near`; `Scorer.value`); None when *word* is not
        of that kind. ASR writes an everyday word for a short name it does not know ('bird' for
        BERT); where the name is what the talk is about, the word being common says little, as for
        a name's topic near it."""
        if sim < STICKY_SIM or "'" in word or not self._sticky_form(form):
            return None
        info = word_infos([word])[0]
        f = _FACTS.get(word)
        if f is None:
            f = _word_facts(Token(-1, -1, word, *info))
        # (not a function word, letters or a word said all the time: 'far', 'bit', 'really'; with
        # as many beats: 'sit' and 'sheet' are no SOTA)
        if f[0] is None or f[2] or f[4] or f[3] != form.ckey or f[1] >= 5.0 or info[3] != form.syllables:
            return None
        return _sticky_value(sim)

    def _sticky_form(self, form) -> bool:
        """Whether everyday words may be heard for *form* as `sticky` says: a short name read as a
        word, its term or how it is said (not an alias, mostly plurals: 'cans' for GAN's is 'to go
        cans' for tokens)."""
        pf = self._prior_facts.get(id(form)) or self._form_prior(form)
        return form.kind in ("term", "spoken") and not pf[3] and bool(pf[4])

    def sticky_prior(self, c: Candidate, word: str, mentions: int) -> float | None:
        """`sticky` of candidate *c*, heard as *word*, in a video that says its term *mentions*
        times, when higher than its prior; else None."""
        if mentions < STICKY_MENTIONS or c.last - c.first != 1 or c.method != "phonetic":
            return None
        s = self.sticky(c.form, c.sim, word)
        return s if s is not None and s > c.prior else None

    def said_anyway(self, c: Candidate, toks: Tokens, video: VideoContext) -> bool:
        """Whether one word heard for a name (*c* in *toks*, its field's words) sounds like a content word
        said in the same field that the video says ANYWAY_COUNT times or more, and ANYWAY_RATIO times
        as often as the name at least (`VideoContext.count`): the same first letter and beats, the same
        consonants or those with one swallowed after the first ('mala' in a talk that says 'model' 32
        times, here too, is no MAML). ASR garbles the words a speaker says most as often as any other;
        a name said seldom or nowhere else is the likelier reading. Then the candidate's prior drops by
        ANYWAY (once: *c* is changed, its reason said; True only then). Only for candidates whose sound
        alone does not make them (a prior below ANYWAY_PRIOR); qa.detect.choose asks only those that
        would be kept, so few videos ever count their words."""
        if id(c) in video._anyway:
            return False
        hit = None
        heard = toks.words[c.first].lower()
        if c.method == "phonetic" and c.last - c.first == 1 and c.prior < ANYWAY_PRIOR and heard.isalpha():
            info = word_infos([heard])[0]
            key, syl, first = info[7], info[3], (heard[0], heard[0].upper())
            least = max(ANYWAY_COUNT, ANYWAY_RATIO * video.mentions.get(id(c.form.entry), 0))
            # (in the order said: the first such word is the one reported)
            for w in dict.fromkeys([w.lower() for w in toks.words if w[0] in first]):
                if w == heard or len(w) < 3 or not w.isalpha() or w in STOPWORDS:
                    continue
                wi = word_infos([w])[0]
                wkey = wi[7]
                if wi[3] == syl and (wkey == key or (len(wkey) == len(key) + 1 and any(
                        wkey[:i] + wkey[i + 1:] == key for i in range(1, len(wkey))))):
                    n = video.count(w)
                    if n >= least:
                        hit = (w, n)
                        break
        if hit is not None:
            c.prior -= ANYWAY
            c.why += f"; sounds like {hit[0]!r}, which this video says {hit[1]}x"
        video._anyway[id(c)] = hit is not None
        return hit is not None

    @staticmethod
    def said_elsewhere(r: EntryRules, topic: bool, video: VideoContext, toks: Tokens) -> bool:
        """Whether the video says one of *r*'s `require` words (*topic*: of its `topic_words`), away
        from the candidate in *toks* (`value` asks after none was near). In a video that is not
        technical (it says two glossary terms or fewer), ordinary words (zipf ORDINARY_ZIPF:
        'answering your questions', 'the word for horn') count only in the candidate's own chunk: a
        long talk about anything says them somewhere, so there they tell nothing of the term's topic
        ('squat' in a talk on lifting is no SQuAD)."""
        words = r.topic_words if topic else r.require_words
        if len(video.mentions) >= 3:  # (video.technical, without a property call)
            return not words.isdisjoint(video.words)
        if not (r.topic_unusual if topic else r.require_unusual).isdisjoint(video.words):
            return True
        return any(w.lower() in words for w in toks.words)

    def elsewhere(self, c: Candidate, toks: Tokens, video: VideoContext) -> tuple[float, str]:
        """What `value` takes off where *c*'s `require` words are only elsewhere in the video, and why:
        ELSEWHERE, or nothing for a name said as several words heard with both ends right
        (`similarity.ends_heard`) that the video says STICKY_MENTIONS times or more: 'opening eye' in a
        talk that says OpenAI. The video's mentions say its topic; the ends say the name. In a video that
    names fewer than FIELD_VIDEO glossary terms, no talk of the field, words found only in its other
    records are no topic but chance ('web' and 'pages' in a language manual): no context (0.4), as
    where none is (`off_field`)."""
        if c.method == "phonetic" and c.last - c.first >= 2 and \
                video.mentions.get(id(c.form.entry), 0) >= STICKY_MENTIONS and \
                ends_heard(word_infos([toks.words[c.first]])[0][0], toks.words[c.last - 1], c.form,
                           [info[0] for info in word_infos(toks.words[c.first + 1:c.last - 1])]):
            return 0.0, f"context words only elsewhere in the video, but both ends of {c.form.entry.term} heard"
        # (not a listed mishearing: its own words are its form's, every one 'heard right')
        if c.method != "variant" and c.sim >= ECHO_SIM and c.last - c.first >= 2 and \
                video.mentions.get(id(c.form.entry), 0) and \
                echoed(c, toks.words, self.vocabulary):
            return 0.0, f"context words only elsewhere in the video, but {c.form.entry.term} said in it and a word " \
                "of it heard right here"
        return ELSEWHERE_OFF_FIELD if self.off_field(c, toks, video) else \
            elsewhere_plain(c, video, toks.words, self.vocabulary)

    def off_field(self, c: Candidate, toks: Tokens, video: VideoContext) -> bool:
        """Whether *c*'s `require` words said elsewhere in the video are chance (`elsewhere`): the video
        names fewer than FIELD_VIDEO glossary terms, *c* was heard as lowercase words only (capitals are
        letters or a name ASR heard: 'Alice T' for LSTM says more than chance), and none of the words
        is said in *c*'s own record (*toks*: a rule's example is one record, whose words beyond the
        window still say its topic)."""
        if len(video.mentions) >= FIELD_VIDEO or not all(w.islower() for w in toks.words[c.first:c.last]):
            return False
        said = {w.lower() for w in toks.words}
        return self.rules(c.form.entry).require_words.isdisjoint(said)

    def lowered_bound(self, c: Candidate, heard: str, video: VideoContext, weight: float, require: float,
                      add: float) -> float:
        """qa.detect.choose's bound of one word *c* (*heard*; context *weight*; *require*: what a require
        word adds per unit; *add*: what the video adds) once `said_anyway` lowered its prior: its steps."""
        s = c.prior
        lift = self.sticky_prior(c, heard, video.mentions.get(id(c.form.entry), 0))
        if lift is not None:
            s = lift
        s = s + require * weight + add * weight
        return 1.0 if s >= 1.0 else s if s > 0.0 else 0.0

    def _form_prior(self, form) -> tuple:
        """What `prior` asks of a form, whatever was heard: (the form (kept, so its id is not reused
        while cached), the reason of a known variant, repr of its text, said letter by letter, what
        a short key takes off, keys of the number words it says, the term's zipf, its words, whether it
        is `_coined`)."""
        short = min(len(form.ckey) + 1, len(form.vkey))  # consonants, and a vowel if it has one
        pf = self._prior_facts[id(form)] = (
            form, f"known mishearing {form.text!r}" + (" (safe)" if form.safe else ""), repr(form.text),
            form.spelled, (0.2 if short <= 3 else 0.05) if short <= 4 else 0.0,
            {consonants(word_key(w)) for w in form.spoken_words if w in NUMBER_WORDS},
            self.term_zipf(form.entry), set(form_words(form.text)), _coined(form))
        return pf

    def score(self, c: Candidate, toks, video: VideoContext) -> tuple[float, str]:
        """The prior plus what the record and the video around the span say, with the reasons."""
        toks = Tokens.of(toks)
        near = Nearby(toks.words)
        return self.value(c, toks, video, near), self.reasons(c, toks, video, near)

    def value(self, c: Candidate, toks: Tokens, video: VideoContext, near: Nearby, lift: bool = True) -> float:
        """The score of `score`, without the words (most scored candidates are never reported).

        *near* is the `Nearby` of *toks*' words; *lift* False: no `sticky` lift (a longer reading
        of the span explains it: qa.detect.choose)."""
        e = c.form.entry
        r = self._rules.get(id(e)) or self.rules(e)
        if c.prior < ANYWAY_PRIOR and c.last - c.first == 1 and video.records:
            self.said_anyway(c, toks, video)
        s = c.prior
        mentions = video.mentions.get(id(e), 0)
        sticky = self.sticky_prior(c, toks.words[c.first], mentions) if lift else None
        # context can make a good match likely, but not a poor one good
        weight = 1.0 if c.method == "variant" else first_named(c, toks.words, min(1.0, max(0.0, (c.sim - 0.8) / 0.12)))
        if r.exceptions and self._exception(r, toks, c) is not None:
            return 0.0
        if r.unaccented and written_unaccented(r, toks.words[c.first:c.last]):
            return 0.0
        if after_first_name(c, toks.words, self.first_names) is not None or \
                stands_apart(c, toks.words, video) is not None:
            return 0.0
        if said_as_verb(c, toks) is not None or read_as_phrase(c, toks) is not None or \
                said_as_word(c, toks, mentions, lambda: self.topic_near(c, toks)) is not None:
            return 0.0
        if sticky is not None and not self.topic_near(c, toks):
            sticky = None  # (the name's topic must be near too: `sticky`)
        off = 0.0
        if sticky is not None:
            s = sticky  # (no penalty for the everyday word to take where the topic is not near)
        elif asks_topic(c):
            off = self.topic(c, toks)[0]
            s -= off
        if r.has_require:
            if self._near(r, toks, c, near):
                s += 0.1 * (1.0 if fair(c, weight) and self.topic_near(c, toks) else weight)
            elif r.name_ends is not None and name_heard(r, c, toks.words):
                s += 0.1 * weight  # (as a require word near; no topic: that is require words)
            elif self.said_elsewhere(r, bool(off), video, toks):
                s -= self.elsewhere(c, toks, video)[0]
            else:
                s -= 0.4
        if mentions:
            s += min(0.2, 0.1 + 0.03 * mentions) * weight
        elif len(video.mentions) >= 3:  # (video.technical, without a property call)
            s += 0.05 * weight
        return max(0.0, min(1.0, s))

    def topic(self, c: Candidate, toks: Tokens, required: bool = True) -> tuple[float, str]:
        """For one everyday word heard for a short name (`_topic_penalty`): (the penalty `prior` left
        out, when the name's topic is not around it; else 0.0, and the reason). Its topic is TOPIC_WORDS
        `require` words of few entries (`topic_words`) within WINDOW words: 'gun' near 'generator' and
        'discriminator' is GAN, near 'trained' alone it is a gun. (The name said elsewhere in the video
        does not count: on the bench corpus it only added 'bear' for BEIR, 'humans' for HMMs.)
        *required* False: the caller found no `require` word within WINDOW words (`require_text`), so
        no topic is near either, and the windows are not searched again (nine in ten on a corpus)."""
        word = toks.words[c.first]
        if "'" in word:
            return 0.0, ""
        info = word_infos([word])[0]
        pen = _topic_penalty(_FACTS.get(word) or _word_facts(Token(-1, -1, word, *info)),
                             self._prior_facts.get(id(c.form)) or self._form_prior(c.form), c.sim)
        if not pen:
            return 0.0, ""
        near = self.topic_near(c, toks) if required else ""
        return (0.0, near) if near else (pen, "")

    def topic_near(self, c: Candidate, toks: Tokens) -> str:
        """'its topic near: ...' when TOPIC_WORDS different `require` words of few entries
        (`topic_words`) of *c*'s entry are within WINDOW words of it, else ''."""
        r = self.rules(c.form.entry)
        if not r.has_require:
            return ""
        lo, hi = max(0, c.first - WINDOW), min(len(toks), c.last + WINDOW)
        topical = self.topical
        said = {m.group().strip() for part in (toks.words[lo:c.first], toks.words[c.last:hi])
                for m in r.require.finditer(" ".join(part)) if normalize(m.group()) in topical}
        if len({normalize(w) for w in said}) >= TOPIC_WORDS:
            return "its topic near: " + ", ".join(repr(w) for w in sorted(said))
        return ""

    def upper(self, c: Candidate, video: VideoContext) -> tuple[float, bool]:
        """`value` without its costly steps, the searches for exceptions and require words around
        the span: (the value, True) when the entry has neither, else (the value if no exception is
        near and a require word is, which bounds it, False). Same float steps as `value`, so the
        bound is the value exactly in that case."""
        e = c.form.entry
        r = self._rules.get(id(e)) or self.rules(e)
        s = c.prior
        mentions = video.mentions.get(id(e), 0)
        loose = mentions >= STICKY_MENTIONS and c.last - c.first == 1 and c.method == "phonetic" and \
            c.sim >= STICKY_SIM and self._sticky_form(c.form)
        if loose:  # (`sticky_prior`, the word unknown here)
            s = max(s, _sticky_value(c.sim))
        weight = 1.0 if c.method == "variant" else min(1.0, max(0.0, (c.sim - 0.8) / 0.12))
        if weight < FIRST_NAMED and c.sim >= 0.8 and c.last - c.first >= 2 and _first_named_form(c.form):
            weight = FIRST_NAMED  # (`first_named`, the words unknown here: a bound)
        if r.has_require:
            s += 0.1 * (1.0 if fair(c, weight) else weight)  # (`value`: in full with the topic near)
        if mentions:
            s += min(0.2, 0.1 + 0.03 * mentions) * weight
        elif len(video.mentions) >= 3:  # (video.technical, without a property call)
            s += 0.05 * weight
        return max(0.0, min(1.0, s)), not (r.has_require or r.exceptions or loose)

    def most(self, form, method: str, sim: float, prior: float) -> float:
        """The highest score an asr-error candidate with this prior can get in any video: `upper`
        with the most a video can add (0.2 per unit of weight). Same float steps, so a candidate
        with `most(...) < min_score` is never a finding (for that min_score), whatever the video."""
        f = self.form_facts.get(id(form)) or self.facts_of(form)
        if method == "variant":
            w = 1.0
        else:
            w = min(1.0, max(0.0, (sim - 0.8) / 0.12))
            if w < FIRST_NAMED and sim >= 0.8 and _first_named_form(form):
                w = FIRST_NAMED  # (`first_named`, the words unknown)
            if method == "phonetic" and sim >= STICKY_SIM and self._sticky_form(form):  # (`sticky`, words unknown)
                prior = max(prior, _sticky_value(sim))
        s = prior + f[0] * (1.0 if w > 0.0 else 0.0) + 0.2 * w  # (`upper`)
        return max(0.0, min(1.0, s))

    def reasons(self, c: Candidate, toks: Tokens, video: VideoContext, near: Nearby, lift: bool = True) -> str:
        """Why `value` scored *c* as it did (with *lift* as there), in words."""
        e = c.form.entry
        r = self.rules(e)
        reasons: list[str] = [c.why]
        if r.exceptions:
            x = self._exception(r, toks, c)
            if x is not None:
                return f"exception {x!r} around the span"
        v = said_as_verb(c, toks)
        if v is not None:
            return f"a verb said after {v!r}"
        v = read_as_phrase(c, toks)
        if v is not None:
            return v
        mentions = video.mentions.get(id(e), 0)
        v = said_as_word(c, toks, mentions, lambda: self.topic_near(c, toks))
        if v is not None:
            return v
        near_topic = self.topic_near(c, toks) if lift and \
            self.sticky_prior(c, toks.words[c.first], mentions) is not None else ""
        off = not near_topic and asks_topic(c) and self.topic(c, toks)[0] > 0.0  # (as `value`)
        if r.has_require:
            m = self._near_text(r, toks, c, near)
            if m is not None:
                reasons.append(f"context word {m!r} nearby")
                weight = 1.0 if c.method == "variant" else \
                    first_named(c, toks.words, min(1.0, max(0.0, (c.sim - 0.8) / 0.12)))
                topic = self.topic_near(c, toks) if fair(c, weight) else ""
                if topic:
                    reasons.append(topic)
            elif r.name_ends is not None and (said := name_heard(r, c, toks.words)):
                reasons.append(name_heard_why(said, e))
            elif self.said_elsewhere(r, bool(off), video, toks):
                reasons.append(self.elsewhere(c, toks, video)[1])
            else:
                reasons.append("no context word nearby")
        if near_topic:
            reasons.append(f"an everyday word said like {e.term}, which this video says; {near_topic}")
        elif asks_topic(c):
            topic = self.topic(c, toks)[1]
            if topic:
                reasons.append(topic)
        if mentions:
            reasons.append(f"{e.term} said correctly {mentions}x in this video")
        elif video.technical >= 3:
            reasons.append(f"technical video ({video.technical} glossary terms)")
        return "; ".join(reasons)

    @staticmethod
    def _exception(r: EntryRules, toks: Tokens, c: Candidate) -> str | None:
        lo = c.first - EXCEPTION_REACH if c.first > EXCEPTION_REACH else 0
        # the words' lowercase forms without apostrophes (Token.norm), made from the words: a batch
        # scan works out the per-word facts only on demand. Non-ASCII text (where lowercasing
        # depends on neighbours: final sigma) takes the facts.
        around = "".join(toks.words[lo:c.last + EXCEPTION_REACH])
        if around.isascii():
            around = around.lower().replace("'", "")
        else:
            around = "".join([info[0] for info in toks.infos[lo:c.last + EXCEPTION_REACH]])
        for x in r.exceptions:
            if x in around:
                return x
        return None

    def _near(self, r: EntryRules, toks: Tokens, c: Candidate, near: Nearby) -> bool:
        pattern = r.lowered
        if pattern is not None:
            m = near.search(pattern, c.first, c.last)
            if m is not False:
                return m is not None
        return self._regex_near(r, toks, c) is not None

    def _near_text(self, r: EntryRules, toks: Tokens, c: Candidate, near: Nearby) -> str | None:
        pattern = r.lowered
        if pattern is not None:
            m = near.search(pattern, c.first, c.last)
            if m is not False:
                return None if m is None else near.text(pattern, c.first, c.last)
        m = self._regex_near(r, toks, c)
        return None if m is None else m.group().strip()

    def require_text(self, r: EntryRules, toks: Tokens, c: Candidate, near: Nearby) -> str | None:
        """`_near_text`, searching each window once (for callers that ask once per span)."""
        pattern = r.lowered
        if pattern is not None:
            m = near.find(pattern, c.first, c.last)
            if m is not False:
                return m
        m = self._regex_near(r, toks, c)
        return None if m is None else m.group().strip()

    @staticmethod
    def _regex_near(r: EntryRules, toks: Tokens, c: Candidate):
        lo, hi = max(0, c.first - WINDOW), min(len(toks), c.last + WINDOW)
        left, right = " ".join(toks.words[lo:c.first]), " ".join(toks.words[c.last:hi])
        firsts = r.require_firsts
        if firsts is not None:
            low = f"{left}\n{right}".lower()
            if not any(w in low for w in firsts):
                return None
        return r.require.search(left) or r.require.search(right)

    def _rarity(self, facts: list[tuple], heard: list[Token], pf: tuple, method: str,
                reasons: list[str]) -> float | None:
        n = len(facts)
        if n == 1:  # the common case, in one pass (the same steps as below)
            f = facts[0]
            w = f[0]
            if w is None:
                return 0.0
            if f[4]:
                reasons.append(f"spelled letters {heard[0].text!r}")
                return 0.0 + 0.1
            hz = f[1]
            if hz < 2.0 and len(w) > 1:
                reasons.append(f"unusual word {w!r}")
                return 0.0 + 0.1
            if hz < 3.0 or hz <= pf[6]:
                return 0.0
            reasons.append(f"{w!r} is a common word")
            return 0.0 - (0.1 if hz < 4.0 else 0.25 if hz < 5.0 else 0.4)
        if n == 2 and method != "variant":  # most sounds-alikes: the steps below, without the lists
            f0, f1 = facts
            w0, w1 = f0[0], f1[0]
            if w0 is None and w1 is None:
                return 0.0
            adj = 0.0
            sounds = pf[5]
            edges = (f0[2] and f0[3] not in sounds) + (f1[2] and f1[3] not in sounds)
            if f0[2] and f1[2]:
                return None  # only function words
            if edges and pf[0].entry.category == "person":
                edges -= _own_edges(pf[0], f0, f1)
            if edges:
                reasons.append("starts or ends with a function word")
                adj -= 0.15 * edges
            if f0[4] or f1[4]:
                reasons.append(f"spelled letters {heard[0 if f0[4] else 1].text!r}")
                return adj + 0.1
            if w0 is not None and f0[1] < 2.0 and len(w0) > 1:
                reasons.append(f"unusual word {w0!r}")
                return adj + 0.1
            if w1 is not None and f1[1] < 2.0 and len(w1) > 1:
                reasons.append(f"unusual word {w1!r}")
                return adj + 0.1
            if w0 is None or w1 is None:
                hz = f1[1] if w0 is None else f0[1]
                if hz < 3.0 or hz <= pf[6]:
                    return adj
                reasons.append(f"{w1 if w0 is None else w0!r} is a common word")
                if _own_number(pf[0], heard[0 if w0 is None else 1].text, heard[1 if w0 is None else 0]):
                    # ASR wrote the number it heard, and that is the name's: the everyday word beside
                    # it is the rest of the name misheard ('resident 50' for ResNet-50)
                    reasons[-1] += f", beside the number of {pf[2]}"
                    return adj - 0.1
                return adj - (0.1 if hz < 4.0 else 0.25 if hz < 5.0 else 0.4)
            hz = min(f0[1], f1[1])
            if hz < 4.0 or w0 in pf[7] or w1 in pf[7] or pf[8]:  # ('brand new' is no Brain team)
                return adj
            reasons.append("all heard words are common")
            return adj - 0.2
        words = [f[0] for f in facts if f[0] is not None]
        if not words:
            return 0.0
        adj = 0.0
        if method != "variant" and n > 1:
            # a function word that sounds like part of the term is part of it: 'GPT to' for GPT-2
            sounds = pf[5]
            first, last = facts[0], facts[-1]
            edges = (first[2] and first[3] not in sounds) + (last[2] and last[3] not in sounds)
            if all(f[2] for f in facts):
                return None  # only function words
            if edges and pf[0].entry.category == "person":
                edges -= _own_edges(pf[0], first, last)
            if edges:
                reasons.append("starts or ends with a function word")
                adj -= 0.15 * edges
        if method == "variant" and n > 1:
            return adj  # a listed multi-word mishearing is specific enough
        for f, t in zip(facts, heard):
            if f[4]:
                # ASR writes capital letters when it hears letter names: 'Alice T', 'wave are an N'
                reasons.append(f"spelled letters {t.text!r}")
                return adj + 0.1
        zs = [f[1] for f in facts if f[0] is not None]
        for w, z in zip(words, zs):
            if z < 2.0 and len(w) > 1:
                reasons.append(f"unusual word {w!r}")
                return adj + 0.1
        # ordinary words need more evidence, unless the term is made of ordinary words too
        term_z = pf[6]
        hz = min(zs)
        if hz < (3.0 if len(words) == 1 else 4.0) or (len(words) == 1 and hz <= term_z) or \
                (len(words) > 1 and (set(words) & pf[7] or pf[8])):  # 'training lost', 'web tax'
            return adj
        if len(words) == 1:
            reasons.append(f"{words[0]!r} is a common word")
            return adj - (0.1 if hz < 4.0 else 0.25 if hz < 5.0 else 0.4)
        if _own_number_said(pf[0], heard):
            # the name's number heard right, said as words: the everyday words before it are the rest
            # of the name misheard ('c far ten' for CIFAR-10), as for a number written (`_own_number`)
            reasons.append(f"the number of {pf[2]} heard right")
            return adj
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


# What the prior asks of each heard word, by its text (a word's facts are a function of its text:
# qa.detect.tokens caches them so): (lowercase form if all letters else None, its zipf, function
# word, consonant key, spelled letters, odd). Found once per distinct word instead of per n-gram.
_FACTS: dict[str, tuple] = {}
FACTS_LIMIT = 200_000  # words remembered; cleared when full: flat memory


def _own_edges(form, first: tuple, last: tuple) -> int:
    """How many of the function words at the edges of what was heard for a person's name are its
    own words where it has them, heard right ('he' of 'coming he' for Kaiming He): the name's word,
    not a word said next to it."""
    words = form_words(form.text)
    return (bool(first[2]) and first[0] == words[0]) + (bool(last[2]) and last[0] == words[-1])


def _word_facts(t: Token) -> tuple:
    norm = t.norm
    alpha = norm if norm.isalpha() else None
    z = _heard_zipf(t.text, norm) if alpha is not None else 0.0
    # (not a word with an apostrophe: "gracie's" is a name's, and "a gracie's" is accuracies misheard)
    if alpha is not None and z < DERIVED_WORD_ZIPF and t.text.isalpha() and _english_derived(norm):
        z = DERIVED_WORD_ZIPF
    f = (alpha, z, norm in STOPWORDS, consonants(t.vkey),
         _spelled_letters(t.text), _odd(t))
    if len(_FACTS) > FACTS_LIMIT:
        _FACTS.clear()
    _FACTS[t.text] = f
    return f


DERIVED_WORD_ZIPF = 2.0  # how common a rare word made of an everyday one counts (`_english_derived`)
DERIVED_BASE_ZIPF = 3.0  # ... that everyday word this common


INFLECTIONS = (("s", ("",)), ("es", ("",)), ("ed", ("", "e")), ("ing", ("", "e")))


def _english_derived(norm: str) -> bool:
    """Whether a rare word is an everyday word (zipf DERIVED_BASE_ZIPF) with an English prefix or suffix
    ('uncurated', 'rescaling', 'entropic'), or a word of DERIVED_WORD_ZIPF inflected ('convolutions',
    'interpolating', 'distills'): an English word the dictionary counts less often than its stem, no
    odd word ASR wrote for a name it did not know ('uncurated' is no Winograd)."""
    if len(norm) < 6:
        return False
    for end, adds in INFLECTIONS:
        if norm.endswith(end) and any(zipf(norm[:-len(end)] + a) >= DERIVED_WORD_ZIPF for a in adds):
            return True
    for p in PREFIXES:
        if norm.startswith(p) and len(norm) - len(p) >= 4 and zipf(norm[len(p):]) >= DERIVED_BASE_ZIPF:
            return True
    for x in SUFFIXES:
        if norm.endswith(x) and len(norm) - len(x) >= 4:
            stem = norm[:-len(x)]
            if any(zipf(stem + e) >= DERIVED_BASE_ZIPF for e in ("", "e", "y")):
                return True
    return False


def _heard_zipf(text: str, norm: str) -> float:
    """How common a heard word is; one with an apostrophe as it is written: "you've" (zipf 5.1) and
    "party's" (3.9) are everyday words, where 'youve' (0) and 'partys' (2.1) would look rare."""
    z = zipf(norm)
    if "'" in text or "\u2019" in text:
        z = max(z, zipf(text.lower().replace("\u2019", "'")))
    return z


# letter names ASR writes as words when a speaker spells ('jay peg', 'el sun'), and words that
# sound like them ('sea four'); everyday words that are letter names too ('you', 'see', 'oh') are
# left out: they say nothing
_LETTER_WORDS = {name: letter.upper() for letter, name in LETTER_NAMES.items()
                 if " " not in name and zipf(name) < 5.0} | {"sea": "C", "tea": "T", "pea": "P", "queue": "Q"}


# a word said for a letter's name (qa.phonetics.SAID_LETTERS) -> the letter, capital
_LETTER_OF = {w: next(k for k, v in LETTER_NAMES.items() if v == name).upper() for w, name in SAID_LETTERS.items()}


def _letters_heard(form, heard: list[Token], words: set[str]) -> int:
    """Whether everyday words heard for a form said (partly) letter by letter are evidence of it all
    the same: 2 when one of them is the name of one of its letters ('jay peg' for JPEG), 1 when one
    of them is a word of it said as a word ('progressive gun' for Progressive GAN, 'big bunch' for
    BIG-bench) or a number of it said as a word ('see four' for C4), else 0."""
    return _letters_said(form, [t.norm for t in heard], words, [t.text for t in heard])


_NO_VOWEL = re.compile("[^aeiouy]+")
_DIGITS = re.compile("[0-9]+")


def _consonant_letters(norm: str, letters: str) -> bool:
    """Whether a heard word of consonants only is letters of *letters* in a row ('sd', 'gdp')."""
    return len(norm) >= 2 and norm.isalpha() and norm.upper() in letters and _NO_VOWEL.fullmatch(norm) is not None


def _reads_letters(norm: str, letters: str) -> bool:
    """Whether a heard word reads letters of *letters*: a letter's name or a word said like it ('are'),
    consonants of them in a row, a number, or a word with exactly the consonants of two or more of
    them in a row ('excel' for X L). A word that reads none ('noise' of 'dp noise') is a word said:
    the consonants beside it are another name's letters heard right (DP), not this one's."""
    if _LETTER_OF.get(norm, "-") in letters or _LETTER_WORDS.get(norm, "-") in letters or norm.isdigit() or \
            norm in NUMBER_WORDS or _consonant_letters(norm, letters):
        return True
    said = _consonants_said(norm)
    sounds = [_letter_sounds(ch) for ch in letters]
    return len(said) >= 2 and any(collapse("".join(sounds[i:j])) == said
                                  for i in range(len(sounds)) for j in range(i + 2, len(sounds) + 1))


def _letters_said(form, norms: list[str], words: set[str], texts: Sequence[str]) -> int:
    """`_letters_heard` of the heard words' lowercase forms *norms* and as written *texts* (no Token
    needed)."""
    said = 0
    number = named = False
    letters = form.acronym or _letters_spelled(form.text)
    for norm in norms:
        letter = _LETTER_WORDS.get(norm)
        if letter is not None and letter in letters:
            return 2
        if len(norms) >= 2 and _consonant_letters(norm, letters) and \
                all(_reads_letters(other, letters) for other in norms if other is not norm):
            return 2  # (its letters in a row, written as a word of consonants: 'sd excel' for SDXL)
        if _own_letters_at_edge(form, norms, norm, letters):
            return 1  # (a name's letters heard right beside words for the rest: 'icon ml' for EconML)
        if norm in words:
            said = 1
        elif norm in NUMBER_WORDS:
            number = number or norm in form.spoken_words
        elif norm.isdigit():  # (its own number written in digits, heard right: 'jeff t 300 million')
            number = number or norm in _DIGITS.findall(form.text)
        else:
            named = named or _LETTER_OF.get(norm, "-") in letters
    # a number of it said as a word next to the everyday word said for one of its letters: 'see four'
    # for C4 (not 'zip two' for cv2: no letter's name heard)
    if said or (number and named):
        return 1
    if 2 <= len(norms) < len(form.acronym):
        return letters_run_together(form.acronym, norms, texts)
    return 0


def _own_letters_at_edge(form, norms: list[str], norm: str, letters: str) -> bool:
    """Whether the heard word *norm*, of consonants only, is all the letters a name partly said as a
    word spells (*letters*, `_letters_spelled`), at the same end of the heard words as of the name:
    'icon ml' for EconML, 'men gpt' for MemGPT. ASR writes a run of consonants only for letters it
    heard as letters, so those were heard right, and the words beside them stand for the part said
    as a word, as a word of the form heard right does (`_letters_said` gives 1: everyday words there
    still need the entry's context). Not a form of letters only (its letters are the whole name:
    `_letters_said` above), nor a run that is part of the letters ('ml' is no MLP's) or where the
    name has none ('ml' before the words of AutoML's 'auto')."""
    if form.acronym or len(norms) < 2 or len(letters) < 2 or norm != letters.lower() or \
            _NO_VOWEL.fullmatch(norm) is None:
        return False
    spoken = form.spoken_words
    said = [w for w in spoken if _NAME_LETTER.get(w)]
    if len(said) == len(spoken):
        return False  # (every word of it a letter's name: no part said as a word)
    at_end = spoken[-1] in _NAME_LETTER and norms[-1] == norm
    at_start = spoken[0] in _NAME_LETTER and norms[0] == norm
    return at_end or at_start


@lru_cache(maxsize=20_000)
def _letters_spelled(text: str) -> str:
    """The letters a form written in part with capitals spells by their names, written as capitals
    ('ML' of MLflow, said 'em el flow'; 'GPT' of ChatGPT): letters heard by their names are evidence
    of those, as of an acronym's ('em el flow', 'chat cheap tea'). Not a letter it writes in
    lowercase: the b of IMDb is said 'bee', but 'wand bee' is wandb. '' for a form said as words."""
    said = " ".join(w for t in tokens(text) for w in spoken_words(t)).replace("double you", "doubleyou")
    return "".join(ch for w in said.split() if (ch := _NAME_LETTER.get(w, "")) and ch in text)


_NAME_LETTER = {name.replace(" ", ""): letter.upper() for letter, name in LETTER_NAMES.items()}


@lru_cache(maxsize=20_000)
def _consonants_said(word: str) -> str:
    """The consonants of a word, as Metaphone hears them, not coarsened: what letters' names said fast
    keep ('trip' TRP for 'tee ar pee'). Voicing and m/n count here ('comes' is no 'cue en es', 'weeks'
    no 'jee ex'): a word standing for several letters must have theirs; W, H and Y are glides."""
    return collapse(_NOT_CONSONANTS.sub("", metaphone(word)))


_NOT_CONSONANTS = re.compile("[AEIOUWHY]")


# a word that names a letter (`_names_letter`) -> the letter, capital
_LETTER_NAMED = {w: k.upper() for k, name in LETTER_NAMES.items() if " " not in name for w in (k, name)} | \
    {w: next(k for k, v in LETTER_NAMES.items() if v == name).upper() for w, name in SAID_LETTERS.items()}


def _names_letter(norm: str, letter: str) -> bool:
    """Whether a heard word is *letter* (a capital) or its name, or a word said like it ('tea', 'are')."""
    name = LETTER_NAMES[letter.lower()]
    return norm == letter.lower() or norm == name or SAID_LETTERS.get(norm) == name


def _letter_sounds(letter: str) -> str:
    """The consonants of a letter's name ('' for a vowel's: 'oh', 'you')."""
    return _consonants_said(LETTER_NAMES.get(letter.lower(), letter.lower()).replace(" ", ""))


RUNS_LETTERS = 4  # letters an acronym has for words that all run its letters together to read it (`letters_run_together`)


def letters_run_together(acronym: str, norms: Sequence[str], texts: Sequence[str]) -> int:
    """Whether the heard words *norms* read the letters of *acronym*, in order and all of them, one
    word running two or more letters' names together into an everyday word and another word naming
    a letter: 'trip oh' for TRPO ('tee ar pee' said fast has the consonants of 'trip'). A word for
    several letters has exactly their consonants (`_consonants_said`); a word for one letter is its
    name or said like it ('oh', 'tea', 'are'). ASR that did not take fast letters for letters writes
    the word they sound like, so such a word is evidence of the letters, as a letter's name heard is
    (`_letters_said`), where the words around it split at the letters' boundaries: 'alec we're' is
    no LQR, 'took one' no DQN, 'alice teams' no LSTMs. (*texts*: the words as written; one with a
    capital is a name ASR knew, 'Alec are', or letters heard as letters, found otherwise.)

    2 then; 1 (evidence as a word of the form heard is: context still needed) where every word runs
    two letters or more together, none naming one, for an acronym of RUNS_LETTERS letters or more:
    'Ellis team' for LSTM ('el es' 'tee em' said fast), a first word of them capitalised as a name
    may be (ASR that heard a name in 'el es' writes one). A short acronym is said by too many pairs of
    words so; of four letters, two words that split exactly at its letters' boundaries are rare; else 0."""
    if not acronym.isalpha():
        return 0
    if not any(_LETTER_NAMED.get(norm, "-") in acronym for norm in norms):
        # (most n-grams: no word names a letter of it, nor can all run them together)
        if len(acronym) < RUNS_LETTERS or len(norms) * 2 > len(acronym) or any(len(norm) < 3 for norm in norms):
            return 0
    sounds = [_letter_sounds(ch) for ch in acronym]
    n = len(sounds)
    # the states after each word: (letters read, a word ran letters together, a word named one,
    # a capitalised word ran letters together)
    reach = {(0, False, False, False)}
    for k, (norm, text) in enumerate(zip(norms, texts)):
        if not norm.isalpha():
            return 0
        word = _consonants_said(norm)
        # (said all the time: runs no letters together, 'and pee' is no MDP)
        runs = len(word) >= 2 and norm not in STOPWORDS
        titled = runs and not text.islower()
        if titled and (k or not text.istitle()):
            runs = False  # (capitals later on, or more than the first: letters heard, or another name)
        nxt = set()
        for at, merged, named, capital in reach:
            if at < n and _names_letter(norm, acronym[at]):
                nxt.add((at + 1, merged, True, capital))
            if not runs:
                continue
            run = ""
            for end in range(at, n):
                run = collapse(run + sounds[end])
                if len(run) > len(word) or not word.startswith(run):
                    break
                if run == word and end > at and sounds[end]:
                    nxt.add((end + 1, True, named, capital or titled))
        if not nxt:
            return 0
        reach = nxt
    if (n, True, True, False) in reach:
        return 2
    return 1 if n >= RUNS_LETTERS and ((n, True, False, False) in reach or (n, True, False, True) in reach) else 0


def letters_apply(prior) -> bool:
    """Whether `letters_unheard` holds for lookups whose priors come from *prior*: only Scorer's
    prior has the rule it relies on."""
    return getattr(prior, "__func__", None) is Scorer.prior


def letters_unheard(words: list[str], infos: list[tuple], forms, spoken: str) -> bool:
    """Whether a lookup of the n-gram *words* (facts *infos*, words said *spoken*) that may only sound
    like *forms* (no near-spelling) finds nothing, told without it: every form is spelled letter by
    letter, none is said exactly as heard (`CandidateFinder.lookup` keeps that before any prior),
    and no heard word is odd, so `Scorer.prior` rules every one of them out ('you know' is no
    'N Y U') — unless a heard word names one of a form's letters or is one of its words
    (`_letters_heard`, which prior asks too: 'jay peg' for JPEG). A quarter of the lookups. Only
    where `letters_apply`."""
    for f in forms:
        if not f.spelled or (f.kind != "spoken" and f.spoken == spoken):
            return False
    for w, info in zip(words, infos):
        # (a Token only for a word not seen yet: the facts of most are known)
        facts = _FACTS.get(w) or _word_facts(Token(-1, -1, w, *info))
        if facts[5]:
            return False
    norms = [info[0] for info in infos]
    return not any(_letters_said(f, norms, set(form_words(f.text)), words) for f in forms)


def most_apply(prior, most) -> bool:
    """Whether `sound_most` bounds what lookups score whose priors come from *prior* and whose
    bounds come from *most*: only Scorer's have the rules it relies on."""
    return getattr(prior, "__func__", None) is Scorer.prior and getattr(most, "__func__", None) is Scorer.most


def sound_most(sim: float) -> float:
    """The most a sounds-alike of similarity below 0.8 at most *sim* can score in any video
    (`Scorer.most` of `Scorer.prior`): below 0.8 context weighs nothing, so it is its prior, which
    is the similarity's part (`prior`'s phonetic branch, less a short key's penalty) plus at most
    0.1 for heard words (`_rarity`). A bound: a lookup whose forms all sound less alike than a
    floor needs may be skipped where only what reaches the floor is wanted (qa.detect.batch)."""
    if sim >= 0.8:
        return 1.0
    return 0.8 * max(0.0, (sim - PHONETIC_FLOOR) / (1 - PHONETIC_FLOOR)) + 0.1


ANYWAY_COUNT = 10  # times a video says a word for one heard like it to be that word (`Scorer.said_anyway`)
ANYWAY_PRIOR = 0.5  # priors below which a candidate is asked `Scorer.said_anyway`
ANYWAY_RATIO = 5  # ... and as many times as often as the name at least
ANYWAY = 0.15  # what `Scorer.said_anyway` takes off the prior

STICKY_SIM = 0.85  # how alike an everyday word and a short name must sound (see `Scorer.sticky`)
STICKY_MENTIONS = 2  # times a video says a name for everyday words said like it to count (`Scorer.sticky`)
TOPIC_SIM = 0.9  # how alike an everyday word and a short name must sound (see `_topic_penalty`)
TOPIC_WORDS = 2  # different `require` words near that make a name's topic (see `Scorer.topic`)


def _sticky_value(sim: float) -> float:
    """The prior `Scorer.sticky` gives one everyday word said like a short name with similarity *sim*."""
    return 0.8 * (sim - PHONETIC_FLOOR) / (1 - PHONETIC_FLOOR)


FIRST_NAMED = 0.5  # context weight of a person's name heard with its first name right (`first_named`)


def _first_named_form(form) -> bool:
    """Whether *form* is a person's name of two words or more (`first_named` may apply)."""
    return form.entry.category == "person" and len(form_words(form.text)) >= 2


def first_named(c: Candidate, words: list[str], weight: float) -> float:
    """The context weight of *c* (*weight*: what its similarity gives), raised to FIRST_NAMED for a
    person's name of which the first word was heard right and the rest misheard ('Jonathan hope'
    for Jonathan Ho, 'Nikki Palmer' for Niki Parmar, a first name said as its name is written or
    alike): ASR knows first names, so what follows was a surname, and a fair sounds-alike of the
    name (similarity 0.8 or more) is as good a reading as the context says. (Not a poor one: below
    0.8 context weighs nothing, `sound_most`. Nor a word only keyed like the first name: 'domains
    towards' is no Denis Yarats.)"""
    if weight >= FIRST_NAMED or c.sim < 0.8 or c.last - c.first < 2 or c.next_start is not None or \
            not _first_named_form(c.form):
        return weight  # (not across chunks: what is kept of the next chunk differs by caller)
    name = form_words(c.form.text)
    first = words[c.first].lower()
    if first != name[0] and not (len(first) >= 4 and first[0] == name[0][0] and
                                 Levenshtein.distance(first, name[0], score_cutoff=1) <= 1):
        return weight  # (a first name as it is written, or one letter off: 'Nikki' for Niki, 'Peter')
    if words[c.last - 1].lower() == name[-1] or first in STOPWORDS:
        return weight  # (its last word heard right too: that is the name, or another name)
    return FIRST_NAMED


ECHO_PART = 4  # letters of a word of a term heard right (`echoed`): 'pre' begins too many
ECHO_ENTRIES = 5  # entries a word heard right may be a word of (`echoed`): 'model', 'learning', 'function' say no term
# ... and where the video never says the term (`elsewhere_plain`): only the word heard right and the
# sound say which term, so the sound must say more
UNSAID_ECHO_SIM = 0.9
ECHO_SIM = 0.8  # how alike a term of the video and words with one of its words heard right must sound (`echoed`)


def echoed(c: Candidate, words: list[str], vocabulary: Counter) -> bool:
    """Whether a sounds-alike of a term of several words holds a word of it heard right and the rest
    misheard ('Google rain' for Google Brain, 'Aaron van den Orde' for Aaron van den Oord): asked
    where the video says the term itself (`Scorer.elsewhere`). A speaker says the same terms again
    and again, and ASR that got a term right elsewhere may get one word of it wrong here: the word
    heard right says which term, and the video saying it says its topic as well as its `require`
    words said elsewhere would. The word heard right has ECHO_PART letters or more ('pre' of
    pre-training begins too many) and is a word of ECHO_ENTRIES entries at most ('model', 'learning'
    say no term: 'fellows model', 'mint learning'); no more words are heard than the term has
    ('instruction tuna teach'). The others are no function words ('efficient and', 'lang which
    model'), no words of the glossary (*vocabulary*, word -> entries: another term's word heard
    right, 'pre pruning', 'latent factors') and no words said all the time (zipf MISSED_ZIPF: that
    was said, 'unsupervised want', 'know zero'). (Not a part of a one-word name: 'tron' ends
    Detectron and Tacotron alike, and the one the video says would win over the one heard.)"""
    heard = [w.lower() for w in words[c.first:c.last]]
    name = form_words(c.form.text)
    if len(heard) > len(name):
        return False  # (a word more than the term has: one said after it, 'instruction tuna teach')
    right = False
    for w in heard:
        if w in name:
            right = right or (len(w) >= ECHO_PART and vocabulary.get(w, 0) <= ECHO_ENTRIES)
        elif w in vocabulary or w in STOPWORDS or zipf(w) >= MISSED_ZIPF:
            # (a word of another term, heard right: 'pre pruning' is no pre-training; a word said all
            # the time was said: 'unsupervised want', 'know zero')
            return False
    return right


def fair(c: Candidate, weight: float) -> bool:
    """Whether *c*, of context weight *weight* (`Scorer.value`), is a fair sounds-alike or
    near-spelling of several words heard (similarity 0.8 to 0.92), for which a `require` word near
    counts in full when the name's topic is near too (`Scorer.topic_near`): 'common call' near
    'filtered', 'pages' and 'web' is Common Crawl, 'find tune' near 'supervised' and 'data' fine-tune.
    (Of one everyday word, not: 'sourced' near 'supervised' and 'task' is no zero-shot.)"""
    return 0.0 < weight < 1.0 and c.last - c.first >= 2


def asks_topic(c: Candidate) -> bool:
    """Whether *c* may be one everyday word heard for a short name, whose score asks `Scorer.topic`."""
    return c.last - c.first == 1 and c.method == "phonetic" and c.sim >= TOPIC_SIM


def _topic_penalty(f: tuple, pf: tuple, sim: float) -> float:
    """What `_rarity` takes off for one everyday word heard (its facts *f*), not one said all the
    time, for a short form (`_form_prior` *pf*: its key takes off) read as a word, with its
    consonants, said alike (*sim*), of an entry with `require` words: 'gun' for GAN, 'soda' for SOTA,
    'cafe' for Caffe; else 0.0. ASR writes an everyday word for a short name it does not know, so
    the word being common says little where the name's topic is around it (`Scorer.topic`), and
    `prior` leaves the penalty out; scoring takes it where the topic is not."""
    if sim < TOPIC_SIM or pf[3] or not pf[4] or f[0] is None or f[4] or f[3] != pf[0].ckey or \
            not pf[0].entry.require:
        return 0.0
    hz = f[1]
    if hz < 3.0 or hz <= pf[6] or hz >= 5.0:  # (words said all the time were said: 'far', 'bit', 'really')
        return 0.0
    return 0.1 if hz < 4.0 else 0.25


VERB_ZIPF = 3.0  # a heard word this common is an English word (`said_as_verb`)


def said_as_verb(c: Candidate, toks: Tokens) -> str | None:
    """The word before *c* when *c* is one lowercase everyday word (zipf VERB_ZIPF or more) heard
    right after a subject pronoun or a modal ('you imagine', 'we can imagine': BEFORE_VERB), or one
    ending in -ing after a pronoun with a contracted 'be' ("you're turning": BEFORE_ING), else None.
    What follows those is a verb, and a name is none: ASR wrote the verb it heard ('imagine' is no
    Imagen there, 'turning' no Turing), where the same word after 'had' may be the name."""
    if c.last - c.first != 1 or c.first == 0 or c.method == "variant":
        return None
    before = toks.words[c.first - 1]
    word = toks.words[c.first]
    low = before.lower().replace("\u2019", "'")
    if low in BEFORE_ING:
        if not word.endswith("ing"):
            return None
    elif low not in BEFORE_VERB or (before == "I" and c.first > 1 and toks.words[c.first - 2].isupper()):
        return None
    if not word.isalpha() or not word.islower() or zipf(word) < VERB_ZIPF:
        return None
    return before


TOPIC_ZIPF = 5.5  # a `require` word this common in English ('state', 'work', 'time') is no topic


LONG_FORM = 5  # letters of a correct form a word must hold to be built on it (`Scorer._built_on_other`)


def long_forms(entries: Sequence[Entry]) -> dict[str, frozenset[str]]:
    """Correct forms of LONG_FORM letters or more, squashed, to the terms of the entries they are of
    (terms, not ids: the map is pickled with a cached detector)."""
    of: dict[str, set[str]] = {}
    for e in entries:
        for f in e.correct_forms:
            k = normalize(f)
            if len(k) >= LONG_FORM:
                of.setdefault(k, set()).add(e.term)
    return {k: frozenset(v) for k, v in of.items()}


# English affixes that make a word of another's stem ('reparameterization' of 'parameterization',
# 'Markovian' of 'Markov'); see `_derived_heard`. No grammatical endings (-s, -ed, -ing): a name
# that is an English verb or noun is heard with one ('reinforced' for REINFORCE, 'atom optimizers').
PREFIXES = frozenset("re de un non pre dis mis sub super co anti multi inter intra over under semi self auto "
                     "hyper meta post tri".split())
SUFFIXES = frozenset("ian ians ic ics ical ically ity ize izes ized ise ised ization ation ations al ally ly ness "
                     "ism isms ist ists able ability ive ively ivity ment ments".split())
DERIVED_STEM = 5  # letters the shared stem must have (`_derived_heard`)
DERIVED_ZIPF = 1.0  # a heard word this common is an English word (`_derived_heard`)

_form_words: dict[int, tuple] = {}


def _affixed(word: str, stem: str) -> bool:
    """Whether *word* is *stem* with an English prefix or suffix more."""
    n = len(stem)
    return len(word) > n and ((word.startswith(stem) and word[n:] in SUFFIXES) or
                              (word.endswith(stem) and word[:-n] in PREFIXES))


def _derived_heard(form, heard: list[Token]) -> bool:
    """Whether a heard word is an English word made of a word of *form* with a prefix or suffix
    more or less ('nonequilibrium' for Nash equilibrium, 'Markovian' for Markov chain, 'the right
    parameterization' for reparameterization): that word is heard right, a word of its own, not a
    mishearing of the term. Unknown words stay ('this criminator' is discriminator misheard)."""
    hit = _form_words.get(id(form))
    if hit is None:
        if len(_form_words) > 100_000:
            _form_words.clear()
        # (the form kept with its words, so its id is not reused meanwhile)
        words = tuple(w for w in re.findall(r"[a-z0-9]+", form.text.lower()) if len(w) >= DERIVED_STEM)
        # ... and, so that a heard word is judged by set lookups (`_affixed` both ways, `_agent_sibling`,
        # the prefix a word lacks: see below), what its words are with an affix off, and the verbs
        # their doers' nouns name
        stems = [_affix_stems(f) for f in words]
        hit = _form_words[id(form)] = (
            form, words, frozenset(w for a, b in stems for w in (*a, *b)) or _NONE,
            frozenset(w for f in words for w in _agent_verbs(f)) or _NONE,
            frozenset(w for _, b in stems for w in b) or _NONE)
    words = hit[1]
    if not words:
        return False
    multi = len(heard) > 1
    for i, t in enumerate(heard):
        w = t.norm
        if len(w) < DERIVED_STEM or not w.isalpha() or w in words:
            continue
        # a word of the form with an English suffix is that word said so ('contrastively so' is no
        # contrastive loss), and with an English prefix before it a name built on it ('swe rebench'
        # is SWE-rebench, no SWE-bench), known word or not (`_affixed(w, f)` for a word f of the form)
        suffixed, prefixed = _affix_stems(w)
        if not (suffixed.isdisjoint(words) and prefixed.isdisjoint(words)):
            return True
        if zipf(w) < DERIVED_ZIPF:
            continue  # (an unknown word that is a word of the form without a part may be it misheard: 'this criminator')
        # (`_affixed(f, w)` or `_agent_sibling(w, f)`, for any word f of the form)
        if not multi and (w in hit[2] or w in hit[3]):
            return True
        if multi and w in hit[4]:
            # the word without a prefix of a word of the form, unless the word before it may be
            # what is left of any word of the form it ends ('in coder decoder': en-coder)
            rests = [f[:-len(w)] for f in words if len(f) > len(w) and f.endswith(w)]
            if any(p in PREFIXES for p in rests) and not (i and any(_said_as_prefix(heard[i - 1], p) for p in rests)):
                return True
    return False


_stems: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
_NONE: frozenset[str] = frozenset()  # shared by the words and forms without stems: most (an empty frozenset is 216 B)
_NO_STEMS = (_NONE, _NONE)


def _affix_stems(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """What *word* is with an English suffix off, and with a prefix off: `_affixed(word, stem)` is
    *stem* being in either (remembered per word)."""
    got = _stems.get(word)
    if got is None:
        if len(_stems) > 100_000:
            _stems.clear()
        got = (frozenset(word[:-len(s)] for s in SUFFIXES if word.endswith(s)) or _NONE,
               frozenset(word[len(p):] for p in PREFIXES if word.startswith(p)) or _NONE)
        got = _stems[word] = got if got != _NO_STEMS else _NO_STEMS
    return got


def _agent_verbs(name: str) -> tuple[str, ...]:
    """The words `_agent_sibling(word, name)` holds for."""
    for end in AGENT_ENDINGS:
        if name.endswith(end):
            stem = name[:-len(end)]
            return tuple(stem + e for e in SIBLING_ENDINGS) if len(stem) >= DERIVED_STEM else ()
    return ()


AGENT_ENDINGS = ("ers", "er")  # (see `_agent_sibling`)
SIBLING_ENDINGS = ("", "e", "s", "es", "ed", "ing")


def _agent_sibling(word: str, name: str) -> bool:
    """Whether *word* is the verb that *name*, a word of a term, names the doer of, in another form
    ('transforms' of Transformers, 'encoded' of encoder): the speaker said the verb, which ASR knows as
    well as the noun; a stem of DERIVED_STEM letters at least."""
    for end in AGENT_ENDINGS:
        if name.endswith(end):
            stem = name[:-len(end)]
            return len(stem) >= DERIVED_STEM and word.startswith(stem) and word[len(stem):] in SIBLING_ENDINGS
    return False


def _said_as_prefix(t: Token, prefix: str) -> bool:
    """Whether *t*, heard before a word that lacks *prefix*, has the consonants of the prefix:
    then it is that prefix misheard ('this entanglement', 'otto encoder', 'in coder'), not a word
    said before the shorter word ('the right parameterization')."""
    return consonants(t.vkey) == consonants(word_key(prefix))


# (or one lowercase letter between a capital and an acronym: 'BiLSTM', 'DeBERTa'; not 'McCauley')
_CAMEL = re.compile(r"[a-z]{2}[A-Z]|[A-Z][a-z][A-Z]{2}")


def _camel_case(text: str) -> bool:
    """Whether *text* is one word written in CamelCase, a word of lowercase letters run into
    capitals ('MusicLM', 'SoundStream', 'BiLSTM'): a captioner writes so only a name it knows, so the name
    was heard right, though the glossary lacks it (capitals alone are letters heard, and misheard
    letters are common: 'MLP' for NLP)."""
    # (a match has a capital after two letters: most words have none there, told without the regex)
    return not text[2:].islower() and _CAMEL.search(text) is not None


def _camel_heard(form, heard: list[Token]) -> bool:
    """Whether a heard word is written in CamelCase ('MusicLM'): a name the captioner knew, heard
    right; so is the span it begins or ends ('MusicLM on' is no masked LM), unless that word is a
    word of the form itself."""
    if len(heard) == 1:
        return _camel_case(heard[0].text)
    ends = [t for t in (heard[0], heard[-1]) if _camel_case(t.text)]
    if not ends:
        return False  # (most n-grams: the form's words unread)
    words = set(form_words(form.text))
    return any(t.norm not in words for t in ends)


PLAIN_ENDINGS = frozenset(["", "s", "e", "es", "ed"])  # a word as said every day (see `_siblings`)
MADE_ENDINGS = frozenset("ize ise izes ises ized ised ization isation ing ings".split())  # ... and one made of it


def _siblings(word: str, other: str) -> bool:
    """Whether *other* is made of *word*'s stem (DERIVED_STEM letters or more) by an ending that makes a
    verb or its noun of it (MADE_ENDINGS), *word* being that stem as said every day (PLAIN_ENDINGS):
    'colors' and 'colorize', 'ensemble' and 'ensembling'. Not words of one stem whatever their endings:
    'police' for policy, 'residue' for residual and 'ancestry' for ancestral are mishearings."""
    n = 0
    for a, b in zip(word, other):
        if a != b:
            break
        n += 1
    for k in range(n, DERIVED_STEM - 1, -1):
        if word[k:] in PLAIN_ENDINGS and other[k:] in MADE_ENDINGS:
            return True
    return False


def _sibling_heard(form, heard: list[Token]) -> bool:
    """Whether the heard words are the words of *form* one for one, one of them at least in another
    form of its stem ('colors' for colorize, 'temporal ensemble' for temporal ensembling): the speaker
    said the word another way, which ASR knows as well; at most a normalization, never a mishearing
    of the term. (Not a word written in capitals, a name read as a word: 'reinforced' is REINFORCE
    misheard.)"""
    words = form_words(form.text)
    if len(words) != len(heard):
        return False
    sib = False
    written = None
    for k, (t, w) in enumerate(zip(heard, words)):
        if t.norm == w:
            continue
        if t.norm[:DERIVED_STEM] != w[:DERIVED_STEM]:
            return False  # (no stem of DERIVED_STEM letters shared: not `_siblings`; most pairs)
        if written is None:  # (`form_words` are these tokens lowercased: as many)
            written = TOKEN.findall(form.text)
        if written[k].isupper() or not (t.norm.isalpha() and _siblings(t.norm, w)):
            return False
        sib = True
    return sib


NAME_WRITTEN_ZIPF = 1.4  # a capitalised word rarer than this (once in ~40M words) is no English word ASR writes unheard: a name (`_name_written`)
# ... for a form said letter by letter, rarer than this: letter names run together come out as a
# name ASR knows ('core Emmel' for Core ML, zipf 1.36), so only a word in no dictionary says a name heard
LETTERS_WRITTEN_ZIPF = 0.5
NAME_WRITTEN_LIKE = 70  # how alike (rapidfuzz ratio) such a word and a word of the form may be spelled


def _name_written(form, heard: list[Token]) -> bool:
    """Whether a heard word is a capitalised word that is no English word ('Mairal', 'Taeksoo',
    'Kaiming'; "Awni's", or capitals run into lowercase: 'ESPnet'), for a form that is no person's name, and spelled like none of its words. ASR writes
    such a word only where its language model knows the name, so it heard the name, a person's
    name the glossary may lack ('Julien Mairal' is no CleanRL, 'Kaiming put' no Image GPT). Misheard
    names keep their own spelling ('Spiros Guidaris', 'Ali Rosavi'): person entries are left out,
    and so is a word spelled like a word of the form ('Mistrel' for Mistral)."""
    person = own = None
    for t in heard:
        text = t.text
        if len(text) < 4 or not text[0].isupper():
            continue  # (most words: no regex)
        if person is None:
            person = form.entry.category == "person"
        if person:
            return False
        if "'" in text or "\u2019" in text:
            text = _POSSESSIVE.sub("", text)
        if len(text) >= 4 and text.isalpha() and (text[0].isupper() and text[1:].islower() or
                                                   _CAPS_THEN_LOWER.fullmatch(text)):
            norm = text.lower()
            # (its words, and the term written whole: 'Simclair' is spelled like SimCLR, though
            # no word of 'sim clear' alone)
            if zipf(norm) < (LETTERS_WRITTEN_ZIPF if form.spelled else NAME_WRITTEN_ZIPF) and \
                    all(fuzz.ratio(norm, w) < NAME_WRITTEN_LIKE
                        for w in (*form_words(form.text), normalize(form.entry.term))):
                if own is None:
                    own = _own_word_heard(form, heard)
                if not own:
                    return True
    return False


def _own_word_heard(form, heard: list[Token]) -> bool:
    """Whether a heard word is a word of *form* that only its terms say (no function word, no word of
    the field's every talk): the name written beside it stands where the form has its own other word,
    a name misheard for a name ('Kaleski decomposition' for Cholesky decomposition, 'Colmo Gorov
    Smirnov' for Kolmogorov-Smirnov), not a person the glossary lacks beside nothing of the term."""
    words = form_words(form.text)
    return len(words) >= 2 and any(t.norm in words and t.norm not in STOPWORDS and t.norm not in FIELD_WORDS
                                   for t in heard)


# a possessive ending ("Awni's": the name is the word before it) and a word of capitals run into
# lowercase letters ('ESPnet', 'MXNet' is CamelCase already): ASR writes either only for a name it knows
_POSSESSIVE = re.compile(r"['\u2019]s$")
_CAPS_THEN_LOWER = re.compile(r"[A-Z]{2,}[a-z]{2,}")


_NUMBERED = re.compile(r"([a-z]+)[0-9]+")
_squashed_forms: dict[int, tuple] = {}  # id(entry) -> (entry, its correct forms squashed)


def _numbered_heard(form, heard: list[Token]) -> bool:
    """Whether one heard word is a correct form of *form*'s entry with a number written on ('conv5',
    'layer4'): the term itself heard right, numbered (the fifth conv layer), no mishearing of it."""
    if len(heard) != 1:
        return False
    m = _NUMBERED.fullmatch(heard[0].norm)
    if m is None:
        return False
    e = form.entry
    hit = _squashed_forms.get(id(e))
    if hit is None:
        if len(_squashed_forms) > 100_000:
            _squashed_forms.clear()
        hit = _squashed_forms[id(e)] = (e, frozenset(normalize(f) for f in e.correct_forms))
    return m.group(1) in hit[1]


def _ending_keyed(form, heard: list[Token]) -> bool:
    """Whether *form* is an acronym's plural or possessive read as a word whose key is one consonant
    and the ending's S ("NYU's" read 'nyus', keyed NS), heard with a letter written as a capital: ASR
    heard a letter there ('N is' is the variable N and 'is'), not the acronym read as a word ('vase'
    may be VAEs so read). Without its ending such a key is too short to look up by
    (`index._add_phonetic` drops those)."""
    text = form.text
    if form.spelled or len(form.ckey) > 2 or not form.ckey.endswith("S") or \
            not any(_spelled_letters(t.text) for t in heard):
        return False
    stem = text[:-2] if text.endswith("'s") else text[:-1] if text.endswith("s") else ""
    return len(stem) >= 2 and stem.isupper()


_LETTERS_ENDING = re.compile(r"(?:[A-Z0-9]s|['\u2019]s)$")  # 'GPUs', 'AC-GANs', "GPU's", "DeepMind's"


def _ending_said_apart(form, heard: list[Token]) -> bool:
    """Whether words heard for an acronym's plural or a possessive ('GPUs', "GPU's") end with a
    function word ('cbow is', 'cpu so', 'sgns is'): the ending is said on its word, and ASR writes it
    there ('GPUs', "GPU's"), never as a word of its own; the function word was said after another
    word, and only its sound made the match."""
    return len(heard) >= 2 and heard[-1].stop and _LETTERS_ENDING.search(form.text) is not None


_ENDS_IN_NUMBER = re.compile(r"[0-9]+$")


_DIGITS = re.compile(r"[0-9]+")


def _own_number(form, text: str, word: Token) -> bool:
    """Whether *text*, heard beside *word* for *form*, is a number of two digits or more that the
    form writes ('50' of ResNet-50, '2003' of CoNLL-2003; one digit is said of anything: 'phase 2'),
    after a name of three letters or more (not the A of A100: 'I 100', 'yeah 100') that the word
    begins like (onsets are heard best: 'lot 16' is no float16)."""
    if len(text) < 2 or not text.isdigit() or text not in _DIGITS.findall(form.text):
        return False
    name = form.text[:form.text.find(text)].rstrip(" -")
    return len(name) >= 3 and name.isalpha() and bool(word.ckey) and word.ckey[0] == form.ckey[:1]


def _own_number_said(form, heard: list[Token]) -> bool:
    """Whether the last heard words say, as words, a number of two digits or more that *form* writes
    after a name of three letters or more ('ten' of CIFAR-10, 'fifty one' of C51... not 'two' of Phi-2:
    one digit is said of anything), and the first heard word begins like the form (a letter by its
    name's sound: 'c far ten')."""
    if len(heard) < 2 or heard[-1].norm not in NUMBER_WORDS:
        return False
    first = heard[0]
    onset = word_key(LETTER_NAMES[first.norm])[:1] if first.norm in LETTER_NAMES else first.ckey[:1]
    if not onset or onset != form.ckey[:1]:
        return False
    said = [t.norm for t in heard]
    for digits in _DIGITS.findall(form.text):
        words = number_words(digits)
        name = form.text[:form.text.find(digits)].rstrip(" -")
        if len(digits) >= 2 and len(words) < len(said) and said[-len(words):] == words and \
                len(name) >= 2 and name.isalpha():
            return True
    return False


_TIMES = re.compile(r"[0-9]+x")


def _other_number(form, heard: list[Token]) -> bool:
    """Whether a number written in the heard words is none of *form*'s ('1000x' is no 1080 Ti), or is
    written with an x on it that the form does not have ('100x' is no A100s): ASR writes digits it
    heard, and 'x' on a number is 'times' said."""
    digits = None
    for t in heard:
        if t.norm.isalpha():
            continue
        text = t.text
        if not any(ch.isdigit() for ch in text):
            continue
        if digits is None:  # (the entry's: a spoken form says its number as words, 'see far one hundred')
            digits = {d for f in (form.text, *form.entry.correct_forms) for d in _DIGITS.findall(f)}
        if any(d not in digits for d in _DIGITS.findall(text)) or \
                (_TIMES.fullmatch(text) and text.lower() not in form.text.lower()):
            return True
    return False


def _number_unsaid(form, heard: list[Token]) -> bool:
    """Whether words heard for a name that ends in a number ('Detectron2', 'LZMA2', 'GauGAN2') end
    in a function word or a number word that is not that number said ('detector not', "Alice's in
    the", 'genome T with eight'): ASR writes a number it heard as a number, or as a word said like it
    ('GPT to', 'GPT - on' for GPT-1); where it wrote another word, the number was never said, and the
    name was not either."""
    if len(heard) < 2:
        return False
    last = heard[-1]
    if not (last.stop or last.norm in NUMBER_WORDS) or _ENDS_IN_NUMBER.search(form.text) is None:
        return False
    words = form.spoken_words
    said = words[-1]
    if last.norm in NUMBER_WORDS:
        return last.norm not in words  # ('FP thirty' for FP32: the number said in part)
    return _consonants_said(last.norm) != _consonants_said(said)  # ('to' and 'two', 'on' and 'one'; not 'the')


def _plural_said_is(form, heard: list[Token]) -> bool:
    """Whether *heard* is a word and a word more where *form* is that word's plural ('the latent is
    discrete', 'a latent z', 'the latent has' are no 'latents'): the word heard right, and a word
    after it. ASR writes a plural it heard as one word; its ending is a sound, never a word of its own
    ('z' is said 'zee')."""
    if len(heard) < 2:
        return False
    k = _normalized(form.text)
    if not k.startswith(heard[0].norm):
        return False  # (the stem would begin with it: most pairs, told without joining the words)
    stem = "".join(t.norm for t in heard[:-1])
    return bool(stem) and k in (stem + "s", stem + "es")


@lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    """`normalize` of a form's text, remembered: asked for every prior of a few thousand forms."""
    return normalize(text)


# where a name written as one word changes case or between letters and digits
_PARTS = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def spaced_names(entries: Sequence[Entry]) -> dict[str, str]:
    """The correct forms of *entries* written as one word of parts, lowercase, to those parts
    ('deepmind': 'deep mind', 'word2vec': 'word 2 vec', 'biggan': 'big gan'). Only parts of three
    letters or more, or digits, count: 'GloVe', 'LoRA' and 'GANs' are no words put together."""
    out: dict[str, str] = {}
    for e in entries:
        for f in e.correct_forms:
            if f.isalnum():
                parts = _PARTS.split(f)
                if len(parts) > 1 and all(p.isdigit() or len(p) >= 3 for p in parts):
                    out.setdefault(f.lower(), " ".join(parts).lower())
    return out


def topic_words(entries: Sequence[Entry]) -> frozenset[str]:
    """The `require` words of *entries* that say a topic, squashed ('generator', 'jigsaw', 'nyu'):
    not a word any talk of the field says (FIELD_WORDS: 'model', 'training', 'openai'), nor one said
    all the time in English (TOPIC_ZIPF: 'state', 'work'), which are near every term of a lecture and
    tell none of them. Each word is judged by itself, so the set does not shift as the glossary grows
    (it once held the words at most 4% of the entries required: 'diffusion' would have stopped saying
    its topic once a few more diffusion models were listed)."""
    words = {normalize(w) for e in entries for w in e.require}
    return frozenset(w for w in words if w and w not in FIELD_WORDS and zipf(w) < TOPIC_ZIPF)


COINED_SIM = 0.8  # how alike a coined name and the everyday words heard must sound (see `_coined`)


def _coined(form) -> str:
    """*form* lowercase if it is one written word that is no English word ('WebText', 'softmax',
    'BigGAN'), else ''. ASR cannot write such a word, so it writes everyday words that sound like
    it ('web tax', 'soft maps', 'big gun'); when one of them is a part of the name heard right
    (`_part_heard`), that they are everyday words is no penalty (as it is none for a term made of
    everyday words: 'training lost'). Acronyms said letter by letter are left out: letter names
    sound like too many everyday phrases."""
    words = form_words(form.text)
    return words[0] if len(words) == 1 and not form.spelled and words[0].isalpha() and zipf(words[0]) < 3.0 \
        else ""


def _part_heard(name: str, heard: list[Token]) -> bool:
    """Whether the first heard word begins *name* or the last one ends it ('web' of 'webtext', 'box' of
    'jukebox'), three letters at least: 'even though' sounds like WaveNet, but has no part of it."""
    if len(heard) < 2:
        return False
    a, b = heard[0].norm, heard[-1].norm
    # ... and at most two thirds of it, or all but a syllable of three letters or more heard as a word
    # that is no function word: 'image now' is 'image' and a word more, not Imagen misheard; 'efficient
    # nut' is EfficientNet's 'net' misheard, 'efficient and' the word said and more
    most = len(name) * 2 // 3
    return (3 <= len(a) and (len(a) <= most or _last_syllable(name, a, heard[1])) and name.startswith(a) and
            _rest_heard(name[len(a):], heard[1])) or \
        (3 <= len(b) and (len(b) <= most or _last_syllable(name, b, heard[0])) and name.endswith(b) and
         _rest_heard(name[:-len(b)], heard[0]))


def _last_syllable(name: str, part: str, other: Token) -> bool:
    """Whether what *part* leaves of *name* is REST_LETTERS letters or more and *other*, heard for it,
    no function word, of as many beats and the same consonants, and not said all the time (see
    `_part_heard`): 'nut' for the 'net' of EfficientNet; not 'model' for that of ControlNet ('control
    model' is said), nor 'need', 'fit' or 'maybe' after 'efficient'."""
    rest = name[len(part):] if name.startswith(part) else name[:-len(part)]
    # (its consonants those of the rest, and no word said all the time: 'efficient need' is said)
    return len(name) - len(part) >= REST_LETTERS and not other.stop and other.syllables == syllables(rest) and \
        consonants(other.vkey) == consonants(word_key(rest)) and zipf(other.norm) < REST_ZIPF


REST_LETTERS = 3  # (see `_part_heard`)


REST_ZIPF = 5.0  # (see `_rest_heard`)


def _name_edges(name: str, facts: list[tuple], heard: list[Token], sounds) -> int:
    """How many of the function words `_rarity` penalises at the edges of the heard words are how
    the coined *name* is spelled to begin or end: 'Theo no' for Theano, 'a tarry' for Atari. ASR
    writes a name it does not know as everyday words, and its first or last syllable may well be one.
    A first word must be followed by the letter the name goes on with ('a and tropic': the article
    and then Anthropic); a last one must be two letters at least (an 'a' or 'i' ends too much)."""
    first, last = facts[0], facts[-1]
    a, b = first[0], last[0]
    return (bool(first[2] and first[3] not in sounds and a and name.startswith(a) and
                 heard[1].norm[:1] == name[len(a):len(a) + 1])
            + bool(last[2] and last[3] not in sounds and b and len(b) >= 2 and name.endswith(b)))


def name_heard_why(word: str, e: Entry) -> str:
    """The reason `name_heard` gives."""
    return f"{word!r} of {e.term} heard right, no everyday word"


ELSEWHERE = 0.15  # (see `Scorer.elsewhere`)
ELSEWHERE_WHY = (ELSEWHERE, "context words only elsewhere in the video")
ELSEWHERE_UNSAID = (ELSEWHERE + 0.1, "context words only elsewhere in the video, which never says the term")
ELSEWHERE_ECHOED = (ELSEWHERE, "context words only elsewhere in the video, which never says the term, but a word "
                    "of it heard right here")
ELSEWHERE_LETTERS = (ELSEWHERE + 0.3, "context words only elsewhere in the video, which never says the term; "
                     "capitals heard, letters ASR knew")


# ... and for a form said letter by letter heard as words: a field names far more acronyms than the
# glossary lists, and words that sound like letters ('cue wk', 'ui tars', 'C means') away from the
# acronym's topic, in a video that never says it, are another's letters or words said (`elsewhere_plain`)
ELSEWHERE_SPELLED = (ELSEWHERE + 0.3, "context words only elsewhere in the video, which never says the term; "
                     "letters read from words away from its topic")


def elsewhere_plain(c: Candidate, video: VideoContext, words: Sequence[str] = (),
                    vocabulary: Counter | None = None) -> tuple[float, str]:
    """ELSEWHERE_WHY, or ELSEWHERE_UNSAID for a sounds-alike or near-spelling (not a known mishearing)
    of a term the video never says right. A talk of the field says the common words of every topic
    somewhere ('data', 'model', 'image', 'training'), so they say little of one term: with none near,
    and the term not said, only the sound is left, and ordinary English sounds like many names
    ('zip file' is no Zipf law, 'entropic' no Anthropic, 'Jie Tang' no Jia Deng). A known mishearing
    is evidence of its own.

    With *words* (the record's), ELSEWHERE_LETTERS where capitals were heard: ASR writes letters it
    knew as letters ('PDB', 'MND'), and a field names far more acronyms than the glossary lists, so
    capitals that are not the form's own ('PDB' for PTB; not 'GPT for' GPT-4), with nothing of its
    topic near and the term never said, are more likely an acronym it lacks than a mishearing ('PDB'
    is no PTB in a protein talk). So does ELSEWHERE_SPELLED for any form said letter by letter ('cue
    wk' is no QwQ, 'ui tars' no A3C, 'C means' no SimCSE where nothing of their topic is near).

    With the glossary's *vocabulary* too (word -> entries), ELSEWHERE_WHY for a term of several words
    heard with a word of it right and the rest misheard (`echoed`: 'Judy Pearl' for Judea Pearl):
    that word says which term, as the term said elsewhere in the video would (`Scorer.elsewhere`), so
    more than the sound is left; the words said elsewhere still count for less than near."""
    if c.method != "variant" and not video.mentions.get(id(c.form.entry), 0):
        if words:
            text = c.form.text
            if any(w.isalpha() and w.isupper() and w != "I" and w not in text for w in words[c.first:c.last]):
                return ELSEWHERE_LETTERS
            if c.form.spelled and not _letters_written(words[c.first:c.last], text):
                return ELSEWHERE_SPELLED
            if vocabulary is not None and c.sim >= UNSAID_ECHO_SIM and c.last - c.first >= 2 and \
                    echoed(c, words, vocabulary):
                return ELSEWHERE_ECHOED
        return ELSEWHERE_UNSAID
    return ELSEWHERE_WHY


def _letters_written(heard: Sequence[str], text: str) -> bool:
    """Whether *heard* are letters ASR wrote as letters, not words read as them: one word of consonants
    only ('gft' for JFT), or capitals that are a whole word of the form *text* ('GPT for' of GPT-4, 'fast
    are CNN' of Fast R-CNN; not 'RL' of SRL)."""
    if len(heard) == 1 and heard[0].isalpha() and not _VOWELS.intersection(heard[0].lower()):
        return True
    own = TOKEN.findall(text)
    return any(len(w) >= 2 and w.isalpha() and w.isupper() and w in own for w in heard)


_VOWELS = frozenset("aeiouy")


FIELD_VIDEO = 3  # glossary terms a video names to be a talk of the field (`Scorer.elsewhere`; `VideoContext.technical`)
ELSEWHERE_OFF_FIELD = (0.4, "context words only elsewhere in a video that names few glossary terms")
ONSET = 0.15  # what `_onset_lost` takes off
BEATS = 0.15  # what one everyday word with fewer beats than the name takes off (`Scorer.prior`)
BEATS_ZIPF = 3.0  # a heard word this common is an everyday word (for BEATS)


def _read_as_words(text: str) -> bool:
    """Whether a form is words of letters only, read as written, so its beats are counted right
    (not "VAE's", 'GANs' or 'ReLUs', whose ending is no beat of its own, though read apart)."""
    return all(w.isalpha() and not (len(w) > 2 and w.endswith("s") and not w[1:-1].islower()) for w in text.split())


def _onset_lost(heard: str, name: str) -> bool:
    """Whether one word heard (its consonant key *heard*) for a name read as a word (key *name*) begins
    with another sound: onsets are heard best, so a word that does not begin like the name is rarely it
    ('diminishing returns' is no pre-trains, 'truncating' no range coding). Not for an /h/ said or
    not, the weakest sound (`similarity.weak_similarity`), nor a vowel for a vowel."""
    a, b = heard[:1], name[:1]
    return a != b and a != "H" and b != "H"


# a form's first word said -> the key onset of the letter's name it is ('m' of 'm nist': 'em', so 'A'), or ""
_LETTER_ONSET: dict[str, str] = {}


def _letter_onset_lost(heard: str, form) -> bool:
    """Whether one word heard (its consonant key *heard*) for a form read as words that begins with a
    letter said by its name ('m nist' is said 'em nist', 'n gram' 'en gram', 'f divergence' 'ef
    divergence') does not begin like that name (`_onset_lost`). The form's key has the letter's bare
    sound, which a merge of alike sounds can swallow ('m' + 'nist' is keyed as 'nist' alone), so
    'nicety' sounds like it; what was said began with the vowel of 'em', which onsets keep. (Asked
    besides `_onset_lost` of the key, never instead: 'unigram' does not begin like 'n gram' either.)"""
    first = form.spoken_words[0] if form.spoken_words else ""
    onset = _LETTER_ONSET.get(first)
    if onset is None:
        # (not the words 'a' and 'i', nor a capital: a capital is said by its name in the key already)
        onset = _LETTER_ONSET[first] = consonants(word_key(LETTER_NAMES[first]))[:1] \
            if len(first) == 1 and first in LETTER_NAMES and first not in "ai" else ""
    return onset != "" and _onset_lost(heard, onset)


WORD_FOR_WORD = 0.15  # (see `_word_for_word`)
WORD_FOR_WORD_SIM = 0.95  # a sounds-alike this close is a homophone ('gnats' for nats), no other word
WORD_FOR_WORD_ZIPF = (1.8, 1.5)  # the heard word, the form: this common, a word of the dictionary


def _word_for_word(facts: tuple, heard: Token, form) -> bool:
    """Whether one lowercase word of the dictionary was heard for a form that is one too (zipf
    WORD_FOR_WORD_ZIPF: 'annotations' for augmentations, 'quantile' for quantize, 'discriminative'
    for discriminator) of a term written lowercase (a common noun, not a name: not BERT, said
    'bert'). A recogniser writes words of its vocabulary: where the term is one of them it could
    have written it, and wrote another word it heard, unless the two sound the same
    (WORD_FOR_WORD_SIM). A name it does not know has to come out as some other word; a word it
    knows need not."""
    text = form.text
    return facts[0] is not None and facts[1] >= WORD_FOR_WORD_ZIPF[0] and heard.text.islower() and \
        not form.spelled and text.isalpha() and text.islower() and facts[0] != text and \
        form.entry.term.islower() and zipf(text) >= WORD_FOR_WORD_ZIPF[1]


MERGED = 0.3  # (see `_everyday_words`)
MERGED_ZIPF = 3.0  # a heard word this common is an everyday word
_EVERYDAY: dict[tuple, bool] = {}  # (a form's text, whether spelled) -> `_everyday_words`


def _everyday_words(form) -> bool:
    """Whether *form* is said as two words or more, each an everyday word of letters (zipf MERGED_ZIPF
    or more: 'fine tuning', 'one shot', 'training loss'; run together with capitals: 'DeepMind'): ASR
    that heard them writes them, so one everyday word heard for them is a word it heard ('finding' is
    no fine-tuning, 'funding' neither, 'depends' no DeepMind's).
    (Not a form with a letter, a number or a coined word: 'k-means', 'GPT-2', 'SoTA'.)"""
    key = (form.text, form.spelled)  # (a text can be a form said letter by letter and one read as words)
    got = _EVERYDAY.get(key)
    if got is None:
        words = form_words(form.text)  # (as written: 'SoTA' is one word, said 'so ta')
        if len(words) == 1 and _TITLE_RUN.fullmatch(form.text):
            # capitalised words of three letters or more run together: said as those words
            words = [w.lower() for w in _TITLE_PARTS.findall(form.text)]
        got = _EVERYDAY[key] = not form.spelled and len(words) >= 2 and \
            all(len(w) >= 2 and w.isalpha() and zipf(w) >= MERGED_ZIPF for w in words)
    return got


_TITLE_RUN = re.compile(r"(?:[A-Z][a-z]{2,}){2,}(?:['\u2019]s)?")  # 'DeepMind', "DeepMind's"; not 'SoTA', 'OpenAI'
_TITLE_PARTS = re.compile(r"[A-Z][a-z]{2,}")


WORD_LOST = 0.3  # (see `_word_lost`)
WORD_LOST_ZIPF = 4.5  # a word of a term this common is one ASR writes where it hears it
_LOST: dict[str, tuple[str, ...]] = {}  # a form's text -> its words said all the time (`_word_lost`)


def _word_lost(form, heard: str) -> str:
    """The word said all the time (zipf WORD_LOST_ZIPF, four letters or more: 'learning', 'network',
    'model') of a form of two words or more that one heard word (lowercase, letters only: *heard*)
    does not hold, else ''. ASR writes such a word where it hears it, so one word that leaves it out
    was said as heard, not the term: 'gallorum' is no Q-learning, said 'cue learning'. (Where ASR
    merged the term's words, the word is in it: 'selfattention'. A name of letters and short parts
    is heard as one word: 'unit' for U-Net, 'dolly' for DALL-E.)"""
    said = _LOST.get(form.text)
    if said is None:
        words = form_words(form.text)
        said = _LOST[form.text] = tuple(w for w in words if len(w) >= 4 and w.isalpha() and
                                        zipf(w) >= WORD_LOST_ZIPF) if len(words) >= 2 else ()
    for w in said:
        if w not in heard:
            return w
    return ""


PART_AND_WORD = 0.2  # what `_part_and_word` takes off


def _part_and_word(name: str, heard: list[Token]) -> bool:
    """Whether two heard words are a part of the coined *name* heard right (as `_part_heard` asks)
    and, next to it, a word said all the time that is not the rest of it (`_rest_heard` fails):
    'image kind' is 'image' and 'kind' said anyway, not ImageNet misheard. The part heard right
    makes the two sound alike; the word that should carry the mishearing does not."""
    if len(heard) != 2:
        return False
    a, b = heard[0].norm, heard[1].norm
    most = len(name) * 2 // 3
    return (3 <= len(a) <= most and name.startswith(a) and not _rest_heard(name[len(a):], heard[1])) or \
        (3 <= len(b) <= most and name.endswith(b) and not _rest_heard(name[:-len(b)], heard[0]))


def _rest_heard(rest: str, t: Token) -> bool:
    """Whether *t*, next to the part of a coined name heard right, may be the *rest* of it misheard:
    it begins with the sound the rest begins with, as onsets are heard best ('soft maps', 'big gun',
    'cycle again' once its first vowel is left out), or it is no word said all the time (zipf
    REST_ZIPF): 'image kind', 'open know', 'google won't' are what a speaker says anyway. An everyday
    word with more beats than the rest (besides a vowel before its onset: 'again' for 'gan') is no
    rest misheard either: 'google needed' is Google and a verb, not GoogLeNet."""
    onset = word_key(rest)[:1]
    vowel = t.norm[:1] in "aeiou"
    return ((onset == t.vkey[:1] or (vowel and onset == t.vkey[1:2])) and
            t.syllables <= syllables(rest) + vowel) or zipf(t.text.lower()) < REST_ZIPF


SHORT_ACRONYM = 3  # (see `_function_word_for_letters`)


def _function_word_for_letters(form, heard: list[Token], facts: list[tuple]) -> bool:
    """Whether heard words for a short acronym said letter by letter (SHORT_ACRONYM letters at most)
    hold function words that must stand for more of its letters than the other words do, each of
    those standing for a letter a beat (a capital or digit run for as many): 'and pee' for MDP ('and' said
    for 'em dee', m/n and d/t merged by the key), 'an and P'. A function word said for one letter's
    name among letters heard ('GP but' for GPT, 'D Q and' for DQN) is how ASR writes a letter it did
    not hear as one; where function words carry most of two or three letters, what is left is one
    letter name: too little to tell the acronym from a phrase said. (Letter names that are function
    words, 'you', 'are', 'why', stand for their letter.)"""
    n = len(form.acronym)
    if not 2 <= n <= SHORT_ACRONYM:
        return False
    stops = 0
    said = 0
    for t, f in zip(heard, facts):
        text = t.text
        if f[2] and t.norm not in _LETTER_NAME_WORDS:
            stops += 1
        elif text.isalnum() and (text.isupper() or text.isdigit()):
            said += len(text)
        else:
            said += t.syllables  # (a letter's name is one beat: 'tuple or' may be W E R)
    return stops > 0 and n - said > said


def _function_words_after_letters(form, heard: list[Token]) -> bool:
    """Whether capitals that begin an acronym said letter by letter are followed by function words
    only, fewer beats than the letters left ('N is' for NYU's, 'en why you es' with Y and W glides
    and vowels merged by the key): a letter's name is a beat, and a function word stands for one at
    most; ASR that wrote the first letters as letters heard the rest as the words it wrote (the
    variable N and 'is')."""
    first = heard[0].text
    acronym = form.acronym
    if not (_spelled_letters(first) and acronym.startswith(first)) or not all(t.stop for t in heard[1:]):
        return False
    return sum(t.syllables for t in heard[1:]) < len(acronym) - len(first)


# every letter's name as a word (everyday ones too: 'you', 'are', 'why' stand for one letter)
_LETTER_NAME_WORDS = frozenset(name for name in LETTER_NAMES.values() if " " not in name) | {"are", "be", "too"}


WORD_FOR_LETTERS = 0.2  # (see `_word_for_letters`)


def _odd_word(f: tuple, t: Token) -> bool:
    """Whether heard word *t* (its facts *f*) is one `Scorer._rarity` calls unusual, and a word of
    lowercase letters with a vowel, no consonant string ('gft')."""
    return f[0] is not None and f[1] < 2.0 and len(f[0]) > 1 and not f[4] and t.text.isalpha() and \
        t.text.islower() and any(v in t.norm for v in "aeiouy")


def _word_for_letters(form, t: Token) -> bool:
    """Whether one heard word *t* is a word said as one, for a form of three letters or more said one
    by one (an acronym, or a name said so in part: `_letters_in`; of a lowercase word, two letters
    and a word are enough: 'unbind' is no MPNet, said 'em pee net'): ASR writes letters it heard as
    capitals or consonant strings ('gft' for JFT, 'tdmn' for MT-DNN) or as several words ('Alice T'
    for LSTM); a word with a vowel and no capitals is what it writes for a word it heard ('cpython'
    is no GPT-1, 'unary' no MRR). (Odd words pass the letters test in `prior`, everyday ones do not:
    those are left to it.)"""
    text = t.text
    # (a possessive or plural with an apostrophe is a word too: "gracie's" is no GRUs)
    return (len(form.acronym) >= 3 or _letters_in(form) >= (3 if text.istitle() else 2)) and t.norm.isalpha() and \
        not text.isupper() and any(v in t.norm for v in "aeiouy")


_LETTERS_IN: dict[str, int] = {}  # a spelled form's text -> `_letters_in`


def _letters_in(form) -> int:
    """How many letter names a form said letter by letter in part says ('VGGNet': vee jee jee net, 3;
    'FAIR lab': 4). One capitalised word heard for three of them, as one word for an acronym
    (`_word_for_letters`), is a name ASR heard and knew ('Fujimoto' is no VGGNet, 'Aviral' no FAIR
    lab). (Not a lowercase word: of a mixed-case name the capitals may be said as a word, which the
    glossary may not say: 'cyder' for CIDEr.)"""
    n = _LETTERS_IN.get(form.text)
    if n is None:
        n = _LETTERS_IN[form.text] = sum(w in LETTER_WORDS for w in form.spoken_words)
    return n


def _words_for_letters(form, heard: list[Token]) -> bool:
    """Whether words heard for a form of three letters or more said one by one (`_word_for_letters`),
    none of them written in capitals, hold a word of two beats or more with a vowel that is no word of
    the form ('double' of W): a letter's name is one beat ('el', 'tee', 'and' for N, 'or' for R), so
    ASR that heard letters writes them as capitals or short words; a longer word is a word it heard
    ('tuple or' is no WER, 'e g bitwise' no GPTs)."""
    if len(form.acronym) < 3:
        return False
    long = False
    for t in heard:
        text = t.text
        if any(ch.isupper() for ch in text):
            return False
        if not long and t.syllables >= 2 and text.isalpha() and any(v in t.norm for v in "aeiouy") and \
                t.norm not in form.spoken_words:
            long = True
    return long


def _odd(t: Token) -> bool:
    if _spelled_letters(t.text) or (t.norm.isalnum() and not t.norm.isalpha() and not t.norm.isdigit()):
        return True
    return t.norm.isalpha() and len(t.norm) > 1 and zipf(t.norm) < 2.5


def _spelled_letters(text: str) -> bool:
    return text.isalpha() and text.isupper() and len(text) <= 5 and text not in ROMAN


ROMAN = frozenset("I A II III IV V VI VII VIII IX X XI XII".split())
