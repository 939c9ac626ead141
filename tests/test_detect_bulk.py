"""The bulk similarity bound (qa/detect/bulk.py) and the lookup's early exit drop nothing the
per-n-gram lookup would find: the same hits, in the same order, on random and real n-grams."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.bulk import SoundBounds
from qa.detect.candidates import PHONETIC_MIN, CandidateFinder, _phrase_ckey, sound_facts
from qa.detect.similarity import phonetic_similarity
from qa.detect.tokens import tokenize

DEV = Path(__file__).parent / "data" / "lecture-l11.jsonl"


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _vocabulary(det: Detector) -> list[str]:
    words = ["the", "a", "of", "to", "we", "model", "learning", "network", "300", "GPT", "Alice", "T", "wave",
             "are", "an", "N", "bird", "Roberto", "Ward", "Annette", "open", "I", "gft", "Pisa", "CNN", "Jeff",
             "Fenton", "image", "net", "time", "pixel", "snail", "you", "know", "LS", "TM", "two", "one"]
    for e in det.glossary.entries[::5]:
        words.extend(e.term.split())
        words.extend(w for v in e.variants[:1] for w in v.text.split())
    return words


def _reference_lookup(finder: CandidateFinder, monkeypatch, toks, n: int) -> list[tuple]:
    """The lookup as it was before: every form near the key scored, no early exit."""
    with monkeypatch.context() as m:
        m.setattr(finder, "_heard_right", lambda infos, phonetic: False)
        return finder.lookup(toks, 0, n, True, True)


def _check_ngrams(det: Detector, monkeypatch, phrases: list[str]) -> None:
    finder = det.finder
    grams = [tokenize(p) for p in phrases]
    grams = [t for t in grams if 0 < len(t) <= finder.max_n]
    items = []
    for t in grams:
        ckey = _phrase_ckey(t.infos)
        items.append((ckey, *sound_facts(t.infos), finder._phonetic_forms(ckey)))
    near = SoundBounds().survivors(items, PHONETIC_MIN)
    assert len(near) == len(items)
    for t, (ckey, vkey, spoken, _, forms), kept in zip(grams, items, near):
        assert set(map(id, kept)) <= set(map(id, forms))
        assert [f for f in forms if id(f) in set(map(id, kept))] == list(kept)  # order kept
        # every form the exact similarity keeps is among the survivors
        for f in forms:
            if phonetic_similarity(ckey, vkey, spoken, f, PHONETIC_MIN) >= PHONETIC_MIN and \
                    id(f) not in set(map(id, kept)):
                fs = f.syllables
                assert abs(sum(i[3] for i in t.infos) - fs) > 1 + fs // 4, (t.words, f.text)
        ref = _reference_lookup(finder, monkeypatch, t, len(t))
        assert finder.lookup(t, 0, len(t), True, True, kept) == ref
        assert finder.lookup(t, 0, len(t), True, True) == ref


def test_bulk_lookup_equals_per_ngram_lookup_on_random_ngrams(det: Detector, monkeypatch) -> None:
    vocab = _vocabulary(det)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
    @given(st.lists(st.lists(st.sampled_from(vocab), min_size=1, max_size=4).map(" ".join), min_size=1,
                    max_size=20))
    def check(phrases: list[str]) -> None:
        _check_ngrams(det, monkeypatch, phrases)

    check()


def test_bulk_lookup_equals_per_ngram_lookup_on_dev_ngrams(det: Detector, monkeypatch) -> None:
    """Every 1- to 3-word n-gram of some dev records: the mishearings of the dev set among them."""
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()[:25]]
    phrases = []
    for text in texts:
        words = tokenize(text).words
        phrases += [" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)]
    phrases = list(dict.fromkeys(phrases))
    assert len(phrases) > 500
    _check_ngrams(det, monkeypatch, phrases)


def test_early_exit_keeps_a_form_said_exactly(det: Detector) -> None:
    """Words of correct forms heard right find nothing, unless they are said exactly like a form."""
    finder = det.finder
    said = [(f, t) for forms in finder.index.phonetic.values() for f in forms if f.kind != "spoken"
            for t in [tokenize(f.text)] if all(i[0] in finder.index.vocabulary for i in t.infos)
            and sound_facts(t.infos)[1] == f.spoken]
    assert said
    form, toks = said[0]
    assert not finder._heard_right(toks.infos, (form,))
    assert finder._heard_right(toks.infos, ())
    assert finder._heard_right(tokenize("300 2").infos, ())
    assert not finder._heard_right(tokenize("zxqv wug").infos, ())
