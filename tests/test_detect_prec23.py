"""Precision on talks nobody tuned for (session 23): general rules for false alarms of the lectures.
Each test failed before its rule; the recall cases beside them pass before and after."""

from __future__ import annotations

import pytest

def _terms(det, text: str, min_score: float | None = None) -> set[str]:
    return {f.term for f in det.scan_text(text, min_score=min_score) if f.kind == "asr-error"}


# capitals ASR wrote are letters it heard: a name that goes on from them with a word ('MLOps', 'MLlib')
# needs that word heard, and a function word after them stands for a letter only with its consonant
# (dataeng lecture: 'ML because' was MLOps, 'ML on' MLM, 'SLA on' SLAM, 'ML people' MLlib)
@pytest.mark.parametrize("text, term", [
    ("time travel is actually huge for ML because reproducibility right you can say this model was trained",
     "MLOps"),
    ("let's talk about scaling Python because ML people don't want to write Java for distributed training",
     "Apache Spark"),
    ("you don't need a separate warehouse anymore you can do BI and ML on the same open files",
     "masked language modeling"),
    ("and the other thing you want is an SLA on your important tables like the features table", "SLAM"),
])
def test_capitals_and_a_word_said_are_no_longer_name(det, text: str, term: str) -> None:
    assert term not in _terms(det, text, min_score=0.2)  # (no candidate at all: one text has no video)


@pytest.mark.parametrize("text, term", [
    ("did in 2013 with the deep Q network or DQ in and the first author played Atari games", "DQN"),
])
def test_capitals_and_the_rest_said_stay_found(det, text: str, term: str) -> None:
    assert term in _terms(det, text)
