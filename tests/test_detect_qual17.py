"""Detection without listed mishearings (fuzzy and phonetic only), session 17's rule: an acronym's
letter-by-letter reading, where the entry's `spoken` says it is said otherwise, counts only where
ASR wrote a capital. Each test fails with the rule off."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from qa.detect import Detector
from qa.glossary import load_glossary
from qa.records import COLUMNS

RULES = """\
category: dataset
entries:
  - term: GRU
    category: model
    spoken: [grew, g r u]
    context:
      require: [gate, gates, recurrent, cells, lstm]
    allow:
      - "we grew the model"
  - term: JPEG
    category: other
    spoken: [jay peg]
    context:
      require: [codec, compression, image]
    allow:
      - "the jpeg files"
  - term: MNIST
    spoken: [m nist, em nist]
    context:
      require: [digits, handwritten, train, images, classifier]
    allow:
      - "we train on mnist digits"
  - term: NICE
    category: model
    spoken: [nice]
    context:
      require: [flow, coupling, realnvp]
    allow:
      - "a nice flow of water"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory) -> Detector:
    d: Path = tmp_path_factory.mktemp("rules")
    (d / "datasets.yml").write_text(RULES)
    return Detector(load_glossary(d), methods=("fuzzy", "phonetic"))


def _frame(texts: list[str]) -> pl.DataFrame:
    rows = [{c: "" for c in COLUMNS} | {"video_id": f"v{k}", "start_second": "0", "text": t}
            for k, t in enumerate(texts)]
    return pl.DataFrame(rows).with_columns(_file=pl.lit("x.jsonl"), _line=pl.lit(1))


def _found(det: Detector, text: str) -> list[tuple[str, str]]:
    one = [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"]
    batch = [(f.found, f.term) for f in det.scan_frame(_frame([text, "nothing here at all"]))
             if f.kind == "asr-error"]
    assert one == batch
    return one


def test_everyday_words_for_a_reading_the_glossary_does_not_say_are_no_finding(det: Detector) -> None:
    # MNIST is said 'em nist': 'a nicety' sounds just like 'em en eye es tee' (key ANST), a reading
    # nobody says; with the rule off it is a finding (similarity 0.92, context 'classifier')
    assert _found(det, "we train a small classifier on a nicety of handwritten digits") == []
    form = next(f for fs in det.index.phonetic.values() for f in fs if f.text == "MNIST")
    assert form.guess and form.spelled


def test_the_reading_still_counts_where_asr_wrote_capitals(det: Detector) -> None:
    # ASR writes capitals only for letters it heard: 'NIC' is NICE said letter by letter
    assert ("NIC", "NICE") in _found(det, "NIC flow introduced additive coupling layers before realnvp")


def test_a_reading_spelled_in_spoken_is_no_guess(det: Detector) -> None:
    # GRU's `spoken` spells it ('g r u'): its letters are how it is said, even heard as words
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.entry.term == "GRU"]
    assert forms and not any(f.guess for f in forms)
    assert ("G are you", "GRU") in _found(det, "G are you cells have an update gate and a reset gate like an lstm")


def test_the_spoken_form_is_kept_where_the_guess_sounds_the_same(det: Detector) -> None:
    # 'jay peg' has the key of 'jay pee ee jee': the form kept is the one the glossary says
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.entry.term == "JPEG" and f.kind == "spoken"]
    assert [f.text for f in forms] == ["jay peg"] and not forms[0].guess
    assert ("jay peg", "JPEG") in _found(det, "the learned codec beats jay peg at the same bitrate")
