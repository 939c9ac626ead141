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
    gate = ["check", str(data), "--corrections", str(tmp_path), "--disable", "TQ112", "--disable", "TQ901"]
    check_junit = runner.invoke(main, [*gate, "--format", "junit"])
    validate_junit = runner.invoke(main, ["validate", str(data), "--disable", "TQ112", "--format", "junit"])
    assert ET.fromstring(check_junit.stdout).find("testsuite").get("name") == "qa check"
    assert ET.fromstring(validate_junit.stdout).find("testsuite").get("name") == "qa validate"
    check_sarif = json.loads(runner.invoke(main, [*gate, "--format", "sarif"]).stdout)
    assert check_sarif["runs"][0]["tool"]["driver"]["fullName"] == "transcript-qa check"
    github = runner.invoke(main, [*gate, "--format", "github"]).stdout
    assert "::notice title=qa check::" in github and "title=qa validate" not in github


# --- subtitles: two fsyncs per file (the file's and its directory's) were most of a 2,500-video export --


def test_a_subtitle_export_syncs_each_file_and_its_directory_once(runner, tmp_path: Path, monkeypatch) -> None:
    import os

    import srt

    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    for k, row in enumerate(rows):  # the sample is one video: make it five
        row["video_id"] = f"vid{k % 5:08d}"
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    synced: list[bool] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.path.isdir(f"/proc/self/fd/{fd}")), real(fd))[1])
    out = tmp_path / "subs"
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", "srt",
                               "--output", str(out)])
    assert got.exit_code == 0, got.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"vid{k:08d}.srt" for k in range(5)]
    assert sum(len(list(srt.parse(f.read_text(encoding="utf-8")))) for f in files) == len(rows)
    assert synced.count(False) == 5  # each file's data
    assert synced.count(True) == 1  # the directory, once, after all renames (was once per file)
    assert not [f for f in out.iterdir() if f.name.startswith(".")]  # no temporary file left


def test_an_export_of_many_videos_says_how_many_files_in_one_line(runner, tmp_path: Path) -> None:
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    for k, row in enumerate(rows):  # 83 records, each its own video
        row["video_id"] = f"vid{k:08d}"
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "subs"
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", "vtt",
                               "--output", str(out)])
    assert got.exit_code == 0, got.output
    assert got.stdout == f"wrote 83 .vtt files in {out}\n"  # (was 83 lines, one per file)
    assert len(list(out.glob("*.vtt"))) == 83


# --- qa check read the dataset twice (validation, then again for the corrections) ---------------------


def test_the_gate_reads_the_dataset_once(runner, tmp_path: Path, monkeypatch) -> None:
    from qa import records, validate

    data = tmp_path / "talks.jsonl"
    data.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    loads: list = []
    real = records.load
    counting = lambda *a, **k: (loads.append(a), real(*a, **k))[1]  # noqa: E731
    monkeypatch.setattr(records, "load", counting)
    monkeypatch.setattr(validate, "load", counting)
    got = runner.invoke(main, ["check", str(data), "--corrections", str(tmp_path),
                               "--disable", "TQ112", "--disable", "TQ901", "--format", "json"])
    assert got.exit_code == 0, got.output
    assert len(loads) == 1


# --- `qa rules suggest` with a rules directory outside the working directory: headers 'a//abs/path' ----


def test_a_suggested_diff_of_rules_outside_the_working_directory_has_relative_headers(runner, tmp_path: Path,
                                                                                     monkeypatch) -> None:
    from test_learn import _setup

    rules, corr = _setup(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    got = runner.invoke(main, ["rules", "suggest", "--rules", str(rules), "--corrections", str(corr)])
    assert got.exit_code == 0, got.output
    assert got.stdout.startswith("--- a/rules/models.yml\n+++ b/rules/models.yml\n")  # (was 'a//tmp/.../models.yml')


# --- a superscript digit ('²': str.isdigit() yes, int() no) crashed the words said for a token ------------


def test_a_token_of_unicode_digits_is_said_as_its_number() -> None:
    from qa.phonetics import spoken_words

    assert spoken_words("\u00b2") == ("two",)  # (was ValueError: invalid literal for int(): '²')
    assert spoken_words("\u2460\u0662") == ("twelve",)  # circled one, Arabic-Indic two
