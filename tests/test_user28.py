"""Defects found by using qa as its users do (session 28): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.config import SAMPLE


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


def _accept_first(runner, data: Path, corrections: Path) -> dict:
    """Accept the first finding of *data* with `qa decide`; returns the finding."""
    scanned = runner.invoke(main, ["scan", str(data), "--no-cache"])
    assert scanned.exit_code == 0, scanned.output
    finding = json.loads(scanned.stdout.splitlines()[0])
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corrections), "--accept", finding["id"]])
    assert got.exit_code == 0, got.output
    return finding


# --- `qa apply -o -` and `qa export -o -`: a file or a directory named '-' -------------------------


def test_apply_to_dash_writes_the_corrected_records_to_stdout(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    finding = _accept_first(runner, data, corrections)
    got = runner.invoke(main, ["apply", str(data), "--corrections", str(corrections), "-o", "-"])
    assert got.exit_code == 0, (got.output, got.exception)
    assert not (tmp_path / "-").exists()
    rows = [json.loads(line) for line in got.stdout.splitlines()]  # every stdout line is a record
    assert len(rows) == len(data.read_text(encoding="utf-8").splitlines())
    fixed = next(r for r in rows if r["start_second"] == finding["start_second"])
    assert finding["suggestion"] in fixed["text"]
    assert "1 applied" in got.stderr and "wrote stdout" in got.stderr


@pytest.mark.parametrize("fmt", ["diff", "jsonl"])
def test_export_to_dash_writes_stdout(runner, tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    finding = _accept_first(runner, data, corrections)
    got = runner.invoke(main, ["export", str(data), "--corrections", str(corrections), "--format", fmt, "-o", "-"])
    assert got.exit_code == 0, (got.output, got.exception)
    assert not (tmp_path / "-").exists()
    if fmt == "diff":
        assert got.stdout.startswith("--- a/talks.txt\n+++ b/talks.txt\n")
        assert any(line.startswith("+") and finding["suggestion"] in line for line in got.stdout.splitlines())
    else:
        rows = [json.loads(line) for line in got.stdout.splitlines()]
        assert any(finding["suggestion"] in r["text"] for r in rows if r["start_second"] == finding["start_second"])
    assert not any(line.startswith("wrote ") for line in got.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitles_to_dash_are_refused(runner, tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    data = _data(tmp_path)
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", fmt, "-o", "-"])
    assert got.exit_code == 2
    assert "one file per video" in got.stderr and "not -" in got.stderr
    assert not (tmp_path / "-").exists()


# --- `qa fix --safe` with nothing to fix said it recorded in a directory it had not made ----------


@pytest.mark.parametrize("dry_run", [False, True])
def test_fix_safe_with_nothing_safe_says_nothing_was_recorded(runner, tmp_path: Path, monkeypatch, dry_run) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(json.dumps({
        "video_id": "abcdefghijk", "title": "A talk", "text": "we trained a small model on the data",
        "start_timestamp": "00:00:00", "end_timestamp": "00:00:05", "start_second": "0", "end_second": "5",
        "url": "https://www.youtube.com/watch?v=abcdefghijk&t=0s", "thumbnail": "https://i.ytimg.com/vi/x/a.jpg",
    }) + "\n", encoding="utf-8")
    got = runner.invoke(main, ["fix", "--safe", str(data), "--corrections", "corr"] + (["--dry-run"] if dry_run else []))
    assert got.exit_code == 0, got.output
    assert not (tmp_path / "corr").exists()
    assert "recorded in" not in got.stdout
    assert "nothing " + ("would be " if dry_run else "") + "recorded" in got.stdout
