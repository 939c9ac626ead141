"""The bulk scoring (qa/detect/bulk.py: sound similarities and near-spellings for a whole batch) and
the lookup's early exit drop nothing the per-n-gram lookup would find: the same hits, in the same
order, on random and real n-grams; the similarities handed to the lookup are the ones it computes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import polars as pl

from qa.detect import Detector
from qa.detect.batch import SEP, BatchFinder
from qa.detect.bulk import spellings_possible
from qa.detect.candidates import FUZZY_CUTOFF, PHONETIC_MIN, CandidateFinder, _phrase_ckey, sound_facts
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


def _new_ngrams(batch: BatchFinder, grams: list) -> pl.DataFrame:
    """The batch's frame of new n-grams (as `BatchFinder._resolve` makes it) for *grams*."""
    # the grams' words in a row, as a batch's tokens, with their rows of the facts table
    tok = pl.DataFrame({"w": [w for t in grams for w in t.words]}, schema={"w": pl.String})
    fi = tok.join(batch._facts_for(tok).with_row_index("fi"), on="w", how="left", maintain_order="left")["fi"]
    at = [0]
    for t in grams[:-1]:
        at.append(at[-1] + len(t))
    new = pl.DataFrame({"key": [SEP.join(t.words) for t in grams], "n": [len(t) for t in grams], "at": at},
                       schema={"key": pl.String, "n": pl.Int64, "at": pl.Int64})
    return batch._features(new, fi)


def _check_ngrams(det: Detector, monkeypatch, phrases: list[str]) -> None:
    finder = det.finder
    grams = [tokenize(p) for p in phrases]
    grams = [t for t in grams if 0 < len(t) <= finder.max_n]
    if not grams:
        return
    batch = BatchFinder(finder)
    new = _new_ngrams(batch, grams)
    near = batch._sounds(new)
    fuzzy = new["fz"].to_list()
    squashed = new["sq"].to_list()
    spell = spellings_possible(finder.index, squashed, FUZZY_CUTOFF)
    cols = [new[c].to_list() for c in ("ck", "vk", "sp", "syl", "sq", "plain")]
    vocabulary = finder.index.vocabulary
    for k, (t, facts) in enumerate(zip(grams, zip(*cols))):
        ck, vk, sp, syl, sq, plain = facts
        ckey = _phrase_ckey(t.infos)
        # the n-gram's keys as polars folds them are the Python ones
        assert (ck, vk, sp, syl) == (ckey, *sound_facts(t.infos)), t.words
        assert sq == "".join(i[0] for i in t.infos)
        assert plain == (sq.isdigit() or all(i[0] in vocabulary for i in t.infos))
        forms = finder._phonetic_forms(ckey)
        if len(t) >= 2:  # ... and those with all its words but one (`CandidateFinder.lookup`)
            forms = finder._with_worded(forms, [i[0] for i in t.infos])
        kept, sims = near.get(k, ([], []))
        ids = set(map(id, kept))
        assert [f for f in forms if id(f) in ids] == kept  # a subset, in the lookup's order
        for f, sim in zip(kept, sims):
            assert sim == phonetic_similarity(ckey, vk, sp, f) or sim < PHONETIC_MIN
        # every form the exact similarity keeps is among the survivors, unless its beats are off
        for f in forms:
            if phonetic_similarity(ckey, vk, sp, f, PHONETIC_MIN) >= PHONETIC_MIN and id(f) not in ids:
                fs = f.syllables
                assert abs(syl - fs) > 1 + fs // 4, (t.words, f.text)
        # the bulk near-spelling test asks rapidfuzz wherever it can find something
        if fuzzy[k] and not spell[k]:
            assert finder.near_spellings(squashed[k]) == []
        ref = _reference_lookup(finder, monkeypatch, t, len(t))
        spelled = finder.near_spellings(squashed[k]) if fuzzy[k] and spell[k] else []
        assert finder.lookup(t, 0, len(t), True, True, tuple(kept), spelled, sims, facts) == ref
        assert finder.lookup(t, 0, len(t), True, True, tuple(kept), spelled, sims) == ref
        assert finder.lookup(t, 0, len(t), True, True) == ref
        if not kept and not spelled:
            assert ref == []  # what the batch skips finds nothing


def test_bulk_lookup_equals_per_ngram_lookup_on_random_ngrams(det: Detector, monkeypatch) -> None:
    vocab = _vocabulary(det) + ["300", "2", "7B", "learning", "unsupervised", "methods"]

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
