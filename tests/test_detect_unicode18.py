"""A word with a non-ASCII letter is one word: no finding begins or ends inside it.

Tokens are runs of ASCII letters and digits, so 'café' was cut into 'caf', and the glossary's
'café' (a variant of Caffe) normalizes to 'caf' too: 'at the café' was flagged as Caffe, and
accepting it wrote 'Caffeé'.
"""

from __future__ import annotations

import pytest

from qa.detect import Detector
from qa.glossary import load_glossary

RULES = """\
entries:
  - term: Caffe
    category: tool
    variants: [café, cafe]
    context:
      require: [framework, layers, convolutional, berkeley]
    flag:
      - {text: "we implemented the convolutional layers in cafe the berkeley framework", to: Caffe}
    allow:
      - "we met at a restaurant near campus"
"""


@pytest.fixture(scope="module")
def det(tmp_path_factory) -> Detector:
    d = tmp_path_factory.mktemp("rules")
    (d / "tools.yml").write_text(RULES)
    return Detector(load_glossary(d))


@pytest.mark.parametrize("text", [
    "we met at the café near the framework lab to train convolutional layers",
    "the convolutional layers were written in a framework at a cafétéria in berkeley",
    "in berkeley the framework of the école caf layers",  # (an ASCII word, for the control below)
])
def test_no_finding_inside_a_word(det, text):
    for f in det.scan_text(text):
        assert f.start == 0 or not text[f.start - 1].isalpha(), f
        assert f.end == len(text) or not text[f.end].isalpha(), f
        assert f.found == text[f.start:f.end]


def test_the_whole_word_can_still_be_found(det):
    text = "we implemented the convolutional layers in cafe the berkeley framework"
    assert [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"] == [("cafe", "Caffe")]
    text = "we implemented the convolutional layers in café the berkeley framework"
    assert [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"] == []
