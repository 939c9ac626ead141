"""validate counts a JSON Lines file's lines only when it reports something: line numbers stay right."""

from __future__ import annotations

import json
from pathlib import Path

from qa.records import load
from qa.validate import validate

GOOD = Path(__file__).parent / "data" / "bad" / "good.jsonl"


def _write(tmp_path: Path, *, blank_after: int | None, bad_url: int | None) -> Path:
    lines = GOOD.read_text(encoding="utf-8").splitlines(keepends=True)
    if bad_url is not None:
        record = json.loads(lines[bad_url])
        record["url"] = "https://example.com/"
        lines[bad_url] = json.dumps(record, ensure_ascii=False) + "\n"
    if blank_after is not None:
        lines.insert(blank_after, "\n")
    path = tmp_path / "data.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_violation_after_a_blank_line_names_its_own_line(tmp_path):
    path = _write(tmp_path, blank_after=1, bad_url=2)  # the third record, on line 4
    report = validate([path], settings={})
    assert report.records == 3
    assert [(v.check, v.line) for v in report.violations] == [("TQ109", 4)]


def test_clean_file_with_a_blank_line_has_no_violation(tmp_path):
    report = validate([_write(tmp_path, blank_after=1, bad_url=None)], settings={})
    assert (report.records, report.violations) == (3, [])


def test_unverified_numbering_is_marked_and_verified_loading_counts(tmp_path):
    path = _write(tmp_path, blank_after=1, bad_url=None)
    assert load([path], verify_lines=False).unverified == {str(path): 3}
    counted = load([path])
    assert counted.unverified == {}
    assert counted.frame["_line"].to_list() == [1, 3, 4]


def test_violation_without_blank_lines_keeps_the_quick_numbering(tmp_path):
    path = _write(tmp_path, blank_after=None, bad_url=0)
    report = validate([path], settings={})
    assert [(v.check, v.line) for v in report.violations] == [("TQ109", 1)]
