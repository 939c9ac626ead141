"""Speed work of session 18: the same answers, cheaper."""

from __future__ import annotations

import random

import pytest

from qa.detect import align, freq
from qa.detect.index import Form
from qa.glossary import Entry
from qa.phonetics import spoken_words, tokens


@pytest.fixture
def table():
    """A fresh table, as built into the cache."""
    freq._table, freq._dicts = None, {}
    yield
    freq._table, freq._dicts = None, {}


def test_a_digit_then_an_apostrophe_is_two_tokens_answered_without_wordfreq(table, monkeypatch):
    """"f1's" is 'f1' and 's' to wordfreq: answered from the table, as wordfreq combines two tokens
    (a word like it met mid-scan used to import wordfreq, ~1.4 s of an 8,000-record scan)."""
    from wordfreq import lossy_tokenize, zipf_frequency

    rng = random.Random(18)
    words = ["f1's", "F1's", "gpt2's", "a100's", "v2's", "1's", "90's", "1990's", "2019's", "f1'd", "ab1'x",
             "r2d2's", "qzx9's", "007's", "3'ss"]
    words += [rng.choice(["f", "v", "gpt", "h", "resnet", "q", "zq", ""]) + str(rng.randint(0, 10 ** rng.randint(1, 4))) +
              "'" + rng.choice(["s", "d", "ll", "re", "t", "x", "abc"]) for _ in range(1000)]
    expected = {w: zipf_frequency(w, "en") for w in words}
    assert all(len(lossy_tokenize(w, "en")) == 2 for w in words)
    monkeypatch.setattr(freq, "_other", {})
    monkeypatch.setattr(freq, "_wordfreq", lambda w: pytest.fail(f"wordfreq asked about {w!r}"))
    assert {w: freq.zipf(w) for w in words} == expected


def _old_letters_run_on(heard_words, heard_texts, form) -> bool:
    """align.letters_run_on as it was (aeee5b9): every form's units made anew, every call aligned."""
    units = align._written_units(form)
    if units is None:
        return False
    form_words, of, letters = units
    acronym = [len(t) >= 2 for t in tokens(form.text)]
    if not any(letters) or all(x is not False for x in letters):
        return False
    said, owner = [], []
    for t, words in enumerate(heard_words):
        for w in words:
            said.append(w)
            owner.append(t)
    covers: dict[int, set[int]] = {}
    for h, f in align._aligned(align._keyed_units(said), align._keyed_units(form_words)):
        if letters[f] is not None:
            covers.setdefault(h, set()).add(f)
    for h, fs in covers.items():
        first = min((of[f] for f in fs if letters[f] and acronym[of[f]]), default=None)
        if first is None or not any(of[f] > first and letters[f] is False for f in fs):
            continue
        text, word = heard_texts[owner[h]], said[h]
        if len(heard_words[owner[h]]) == 1 and text.isalpha() and not text.isupper() and \
                any(v in word for v in "aeiouy") and word not in align.LETTER_SAID:
            return True
    return False


def test_letters_run_on_answers_as_before():
    """The heard words' precheck and the units kept per form change no answer."""
    texts = ["UC Berkeley", "GPT-1", "NVIDIA H100", "Q-learning", "PPO", "ImageNet-C", "t-SNE", "GPT-2", "A100",
             "MIT CSAIL", "UCB", "k-means", "BERT base", "X Y", "L Léon"]
    heard_words = ["superclass", "you", "see", "Berkeley", "cpython", "GPT", "won", "gee", "pee", "tea", "UC",
                   "Burkley", "oh", "cue", "learning", "en", "video", "image", "nutsy", "tease", "knee", "tsne",
                   "emit", "sea", "sale", "Kay", "means", "bert", "base", "ex", "why", "el", "leon", "h", "100",
                   "one", "two", "jeep", "eighty", "AI"]
    rng = random.Random(18)
    forms = [Form(Entry(term=t, category="x", file="x", line=1), t, kind,
                  spoken="".join(w for tok in tokens(t) for w in spoken_words(tok)), spelled=True)
             for t in texts for kind in ("term", "alias", "spoken")]
    forms.append(Form(Entry(term="UC Berkeley", category="x", file="x", line=1), "UC Berkeley", "term",
                      spoken="ucberkeley", spelled=True))  # (not said as its written words spell it)
    align._UNITS.clear()
    n = true = 0
    for _ in range(4000):
        heard = [rng.choice(heard_words) for _ in range(rng.randint(1, 4))]
        said = [tuple(spoken_words(h)) for h in heard]
        form = rng.choice(forms)
        want = _old_letters_run_on(said, heard, form)
        assert align.letters_run_on(said, heard, form) == want, (heard, form.text, form.kind)
        n += 1
        true += want
    assert true >= 5  # (some run on: the test tells the two apart)


def _old_aligned(heard, form):
    """align._aligned as it was (aeee5b9): the table of costs filled with min()."""
    n, m = len(heard), len(form)
    cost = [[i + j if not (i and j) else 0 for j in range(m + 1)] for i in range(n + 1)]
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


def test_alignment_pairs_the_sounds_as_before():
    rng = random.Random(18)
    for _ in range(5000):
        a = [(rng.choice("SPKTMN"), rng.randint(0, 3)) for _ in range(rng.randint(0, 9))]
        b = [(rng.choice("SPKTMN"), rng.randint(0, 3)) for _ in range(rng.randint(0, 9))]
        assert align._aligned(a, b) == _old_aligned(a, b)
