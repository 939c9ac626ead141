"""The glossary, indexed once so that scanning costs O(words), not O(words x terms).

- `automaton`: pyahocorasick over squashed forms (lowercase letters and digits only) of every term,
  alias and known variant: one C pass per text finds every exact occurrence, whatever the spacing.
- `phonetic`: consonant-skeleton key -> forms, plus a deletion neighbourhood (SymSpell style) so keys
  one edit apart are found by hashing instead of comparing with every term.
- `blocks`: (first letter, length) -> squashed correct forms, so rapidfuzz only scores the handful of
  terms that could be a near-spelling.
- `worded`: forms of three or four words by their words with one left out, so a term heard with one
  word misheard is found by the others (`worded_forms`).
"""

from __future__ import annotations


import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from qa.detect.context_words import FIELD_WORDS, STOPWORDS
from qa.glossary import Entry, Glossary, normalize
from qa.phonetics import (CH_AS_K, LETTER_NAMES, NUMBER_WORDS, SAID_LETTERS, camel_parts, consonants, is_spelled, join_keys,
                          spoken_phrase, spoken_words, syllables, tokens, word_key)

LETTER_WORDS = frozenset(w for name in LETTER_NAMES.values() for w in name.split()) - {"you", "why", "double"}
MIN_FUZZY = 5  # shorter strings are near-spellings of too many words
MIN_DELETE_KEY = 4  # shorter keys are one edit away from too many words
KEYED_MIN = 6  # shorter keys are those of too many everyday phrases of three words (candidates._keyed)
NEAR_KEYED_MIN = 7  # ... and one sound more or fewer than shorter ones is too many too
# Words rarer than this (zipf) that belong to a multi-word correct form anchor three-word n-grams
# (see `anchor_words`). Commoner words ('model', 'learning') are in too many ordinary phrases to be
# worth it, and so are the field's own everyday words (FIELD_WORDS: 'supervised', 'neural'), however
# many entries hold them. ANCHOR_ENTRIES bounds the entries of a pair of words (`anchor_pairs`) and of
# an everyday word (`everyday_words`).
ANCHOR_ZIPF = 5.0
ANCHOR_ENTRIES = 2


@dataclass(frozen=True)
class Form:
    """One way an entry is written or said."""

    entry: Entry
    text: str
    kind: str  # term | alias | spoken | variant
    safe: bool = False
    spoken: str = ""  # the words said, letters only, no spaces
    vkey: str = ""  # phonetic key with vowel marks
    ckey: str = ""  # consonant skeleton, the lookup key
    ntokens: int = 1
    spelled: bool = False  # said letter by letter (LSTM), at least in part
    acronym: str = ""  # the letters and digits of an all-capital form ('GPT2' for GPT-2), else ''
    syllables: int = 0
    pronounced: bool = False  # said with an acronym said as a word (see `pronounced_reading`)
    guess: bool = False  # read letter by letter, though its entry says how it is said (`_guessed`)
    anded: bool = False  # keyed with its last letter 'en' said 'and' (`and_ended`)
    onset: bool = False  # keyed with a name's word's 'y'/'j' onset said as the other (`keyed_readings`)

    @property
    def spoken_words(self) -> tuple[str, ...]:
        return tuple(w for t in tokens(self.text) for w in spoken_words(t))

    @property
    def correct(self) -> bool:
        return self.kind in ("term", "alias")


def readings(text: str) -> list[tuple[str, ...]]:
    """Ways a written form is said: acronyms spelled ('BERT' -> 'bee ee ar tee') and read ('bert')."""
    toks = tokens(text)
    spelled = tuple(w for t in toks for w in spoken_words(t))
    # reading capitals as a word is only a guess for mixed-case names (RoBERTa, OpenAI); all-capital
    # acronyms that are pronounced (BERT, SOTA) say so in the glossary's `spoken`
    read = tuple(w for t in toks for part in camel_parts(t)
                 for w in spoken_words(part.lower() if t != t.upper() and len(part) > 1 else part))
    out = [spelled] if spelled == read else [spelled, read]
    said = numbers_said(text)
    if said != text:
        words = tuple(w for t in tokens(said) for w in spoken_words(t))
        if words not in out:
            out.append(words)
    return out


