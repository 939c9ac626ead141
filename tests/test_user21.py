"""Defects found by using qa as its users do (session 21): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli import main
from qa.config import SAMPLE


# --- the same file reached twice: every record reported as a duplicate of itself (TQ301) --------------


def test_a_file_named_twice_is_read_once(runner, tmp_path: Path) -> None:
    path = tmp_path / "talks.jsonl"
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    got = runner.invoke(main, ["validate", str(path), str(path), "--disable", "TQ112", "--format", "json"])
    assert got.exit_code == 0, got.stdout
    report = json.loads(got.stdout)
    assert report["summary"]["records"] == 83
    assert not [v for v in report["violations"] if v["check"] == "TQ301"]


def test_a_file_named_and_under_a_directory_named_is_read_once(runner, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "data" / "talks.jsonl"
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    got = runner.invoke(main, ["validate", str(tmp_path / "data"), str(tmp_path / "data" / ".." / "data" / "talks.jsonl"),
                               "--disable", "TQ112", "--format", "json"])
    assert got.exit_code == 0, got.stdout
    assert json.loads(got.stdout)["summary"]["records"] == 83


def test_a_file_named_twice_is_scanned_once(runner, tmp_path: Path) -> None:
    path = tmp_path / "talks.jsonl"
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    once = runner.invoke(main, ["scan", str(path), "--no-cache"])
    twice = runner.invoke(main, ["scan", str(path), str(path), "--no-cache"])
    assert once.exit_code == twice.exit_code == 0
    assert once.stdout.count("\n") > 10
    assert twice.stdout == once.stdout


# --- `qa check`'s reports called themselves "qa validate" (a JUnit suite of that name in CI) -----------


def test_a_gate_report_names_qa_check_and_a_validation_report_qa_validate(runner, tmp_path: Path, monkeypatch) -> None:
    import xml.etree.ElementTree as ET

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    gate = ["check", str(data), "--corrections", str(tmp_path / "none"), "--disable", "TQ112", "--disable", "TQ901"]
    check_junit = runner.invoke(main, [*gate, "--format", "junit"])
    validate_junit = runner.invoke(main, ["validate", str(data), "--disable", "TQ112", "--format", "junit"])
    assert ET.fromstring(check_junit.stdout).find("testsuite").get("name") == "qa check"
    assert ET.fromstring(validate_junit.stdout).find("testsuite").get("name") == "qa validate"
    check_sarif = json.loads(runner.invoke(main, [*gate, "--format", "sarif"]).stdout)
    assert check_sarif["runs"][0]["tool"]["driver"]["fullName"] == "transcript-qa check"
    github = runner.invoke(main, [*gate, "--format", "github"]).stdout
    assert "::notice title=qa check::" in github and "title=qa validate" not in github
