"""Heard words that read as an ordinary English phrase, so ASR wrote what was said.

A recogniser's language model writes a grammatical phrase where it heard one; where it did not
know a name, it writes words that sound like it and rarely make sense together. Two shapes of
phrase are ordinary enough to say the words were heard right whatever they sound like:

- a count: a number word, then the plural of an everyday noun ('two residues', 'four bins', 'two
  triangles' are no Dorsa Sadigh's, Frobenius or training loss);
- an article that ends the span and begins the noun phrase after it ('parameterize the mean',
  'upweights the KL term', 'the image into a seven by seven grid'): an article opens what follows
  it, so the span took a word of the next phrase. ('lore a to all the layers' stays LoRA: no noun
  follows the 'a'; nor does one in 'trivia a much more grounded', nor where the span holds capitals:
  'GP a great' may be letters.)
- an everyday word closed by a preposition, 'so' or an object pronoun that goes on into the words after
  the span ('decode on different GPUs', 'replay it with one launch', 'a three second prompt of some
  speaker', 'retrain so you fix'): the function word belongs to the grammar of the sentence, not to a
  name. (Words in capitals or no everyday word may be a name: 'Elliston on it' is LSTM, 'GRU for'
  GRU4Rec; a term ending in a number keeps 'for' and 'to' as its number: 'gpt to', unless an object
  pronoun follows: 'generates the schema for you' is no Suno v4.)
- code read aloud: 'dot', 'dash', 'slash', 'underscore' said between words ('torch dot compile',
  'model dot fit', 'sentence dash transformers') are punctuation said, not a syllable of a term
  that is written without that mark (llama.cpp is said 'llama dot cpp').
- an acronym in capitals right after the words it abbreviates ('the tensor memory accelerator or TMA'):
  a speaker introduces an acronym by its expansion, so the capitals were heard right (not RDMA),
  unless those words spell the term itself ('normalized discounted cumulative gain or and DCG' is NDCG).
- an article, one everyday word it agrees with and the noun that word goes on into ('an inference
  chip', 'a daytime sky'): the article opens a noun phrase ASR heard whole.
- one lowercase word of a term written apart, alone ('mini batches' of minibatch SGD): the word said
  right with a space in it, and the rest of the term not said at all.
- a word right after three or more words whose initials it holds in order ('monotonic chunkwise
  attention or mocha'): an acronym introduced by its expansion, a name of its own and no term's
  mishearing, even a known one, unless the initials are also the term's own letters.
- a number said alone for a name of letters and a number ('H100s and A one hundreds' is no A100s
  where only 'one hundreds' is heard): a number is a word ASR writes as said, the letters unheard.
- a first name everyone knows heard for a person whose first name everyone knows and begins with
  another sound ('Anthony Brohan' is no Jonathan Barron): ASR does not mishear one common name as
  another, so it is someone else. (An uncommon first name may be heard as a common one: 'Jerome Wu'
  is Zhirong Wu.)
- a letter before 'equals', 'plus', 'minus', 'times', 'squared' ('the query vector and k equals five'):
  a variable of a formula said aloud, not a letter of a name.
- a word that takes an object pronoun ('take a hundred thousand of them and dedupe them'): what
  'them', 'him', 'us' or 'me' follows is a verb (or a preposition), and a name is neither. ('you' and
  'it' may be the subject of what follows a name: 'with pie torch you can', 'on amnesty it gets'.)
"""

from __future__ import annotations

import re

from qa.detect.candidates import Candidate, Tokens
from qa.detect.context_words import STOPWORDS
from qa.detect.freq import zipf
from qa.glossary import normalize
from qa.phonetics import NUMBER_WORDS, word_key