# a number's decimal point, and the letter after a number that says its size ('300M', '5B', '8k')
_POINT = re.compile(r"(?<=[0-9])\.(?=[0-9])")
_POINT_ZERO = re.compile(r"(?<=[0-9])\.0(?![0-9])")
_MAGNITUDE = re.compile(r"(?<=[0-9])([KMBTkb])(?![A-Za-z0-9])")
_MAGNITUDES = {"K": "thousand", "k": "thousand", "M": "million", "B": "billion", "b": "billion", "T": "trillion"}


def numbers_said(text: str) -> str:
    """*text* with its numbers written as they are said where the written form does not say it
    (the tokens drop a '.', and read a letter after digits as the letter's name): a decimal point is
    'point' ('GPT-3.5' is said 'GPT three point five', not 'three five'), '.0' 'point oh' ('wav2vec 2.0'),
    and the letter that gives a number's size is its word ('JFT-300M' 'three hundred million',
    'LAION-5B' 'five billion', 'GSM8K' 'eight thousand'). An extra reading (`readings`): the letter
    is said by its name too ('LAION five B')."""
    said = _POINT_ZERO.sub(" point oh", text)
    said = _POINT.sub(" point ", said)
    return _MAGNITUDE.sub(lambda m: " " + _MAGNITUDES[m.group(1)], said)


def pronounced_reading(text: str, pronounced: dict[str, str]) -> tuple[str, ...] | None:
    """How a written form of several words, one of them an acronym the glossary says is said as a
    word (*pronounced*: `pronounced_acronyms`), is said with that word ('Sentence-BERT' -> 'sentence
    bert', 'S-BERT' -> 'es bert', 'BLEU score' -> 'blue score'); else None. (A plural said as a word
    is left out: 'elbows' heard is no likelier ELBOs than the word.)"""
    toks = tokens(text)
    if len(toks) < 2 or not any(t in pronounced for t in toks):
        return None
    return tuple(w for t in toks for w in ((pronounced[t],) if t in pronounced else spoken_words(t)))


def pronounced_acronyms(entries) -> dict[str, str]:
    """Terms of capital letters that the glossary says are said as one word (their `spoken`):
    'BERT' -> 'bert', 'GAN' -> 'gan', 'SOTA' -> 'sota'."""
    out: dict[str, str] = {}
    for e in entries:
        if e.term.isalpha() and e.term.isupper():
            words = [s for s in e.spoken if s.isalpha()]
            if words:
                out.setdefault(e.term, words[0].lower())
    return out


