"""How alike a heard n-gram and a glossary form are: by sound, by letters said aloud, by what differs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from qa.detect.context_words import STOPWORDS
from qa.detect.freq import zipf
from qa.detect.index import Form
from qa.detect.memo import Memo
from qa.detect.tokens import TOKEN, Token
from qa.phonetics import CH_AS_K, LETTER_NAMES, NUMBER_WORDS, consonants, join_keys, spoken_words, syllables, word_key


def phonetic_similarity(ckey: str, vkey: str, spoken: str, form: Form, cutoff: float = 0.0) -> float:
    """How alike two phrases sound: consonant skeleton first, vowels and letters as tie-breakers.

    Letter names ('el es tee em') share few letters with what ASR writes for them ('Alice T'), so
    for spelled forms only the keys are compared. 0.0 as soon as the similarity cannot reach
    *cutoff* (each part is at most 1, and rounding keeps order, so the bound is safe): most forms
    near a key are no match, and then the later comparisons are skipped.
    """
    d = OSA.distance(ckey, form.ckey)  # a swapped pair of sounds is one slip: 'image time' ~ 'image net'
    if form.spelled and d == 1 and form.ckey.startswith(ckey):
        d = 0.5  # the last letter of a spelled acronym is often swallowed: 'Alice T' for L S T M
    c = 1.0 - d / max(len(ckey), len(form.ckey))
    if form.spelled:
        if round(0.7 * c + 0.3, 4) < cutoff:
            return 0.0
        return round(0.7 * c + 0.3 * fuzz.ratio(vkey, form.vkey) / 100.0, 4)
    if round(0.5 * c + 0.25 + 0.25, 4) < cutoff:
        return 0.0
    v = fuzz.ratio(vkey, form.vkey) / 100.0
    if round(0.5 * c + 0.25 * v + 0.25, 4) < cutoff:
        return 0.0
    s = fuzz.ratio(spoken, form.spoken) / 100.0
    return round(0.5 * c + 0.25 * v + 0.25 * s, 4)


# Letter names that rhyme are what ASR confuses when a speaker spells: 'B'/'D'/'P'/'T'/'V' (ee),
# 'A'/'J'/'K' (ay), 'I'/'Y' (eye), 'M'/'N', 'F'/'S'/'X' (e-); digits stay themselves.
_RHYME = str.maketrans("BCDEGPTVZAJKIYMNFSXQUW", "EEEEEEEEEAAAIINNSSSUUU")


def heard_letters(grams: list[Token]) -> str | None:
    """The letters said, when every heard token is letters said aloud ('LS TNS', 'GP d2'), else None."""
    out = []
    for t in grams:
        x = t.text
        if x.isdigit() or (x.isalnum() and (x.isupper() or not any(v in x.lower() for v in "aeiou"))):
            out.append(x.upper())
        else:
            return None
    return "".join(out)


def weak_similarity(ckey: str, vkey: str, spoken: str, form: Form, sim: float, wk: str | None = None) -> float:
    """*sim* (`phonetic_similarity`) with the differences ASR makes most counted as half an error:
    an /h/ heard or not, the weakest sound, which ASR drops where words run together ('Jeff Fenton'
    for Geoff Hinton: 'f h' heard as 'f') or hears where there was none; and, after the first sound
    (onsets are heard best), one voiceless stop for another, which differ only in where the mouth
    closes ('soft maps' for softmax, 'city skates' for Cityscapes). The mean of *sim* and the
    similarity with those differences ignored, when that is higher. (*wk*: `weak_key(ckey)`, when
    known: an n-gram is compared with several forms.)"""
    wf = _FORM_WEAK.get(form.ckey)
    if wf is None:
        wf = _FORM_WEAK[form.ckey] = weak_key(form.ckey)
    if wk is None:
        wk = weak_key(ckey)
    if (wk == ckey and wf == form.ckey) or len(wk) < 2 or len(wf) < 2:
        return sim
    d = OSA.distance(wk, wf)
    if d >= OSA.distance(ckey, form.ckey):
        return sim  # the consonants differ in no weak sound: most pairs, told without the rest
    # `phonetic_similarity` of a form read as words (its steps), on the weakened keys
    c = 1.0 - d / max(len(wk), len(wf))
    v = fuzz.ratio(weak_key(vkey), weak_key(form.vkey)) / 100.0
    s = fuzz.ratio(spoken, form.spoken) / 100.0
    return max(sim, round((sim + round(0.5 * c + 0.25 * v + 0.25 * s, 4)) / 2, 4))


_FORM_WEAK: dict[str, str] = {}  # a form's key -> `weak_key` of it (the glossary's keys: bounded)


def ends_heard(first: str, last: str, form: Form, between: Sequence[str] = ()) -> bool:
    """Whether words heard for a name said as several words (not letter by letter), the first
    lowercase *first* and the last as written *last*, hold both its ends: the first begins with the
    name's first word (four letters at least: shorter ones begin too many words: 'pretty' for
    'pre') and the last is its last word, or the capital of the letter that word names. ASR hears
    the onset and the last word of a name best and smudges what lies between ('opening eye' for
    OpenAI, said 'open ay eye'). (A lowercase 'a' or 'i' is a word: 'open a' is no OpenAI. Where
    whole words are shared, `rest_similarity` still judges the rest: 'next sense prediction'.)
    *between*: the lowercase words heard between the two; when they are all function words or fillers,
    one of three letters or more, they were said, as `_rest` has it, not the name's middle smudged:
    'two alpha and two beta subunits' is no AlphaFold 2."""
    ends = _ENDS.get(form.text)
    if ends is None:
        sw = form.spoken_words
        ends = _ENDS[form.text] = (sw[0], sw[-1], _NAME_LETTER.get(sw[-1], "")) \
            if len(sw) >= 2 and len(sw[0]) >= 4 else ()
    if not ends or form.spelled or not first.startswith(ends[0]):
        return False  # (most pairs: the first word told first)
    if between and _said_between(between):
        return False
    # (a lowercase 'a' is the word, where the name's last part is the letter read as a word too:
    # 'images and a' is no ImageNet-A)
    return (last.lower() == ends[1] and not (len(last) == 1 and last.islower())) or (last == ends[2] != "")


def _said_between(words: Sequence[str]) -> bool:
    """`ends_heard`'s words between a name's ends that were said as heard."""
    return all(w in STOPWORDS or w in FILLERS for w in words) and any(len(w) > 2 and w in STOPWORDS for w in words)


def ends_similarity(sim: float) -> float:
    """*sim* of words holding both ends of a name (`ends_heard`): what lies between counts half."""
    return max(sim, round((sim + 1.0) / 2, 4))


_ENDS: dict[str, tuple] = {}  # a form's text -> (first word, last word, the letter it names) or ()


def weak_key(key: str) -> str:
    """*key* with the differences `weak_similarity` counts half ignored."""
    # (str.replace: a translate table costs ten times as much, and this runs for most sounds-alikes)
    return key[:1].replace("H", "") + key[1:].replace("H", "").replace("P", "T").replace("K", "T")


# a letter by its name, and by the key of its name for words said like one ('cu' of cuDNN is 'cue');
# vowel letters' names all have the one key 'A', so none is told by it
_NAME_LETTER = {name: letter.upper() for letter, name in LETTER_NAMES.items() if " " not in name}
_KEY_LETTER = {word_key(name): letter for name, letter in _NAME_LETTER.items() if word_key(name) not in ("", "A")}
_form_letters: dict[str, str] = {}


def form_letters(form: Form) -> str:
    """A form said (partly) letter by letter as the letters said: its acronym ('LSTM'), else each
    word said as the letter it names or sounds like, other words as written ('TSNE' for t-SNE,
    'QDNN' for cuDNN, 'TPUPOD' for TPU pod)."""
    if form.acronym:
        return form.acronym
    letters = _form_letters.get(form.text)
    if letters is None:
        letters = _form_letters[form.text] = "".join(
            _NAME_LETTER.get(w) or _KEY_LETTER.get(word_key(w)) or w.upper() for w in form.spoken_words)
    return letters


_ROMAN = frozenset("I A II III IV V VI VII VIII IX X XI XII".split())


def capitals(grams: list[Token]) -> list[str]:
    """The heard tokens written as capitals, as ASR writes letter names ('T' of 'Alice T')."""
    return [t.text for t in grams if t.text.isalpha() and t.text.isupper() and len(t.text) <= 5 and
            t.text not in _ROMAN]


REST_LETTERS_SIM = 0.55  # (see `rest_of_letters`)


def rest_of_letters(grams: list[Token], form: Form) -> bool:
    """Whether words heard for an acronym (*form*'s) that begin (or end) with capitals that are its own
    first (last) letters, and go on with words, say the rest of its letters: they sound like its
    letter names or the rest read as a word, REST_LETTERS_SIM at least ('DQ in' for DQN, 'GPT to' for
    GPT-2, 'LS gun' for LSGAN, 'GSM ak' for GSM8K). ASR that wrote the letters it heard writes the rest
    as it heard it too; a word that sounds like none of it is a word said after them: 'RL so', 'RL
    always' is RL heard right and a word more, not RLHF. True for other words heard."""
    acronym = form.acronym
    n = len(grams)
    if n < 2:
        return True
    lead = "" if acronym else _leading_capitals(form.text)
    if not acronym and not lead:
        return True
    upper = [_capital(t.text) for t in grams]
    if upper[0]:  # capitals first, then words
        k = next((i for i, u in enumerate(upper) if not u), n)
        letters, rest = "".join(t.text for t in grams[:k]), grams[k:]
        if lead:  # ('MLOps': its capitals, then a word: 'ML because' is ML and a word said)
            if k == n or any(upper[k:]) or letters != lead:
                return True
            return _rest_sounds_like(rest, (spoken_words(form.text[len(lead):].lower()),))
        if k == n or any(upper[k:]) or not acronym.startswith(letters):
            return True
        left = acronym[len(letters):]
        if len(left) == 1 and len(rest) == 1 and rest[0].stop and \
                _said_consonants(rest[0].norm) != _said_consonants("".join(spoken_words(left))):
            # a function word for the last letter must say its consonant, not one ASR keys alike:
            # 'DQ in' is DQN, 'GPT for' GPT-4, 'ML on' no MLM ('em' and 'on' share only a coarsened key)
            return False
    elif lead:
        return True
    else:  # words, then capitals
        k = next((i for i, u in enumerate(upper) if u), n)
        letters, rest = "".join(t.text for t in grams[k:]), grams[:k]
        if k == n or not all(upper[k:]) or not acronym.endswith(letters):
            return True
        left = acronym[:len(acronym) - len(letters)]
    if not left:
        return True
    if sum(t.syllables for t in rest) > sum(syllables(w) for w in spoken_words(left)):
        return False  # more beats than the letters left say: 'an eye AF' is no MAF ('eye AF' is IAF)
    return _rest_sounds_like(rest, {spoken_words(left), spoken_words(left.lower())})


def _rest_sounds_like(rest: list[Token], readings) -> bool:
    """Whether the words *rest* sound like one of *readings* (words said), REST_LETTERS_SIM at least."""
    heard = [w for t in rest for w in t.spoken]
    hv = join_keys(word_key(w) for w in heard)
    for said in readings:
        fv = join_keys(word_key(w) for w in said)
        hc, fc = consonants(hv), consonants(fv)
        c = 1.0 - OSA.distance(hc, fc) / max(len(hc), len(fc), 1)
        if 0.5 * c + 0.25 * fuzz.ratio(hv, fv) / 100.0 + \
                0.25 * fuzz.ratio("".join(heard), "".join(said)) / 100.0 >= REST_LETTERS_SIM:
            return True
    return False


@lru_cache(maxsize=None)
def _leading_capitals(text: str) -> str:
    """The capitals a one-word form begins with when a word of two lowercase letters or more goes on
    from them ('ML' of MLlib; of MLOps, whose last capital begins the word 'Ops'), else ''."""
    k = 0
    while k < len(text) and "A" <= text[k] <= "Z":
        k += 1
    rest = text[k:]
    if k < 2 or len(rest) < 2 or not rest.isalpha() or not rest.islower():
        return ""
    return text[:k] if k == 2 else text[:k - 1]


def _capital(text: str) -> bool:
    """A token ASR writes for letter names it heard (as `capitals` takes them)."""
    return text.isalpha() and text.isupper() and len(text) <= 5 and text not in _ROMAN


def capitals_similarity(caps: list[str], form: Form) -> float:
    """How well the capitals heard among words (*caps*: `capitals`) fit a form said partly letter by
    letter: ASR writes capitals when it hears letter names, so those letters are the form's own
    ('Alice T' for LSTM), not others that happen to sound alike in the whole ('ties ISM' is no
    t-SNE). The worst heard capitals token against its best run of the form's letters; 1.0 when
    none is heard."""
    letters = form_letters(form) if caps else ""
    worst = 1.0
    for x in caps:
        if x in letters:
            continue  # (the letters themselves: most of them)
        best = _runs_memo.get((x, letters))
        if best is None:
            best = _best_run(x, letters)
            if len(_runs_memo) > 100_000:
                _runs_memo.clear()
            _runs_memo[(x, letters)] = best
        worst = min(worst, best)
    return worst


def leading_capitals_similarity(grams: list[Token], form: Form) -> float:
    """How well capitals that begin words heard for an acronym (*form*'s) fit its first letters, the
    prefix as long as them or a letter longer (as `_best_run` compares): ASR writes the letters it
    heard first as capitals, so they begin the acronym ('DQ in' for DQN, 'BQ VAE' for VQ-VAE), not
    somewhere inside it ('EM which needs' is EM and words more, no MCMC, though 'EM' rhymes with its
    'CM'). 1.0 when the words do not begin with capitals."""
    acronym = form.acronym
    if not acronym or len(grams) < 2 or not _capital(grams[0].text):
        return 1.0
    heard = grams[0].text
    if acronym.startswith(heard):
        return 1.0
    n = len(heard)
    best = 0.0
    for table in (_RHYME, _ONSET):
        a, full = heard.translate(table), acronym.translate(table)
        for b in {full[:n], full[:n + 1]}:
            d = OSA.distance(a, b)
            if d == 1 and len(b) == n + 1 and b.startswith(a):
                d = 0.5
            best = max(best, 1.0 - d / max(n, len(b)))
    return best


# (capitals heard, a form's letters) -> the best run's `letter_similarity`: both recur in every video
_runs_memo: dict[tuple[str, str], float] = {}


def _best_run(heard: str, letters: str) -> float:
    """max(letter_similarity(heard, run)) over the runs of *letters* as long as *heard* or a letter
    longer (all of it when shorter), each string translated once per table rather than per run."""
    n = len(heard)
    best = 0.0
    for table in (_RHYME, _ONSET):
        a, full = heard.translate(table), letters.translate(table)
        runs = [full[i:i + m] for m in (n, n + 1) for i in range(len(full) - m + 1)] or [full]
        for b in runs:
            d = OSA.distance(a, b)
            if d == 1 and len(b) == n + 1 and b.startswith(a):
                d = 0.5
            best = max(best, 1.0 - d / max(n, len(b)))
    return best


# ... and so are letter names that begin alike: 'G'/'J' (jee, jay), 'K'/'Q', 'C'/'Z', 'B'/'V', 'M'/'N'.
_ONSET = str.maketrans("GJKQCZBVMN", "JJKKZZVVNN")


def letter_similarity(heard: str, acronym: str) -> float:
    """Letters heard vs an acronym's letters, rhyming or alike-beginning letter names counting as equal,
    a swallowed last letter as half an error."""
    best = 0.0
    for table in (_RHYME, _ONSET):
        a, b = heard.translate(table), acronym.translate(table)
        d = OSA.distance(a, b)
        if d == 1 and len(b) == len(a) + 1 and b.startswith(a):
            d = 0.5
        best = max(best, 1.0 - d / max(len(a), len(b)))
    return best


def rest_similarity(grams: list[Token], form: Form, method: str) -> float:
    """Similarity of what differs, when heard words and term share whole words.

    'weekly supervised' vs 'weakly supervised' compares 'weekly' with 'weakly'; 'all supervised'
    compares 'all' with 'weakly'. A span made only of the term's own words ('of distribution' for
    out-of-distribution) or holding all of them plus more was heard right: 0.
    """
    words = form_words(form.text)
    if len(words) < 2 and len(grams) < 2:
        return 1.0
    heard = [t.norm for t in grams]
    shared = set(heard) & set(words)
    plural = {}
    if len(shared) < len(heard):
        # only words of the form heard, some as their plural or possessive, and not all of them: the
        # rest of the term was not said ('minibatches' of minibatch SGD, "facebook's" of Facebook AI).
        # (Most n-grams have a word that is none of the form's, nor the plural of one: told first)
        for h in heard:
            if h not in shared and not any(w in words for w in unplural(h)):
                break
        else:
            of = {h if h in words else next(w for w in unplural(h) if w in words) for h in heard}
            if len(of) < len(set(words)):
                return 0.0
            h = None
        if h is not None:
            # ... else a form's word heard as its plural or possessive ('gradients' of gradient
            # descent) is that word heard right too: what differs is the rest ('gradients and' is
            # 'and' for 'descent')
            plural = {h: w for h in heard if h not in shared for w in unplural(h) if w in words}
    if not shared and not plural:
        return 1.0
    if plural:
        shared = shared | set(plural)
    if not _in_order([plural.get(h, h) if h in shared else "" for h in heard],
                     [w if w in shared or w in plural.values() else "" for w in words]):
        return 0.0
    heard_rest = [t for t in grams if t.norm not in shared]
    form_rest = [said for w, said in zip(words, _form_said(form.text))
                 if w not in shared and w not in plural.values()]
    if not heard_rest or not form_rest:
        # ... except the words of a form that says how a term is said: then the term was written
        # as it sounds ('doctor Q' for DrQ, 'sim clear' for SimCLR)
        return 1.0 if form.kind == "spoken" and not heard_rest and not form_rest else 0.0
    # (the rest is compared per words heard and form words missed: the same pairs recur, in other
    # n-grams and against other forms of the same words; a word's facts are a function of its text)
    name = form.entry.category == "person" and any(CH_AS_K.search(w) for w in form_rest)
    key = (*[t.text for t in heard_rest], "" if not name else "\x00", *form_rest)
    got = _rest_memo.get(key)
    if got is None:
        got = _rest(heard_rest, form_rest)
        if name:  # (a name's 'ch' said as a 'k' too: index.keyed_readings)
            got = max(got, _rest(heard_rest, [CH_AS_K.sub("k", w) for w in form_rest]))
        _rest_memo[key] = got
    return got


def _in_order(heard: list[str], words: list[str]) -> bool:
    """Whether the words a heard n-gram shares with a form (*heard*, *words*: each word, or "" for one
    not shared) come in the form's order, with the rest on the same sides of them: ASR mishears a word,
    it does not move one ('learn Q' is no Q-learning, whose 'Q' comes first)."""
    def runs(xs: list[str]) -> list[str]:
        return [x for k, x in enumerate(xs) if x or k == 0 or xs[k - 1]]
    return runs(heard) == runs(words)


# (words heard, form words missed) -> `_rest`. Two generations of 8,000 (~3.5 MB at most): full after
# ~40k records. With one dict cleared at 100k it grew all through a 1M-record scan (~66k entries,
# ~15 MB per worker by its end) for a hit rate that 8,000 x 2 nearly keeps: +0.26% CPU on 150k
# records of the bench corpus (misses counted, 31 us each)
_rest_memo: Memo[tuple[str, ...], float] = Memo(8_000)


def _rest(heard_rest: list[Token], form_rest: list[str]) -> float:
    """`rest_similarity` of the words that differ."""
    if all(_glue(t.norm) for t in heard_rest) and \
            (len(heard_rest) > len(form_rest) or any(len(t.norm) > 2 and t.norm in STOPWORDS for t in heard_rest)) \
            and not any(_glue(w) or w in NUMBER_WORDS or w.isdigit() for w in form_rest) \
            and not _vowel_off(heard_rest, form_rest):
        # the rest heard as function words, or as more words than it has all said all the time ('some
        # supervised data', 'we need to learning', 'label so we need'): language models predict those,
        # so ASR writes them where they were said, not for a word of a term. Not when the term's rest
        # is such a word too ('bits for dimension') or a number ('GPT to' for GPT-2), nor for words
        # of two letters, said as often as a syllable ('by attentions' for bi-attentions), nor one
        # everyday word for one ('exact much score'), nor one such word with the consonants of the
        # term's word, only a vowel off ('projection had' for projection head: `_vowel_off`)
        return 0.0
    a = "".join(w for t in heard_rest for w in t.spoken)
    spoken_rest = [w for fw in form_rest for w in spoken_words(fw)]
    b = "".join(spoken_rest)
    fuzzy = fuzz.ratio(a, b) / 100.0
    vkey = join_keys(t.vkey for t in heard_rest)
    fk = join_keys(word_key(w) for w in spoken_rest)
    ck, fck = consonants(vkey), consonants(fk)
    phon = 0.0
    if ck and fck:
        c = 1.0 - OSA.distance(ck, fck) / max(len(ck), len(fck))
        phon = 0.5 * c + 0.25 * fuzz.ratio(vkey, fk) / 100.0 + 0.25 * fuzzy
    # the shared words are evidence too: a poor rest lowers the match, it does not zero it
    return round(0.4 + 0.6 * max(fuzzy, phon), 4)


def _vowel_off(heard_rest: list[Token], form_rest: list[str]) -> bool:
    """Whether one heard word stands for one word of a term with the same consonants, in the same
    order, only a vowel different ('had' for 'head', 'wait' for 'weight'): a sound misheard, not a
    word said anyway, though ASR's language model wrote a function word for it."""
    if len(heard_rest) != 1 or len(form_rest) != 1:
        return False
    t, w = heard_rest[0], form_rest[0]
    # (beats and consonants as said, not coarsened: 'some' is no 'semi', 'and' no 'unit', 'not' no 'meta')
    return t.syllables == syllables(w) and bool(t.norm) and _said_consonants(t.norm) == _said_consonants(w)


def _said_consonants(word: str) -> str:
    """The consonants Metaphone hears in *word*, uncoarsened ('on' N, 'em' M)."""
    return jellyfish.metaphone(word).translate(_NO_VOWELS)


_NO_VOWELS = str.maketrans("", "", "AEIOUWHY")


def unplural(norm: str) -> tuple[str, ...]:
    """What a lowercase word may be the plural or possessive of ('minibatches', "facebook's" without
    its apostrophe), else ()."""
    if len(norm) < 4 or not norm.endswith("s") or norm.endswith("ss"):
        return ()
    return (norm[:-1], norm[:-2]) if norm.endswith("es") else (norm[:-1],)


GLUE_ZIPF = 5.9  # (see `_glue`)


# what speakers fill pauses with, which ASR writes as heard
FILLERS = frozenset("oh uh um ah er hmm mm yeah okay ok".split())


def _glue(word: str) -> bool:
    """A function word, a filler, or a word said all the time ('need', 'know', 'make', 'want': zipf GLUE_ZIPF)."""
    return word in STOPWORDS or word in FILLERS or (len(word) > 1 and word.isalpha() and zipf(word) >= GLUE_ZIPF)


_form_words: dict[str, list[str]] = {}


def _form_said(text: str) -> list[str]:
    """`form_words` of *text* as said: a letter written lowercase on its own by its name ('f' of
    f-divergence is 'ef', 'k' of k-means 'kay'; not the words 'a' and 'i'). (A capital on its own is
    said so already by `spoken_words`; lowercase, it reads as the letter written.)"""
    said = _form_said_memo.get(text)
    if said is None:
        said = _form_said_memo[text] = [
            LETTER_NAMES[w] if len(w) == 1 and w.islower() and w not in "aiw" else w.lower().replace("'", "")
            for w in (m.group() for m in TOKEN.finditer(text))]
    return said


_form_said_memo: dict[str, list[str]] = {}


def form_words(text: str) -> list[str]:
    words = _form_words.get(text)
    if words is None:
        words = _form_words[text] = [m.group().lower().replace("'", "") for m in TOKEN.finditer(text)]
    return words
