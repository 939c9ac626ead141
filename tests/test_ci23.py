"""The CI gate's open defects of session 23: numbers compared as words in `qa eval`, `qa validate`'s
memory flat in the number of violations, the repeated-key count without numpy, and the span always
on screen in `qa review` at 80x24."""

from __future__ import annotations

import pytest

from qa.evaluate import GoldError, evaluate, number_readings, suggestion_matches
from qa.findings import Finding


# --- qa eval: numbers and their words ------------------------------------------------------------


@pytest.mark.parametrize("suggestion, right", [
    ("5", "five"), ("top-5", "top five"), ("GPT-3", "GPT three"), ("ResNet-50", "ResNet fifty"),
    ("2080 Ti", "twenty eighty Ti"), ("2080 Ti", "two thousand eighty ti"), ("V100", "V one hundred"),
    ("GPT-3.5", "GPT three point five"), ("1905", "nineteen oh five"), ("007", "zero zero seven"),
    ("five", "5"), ("GPT 2", "GPT-2"),
])
def test_numbers_match_their_words(suggestion, right):
    assert suggestion_matches(suggestion, right)


@pytest.mark.parametrize("suggestion, right", [
    ("GPT-2", "GPT-3"), ("5", "four"), ("top-5", "top one"), ("2080 Ti", "3090 Ti"), ("T5", "T four"),
])
def test_other_numbers_still_differ(suggestion, right):
    assert not suggestion_matches(suggestion, right)


def test_readings_are_bounded():
    # every number multiplies the readings: a text of many numbers must not explode
    assert len(number_readings(" ".join(["2080"] * 12))) <= 16


def test_a_digit_suggestion_for_a_spelt_gold_is_no_false_alarm():
    text = "we keep the top fiv results"
    f = Finding("v", "0", "text", 12, 19, "top fiv", "top-5", "top-5", "metric", "asr-error", "variant", 0.9, text)
    ev = evaluate([f], [GoldError("v", "0", "top fiv", "top five")], {("v", "0"): text})
    assert (ev.tp, ev.fp, ev.fn) == (1, 0, 0)