COUNT_WORDS = NUMBER_WORDS - {"one", "zero", "oh"}  # ('one' counts no plural)
NOUN_ZIPF = 3.0  # a singular this common is an everyday noun
ARTICLES = frozenset({"a", "an", "the"})
NO_ARTICLE = frozenset({"much", "many", "few", "lot"})  # (no noun phrase of its own after an article: 'a lot')
# a function word that closes a span and opens what follows it, or is the object of the word before
CLOSERS = frozenset({"on", "of", "for", "with", "to", "at", "from", "by", "into", "onto", "so", "it", "them"})
NUMBER_CLOSERS = frozenset({"for", "to"})  # (said like 'four' and 'two')
OBJECT_PRONOUNS = frozenset({"you", "me", "us", "him", "her", "them", "it"})  # (no number comes before one)
SAID_MARKS = {"dot": ".", "dash": "-", "slash": "/", "underscore": "_"}  # punctuation of code said aloud
EXPANSION_REACH = 2  # words of connection ('or', 'the') allowed between an expansion and its acronym
EVERYDAY_ZIPF = 3.0  # a lowercase word this common is an English word ASR knew
INITIALS = 3  # words of an expansion whose initials a heard word must hold (`acronym_introduced`)
# words allowed between an acronym's expansion and the acronym ('or', 'called'), besides function words
INTRODUCERS = frozenset({"called", "named", "dubbed", "aka"})
OPERATORS = frozenset({"equals", "plus", "minus", "times", "squared", "cubed"})  # said after a variable
OBJECTS_ONLY = frozenset({"them", "him", "us", "me"})  # pronouns that are never a subject
KNOWN_NAME_ZIPF = 4.0  # a first name this common as an English word is one ASR knows ('jonathan' 4.3)


def _everyday_plural(word: str) -> bool:
    """Whether *word* is lowercase letters, a plural in -s of an everyday word ('bins', 'residues')."""
    if not (word.isalpha() and word.islower() and len(word) >= 4 and word.endswith("s")) or word.endswith("ss"):
        return False
    stem = word[:-1]
    return zipf(stem) >= NOUN_ZIPF or (word.endswith("es") and zipf(word[:-2]) >= NOUN_ZIPF)


GREEK_LETTERS = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
    "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"})


# the kind of thing a name names, said after it: a symbol is followed by none of these
NAMED_KINDS = frozenset({"dataset", "datasets", "benchmark", "model", "models", "paper", "papers", "library",
                         "team", "release", "architecture"})


def said_as_letter(c: Candidate, toks: Tokens, mentions: int, near=None) -> str | None:
    """The Greek letter *c* is, when it is one word naming a Greek letter heard for a term the video
    never says (*mentions*: its correct mentions in the video), else None. A technical talk says its
    symbols' names all the time ('to the power gamma', 'there's also gamma which'), and ASR knows them:
    'gamma' there is no Gemma. A term that begins with the letter's name ('MuZero') is heard in part,
    a letter followed by the kind of thing it names is a name ('the lambda dataset'), and so is one
    with the term's own topic around it (*near*, asked last: `Scorer.topic_near`; 'zero-shot accuracy
    on lambda ... perplexity' is LAMBADA)."""
    if mentions or c.last - c.first != 1 or c.method == "variant":
        return None
    word = toks.words[c.first]
    low = word.lower()
    if low not in GREEK_LETTERS or word.isupper() or normalize(c.form.entry.term).startswith(low):
        return None
    if c.last < len(toks.words) and toks.words[c.last].lower() in NAMED_KINDS:
        return None  # ('the lambda dataset' names a dataset: LAMBADA)
    if near is not None and near():
        return None
    return low


def title_word(word: str) -> bool:
    """Whether *word* is written as a name: a capital, then lowercase letters."""
    return len(word) >= 2 and word.isalpha() and word[0].isupper() and word[1:].islower()


def _title(word: str) -> bool:
    """`title_word`, a possessive allowed."""
    return title_word(word[:-2] if word.endswith(("'s", "\u2019s")) else word)


def another_person(c: Candidate, toks: Tokens) -> str | None:
    """The name written beside *c* when *c* is one word written as a name, heard for a person, right
    after or before another word written as a name that is no word of that person's ('Matt Kusner' is
    no Joshua Meier, 'Huan Zhang's group' no Awni Hannun): ASR wrote both words of a full name it knew,
    someone the glossary lacks. ('Dan Poovey' is Daniel Povey: 'Dan' is his.)"""
    if c.last - c.first != 1 or c.method == "variant" or c.form.entry.category != "person":
        return None
    words = toks.words
    if not _title(words[c.first]):
        return None
    own = {w.lower() for w in re.findall(r"[^\W\d_]+", c.form.entry.term)}
    for k in (c.first - 1, c.last):
        if 0 <= k < len(words) and _title(words[k]) and words[k].lower() not in STOPWORDS:
            other = words[k].lower().removesuffix("'s")
            if not any(o.startswith(other) or other.startswith(o) for o in own):  # ('Dan' is Daniel's)
                return words[k]
    return None


FIRST_NAME_ZIPF = 5.0  # a first name at least this common is an English word too ('mark', 'bill', 'will')


