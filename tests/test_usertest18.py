"""Defects found by using qa as its users do (session 18): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import srt
import webvtt

from qa.cli import main
from qa.config import SAMPLE


def _rows(n: int = 3) -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:n]]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --- a JSON array saved as .jsonl: validate read it, scan and review did not -----------------------


def test_scan_reads_a_json_array_named_jsonl_as_validate_does(runner, tmp_path: Path) -> None:
    rows = _rows(83)
    lines, array = tmp_path / "lines.jsonl", tmp_path / "array.jsonl"
    lines.write_text(_jsonl(rows), encoding="utf-8")
    array.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(main, ["validate", str(array)]).exit_code == 1  # (read: TQ112 thumbnails)
    want = runner.invoke(main, ["scan", str(lines), "--jobs", "1", "--no-cache"])
    got = runner.invoke(main, ["scan", str(array), "--jobs", "1", "--no-cache"])
    assert got.exit_code == 0, got.output
    strip = lambda out: [{k: v for k, v in json.loads(x).items() if k != "file"} for x in out.splitlines()]
    assert strip(got.stdout) and strip(got.stdout) == strip(want.stdout)


def test_review_source_reads_a_json_array_named_jsonl(tmp_path: Path) -> None:
    from qa.records import iter_batches

    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps(_rows(5)), encoding="utf-8")
    frames = list(iter_batches([array], need=("text",)))
    assert sum(f.height for f in frames) == 5
    assert frames[0]["_line"].to_list() == [1, 2, 3, 4, 5]


# --- an output that cannot be written: one line and exit 2, not a traceback ------------------------


def test_unwritable_output_is_a_clear_error_for_every_writer(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # (no corrections/ here)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_rows(3)), encoding="utf-8")
    blocker = tmp_path / "a-file"  # a file where a directory is needed: fails for root too
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ["scan", str(data), "--output", str(blocker / "out.jsonl")],
        ["apply", str(data), "--output", str(blocker / "out.jsonl")],
        ["export", str(data), "--format", "srt", "--output", str(blocker / "subs")],
        ["export", str(data), "--format", "diff", "--output", str(blocker / "x.diff")],
        ["export", str(data), "--format", "jsonl", "--output", str(blocker / "x.jsonl")],
        ["decide", str(data), "--edit", f"{_rows(1)[0]['video_id']}:{_rows(1)[0]['start_second']}:analyzed systems=NLI",
         "--corrections", str(blocker / "corrections")],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert not isinstance(result.exception, OSError), args
        assert "qa: error: " in result.stderr and str(blocker) in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
