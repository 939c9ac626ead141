"""Detection without listed mishearings (fuzzy and phonetic only), session 18's rule: a short name
said letter by letter is also looked up with one 'V' heard as 'B' (the letter names rhyme and begin
alike; the coarse key keeps them apart). Each test of a catch fails with the rule off."""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.detect.index import keyed_readings

from detecting import detector_of, found_alike

RULES = """\
category: model
entries:
  - term: IMDb
    category: dataset
    context:
      require: [reviews, movie, sentiment]
    allow:
      - "the imdb reviews"
  - term: Quoc V. Le
    category: person
    context:
      require: [google, translation, sequence]
    allow:
      - "quoc le at google"
  - term: SVM
    category: technique
    aliases: [SVMs]
    context:
      require: [hinge, margin, kernel, classifier, features]
    allow:
      - "svms are margin classifiers"
  - term: vLLM
    category: tool
    aliases: [VLLM]
    context:
      require: [serving, inference, batching, throughput, attention]
    allow:
      - "serving with vllm"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "models.yml", RULES)


def test_a_v_heard_as_b_in_a_spelled_name_is_found(det: Detector) -> None:
    # 'es bee em' has key ASPN, SVM's 'es vee em' ASFN: with the rule off only a weak sounds-alike
    # (0.77), below a finding
    assert ("SBM", "SVM") in found_alike(det, "a linear SBM trained on the features with a hinge loss")
    # 'bee el el em' (PLN) is not even near VLLM's 'vee el el em' (FLN) without it
    assert ("BLLM", "vLLM") in found_alike(
        det, "for serving we use BLLM with paged attention and continuous batching for high throughput")


def test_the_twin_letter_still_costs_something(det: Detector) -> None:
    # looked up by the twin's key, compared by the form's own sounds: less than said exactly
    twin = [k for k in keyed_readings([("es", "vee", "em")], True)]
    assert [k[2] for k in twin] == ["ASFN", "ASPN"] and twin[1][1] == "ASFAN"
    hit = next(f for f in det.scan_text("a linear SBM trained on the features with a hinge loss")
               if f.term == "SVM")
    assert hit.score < 1.0 and "similarity 1.00" not in hit.reason


def test_no_twin_for_a_b_nor_in_names_of_several_tokens(det: Detector) -> None:
    # one way only: ASR writes the commoner 'B' for 'V'; and in a name of several tokens one letter
    # is one sound among many ('Quoc V. Le' read 'kwok bee le' would be the key of 'capilla')
    assert keyed_readings([("eye", "em", "dee", "bee")], True) == \
        [(("eye", "em", "dee", "bee"), "ANTP", "ANTP")]
    assert len(keyed_readings([("kwok", "vee", "le")], False)) == 1
    forms = [f for fs in det.index.phonetic.values() for f in fs if f.entry.term == "Quoc V. Le"]
    assert {f.ckey for f in forms} == {"KFL"} or all("P" not in f.ckey for f in forms)
    assert found_alike(det, "at google the capilla and sequence to sequence translation") == []