def first_names(entries) -> frozenset[str]:
    """The first names of the glossary's people, lowercase: the first word of each of their written
    forms of two words or more ('judea' of Judea Pearl), of three letters or more, ASCII letters;
    not a function word nor a word said all the time in English (FIRST_NAME_ZIPF), nor a surname of
    someone listed ('radford' of Radford Neal is Alec Radford's, 'levine' Sergey Levine's): before
    another word, those are no sign that a surname follows."""
    out: set[str] = set()
    last: set[str] = set()
    for e in entries:
        if e.category != "person":
            continue
        for f in (e.term, *e.aliases):
            words = f.lower().split()
            if len(words) >= 2:
                last.add(words[-1])
                if len(words[0]) >= 3 and words[0].isascii() and words[0].isalpha():
                    out.add(words[0])
    return frozenset(w for w in out - last if w not in STOPWORDS and zipf(w) < FIRST_NAME_ZIPF)


def after_first_name(c: Candidate, words: list[str], firsts: frozenset[str]) -> str | None:
    """The first name right before *c* when the heard words follow a first name of someone the
    glossary lists (*firsts*: `first_names`) and the term is no person whose first name sounds
    like it: the words are that someone's surname, heard right, whoever or whatever they sound
    like ('edward kennedy's' is no g-methods, 'liang chieh chen' no CNN). Lowercase transcripts
    too, where `another_person` (written names) cannot see a name. Not for listed mishearings,
    nor where the first name is the term's own ('dan poovey's' is Daniel Povey, 'alexei dose of
    it ski' Alexey Dosovitskiy)."""
    if c.first == 0 or c.method == "variant":
        return None
    before = words[c.first - 1].lower()
    if before not in firsts:
        return None
    e = c.form.entry
    if e.category == "person":
        owns = [f.split()[0].lower() for f in (e.term, *e.aliases, c.form.text) if len(f.split()) >= 2]
        sound = word_key(before)[:1]
        # (a person listed by the surname alone: whose first name it is, is not known)
        if not owns or any(word_key(own)[:1] == sound for own in owns):
            return None
    return words[c.first - 1]


def acronym_introduced(c: Candidate, words: list[str]) -> str | None:
    """The expansion before *c* when *c* is one word right after INITIALS or more content words whose
    initials it holds in order, from its first letter, with at most EXPANSION_REACH function words or
    INTRODUCERS between ('monotonic chunkwise attention or mocha'): a speaker names a method by its
    expansion and then its acronym, so the word is that acronym, whatever term it sounds like. Not
    when the initials are also letters of the term in order: 'momentum contrast or mocha' may be MoCo.
    Asked of known mishearings too: the expansion is stronger evidence than any list of variants."""
    if c.last - c.first != 1:
        return None
    word = words[c.first].lower()
    if not word.isalpha() or len(word) < INITIALS:
        return None
    k = c.first
    while k > 0 and c.first - k < EXPANSION_REACH and (words[k - 1].lower() in STOPWORDS or
                                                       words[k - 1].lower() in INTRODUCERS):
        k -= 1
    j = k
    while j > 0 and k - j < len(word) and words[j - 1][:1].isalpha() and words[j - 1].lower() not in STOPWORDS:
        j -= 1
    before = words[j:k]  # (the content words right before, as many as the word has letters)
    if len(before) < INITIALS:
        return None
    term = normalize(c.form.entry.term)
    for n in range(min(len(before), len(word)), INITIALS - 1, -1):
        initials = "".join(w[0].lower() for w in before[-n:])
        if initials[0] == word[0] and _in_order(initials, word) and not _in_order(initials, term):
            return " ".join(before[-n:])
    return None


def _in_order(letters: str, word: str) -> bool:
    """Whether *letters* occur in *word* in this order (not necessarily side by side)."""
    rest = iter(word)
    return all(ch in rest for ch in letters)


def number_said(c: Candidate, words: list[str]) -> str | None:
    """*c*'s heard words when they are only number words (or their plurals) and *c*'s form writes
    letters beside its number ('one hundreds' for A100s): a number is said as heard, and the
    letters that would make it a name were not heard at all."""
    heard = words[c.first:c.last]
    if not all(w.lower().removesuffix("s") in NUMBER_WORDS for w in heard):
        return None
    form = getattr(c, "form", None)  # (the other shapes need none: tests hand candidates without one)
    if form is None or not [w for w in re.findall(r"[a-z]+", form.text.lower()) if w not in NUMBER_WORDS and w != "s"]:
        return None
    return " ".join(heard)


