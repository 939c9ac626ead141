"""Defects found by using qa as its users do, on the CI-gate and export side (session 20): each test
failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli import main
from qa.config import SAMPLE

CORRECTIONS = Path(__file__).resolve().parents[1] / "corrections"


def _rows(n: int = 3) -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:n]]


# --- a pretty-printed JSON array: reports named the record's position as its line -------------------


def test_a_json_arrays_violations_point_at_the_line_the_record_begins_on(runner, tmp_path: Path) -> None:
    rows = _rows(6)
    rows[3]["video_id"] = "BAD!"
    path = tmp_path / "talks.json"
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    begins = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == "  {"]
    got = runner.invoke(main, ["validate", str(path), "--disable", "TQ112", "--format", "github"])
    assert got.exit_code == 1
    lines = {x.split("title=")[1].split("::")[0]: x for x in got.stdout.splitlines() if x.startswith("::error")}
    assert f"line={begins[3]}," in lines["TQ101"]  # (was line=4: the record's position in the array)


def test_a_json_array_with_its_records_on_their_own_lines_is_still_corrected(runner, tmp_path: Path) -> None:
    rows = _rows(83)
    pretty, plain = tmp_path / "talks.json", tmp_path / "talks.jsonl"
    pretty.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    plain.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for src in (pretty, plain):
        got = runner.invoke(main, ["apply", str(src), "--corrections", str(CORRECTIONS),
                                   "--output", str(tmp_path / f"out-{src.suffix[1:]}.jsonl")])
        assert got.exit_code == 0, got.output
    read = lambda p: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
    out = read(tmp_path / "out-json.jsonl")
    assert out == read(tmp_path / "out-jsonl.jsonl")
    assert out != rows  # (decisions applied)
