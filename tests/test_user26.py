"""Defects found by using qa as its three kinds of users do (session 26): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli import main
from qa.config import SAMPLE

QUIET_GATE = ["--disable", "TQ112", "--disable", "TQ901"]


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


# --- `qa check --format github` with a $GITHUB_STEP_SUMMARY it cannot write: a traceback, exit 1 ------


def test_check_github_with_an_unwritable_step_summary_warns_and_keeps_its_verdict(runner, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    data = _data(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a directory: cannot be appended to
    got = runner.invoke(main, ["check", str(data), "--corrections", str(tmp_path / "none"), *QUIET_GATE,
                               "--format", "github"])
    assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    assert got.exit_code == 0, got.output
    assert "::notice title=qa check::" in got.stdout
    assert "qa: warning: cannot append to $GITHUB_STEP_SUMMARY" in got.stderr