def variable_said(c: Candidate, words: list[str]) -> str | None:
    """The letter and operator when a heard word of *c* is one lowercase letter and the word after it
    (in the span or just after it) says an arithmetic operation ('vector and k equals five', 'n
    squared'): a variable of a formula said aloud. (A capital is a name's letter: 'an LST M plus
    attention' is LSTM.)"""
    for i in range(c.first, min(c.last, len(words) - 1)):
        letter = words[i]
        if len(letter) == 1 and letter.islower() and letter.isalpha() and words[i + 1].lower() in OPERATORS:
            return f"{letter} {words[i + 1]}"
    return None


def takes_object(c: Candidate, words: list[str]) -> str | None:
    """The object pronoun right after *c* when *c*'s last heard word is a lowercase word and no
    function word, and the pronoun is one of OBJECTS_ONLY ('dedupe them'): a word with an object
    after it is a verb said as heard, not a name."""
    if c.last >= len(words) or words[c.last].lower() not in OBJECTS_ONLY:
        return None
    last = words[c.last - 1]
    if not (last.isalpha() and last.islower()) or last in STOPWORDS:
        return None
    return words[c.last]


def known_first_name(c: Candidate, words: list[str]) -> str | None:
    """The first name heard when *c* is two or more heard words for a person, the first written as a
    name ASR knows (zipf KNOWN_NAME_ZIPF or more) and beginning with another sound than every first
    name of the person's written forms, which ASR knows as well ('Anthony Brohan' is no Jonathan
    Barron): one name everyone knows is not misheard as another."""
    if c.last - c.first < 2 or not title_word(words[c.first]):
        return None
    form = getattr(c, "form", None)
    if form is None or getattr(form.entry, "category", None) != "person":
        return None
    heard = words[c.first].lower()
    if not heard.isascii() or zipf(heard) < KNOWN_NAME_ZIPF:
        return None  # (an accented name is no English word: nor is it asked of wordfreq, ~0.5 s to import)
    e = form.entry
    firsts = {f.split()[0].lower() for f in (e.term, *e.aliases, form.text) if len(f.split()) >= 2}
    if not firsts:
        return None
    sound = word_key(heard)[:1]
    for first in firsts:
        if not (first.isascii() and first.isalpha()) or zipf(first) < KNOWN_NAME_ZIPF or word_key(first)[:1] == sound:
            return None
    return words[c.first]


def said_as_word(c: Candidate, toks: Tokens, mentions: int, near=None) -> str | None:
    """Why one heard word *c* is the word said and no term, or None: an acronym after its expansion
    (`acronym_introduced`, known mishearings too), a number alone (`number_said`), a verb with an
    object (`takes_object`), a variable (`variable_said`), a Greek letter (`said_as_letter`), or a
    name beside another (`another_person`)."""
    if c.last - c.first != 1:
        return None
    expansion = acronym_introduced(c, toks.words)
    if expansion is not None:
        return f"an acronym said after its expansion {expansion!r}"
    if c.method == "variant":
        return None
    number = number_said(c, toks.words)
    if number is not None:
        return f"the number {number!r} said alone, no letters of the name"
    pronoun = takes_object(c, toks.words)
    if pronoun is not None:
        return f"a verb: {pronoun!r} is its object"
    variable = variable_said(c, toks.words)
    if variable is not None:
        return f"a variable of a formula: {variable!r}"
    letter = said_as_letter(c, toks, mentions, near)
    if letter is not None:
        return f"the Greek letter {letter!r}, and the video never says the term"
    other = another_person(c, toks)
    if other is not None:
        return f"a full name written with {other!r}: someone else"
    return None


def _everyday(word: str) -> bool:
    """Whether *word* is lowercase letters of an everyday English word, or one made of such a word
    ('retrain', 'convolutions': `qa.detect.context._english_derived`)."""
    from qa.detect.context import _english_derived  # (context imports this module)

    return word.isalpha() and word.islower() and (zipf(word) >= EVERYDAY_ZIPF or _english_derived(word))


def _closed_by_function_word(c: Candidate, words: list[str]) -> str | None:
    """The closing function word of *c*, one everyday word and it, when it opens the words after the
    span (module doc)."""
    last = words[c.last - 1]
    if c.last - c.first != 2 or last not in CLOSERS or c.last >= len(words) or not words[c.last].isalnum():
        return None  # (more heard words than one say more of a name: 'state of try to' is state of the art)
    if last in NUMBER_CLOSERS and c.form.text[-1:].isdigit() and words[c.last].lower() not in OBJECT_PRONOUNS:
        return None  # ('for you' is a preposition and its object, no number: 'the schema for you' is no Suno v4)
    if not all(_everyday(w) for w in words[c.first:c.last - 1]):
        return None
    return last


