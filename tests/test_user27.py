"""Defects found by using qa as its users do (session 27): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.config import SAMPLE

QUIET_GATE = ["--disable", "TQ112", "--disable", "TQ901"]


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch):
    """A working directory whose pyproject.toml a test writes (the config cache cleared around it)."""
    from qa import config

    monkeypatch.chdir(tmp_path)
    config._load.cache_clear()
    yield tmp_path
    config._load.cache_clear()


# --- a gate check switched off in [tool.qa]: `qa validate` exit 2, unknown check ----------------


def test_a_gate_check_disabled_in_tool_qa_does_not_break_qa_validate(runner, project: Path) -> None:
    # `[tool.qa]` is shared by `qa check` and `qa validate`: TQ901 switched off for the gate made
    # `qa validate` exit 2 with "unknown check 'TQ901'" (only `qa check` had registered it)
    data = _data(project)
    (project / "pyproject.toml").write_text(
        '[tool.qa]\ndisable = ["TQ901", "thumbnail-elided"]\n[tool.qa.severity]\ntoo-many-open = "warning"\n',
        encoding="utf-8")
    got = runner.invoke(main, ["validate", str(data)])
    assert got.exit_code == 0, got.output
    got = runner.invoke(main, ["checks", "--format", "json"])
    rows = {r["id"]: r["severity"] for r in json.loads(got.stdout)}
    assert (rows["TQ901"], rows["TQ903"], rows["TQ112"]) == ("off", "warning", "off")
