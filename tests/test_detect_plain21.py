"""False alarms on Python's library docstrings (plain technical English that names no ML term, a corpus
made at the end of session 21, not bench/plain's held-out half) that this session's new glossary entries
brought: aliases that were other things (DeepAR of the Temporal Fusion Transformer, KPSS and unit root
tests of Dickey-Fuller, CS224n of CS231n), generic context words ('objects' for ObjectNet), and
entries whose sound every English sentence has (Med-PaLM, Synthesia: 'synthase'). Each failed before."""

from __future__ import annotations

import pytest

from detecting import asr_errors

CASES = [
    ('object and', 'ObjectNet',
     'is only relevant for compound objects objects that contain other objects like lists or class instances a shallow copy constructs a new compound object and then to the extent possible inserts the same objects into it that the original contains a deep copy constructs a new compound object and then'),
    ('new tuple', 'Med-PaLM',
     "into built in containers tuples lists and dicts return the fields of a dataclass instance as a new tuple of field values example usage dataclass class c x int y int c c 1 2 assert astuple c 1 2 if given 'tuple factory' will be used instead of built in"),
    ('with def test', 'Dickey-Fuller test',
     'operations as instruction instances module doctest a framework for running examples in docstrings in simplest use end each module m to be tested with def test import doctest doctest testmod if name main test then running the module as a script will cause the examples in the docstrings to get executed and'),
    ('unittest test', 'Dickey-Fuller test',
     'to a unittest test suite this converts each documentation string in a module that contains doctest tests to a unittest test case if any of the tests in a doc string fail then the test case fails an exception is raised showing the name of the file containing the test and a'),
    ('unittest suite', 'Dickey-Fuller test',
     'in failure messages by assert methods using difflib it is looked up as an instance attribute so can be configured by individual tests if required a unittest suite for one or more doctest files the path to each doctest file is given as a string the interpretation of that string depends on the keyword argument'),
    ('typeerror', 'Temporal Fusion Transformer',
     "object's annotations compute the annotations dict for an object obj may be a callable class or module passing in an object of any other type raises typeerror returns a dict get annotations returns a new dict every time it's called calling it twice on the same object will return two different but"),
    ('no encoding', 'target encoding',
     "the type can't be guessed no or unknown suffix or a string of the form type subtype usable for a mime content type header and encoding is none for no encoding or the name of the program used to encode e g compress or gzip the mappings are table driven encoding suffixes are case sensitive type suffixes are"),
]


@pytest.mark.parametrize("heard, term, text", CASES, ids=[c[0] for c in CASES])
def test_python_docs_prose_is_no_term(det, heard: str, term: str, text: str) -> None:
    assert (heard, term) not in asr_errors(det, text)


def test_a_biology_lecture_enzyme_is_no_ai_video_company(det) -> None:
    from pathlib import Path

    from qa import records

    talks = Path(__file__).resolve().parents[1] / "bench" / "plain-talks"
    frame = records.load(sorted(talks.glob("*.jsonl"))).frame
    found = [(f.found, f.term) for f in det.scan_frame(frame) if f.kind == "asr-error"]
    assert ("synthase", "Synthesia") not in found and found == []
