"""Exports parse back with the libraries that read them; the diff replays with GNU patch."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import srt
import webvtt

from qa import records
from qa.cli import main
from qa.config import SAMPLE
from qa.export import render_text
from qa.patches import CorrectionStore, make_decision


def _corrections(tmp_path: Path) -> tuple[Path, dict]:
    """Two decisions on the sample, made directly (no detector needed)."""
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()]
    corr = tmp_path / "corrections"
    store = CorrectionStore(corr)
    wanted = {"7508": ("Alice T", "LSTM"), "9331": ("sim clears", "SimCLR")}
    for row in rows:
        if row["start_second"] in wanted:
            words, rep = wanted[row["start_second"]]
            start = row["text"].index(words)
            store.record(make_decision(action="accept", video_id=row["video_id"], start_second=row["start_second"],
                                       field_name="text", start=start, end=start + len(words),
                                       field_text=row["text"], replacement=rep, finding_id=rep, reviewer="t"))
    return corr, {r["start_second"]: r for r in rows}


def test_srt_and_vtt_parse_back_with_the_corrected_text(runner, tmp_path: Path) -> None:
    corr, rows = _corrections(tmp_path)
    for fmt in ("srt", "vtt"):
        out = tmp_path / fmt
        result = runner.invoke(main, ["export", str(SAMPLE), "--corrections", str(corr), "--format", fmt,
                                      "--output", str(out)])
        assert result.exit_code == 0, result.output
        (path,) = out.iterdir()
        assert path.name == f"BnpB3GrpsfM.{fmt}"
        if fmt == "srt":
            cues = [(s.start.total_seconds(), s.end.total_seconds(), s.content)
                    for s in srt.parse(path.read_text(encoding="utf-8"))]
        else:
            cues = [(c.start_in_seconds, c.end_in_seconds, c.text) for c in webvtt.read(str(path)).captions]
        assert len(cues) == len(rows)
        by_start = {int(s): (e, t) for s, e, t in cues}
        assert by_start[7508] == (7535, rows["7508"]["text"].replace("Alice T", "LSTM"))
        assert "or SimCLR but" in by_start[9331][1]
        assert [s for s, _, _ in cues] == sorted(s for s, _, _ in cues)


def test_diff_replays_with_patch_on_the_text_rendering(runner, tmp_path: Path) -> None:
    corr, _ = _corrections(tmp_path)
    diff = tmp_path / "fix.diff"
    result = runner.invoke(main, ["export", str(SAMPLE), "--corrections", str(corr), "--format", "diff",
                                  "--output", str(diff)])
    assert result.exit_code == 0, result.output
    text = diff.read_text(encoding="utf-8")
    assert text.startswith("--- a/sample.txt\n+++ b/sample.txt\n")
    assert text.count("\n-BnpB3GrpsfM ") == 2 and text.count("\n+BnpB3GrpsfM ") == 2
    work = tmp_path / "work"
    work.mkdir()
    original = records.load([SAMPLE]).frame
    (work / "sample.txt").write_text(render_text(original), encoding="utf-8")
    done = subprocess.run(["patch", "-p1", "-d", str(work), "-i", str(diff)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    jsonl = tmp_path / "fixed.jsonl"
    runner.invoke(main, ["export", str(SAMPLE), "--corrections", str(corr), "--format", "jsonl", "--output", str(jsonl)])
    assert (work / "sample.txt").read_text(encoding="utf-8") == render_text(records.load([jsonl]).frame)


def test_jsonl_export_matches_apply(runner, tmp_path: Path) -> None:
    corr, _ = _corrections(tmp_path)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert runner.invoke(main, ["export", str(SAMPLE), "--corrections", str(corr), "--format", "jsonl",
                                "--output", str(a)]).exit_code == 0
    assert runner.invoke(main, ["apply", str(SAMPLE), "--corrections", str(corr), "--output", str(b)]).exit_code == 0
    assert a.read_bytes() == b.read_bytes() != SAMPLE.read_bytes()


def test_apply_writes_every_record_format(runner, tmp_path: Path) -> None:
    corr, rows = _corrections(tmp_path)
    for ext in ("json", "csv", "parquet"):
        out = tmp_path / f"out.{ext}"
        assert runner.invoke(main, ["apply", str(SAMPLE), "--corrections", str(corr), "--output", str(out)]).exit_code == 0
        frame = records.load([out]).frame
        (text,) = frame.filter(frame["start_second"] == "7508")["text"].to_list()
        assert text == rows["7508"]["text"].replace("Alice T", "LSTM")


def test_render_text_keeps_one_line_per_record_whatever_the_text(tmp_path: Path) -> None:
    src = tmp_path / "s.jsonl"
    shutil.copyfile(SAMPLE, src)
    frame = records.load([src]).frame
    frame = frame.with_columns(frame["text"].str.replace("^", "two\nlines\\ "))
    assert render_text(frame).count("\n") == frame.height
