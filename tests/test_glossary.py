"""Glossary loading (schema errors name file:line) and the data checks of `run_rule_tests`."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import InputError
from qa.glossary import hygiene, load_glossary, normalize, run_rule_tests

MIN = Path(__file__).parent / "data" / "rules_min"


def write(tmp_path: Path, text: str, name: str = "models.yml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_fixture_glossary_loads_with_lines() -> None:
    g = load_glossary(MIN)
    entries = {e.term: e for e in g.entries}
    bert = entries["BERT"]
    assert bert.category == "model" and bert.file.endswith("models.yml") and bert.line == 4
    assert [(v.text, v.safe) for v in bert.variants] == [("bird", False), ("Burke", False), ("bird large", True)]
    assert bert.variants[0].line == 7 and bert.flag[0].line == 12 and bert.flag[0].to == "BERT"
    assert bert.exceptions == ["UC Berkeley", "big bird"]
    assert entries["OpenAI"].category == "organization"


@pytest.mark.parametrize("text, line, words", [
    ("category: model\nentries:\n  - term: BERT\n    variants: [bird\n", 5,
     "while parsing a flow sequence at line 4"),
    ("category: model\nentries:\n  - term: BERT\n    varients: [bird]\n", 4, "unknown key 'varients'"),
    ("category: modle\nentries: []\n", 1, "unknown category 'modle'"),
    ("category: model\nentries:\n  - aliases: [x]\n", 3, "no 'term'"),
    ("category: model\nentries:\n  - term: BERT\n    variants:\n      - {text: bird, safe: maybe}\n", 5,
     "'safe' must be true or false"),
    ("category: model\nentries:\n  - term: BERT\n    flag:\n      - {text: we use bird}\n", 5, "flag example"),
    ("category: model\nentries:\n  - term: BERT\n    context: {require: ['(unclosed']}\n", 4, "invalid regex"),
    ("- just\n- a list\n", 1, "must be a mapping"),
])
def test_invalid_files_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_glossary(tmp_path)
    assert err.value.line == line, str(err.value)
    assert err.value.file.endswith("models.yml")
    assert words in err.value.message


def test_numbers_in_lists_are_read_as_words(tmp_path: Path) -> None:
    write(tmp_path, "category: model\nentries:\n  - term: ResNet\n    context: {require: [resnet, 50]}\n"
                    "    allow: ['a resnet 50']\n")
    assert load_glossary(tmp_path).entries[0].require == ["resnet", "50"]


def test_normalize_ignores_case_space_and_hyphens() -> None:
    assert normalize("Word Net") == normalize("word-net") == normalize("WordNet") == "wordnet"


def test_hygiene_finds_duplicates_loops_order_and_missing_examples(tmp_path: Path) -> None:
    write(tmp_path, """category: model
entries:
  - term: LSTM
    variants: [Alice T]
    allow: ["an lstm"]
  - term: BERT
    variants: [Alice T, L S T M]
    flag: [{text: "bird", to: BERT}]
  - term: bert
""")
    msgs = [(f.line, f.message) for f in hygiene(load_glossary(tmp_path))]
    text = "\n".join(m for _, m in msgs)
    assert "duplicate term 'bert'" in text
    assert "duplicate variant 'Alice T'" in text
    assert "variant 'L S T M' equals the correct spelling of 'LSTM'" in text
    assert "'BERT' should come before 'LSTM'" in text
    assert "bert: entry has no flag or allow example" in text
    assert all(line for line, _ in msgs)


def test_rule_tests_pass_on_fixture() -> None:
    assert run_rule_tests(MIN) == []


def test_rule_tests_report_failing_examples_with_lines(tmp_path: Path) -> None:
    write(tmp_path, """category: model
entries:
  - term: BERT
    variants: [{text: bird, safe: true}]
    flag:
      - {text: "nothing to see here", to: BERT}
    allow:
      - "we fine tuned bird on the language model"
""")
    failures = run_rule_tests(tmp_path)
    assert [(f.line, "flag example" in f.message) for f in failures] == [(6, True), (8, False)]
    assert "allow example flagged: 'bird' -> 'BERT'" in failures[1].message
    assert str(failures[0]).startswith(f"{tmp_path / 'models.yml'}:6: ")
