"""The deep RL and robot learning glossary (rules/rl.yml): its entries' own examples hold against the
whole glossary (a mishearing of an acronym said letter by letter is an ordinary word: 'BBQ', 'r and d',
'pill co', so each needs RL words near), and ordinary prose with those words stays unflagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.glossary import normalize


@pytest.fixture(scope="module")
def rl_entries(det):
    return [e for e in det.glossary.entries if Path(e.file).name == "rl.yml"]


def test_rl_file_is_loaded(rl_entries) -> None:
    terms = {e.term for e in rl_entries}
    assert len(rl_entries) >= 60
    assert {"IMPALA", "PILCO", "QT-Opt", "RND", "sim-to-real", "Julian Schrittwieser"} <= terms


def test_rl_flag_examples_are_corrected(det, rl_entries) -> None:
    missed = []
    for e in rl_entries:
        for ex in e.flag:
            found = [f for f in det.scan_text(ex.text) if f.kind == "asr-error"]
            if not any(normalize(ex.to) in (normalize(f.suggestion), normalize(f.term)) for f in found):
                missed.append((e.term, ex.text))
    assert not missed


def test_rl_allow_examples_stay_unflagged(det, rl_entries) -> None:
    flagged = [(e.term, ex.text) for e in rl_entries for ex in e.allow
               if any(f.kind == "asr-error" and f.term == e.term for f in det.scan_text(ex.text))]
    assert not flagged


@pytest.mark.parametrize("text", [
    "we ate at the diner near the station and then took the train home",
    "the r&d budget grew this year and the team hired more engineers",
    "an impala is an antelope that lives on the savanna",
    "we had a bbq in the garden with our neighbours",
    "the sequel to the movie was worse than the first one",
    "the old stone dwelling in the village has a thatched roof",
    "we have two pets at home a dog and a cat",
    "the apex of the roof is twenty feet high",
])
def test_everyday_words_are_no_rl_terms(det, rl_entries, text: str) -> None:
    mine = {e.term for e in rl_entries}
    assert not [f for f in det.scan_text(text) if f.kind == "asr-error" and f.term in mine]
