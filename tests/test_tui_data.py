"""Fixed findings for the review-app tests: the hand-checked mistakes of the L11 lecture sample.

Built from tests/data (records + gold mistakes) rather than from the detector, so the app tests
pin down the app's behaviour whatever the glossary finds this week.
"""

from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path

from qa.findings import Finding
from qa.tui.source import FixedSource

DATA = Path(__file__).parent / "data"


def sync(fn):
    """Run an async pilot test with asyncio.run (no pytest async plugin needed)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def records() -> list[dict]:
    with open(DATA / "lecture-l11.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def findings(first_records: int = 6, extra: tuple[str, ...] = ("oblations", "weekly supervised")) -> list[Finding]:
    """Gold mistakes in the first *first_records* records, plus every occurrence of the *extra* ones."""
    recs = records()
    keep = {r["start_second"] for r in recs[:first_records]}
    text = {(r["video_id"], r["start_second"]): r["text"] for r in recs}
    out: list[Finding] = []
    with open(DATA / "lecture-l11.gold.jsonl", encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    for g in gold:
        if g["start_second"] not in keep and g["wrong"] not in extra:
            continue
        t = text[(g["video_id"], g["start_second"])]
        start = t.index(g["wrong"])
        end = start + len(g["wrong"])
        out.append(Finding(
            video_id=g["video_id"], start_second=g["start_second"], field="text", start=start, end=end,
            found=g["wrong"], suggestion=g["right"], term=g["right"], category=g["category"], kind="asr-error",
            method="variant", score=0.9, context=t[max(0, start - 30):end + 30],
            reason="glossary variant; context word nearby", file="tests/data/lecture-l11.jsonl",
            line=1 + [r["start_second"] for r in recs].index(g["start_second"]),
        ))
    out.sort(key=lambda f: (float(f.start_second), f.start))
    return out


def source(**kwargs) -> FixedSource:
    return FixedSource(findings(**kwargs), records())


def test_fixture_findings_sit_at_their_spans():
    recs = {(r["video_id"], r["start_second"]): r for r in records()}
    fs = findings()
    assert len(fs) > 10
    for f in fs:
        assert recs[(f.video_id, f.start_second)]["text"][f.start:f.end] == f.found
    pairs = [(f.found, f.suggestion) for f in fs]
    assert pairs.count(("oblations", "ablations")) == 2
