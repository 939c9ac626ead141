"""Session 22's speed-ups: what is remembered must be what the slower path gave."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.split import _split_name, split_name
from qa.detect.tokens import tokenize

@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


@pytest.mark.parametrize("text, start, end, form, cut", [
    ("we thank Ian good fellow for it", 9, 25, "Ian Goodfellow", True),
    ("he said mid-journey here", 8, 19, "Midjourney", False),
    ("a neural network here", 2, 16, "neural network", False),
    ("so Hugo la Rochelle said", 3, 19, "Hugo Larochelle", True),
])
def test_split_name_remembered_is_split_name(text, start, end, form, cut) -> None:
    assert split_name(text, start, end, form) is cut
    assert split_name(text, start, end, form) is cut  # (from the memo)
    assert _split_name(text[start:end], form) is cut


def test_plural_said_is_with_the_form_text_remembered(det: Detector) -> None:
    """`_plural_said_is` asks `normalize` of a form's text once (`_normalized`), with the same answer."""
    from qa.detect.candidates import Token
    from qa.detect.context import _normalized, _plural_said_is

    form = next(f for f in det.batch.sieve.forms if f.text == "latent variables")
    toks = tokenize("the latent variable x")
    grams = [Token(-1, -1, w, *info) for w, info in zip(toks.words[1:], toks.infos[1:])]
    assert _plural_said_is(form, grams) and _plural_said_is(form, grams)
    assert not _plural_said_is(form, grams[:2])
    assert _normalized.cache_info().hits > 0


def test_unusual_require_words_made_on_first_use_are_those_made_before(det: Detector) -> None:
    """`EntryRules.require_unusual` / `topic_unusual`, made on first use, are the words they were."""
    from qa.detect.context import ORDINARY_ZIPF, EntryRules, zipf

    checked = 0
    for e in det.glossary.entries:
        r = EntryRules(e, det.scorer.spaced, det.scorer.topical)
        assert "require_unusual" not in r.__dict__  # (not made until asked)
        unusual = {w for w in r.require_words if zipf(w) < ORDINARY_ZIPF}
        assert r.require_unusual == unusual
        assert r.topic_unusual == r.topic_words & unusual
        checked += bool(unusual)
    assert checked > 100
