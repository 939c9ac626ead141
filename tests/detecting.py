"""Helpers of the detection tests: a small glossary of a test's own (tests/test_detect_qual*.py), records of
texts, and the findings of a lecture under bench/lectures (the glossary tests)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl

from qa import detect
from qa.detect import Detector
from qa.glossary import load_glossary
from qa.records import COLUMNS

LECTURES = Path(__file__).parent.parent / "bench" / "lectures"


def detector_of(tmp_path_factory, file_name: str, rules: str) -> Detector:
    """A detector without known variants (fuzzy and phonetic only) of the glossary file *rules*."""
    d = tmp_path_factory.mktemp("rules")
    (d / file_name).write_text(rules)
    return Detector(load_glossary(d), methods=("fuzzy", "phonetic"))


def frame(texts: list[str]) -> pl.DataFrame:
    """Records of *texts*, one video each, for a batch scan (`Detector.scan_frame`)."""
    rows = [{c: "" for c in COLUMNS} | {"video_id": f"v{k}", "start_second": "0", "text": t}
            for k, t in enumerate(texts)]
    return pl.DataFrame(rows).with_columns(_file=pl.lit("x.jsonl"), _line=pl.lit(1))


def asr_errors(det: Detector, text: str) -> list[tuple[str, str]]:
    """The asr-errors (heard words, term) of *text*."""
    return [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"]


def found_alike(det: Detector, text: str) -> list[tuple[str, str]]:
    """The asr-errors (heard words, term) of *text*, the same by the per-text and the batch scan."""
    one = [(f.found, f.term) for f in det.scan_text(text) if f.kind == "asr-error"]
    batch = [(f.found, f.term) for f in det.scan_frame(frame([text, "nothing here at all"]))
             if f.kind == "asr-error"]
    assert one == batch
    return one


def choose_calls(scan: Callable[[], object]) -> list[tuple]:
    """Every `choose_video` call made while *scan* runs, as (arguments, findings returned)."""
    calls = []
    real = detect.choose_video

    def spy(*args):
        out = real(*args)
        calls.append((args, out))
        return out

    detect.choose_video = spy
    try:
        scan()
    finally:
        detect.choose_video = real
    return calls


def lecture_errors(det: Detector, name: str) -> set[tuple[str, str]]:
    """The asr-errors (heard words lowercased, term) of the lecture bench/lectures/*name*, one batch scan."""
    rows = [json.loads(line) for line in (LECTURES / name / "lecture.jsonl").open()]
    frame_ = pl.DataFrame([{c: str(r.get(c, "") or "") for c in COLUMNS} for r in rows]).with_columns(
        _file=pl.lit("x.jsonl"), _line=pl.lit(1))
    return {(f.found.lower(), f.term) for f in det.scan_frame(frame_) if f.kind == "asr-error"}
