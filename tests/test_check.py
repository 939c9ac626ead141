"""`qa check`, the CI gate: validation + glossary examples + corrections apply + open findings,
with the report formats and exit codes of `qa validate`. Also: apply keeps valid data valid."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from qa.cli import main
from qa.config import SAMPLE
from qa.detect import scan_paths
from qa.patches import CorrectionStore, make_decision
from qa.validate import validate

RULES = """\
category: model
entries:
  - term: LSTM
    aliases: [LSTMs]
    variants: [Alice T]
    context:
      require: [baseline, model, modeling]
    flag:
      - {text: "they took a baseline Alice T and gave it some love for language modeling", to: LSTM}
    allow:
      - "a two layer lstm language model"
"""
BROKEN = RULES + """\
  - term: ResNet
    variants: [rest net]
    flag:
      - {text: "nothing to see here", to: ResNet}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A clean dataset (the sample with whole thumbnails), a one-entry glossary, empty corrections."""
    monkeypatch.chdir(tmp_path)
    text = SAMPLE.read_text(encoding="utf-8").replace("vi/B…axresdefault.jpg", "vi/BnpB3GrpsfM/maxresdefault.jpg")
    (tmp_path / "data.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "models.yml").write_text(RULES, encoding="utf-8")
    (tmp_path / "corrections").mkdir()
    return tmp_path


def _check(runner, *args: str):
    return runner.invoke(main, ["check", "data.jsonl", "--rules", "rules", "--corrections", "corrections", *args])


def _accept_alice(corr: Path, data: Path) -> None:
    rows = [json.loads(x) for x in data.read_text(encoding="utf-8").splitlines()]
    (row,) = [r for r in rows if r["start_second"] == "7508"]
    start = row["text"].index("Alice T")
    CorrectionStore(corr).record(make_decision(
        action="accept", video_id=row["video_id"], start_second="7508", field_name="text", start=start,
        end=start + 7, field_text=row["text"], replacement="LSTM", finding_id=None, reviewer="t"))


def test_clean_project_passes(runner, project: Path) -> None:
    result = _check(runner, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"] == {"records": 83, "errors": 0, "warnings": 0}


def test_failing_rule_example_is_tq901_with_file_and_line(runner, project: Path) -> None:
    (project / "rules" / "models.yml").write_text(BROKEN, encoding="utf-8")
    result = _check(runner, "--format", "json")
    assert result.exit_code == 1
    (v,) = json.loads(result.stdout)["violations"]
    assert v["check"] == "TQ901" and v["file"].endswith("models.yml") and v["line"] == 15


def test_conflicting_correction_is_tq902_naming_the_record(runner, project: Path) -> None:
    _accept_alice(project / "corrections", project / "data.jsonl")
    assert _check(runner).exit_code == 0  # applies cleanly
    data = project / "data.jsonl"
    data.write_text(data.read_text(encoding="utf-8").replace("Alice T", "Alan"), encoding="utf-8")
    result = _check(runner, "--format", "json")
    assert result.exit_code == 1
    (v,) = json.loads(result.stdout)["violations"]
    assert (v["check"], v["video_id"], v["start_second"], v["value"]) == ("TQ902", "BnpB3GrpsfM", "7508", "Alice T")
    assert v["file"].endswith("BnpB3GrpsfM.patch.jsonl") and v["line"] == 2


def test_max_open_counts_undecided_findings(runner, project: Path) -> None:
    result = _check(runner, "--max-open", "0", "--format", "json")
    assert result.exit_code == 1
    checks = {v["check"] for v in json.loads(result.stdout)["violations"]}
    assert checks == {"TQ903"}
    found = list(scan_paths(["data.jsonl"], rules_dir=Path("rules")))
    assert _check(runner, "--max-open", str(len(found))).exit_code == 0
    assert _check(runner, "--max-open", str(len(found) - 1)).exit_code == 1
    args = [x for f in found for x in ("--reject", f.id) if f.found != "Alice T"]
    decided = runner.invoke(main, ["decide", "data.jsonl", "--rules", "rules", "--corrections", "corrections",
                                   "--accept-all-of", "Alice T", *args])
    assert decided.exit_code == 0, decided.output
    assert _check(runner, "--max-open", "0").exit_code == 0


@pytest.mark.parametrize("fmt", ["junit", "sarif", "github", "text"])
def test_every_report_format_carries_gate_violations(runner, project: Path, fmt: str) -> None:
    (project / "rules" / "models.yml").write_text(BROKEN, encoding="utf-8")
    result = _check(runner, "--format", fmt, "--output", "report.out")
    assert result.exit_code == 1
    body = (project / "report.out").read_text(encoding="utf-8")
    if fmt == "junit":
        failed = [tc.get("name") for tc in ET.fromstring(body).iter("testcase") if tc.find("failure") is not None]
        assert any("TQ901" in (name or "") for name in failed)
    elif fmt == "sarif":
        (run,) = json.loads(body)["runs"]
        assert [r["ruleId"] for r in run["results"]] == ["TQ901"]
    else:
        assert "TQ901" in body or "rule-example-failed" in body


def test_unusable_input_exits_2(runner, project: Path) -> None:
    (project / "corrections" / "x.patch.jsonl").write_text("not a header\n")
    result = _check(runner)
    assert result.exit_code == 2 and result.stderr.startswith("qa: error: corrections/x.patch.jsonl:1:")


def test_apply_keeps_valid_data_valid(runner, project: Path) -> None:
    assert validate(["data.jsonl"], settings={}).errors == 0
    _accept_alice(project / "corrections", project / "data.jsonl")
    out = project / "out.jsonl"
    assert runner.invoke(main, ["apply", "data.jsonl", "--corrections", "corrections", "-o", str(out)]).exit_code == 0
    report = validate([out], settings={})
    assert (report.errors, report.warnings) == (0, 0)
    assert "baseline LSTM and gave" in out.read_text(encoding="utf-8")


def test_apply_adds_no_violation_to_invalid_data(runner, tmp_path: Path) -> None:
    _accept_alice(tmp_path / "corrections", SAMPLE)
    out = tmp_path / "out.jsonl"
    assert runner.invoke(main, ["apply", str(SAMPLE), "--corrections", str(tmp_path / "corrections"),
                                "-o", str(out)]).exit_code == 0
    before = {(v.check, v.start_second) for v in validate([SAMPLE], settings={}).violations}
    after = {(v.check, v.start_second) for v in validate([out], settings={}).violations}
    assert after == before and before


def test_disable_switches_a_gate_check_off(runner, project: Path) -> None:
    (project / "rules" / "models.yml").write_text(BROKEN, encoding="utf-8")
    assert _check(runner).exit_code == 1
    assert _check(runner, "--disable", "rule-example-failed").exit_code == 0
