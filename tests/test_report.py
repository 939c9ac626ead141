"""Report renderers: each format parses as its consumers expect."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from qa import report as R
from qa.config import SAMPLE
from qa.validate import Report, Violation, validate

BAD = Path(__file__).parent / "data" / "bad"
GITHUB_LINE = re.compile(r"^::(error|warning|notice)( [a-z]+=[^,:\n]*(,[a-z]+=[^,:\n]*)*)?::[^\n]*$")


@pytest.fixture(scope="module")
def sample() -> Report:
    return validate([SAMPLE], settings={})


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Report:
    # errors and a warning from several checks, a message with a comma, colon, percent and newline
    return validate([BAD / "gap-overlap.jsonl", BAD / "nulls-and-controls.jsonl", BAD / "missing-columns.csv"],
                    settings={})


def test_json_has_the_documented_shape(mixed):
    doc = json.loads(R.render(mixed, "json"))
    assert doc["summary"] == {"records": mixed.records, "errors": mixed.errors, "warnings": mixed.warnings}
    assert mixed.warnings == 1
    keys = ["check", "severity", "video_id", "start_second", "field", "value", "message", "file", "line"]
    assert all(list(v) == keys for v in doc["violations"])
    missing = [v for v in doc["violations"] if v["check"] == "TQ003"]
    assert missing and all(v["video_id"] is None and v["value"] is None for v in missing)


def test_text_groups_by_check_with_examples(sample):
    out = R.render(sample, "text", max_examples=2, width=200)
    assert out.splitlines()[0] == "83 records in 1 file: 83 errors, 0 warnings"
    assert "TQ112 thumbnail-elided" in out and "83" in out
    assert f"{SAMPLE}:1 (BnpB3GrpsfM, 7141)" in out and f"{SAMPLE}:2 " in out and f"{SAMPLE}:3 " not in out
    assert "and 81 more" in out


def test_junit_parses_with_one_testcase_per_check(mixed):
    root = ET.fromstring(R.render(mixed, "junit"))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(mixed.checks) == int(suite.get("tests"))
    failed = {c.get("name").split()[0] for c in cases if c.find("failure") is not None}
    assert failed == {v.check for v in mixed.violations if v.severity == "error"}
    assert int(suite.get("failures")) == len(failed)
    first = mixed.violations[0]
    case = next(c for c in cases if c.get("name").startswith(first.check))
    assert f"{first.file}:{first.line}" in case.find("failure").text
    # the warning fails the suite only when warnings fail the build
    warning = next(c for c in cases if c.get("name").startswith("TQ111"))
    assert warning.find("failure") is None and "1 warning" in warning.find("system-out").text
    strict = ET.fromstring(R.render(mixed, "junit", fail_on="warning"))
    assert any(c.get("name").startswith("TQ111") and c.find("failure") is not None for c in strict.iter("testcase"))


def test_junit_marks_disabled_checks_skipped():
    report = validate([SAMPLE], settings={"disable": ["TQ112"]})
    assert report.violations == []
    root = ET.fromstring(R.render(report, "junit"))
    skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["TQ112 thumbnail-elided"]


def test_sarif_has_the_required_2_1_0_keys(mixed):
    doc = json.loads(R.render(mixed, "sarif"))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "qa"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(mixed.checks)
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    assert len(run["results"]) == len(mixed.violations)
    for result, v in zip(run["results"], mixed.violations):
        assert result["ruleId"] == v.check and ids[result["ruleIndex"]] == v.check
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(Path(v.file).name)
        assert physical.get("region", {}).get("startLine") == v.line


def test_github_lines_are_well_formed_and_capped(sample, mixed):
    lines = R.render(sample, "github").splitlines()
    assert all(GITHUB_LINE.match(line) for line in lines), lines
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 10
    assert errors[0].startswith(f"::error file={SAMPLE},line=1,title=TQ112::")
    assert any("83 thumbnail-elided" in line for line in lines if line.startswith("::notice title=TQ112"))
    for line in R.render(mixed, "github").splitlines():
        assert GITHUB_LINE.match(line), line
    assert any(line.startswith("::warning ") for line in R.render(mixed, "github").splitlines())


def test_github_escapes_data_and_properties():
    v = Violation("TQ101", "video-id-format", "error", "50% bad\nsecond line", file="dir,x/a:b.jsonl", line=3)
    from qa import checks as C

    out = R.render(Report(1, [v], ["dir,x/a:b.jsonl"], {c.id: c for c in C.all_checks()}), "github")
    first = out.splitlines()[0]
    assert first == "::error file=dir%2Cx/a%3Ab.jsonl,line=3,title=TQ101::50%25 bad%0Asecond line"


def test_markdown_summary_without_violations():
    report = validate([SAMPLE], settings={"disable": ["TQ112"]})
    assert "No violations." in R.markdown(report)
    assert R.write_step_summary(report, path=None) in (True, False)


def test_unknown_format_is_refused(sample):
    with pytest.raises(ValueError):
        R.render(sample, "xml")
