"""Session 23's speed-ups outside candidate generation: what is worked out once, or remembered,
must be what the slower path gave."""

from __future__ import annotations

import pickle

import pytest

from qa.detect import Detector
from qa.detect.candidates import Token
from qa.detect.tokens import tokenize


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _forms(det: Detector) -> list:
    from qa.detect.compiled import _forms

    return _forms(det.index)


def test_a_warmed_scorer_is_pickled_with_its_rules_and_form_facts(det: Detector) -> None:
    """`Scorer.warm` (done for the compiled glossary) is pickled with what it worked out, keyed anew
    by the unpickled entries and forms: a process that loads it builds none of it again, and
    scores as a fresh scorer does."""
    from qa.detect.context import Scorer

    fresh = Scorer(det.glossary.entries)
    warm = Scorer(det.glossary.entries)
    forms = _forms(det)
    warm.warm(det.glossary.entries, forms)
    assert len(warm._rules) == len(det.glossary.entries) and len(warm._prior_facts) == len(forms)
    # the entries and forms travel with the scorer, as they do inside a pickled Detector
    loaded, entries, forms2 = pickle.loads(pickle.dumps((warm, det.glossary.entries, forms)))
    assert set(loaded._rules) == {id(e) for e in entries}
    assert set(loaded._prior_facts) == {id(f) for f in forms2}
    assert all(loaded._rules[id(e)].entry is e for e in entries)
    assert all(loaded._prior_facts[id(f)][0] is f for f in forms2)
    assert {id(e) for e in entries} >= set(loaded._term_z)
    assert loaded.form_facts == {}  # (it holds ids of entries: made again, cheaply, after loading)
    checked = 0
    for f, f2 in zip(forms, forms2):
        if f.kind != "term" or " " in f.text or not f.text.isalpha():
            continue
        toks = tokenize(f.text.lower() + "s")
        grams = [Token(-1, -1, w, *info) for w, info in zip(toks.words, toks.infos)]
        for method, sim in (("phonetic", 0.9), ("fuzzy", 0.85), ("variant", 1.0)):
            assert loaded.prior(f2, method, sim, grams) == fresh.prior(f, method, sim, grams)
        assert loaded.facts_of(f2)[:2] == fresh.facts_of(f)[:2]
        assert loaded.facts_of(f2)[4] == id(f2.entry)
        checked += 1
        if checked >= 300:
            break
    assert checked >= 300


def test_entry_rules_are_pickled_without_their_regexes(det: Detector) -> None:
    """A compiled regex is compiled again when unpickled (~0.4 ms each, for ~1,700 entries in every
    process that loads the glossary): the rules travel without them, and compile them on first
    use, to the same patterns."""
    from qa.detect.context import EntryRules

    e = next(e for e in det.glossary.entries if e.require)
    r = EntryRules(e, det.scorer.spaced, det.scorer.topical)
    lowered, require = r.lowered, r.require
    assert lowered is not None and require is not None
    state = r.__getstate__()
    assert state["_lowered"] is False and state["_require"] is None
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.lowered.pattern == lowered.pattern and r2.require.pattern == require.pattern
    assert r2.items == r.items and r2.require_words == r.require_words


def test_word_infos_are_each_words_facts_known_or_not() -> None:
    """`word_infos` asks the cache in one pass and works out only the words it lacks: the same facts,
    the same objects, as asking each word in turn."""
    from qa.detect import tokens

    words = ["the", "bird", "zqxjwv", "GPT", "the", "kqzzv", "LSTM's", "zqxjwv"]
    tokens._token_cache.pop("zqxjwv", None)
    tokens._token_cache.pop("kqzzv", None)
    got = tokens.word_infos(words)
    assert got == [tokens._token_info(w) for w in words]
    assert all(a is tokens._token_cache[w] for a, w in zip(got, words))
    assert tokens.word_infos([]) == []
    assert tokens.word_infos(["the", "the"]) == [tokens._token_info("the")] * 2