def _mark_said(c: Candidate, words: list[str]) -> str | None:
    """A word of *c* saying a punctuation mark that *c*'s form does not write, between a word that is
    no function word and any word after it ('a dot product' says a dot)."""
    for i in range(c.first + 1, min(c.last, len(words) - 1)):
        mark = SAID_MARKS.get(words[i].lower())
        if mark is not None and mark not in c.form.text and words[i - 1].lower() not in STOPWORDS:
            return words[i]
    return None


def _acronym_expanded(c: Candidate, words: list[str]) -> str | None:
    """Capitals in *c* that are the initials of the content words just before it (module doc)."""
    for i in range(c.first, min(c.last, c.first + EXPANSION_REACH + 1)):
        w = words[i]
        if len(w) >= 2 and w.isalpha() and w.isupper():
            break
        if w.lower() not in STOPWORDS:
            return None
    else:
        return None
    initials = [x[0].lower() for x in words[max(0, c.first - 3 * len(w)):c.first]
                if x[:1].isalpha() and x.lower() not in STOPWORDS]
    if len(initials) < len(w) or "".join(initials[-len(w):]) != w.lower():
        return None
    term = normalize(c.form.entry.term)
    if "".join(initials[-len(term):]) == term:
        return None  # (the words before spell the term: 'normalized discounted cumulative gain or and DCG')
    return w


def read_as_phrase(c: Candidate, toks: Tokens) -> str | None:
    """Why *c*'s heard words are an ordinary phrase said as heard (module doc), or None. A known
    mishearing is evidence of its own and never is."""
    if c.method == "variant" or c.last - c.first < 2:
        return None
    words = toks.words
    first = words[c.first]
    if first in COUNT_WORDS and _everyday_plural(words[c.first + 1]):
        return f"a count said as heard: {first} {words[c.first + 1]!r}"
    last = words[c.last - 1]
    if last in ARTICLES and c.last < len(words) and not any(w.isupper() for w in words[c.first:c.last - 1]):
        after = words[c.last]
        if after.isalnum() and after.lower() not in STOPWORDS and after.lower() not in NO_ARTICLE:
            return f"the article {last!r} begins the phrase after the span ({after!r})"
    for shape, why in _WORD_SHAPES:
        found = shape(c, words)
        if found is not None:
            return why.format(found, after=words[c.last] if c.last < len(words) else "")
    if c.last - c.first == 2 and first in ("a", "an") and c.last < len(words):
        word, after = words[c.first + 1], words[c.last]
        if _everyday(word) and (first == "an") == (word[0] in "aeiou") and \
                after.isalpha() and after.islower() and after not in STOPWORDS:
            return f"{first} {word!r} {after!r}: a noun phrase said as heard"
    return None


def _term_word_apart(c: Candidate, words: list[str]) -> str | None:
    """The lowercase word of *c*'s form that *c*'s heard words are, spaces removed (its plural
    too), when the form has other words none of which was heard ('mini batches' for minibatch SGD),
    else None. A name's word cut into words ('good fellow' of Goodfellow) is `qa.detect.split`'s."""
    heard = words[c.first:c.last]
    form = getattr(c, "form", None)  # (the other shapes need none: tests hand candidates without one)
    if form is None or not all(w.isalpha() and w.islower() for w in heard):
        return None
    written = re.findall(r"[A-Za-z0-9]+", form.text)
    if len(written) < 2:
        return None
    joined = "".join(heard)
    for w in written:
        if w.islower() and len(w) > max(len(h) for h in heard) and \
                (joined == w or joined in (w + "s", w + "es")):
            return w
    return None


# read_as_phrase's shapes of the heard words alone, asked in this order; each returns what it found
# or None, and the reason is its message with that (and the word after the span) filled in
_WORD_SHAPES = (
    (number_said, "the number {0!r} said alone, no letters of the name"),
    (takes_object, "a verb: {0!r} is its object"),
    (variable_said, "a variable of a formula: {0!r}"),
    (known_first_name, "the first name {0!r} heard right: someone else"),
    (_mark_said, "{0!r} said as a mark of code read aloud"),
    (_acronym_expanded, "{0!r} said right after the words it abbreviates"),
    (_closed_by_function_word, "{0!r} goes on into the words after the span ({after!r})"),
    (_term_word_apart, "{0!r} of the term written apart, the rest of it not said"),
)
