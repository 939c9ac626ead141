"""Detection without listed mishearings (fuzzy and phonetic only), session 17's rule: an acronym's
letter-by-letter reading, where the entry's `spoken` says it is said otherwise, counts only where
ASR wrote a capital. Each test fails with the rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector

from detecting import detector_of, found_alike

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
    return detector_of(tmp_path_factory, "datasets.yml", RULES)


def test_everyday_words_for_a_reading_the_glossary_does_not_say_are_no_finding(det: Detector) -> None:
    # MNIST is said 'em nist': 'a nicety' sounds just like 'em en eye es tee' (key ANST), a reading
    # nobody says; with the rule off it is a finding (similarity 0.92, context 'classifier')
    assert found_alike(det, "we train a small classifier on a nicety of handwritten digits") == []
    form = next(f for fs in det.index.phonetic.values() for f in fs if f.text == "MNIST")
    assert form.guess and form.spelled


def test_the_reading_still_counts_where_asr_wrote_capitals(det: Detector) -> None:
    # ASR writes capitals only for letters it heard: 'NIC' is NICE said letter by letter
    assert ("NIC", "NICE") in found_alike(det, "NIC flow introduced additive coupling layers before realnvp")


def test_a_reading_spelled_in_spoken_is_no_guess(det: Detector) -> None:
    # GRU's `spoken` spells it ('g r u'): its letters are how it is said, even heard as words
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.entry.term == "GRU"]
    assert forms and not any(f.guess for f in forms)
    assert ("G are you", "GRU") in found_alike(det, "G are you cells have an update gate and a reset gate like an lstm")


def test_the_spoken_form_is_kept_where_the_guess_sounds_the_same(det: Detector) -> None:
    # 'jay peg' has the key of 'jay pee ee jee': the form kept is the one the glossary says
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.entry.term == "JPEG" and f.kind == "spoken"]
    assert [f.text for f in forms] == ["jay peg"] and not forms[0].guess
    assert ("jay peg", "JPEG") in found_alike(det, "the learned codec beats jay peg at the same bitrate")
