"""The batch's n-gram resolution takes shortcuts that must never change what is found: the memo's
bulk `get_many` is `get` key by key; `letters_unheard` says 'nothing' only where the lookup finds
nothing; the lookup's shortcut past `rest_similarity` is taken only where that is 1.0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import BatchFinder
from qa.detect.candidates import _phrase_ckey, sound_facts
from qa.detect.memo import Memo
from qa.detect.context import letters_apply, letters_unheard
from qa.detect.similarity import form_words, rest_similarity
from qa.detect.tokens import tokenize

DEV = Path(__file__).parent / "data" / "lecture-l11.jsonl"


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _words(det: Detector) -> list[str]:
    words = ["the", "a", "of", "you", "know", "and", "Alice", "T", "LS", "TM", "GP", "d2", "N", "Y", "U", "el",
             "es", "tee", "em", "gft", "300", "wave", "are", "an", "bird", "Roberto", "XQ", "zxqv", "image", "net"]
    for e in det.glossary.entries[::9]:
        words.extend(e.term.split())
        words.extend(w for v in e.variants[:1] for w in v.text.split())
    return words


@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 3)), max_size=60),
       st.lists(st.sampled_from("abcdefghij"), max_size=20), st.integers(1, 4))
@settings(max_examples=200, deadline=None)
def test_get_many_gives_what_the_memo_holds(writes: list[tuple[str, int]], asks: list[str], limit: int) -> None:
    memo = Memo(limit)
    last: dict[str, int] = {}
    for k, v in writes:
        memo[k] = v
        last[k] = v
    held = {k: k in memo for k in asks}
    got = memo.get_many(asks)
    # every key held when asked gives its last value (a key-by-key get could lose one to the flip
    # another's promotion makes); what was not held gives None
    assert got == [last[k] if held[k] else None for k in asks]
    assert len(memo.new) <= limit and len(memo.old) <= limit


def _check_letters(det: Detector, phrases: list[str]) -> int:
    finder = det.finder
    assert letters_apply(finder.prior)
    said = 0
    for phrase in phrases:
        toks = tokenize(phrase)
        if not 0 < len(toks) <= finder.max_n:
            continue
        ckey = _phrase_ckey(toks.infos)
        forms = finder._phonetic_forms(ckey)
        if not forms:
            continue
        spoken = sound_facts(toks.infos)[1]
        if letters_unheard(toks.words, toks.infos, forms, spoken):
            said += 1
            # nothing by sound, whatever the similarities (the lookup's own ones)
            assert finder.lookup(toks, 0, len(toks), False, True) == [], toks.words
            assert finder.lookup(toks, 0, len(toks), False, True, forms) == [], toks.words
    return said


def test_letters_unheard_only_where_the_lookup_finds_nothing_on_random_ngrams(det: Detector) -> None:
    vocab = _words(det)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), min_size=1, max_size=4).map(" ".join), min_size=1,
                    max_size=20))
    def check(phrases: list[str]) -> None:
        _check_letters(det, phrases)

    check()


def test_letters_unheard_only_where_the_lookup_finds_nothing_on_dev_ngrams(det: Detector) -> None:
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()[:40]]
    phrases = []
    for text in texts:
        words = tokenize(text).words
        phrases += [" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)]
    assert _check_letters(det, list(dict.fromkeys(phrases))) > 20  # the shortcut is taken, and right


def test_letters_unheard_only_with_scorers_prior(det: Detector) -> None:
    assert letters_apply(det.finder.prior)
    assert not letters_apply(lambda *a: None)


def test_rest_similarity_is_one_where_the_lookup_skips_it(det: Detector) -> None:
    """lookup calls rest_similarity only when the form or the n-gram has several words and they
    share one: otherwise it is 1.0."""
    forms = [f for fs in det.index.phonetic.values() for f in fs][::7]
    vocab = _words(det) + [w for f in forms[:200] for w in form_words(f.text)]

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(vocab), min_size=1, max_size=4), st.sampled_from(forms))
    def check(words: list[str], form) -> None:
        toks = tokenize(" ".join(words))
        if not toks:
            return
        fw = form_words(form.text)
        if (len(fw) < 2 and len(toks) < 2) or {i[0] for i in toks.infos}.isdisjoint(fw):
            assert rest_similarity(toks[0:len(toks)], form, "phonetic") == 1.0

    check()


def test_batch_finds_what_the_per_text_finder_finds_on_dev_records(det: Detector) -> None:
    """The whole resolution (memo, bulk scores, skipped lookups) on real records, twice (the second
    time from the memo)."""
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()[:120]]
    batch = BatchFinder(det.finder)
    for _ in range(2):
        _, cands, _ = batch.find(texts)
        for text, got in zip(texts, cands):
            ref = det.finder.find(tokenize(text))
            assert [(c.first, c.last, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
                    for c in got] == \
                [(c.first, c.last, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
                 for c in ref]