class GlossaryIndex:
    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.entries = glossary.entries
        self.exact: dict[str, list[Form]] = defaultdict(list)  # squashed -> forms (term/alias/variant)
        self.phonetic: dict[str, list[Form]] = defaultdict(list)
        self.deletes: dict[str, list[Form]] = defaultdict(list)
        self.blocks: dict[tuple[str, int], list[tuple[str, Form]]] = defaultdict(list)
        self.max_tokens = 1
        self.max_ckey = 0
        # correct forms said letter by letter, by their words said ('pee pee oh'): `letters_said`
        self.letter_forms: dict[tuple[str, ...], list[Form]] = defaultdict(list)
        # ... and those with a number, by their words said with an inner letter swallowed (`_add_letters`)
        self.letter_near: dict[tuple[str, ...], list[Form]] = defaultdict(list)
        self.pronounced = pronounced_acronyms(self.entries)
        for e in self.entries:
            self._add_entry(e)
        self._automaton = None
        # words of correct spellings ('unsupervised', 'learning'): heard alone, they were heard right
        self.vocabulary = frozenset(
            w for e in self.entries for f in e.correct_forms for w in normalize_words(f)) - STOPWORDS
        # ... of which those of few entries that are everyday words first ('position', 'short')
        self.everyday = everyday_words(self.entries)
        self.anchors = anchor_words(self.entries)
        self.anchor_pairs = anchor_pairs(self.entries)
        self._windows: dict[tuple[str, int], tuple[list[str], list[Form]]] = {}
        # phonetic + deletes under one key, in that order: a key's one-edit neighbours in one lookup
        self.near = {k: (*self.phonetic.get(k, ()), *self.deletes.get(k, ()))
                     for k in self.phonetic.keys() | self.deletes.keys()}
        # phrase keys of the forms said, KEYED_MIN sounds or more (see candidates._keyed); not those
        # of forms said one sound short: 'in terms of learning' is then transfer learning
        self.said_keys = frozenset(k for k, forms in self.phonetic.items() if forms and len(k) >= KEYED_MIN)
        # ... and those one sound shorter, for three or four words only: a name said sound for sound in
        # short everyday words ('see far 10' for CIFAR-10, 'style can 2' for StyleGAN2, 'a dietary
        # mesh' for Aditya Ramesh). Of two words they are the keys of too many phrases with a function
        # word ('image and' is ImageNet's, 'reason this' ResNets'), and so are those of letters' names
        # ('a nicety to see' has MCTS's)
        self.said_short = frozenset(k for k, forms in self.phonetic.items()
                                    if len(k) == KEYED_MIN - 1 and any(not f.spelled for f in forms))
        # ... and the keys one sound more or fewer than those of NEAR_KEYED_MIN sounds or more, hashed
        # (`key_hash`) and sorted: a long term said in full with one sound misheard, where no function
        # word is heard (see candidates._keyed: 'in terms of learning' is not looked up). ~84k of
        # them: 8 bytes each as an array, where a set of ints costs 7 MB
        self.said_near = array("Q", sorted({key_hash(k) for k in near_keys(self.said_keys)}))
        # ... and, for two words only, the keys of people's names of two words one of which is a
        # function word ('Kaiming He', 'Quoc Le'): heard with everyday words ('coming he'), such a
        # pair is otherwise never looked up, a function word at an edge needing an uncommon word
        self.said_pairs = self.said_keys | frozenset(
            k for k, forms in self.phonetic.items()
            if any(f.entry.category == "person" and len(ws := normalize_words(f.text)) == 2 and
                   (ws[0] in STOPWORDS) != (ws[1] in STOPWORDS) for f in forms))
        self.worded = worded_forms(self.phonetic)
        self.ended = ended_words(self.phonetic)
        self.block_choices = {k: ([s for s, _ in v], [f for _, f in v]) for k, v in self.blocks.items()}
        self.letter_pairs = letter_pairs(self.letter_forms)

    @property
    def automaton(self):
        """pyahocorasick over the squashed exact forms, built on first use: a batch scan finds exact
        forms with polars and only titles and standalone texts need it. Built in a few ms, while
        pickling it (qa.detect.compiled) took longer to load than that."""
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for squashed, forms in self.exact.items():
                automaton.add_word(squashed, (squashed, tuple(forms)))
            if self.exact:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def __getstate__(self) -> dict:
        # what is rebuilt on demand is not kept
        return {**self.__dict__, "_automaton": None, "_windows": {}}

    def _add_entry(self, e: Entry) -> None:
        for kind, texts in (("term", [e.term]), ("alias", e.aliases)):
            for text in texts:
                form = Form(e, text, kind, ntokens=len(tokens(text)))
                self._add_exact(form)
                self._add_phonetic(e, text, kind, guess=_guessed(e, text))
                for said in {pronounced_reading(t, self.pronounced) for t in (text, numbers_said(text))} - {None}:
                    # a way the term is said ('sentence bert'), not written: heard so, it is still
                    # a mishearing of the form ('blue score' for BLEU score); with its numbers said
                    # as they are ('lion five billion' for LAION-5B: `numbers_said`)
                    self._add_phonetic(e, text, "spoken", said)
                squashed = normalize(text)
                if len(squashed) >= MIN_FUZZY:
                    self.blocks[(squashed[0], len(squashed))].append((squashed, form))
        for text in e.spoken:
            self._add_phonetic(e, text, "spoken")
        for v in e.variants:
            self._add_exact(Form(e, v.text, "variant", safe=v.safe, ntokens=len(tokens(v.text))))

    def _add_exact(self, form: Form) -> None:
        squashed = normalize(form.text)
        if squashed:
            self.exact[squashed].append(form)
            self.max_tokens = max(self.max_tokens, form.ntokens)

    def _add_phonetic(self, e: Entry, text: str, kind: str, said: tuple[str, ...] | None = None,
                      guess: bool = False) -> None:
        """(*said*: the words said, when not those of `readings`.)"""
        one_token = len(tokens(text)) == 1
        names = e.category == "person" and not one_token
        for words, vkey, ckey in keyed_readings(readings(text) if said is None else [said], one_token, names):
            spelled = any(w in LETTER_WORDS for w in words)
            if len(ckey) < 2:
                # (too short a key to look up by: 'pee pee oh' is keyed P; found by its letters only)
                if spelled and kind in ("term", "alias") and ckey == consonants(vkey):
                    self._add_letters(Form(e, text, kind, spoken="".join(words), vkey=vkey, ckey=ckey,
                                           ntokens=len(tokens(text)), spelled=True,
                                           syllables=sum(syllables(w) for w in words), acronym=_acronym(text),
                                           guess=guess), words)
                continue
            form = Form(e, text, kind, spoken="".join(words), vkey=vkey, ckey=ckey, ntokens=len(tokens(text)),
                        spelled=spelled, syllables=sum(syllables(w) for w in words),
                        acronym=_acronym(text) if spelled else "", pronounced=said is not None,
                        guess=guess and spelled, anded=one_token and and_ended(words) and ckey == and_key(words),
                        onset=names and ckey != consonants(vkey))
            same = [f for f in self.phonetic[ckey] if f.entry is e and f.vkey == vkey]
            if same and (spelled or not same[0].spelled) and not (same[0].guess and not form.guess):
                continue
            if same:  # the same sounds, but read rather than spelled, or said as `spoken` says: keep it
                self.phonetic[ckey].remove(same[0])
                for d in deletions(ckey):
                    if same[0] in self.deletes.get(d, ()):
                        self.deletes[d].remove(same[0])
            self.phonetic[ckey].append(form)
            if form.correct and ckey == consonants(vkey) and (spelled or _lone_letter(text)):
                self._add_letters(form, words)
            self.max_ckey = max(self.max_ckey, len(ckey))
            if len(ckey) >= MIN_DELETE_KEY:
                for d in deletions(ckey):
                    self.deletes[d].append(form)

    def _add_letters(self, form: Form, words: tuple[str, ...]) -> None:
        forms = self.letter_forms[words]
        if not any(f.entry is form.entry for f in forms):
            forms.append(form)
        if len(words) >= 4 and words[-1] in NUMBER_WORDS and words[0] in _NAMES:
            # a name of three letters or more and a number with an inner letter swallowed ('gt2',
            # 'gee tee two' for GPT-2): the number and the first letter, heard best, say which
            for k in range(1, len(words) - 1):
                if words[k] in _NAMES:
                    near = self.letter_near[words[:k] + words[k + 1:]]
                    if not any(f.entry is form.entry for f in near):
                        near.append(form)

    def letters_said(self, words: list[str], norms: list[str]) -> tuple[Form, ...]:
        """Correct forms said letter by letter whose letters' names are what ASR wrote as words (*words*:
        as written; *norms*: lowercase), each letter's name, or a word said like it, written as a word
        ('pee pee oh' for PPO, 'cue learning' for Q-learning): `SAID_LETTERS`. At least one of them is
        a lowercase word: capitals are letters written as letters (an exact form or a sounds-alike)."""
        if len(words) == 1:
            if not _lower_letters(words[0]):
                return ()
        elif not any(n in SAID_LETTERS for n in norms):
            return ()  # (most n-grams: no letter's name among them)
        said: list[str] = []
        lettered = len(words) == 1
        for k, (w, n) in enumerate(zip(words, norms)):
            name = SAID_LETTERS.get(n)
            if name is not None and not w.isupper():
                said.append(name)
                lettered = True
            elif k and k == len(words) - 1 and n in _TWO and said and said[-1] in _NAMES:
                said.append("two")  # ('gee tee too' for GPT-2: a number after letters)
            else:
                said.extend(spoken_words(w))
        if not lettered:
            return ()
        key = tuple(said)
        exact = self.letter_forms.get(key, ())
        out = tuple((f, 1.0) for f in exact)
        near = self.letter_near.get(key)
        if near:
            out += tuple((f, round(1.0 - 0.5 / len(f.spoken_words), 4)) for f in near
                         if not any(f.entry is x.entry for x in exact))
        return out

    def fuzzy_block(self, squashed: str) -> tuple[list[str], list[Form]]:
        """Correct forms that could be a near-spelling of *squashed*: same first letter, similar length."""
        n = len(squashed)
        key = (squashed[0], n)
        block = self._windows.get(key)
        if block is None:
            slack = max(1, n // 6)
            strings: list[str] = []
            forms: list[Form] = []
            for length in range(n - slack, n + slack + 1):
                s, f = self.block_choices.get((squashed[0], length), ((), ()))
                strings.extend(s)
                forms.extend(f)
            block = self._windows[key] = (strings, forms)
        return block


# A letter name -> the letter name that rhymes and begins alike ('vee', 'bee': lips closing, then
# 'ee') which the coarse key (qa.phonetics._COARSE) keeps apart (it merges the other such pairs: g/j,
# k/q, c/z, m/n). One way: ASR writes the commoner letter and word for the rarer ('be 100' for V100);
# a 'V' or 'view' heard for a 'B' is rare, and a 'vee'-like word at the end of a phrase is often
# just a word ('I'm TV' for IMDb would become 'way you I'm TV')
_TWIN_LETTERS = {"vee": "bee"}


# A name's word beginning with 'y' or 'j' and a vowel: many names say a written J as a Y (Jarek,
# Jürgen, Jan), and ASR, which knows the English words best, writes the commoner onset for either
# ('Jan Lacoon' for Yann LeCun, 'Joshua Bengio' for Yoshua Bengio, 'Yarek Duda' for Jarek Duda)
_TWIN_ONSETS = {"y": "j", "j": "y"}
_VOWELS = frozenset("aeiouy")


def keyed_readings(readings_: list[tuple[str, ...]], twins: bool,
                   names: bool = False) -> list[tuple[tuple[str, ...], str, str]]:
    """(words, vkey, ckey) of each reading, and, with *twins* (a form of one token: a short name said
    letter by letter), of each with one letter name said as its twin (`_TWIN_LETTERS`): ASR hears a
    spelled 'V' as 'B' ('SBM' for SVM, 'BLLM' for vLLM). A twin
    is looked up by its key but compared by the form's own sounds (vkey), so the letter heard as its
    twin still costs what the two differ by (similarity.phonetic_similarity). One letter at a time,
    as with every other sound misheard. Not in forms of several tokens: there one letter is one sound
    among many, and its twin makes the key of everyday phrases ('capilla' for 'Quoc V. Le', 'the
    cheapy 100' for '8x V100').

    With *names* (a person's name of several words, read as words), also with one word's onset 'y'
    or 'j' before a vowel said as the other (`_TWIN_ONSETS`), compared by the form's own sounds too."""
    out = []
    for words in readings_:
        vkey = join_keys(word_key(w) for w in words)
        ckey = consonants(vkey)
        out.append((words, vkey, ckey))
        for k, w in enumerate(words if twins else ()):
            if w in _TWIN_LETTERS:
                twin = words[:k] + (_TWIN_LETTERS[w],) + words[k + 1:]
                out.append((words, vkey, consonants(join_keys(word_key(x) for x in twin))))
        if twins and and_ended(words):
            out.append((words, vkey, and_key(words)))
        for k, w in enumerate(words if names and not any(x in LETTER_WORDS for x in words) else ()):
            if len(w) >= 3 and w[0] in _TWIN_ONSETS and w[1] in _VOWELS:
                twin = words[:k] + (_TWIN_ONSETS[w[0]] + w[1:],) + words[k + 1:]
                tk = consonants(join_keys(word_key(x) for x in twin))
                if tk != ckey:
                    out.append((words, vkey, tk))
            if CH_AS_K.search(w):
                twin = words[:k] + (CH_AS_K.sub("k", w),) + words[k + 1:]
                tk = consonants(join_keys(word_key(x) for x in twin))
                if tk != ckey:
                    out.append((words, vkey, tk))
    return out


_NAMES = frozenset(SAID_LETTERS.values())  # letters' names (those SAID_LETTERS stand for)
_TWO = frozenset(("too", "to"))  # said for 'two' after letters (`GlossaryIndex.letters_said`)


def _lower_letters(word: str) -> bool:
    """Whether a word is lowercase letters and digits, both ('gt2'): letters said one by one and a number."""
    return word.isalnum() and word.islower() and not word.isalpha() and any(c.isdigit() for c in word) and \
        len(word) <= 5


def _lone_letter(text: str) -> bool:
    """Whether a written form has a letter on its own, said by its name ('U-Net', 'Q learning')."""
    return any(len(t) == 1 and t.isalpha() and t.isupper() and t not in "AI" for t in tokens(text))


def letter_pairs(letter_forms: dict[tuple[str, ...], list[Form]]) -> tuple[frozenset[str], frozenset[str]]:
    """The words heard for forms of two words said, the first a letter's name (`letter_forms`): those
    that may be heard for the first (a letter's name and the words said for it: 'you', 'u' of 'you
    net' for U-Net) and the second words. Two such words in a row are looked up however common they
    are (candidates._lettered): 'you' and 'net' are everyday words, and a function word and an
    everyday one are otherwise never looked up."""
    heard_for: dict[str, set[str]] = defaultdict(set)
    for w, name in SAID_LETTERS.items():
        heard_for[name].add(w)
    firsts: set[str] = set()
    seconds: set[str] = set()
    for words in letter_forms:
        if len(words) == 2 and words[0] in heard_for:
            firsts |= heard_for[words[0]]
            seconds |= heard_for.get(words[1], set()) | {words[1]}
    return frozenset(firsts), frozenset(seconds)


def and_ended(words: tuple[str, ...]) -> bool:
    """Whether a name said letter by letter (*words*: the letter names), three letters at least,
    ends in 'en', which ASR hears as 'and' (or 'end': one key), the next word's onset run on ('D Q
    and' for DQN, 'G and Ns' for GANs; 'an' has the key of 'en' already). Keyed so too (`and_key`),
    such a form is only found where a word 'and' or 'end' after capitals was heard for it
    (candidates.CandidateFinder._phonetic): 'Simonyon to' has that key as well."""
    return len(words) >= 3 and words[-1] == "en" and all(x in LETTER_WORDS for x in words)


def and_key(words: tuple[str, ...]) -> str:
    """The key of letter names *words* with the last said 'and' (`and_ended`)."""
    return consonants(join_keys(word_key(x) for x in (*words[:-1], "and")))


def _guessed(e: Entry, text: str) -> bool:
    """Whether *text*, a term or alias of *e*, is an acronym that `readings` reads letter by letter
    ('MNIST', 'BERTs', 'WGAN-GP') while the entry's `spoken` says how it is said ('em nist', 'bert',
    'double you gan') and none of those spells it ('g r u', 's n l i' do): that reading is a guess.
    Heard only where ASR wrote capitals (context.Scorer.prior; a capital that only begins a word is a
    name's): 'a nicety' was MNIST said 'em en eye es tee', 'came eans' GAN said 'jee ay en', while 'G
    are you' is GRU and 'NIC flow' NICE.

    So is the reading letter by letter of a form whose capitals are the term's own, where `spoken`
    reads them as words and says no letter: 'de bee ee ar ta' of DeBERTa (said 'deberta'; heard
    as 'typeerror the'), 'ef ay eye ar lab' of 'FAIR lab' (said 'fair'; heard as 'Aviral'). Not of
    capitals the term does not have: 'Facebook AI' of FAIR is said 'Facebook A I'."""
    if not e.spoken:
        return False
    if _acronym(text):
        return any(is_spelled(t) or (t[-1:] == "s" and is_spelled(t[:-1])) for t in tokens(text)) and \
            not any(all(len(w) == 1 for w in tokens(s)) for s in e.spoken)
    capitals = _spelled_parts(text)
    if not capitals or not capitals <= _spelled_parts(e.term) or \
            any(w in LETTER_WORDS or len(w) == 1 for s in e.spoken for w in spoken_phrase(s).split()):
        return False
    # ... read as a word by `spoken` ('fair' has 'FAIR', 'go gan' has 'GAN'; 'mistral' has not the
    # 'AI' of Mistral AI: that is said letter by letter)
    said = [normalize(s) for s in e.spoken]
    return all(any(p.lower() in s for s in said) for p in capitals)


def _spelled_parts(text: str) -> set[str]:
    """The parts of *text* that `readings` spells letter by letter, two letters or more, without a
    plural's 's' ('BER' of DeBERTa, 'FAIR' of 'FAIR lab', 'GAN' of 'StyleGANs')."""
    out = set()
    for t in tokens(text):
        for p in camel_parts(t):
            if len(p) > 2 and p[-1] == "s" and p[:-1].isupper():
                p = p[:-1]
            if len(p) > 1 and is_spelled(p):
                out.add(p)
    return out


def _acronym(text: str) -> str:
    letters = "".join(ch for ch in text if ch.isalnum())
    body = letters[:-1] if letters.endswith("s") else letters
    return letters.upper() if body and body == body.upper() and any(c.isalpha() for c in body) else ""


ENDED_ZIPF = 6.0  # (see `ended_words`)


def ended_words(phonetic: dict[str, list[Form]]) -> tuple[frozenset[str], frozenset[str]]:
    """The first four letters of names written as one word and said as words ending in a letter's
    name ('open' of OpenAI, said 'open ay eye'), and the words heard for that letter: its name and
    the letter itself, not those said all the time (ENDED_ZIPF: 'you', 'a'; but 'i': the letter is
    written 'I', as the pronoun, and `ends_heard` asks for the capital). Such a name is heard
    with its ends right and the middle smudged ('opening I', 'open the I'): the n-grams from the one
    to the other are looked up (see candidates._ended, similarity.ends_heard)."""
    from qa.detect.freq import zipf

    letter_of = {name: letter for letter, name in LETTER_NAMES.items() if " " not in name}
    heads: set[str] = set()
    tails: set[str] = set()
    seen: set[int] = set()
    for forms in phonetic.values():
        for f in forms:
            if id(f) in seen or f.spelled or len(tokens(f.text)) != 1:
                continue
            seen.add(id(f))
            said = f.spoken_words
            letter = letter_of.get(said[-1]) if len(said) >= 2 and len(said[0]) >= 4 else None
            if letter is not None:
                heads.add(said[0][:4])
                tails.update(w for w in (said[-1], letter) if w == "i" or zipf(w) < ENDED_ZIPF)
    return frozenset(heads), frozenset(tails)


def anchor_words(entries) -> tuple[frozenset[str], frozenset[str]]:
    """Words that anchor a three-word n-gram (see `candidates._anchored`): the words of correct forms
    of two or more words, letters only, not too common (ANCHOR_ZIPF) and not the field's own
    (FIELD_WORDS), however many entries hold them. First those that begin or continue a form
    ('conditional' of 'conditional random fields': the n-gram starts there), then those that end or
    continue one ('variables' of 'change of variables': it ends there). The misheard rest of the
    term is on the other side."""
    from qa.detect.freq import zipf

    starts: set[str] = set()
    ends: set[str] = set()
    for e in entries:
        for f in e.correct_forms:
            if len(tokens(f)) >= 2:
                words = normalize_words(f)
                for p, w in enumerate(words):
                    (starts if p < len(words) - 1 else ends).add(w)
                    if 0 < p < len(words) - 1:
                        ends.add(w)
    keep = {w for w in starts | ends if w not in STOPWORDS and w not in FIELD_WORDS and w.isalpha() and len(w) > 2 and
            zipf(w) < ANCHOR_ZIPF}
    return frozenset(starts & keep), frozenset(ends & keep)


EVERYDAY_ZIPF = 4.5  # (see `everyday_words`)


def everyday_words(entries) -> frozenset[str]:
    """Words of correct forms of at most ANCHOR_ENTRIES entries that are common English (EVERYDAY_ZIPF):
    'position' (of position embedding), 'short', 'control', 'mode'. Heard among glossary words
    only, they may still be a form's word misheard ('mixed position' for mixed precision, 'few
    short learning' for few-shot learning: see `CandidateFinder.lookup`); the field's own words, of
    more entries ('learning', 'search', 'training'), are heard right ('learning models', 'google
    search')."""
    from qa.detect.freq import zipf

    of: dict[str, set[int]] = defaultdict(set)
    for k, e in enumerate(entries):
        for f in e.correct_forms:
            for w in normalize_words(f):
                of[w].add(k)
    return frozenset(w for w, es in of.items() if len(es) <= ANCHOR_ENTRIES and w.isalpha() and
                     w not in STOPWORDS and zipf(w) >= EVERYDAY_ZIPF)


def anchor_pairs(entries) -> tuple[frozenset[str], frozenset[str]]:
    """Two words in a row of a correct form of three or more words, as 'a b', that anchor an n-gram
    of three or four words (see `candidates._anchored`): first the pairs a form goes on after
    ('conditional random' of 'conditional random fields'), then those it goes on before ('decision
    process' of 'Markov decision process'). Pairs with a function word, or of more than
    ANCHOR_ENTRIES entries ('language model', 'fine tuning'), are left out."""
    of: dict[str, set[int]] = defaultdict(set)
    starts: set[str] = set()
    ends: set[str] = set()
    for k, e in enumerate(entries):
        for f in e.correct_forms:
            words = normalize_words(f)
            for p in range(len(words) - 1):
                a, b = words[p], words[p + 1]
                if a in STOPWORDS or b in STOPWORDS:
                    continue
                pair = f"{a} {b}"
                of[pair].add(k)
                if len(words) >= 3:
                    if p + 2 < len(words):
                        starts.add(pair)
                    if p > 0:
                        ends.add(pair)
    keep = {pair for pair, es in of.items() if len(es) <= ANCHOR_ENTRIES}
    return frozenset(starts & keep), frozenset(ends & keep)


KEY_BASE = 1000003  # of `key_hash`
_MASK = (1 << 64) - 1


def key_hash(key: str) -> int:
    """A 64-bit polynomial hash of a phonetic key: that of a + b is key_hash(a) * KEY_BASE**len(b) +
    key_hash(b) (wrapping), so a batch can hash phrase keys from its words' parts in integer columns
    (qa.detect.batch) instead of building the strings."""
    h = 0
    for ch in key:
        h = (h * KEY_BASE + ord(ch)) & _MASK
    return h


# the sounds of a consonant key after its first (`phonetics.consonants`: vowels only begin one)
KEY_SOUNDS = "FHKLNPRST"


def near_keys(keys) -> set[str]:
    """The keys one sound more or one sound fewer than those of *keys* of NEAR_KEYED_MIN sounds or
    more, after their first sound (heard best), that are not in *keys* themselves."""
    out: set[str] = set()
    for k in keys:
        if len(k) < NEAR_KEYED_MIN:
            continue
        for p in range(1, len(k) + 1):
            out.update([k[:p] + ch + k[p:] for ch in KEY_SOUNDS])
            if p < len(k):
                out.add(k[:p] + k[p + 1:])
    return out - set(keys)


def in_sorted(values: array, value: int) -> bool:
    """Whether *value* is in the sorted array *values*."""
    i = bisect_left(values, value)
    return i < len(values) and values[i] == value


WORDED_MIN, WORDED_MAX = 3, 4  # words of a form looked up by its other words (at most the longest n-gram)


def worded_forms(phonetic: dict[str, list[Form]]) -> dict[str, tuple[Form, ...]]:
    """Correct forms of WORDED_MIN to WORDED_MAX words by their words with one of them left out, as
    'next * prediction' (lowercase words joined by spaces, '*' for the one left out): a term heard
    with all its words right but one, that one misheard as a word that sounds like it ('next sense
    prediction', 'name entity recognition'), whose key may be more than one sound from the term's.
    The phrase key finds only those one sound off (`_phonetic_forms`); these are found by their words
    (candidates.CandidateFinder.lookup; qa.detect.sieve in a batch), and still have to sound alike.
    Only where the words kept hold one that is no function word, and only for words kept of at most
    ANCHOR_ENTRIES entries: '* learning' or '* model' would pair a term with every phrase of the
    field. Not for terms of two words: one word kept says little ('back transition' scores below a
    finding alone), and n-grams of two words are most of those a batch looks up."""
    out: dict[str, list[Form]] = defaultdict(list)
    for fs in phonetic.values():
        for f in fs:
            if not f.correct:
                continue
            words = normalize_words(f.text)
            if not WORDED_MIN <= len(words) <= WORDED_MAX or not all(words):
                continue
            for p in range(len(words)):
                kept = words[:p] + words[p + 1:]
                if all(w in STOPWORDS for w in kept):
                    continue
                key = " ".join(words[:p] + ["*"] + words[p + 1:])
                if f not in out[key]:
                    out[key].append(f)
    return {k: tuple(fs) for k, fs in out.items() if len({id(f.entry) for f in fs}) <= ANCHOR_ENTRIES}


def worded_keys(words: list[str]) -> list[str]:
    """The keys of `worded_forms` an n-gram of *words* (lowercase, as `normalize`) is looked up by,
    in order: each word left out in turn."""
    if not WORDED_MIN <= len(words) <= WORDED_MAX:
        return []
    return [" ".join(words[:p] + ["*"] + words[p + 1:]) for p in range(len(words))]


def normalize_words(text: str) -> list[str]:
    return [normalize(t) for t in tokens(text)]


def deletions(key: str) -> list[str]:
    """The keys one sound shorter, each once, in the order of the sound dropped: a list, not a set,
    so that the forms found through them (and the winner of a tie between two forms) do not depend
    on the process's string hashing."""
    return list(dict.fromkeys(key[:i] + key[i + 1:] for i in range(len(key))))
