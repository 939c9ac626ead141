"""Speed work of session 24 on a scan's wall time: start-up, the main process, the tail."""

from __future__ import annotations

import gc
from pathlib import Path

MIN = Path(__file__).parent / "data" / "rules_min"
ROOT = Path(__file__).parent.parent


def test_loading_a_compiled_glossary_runs_no_collection_and_freezes_it() -> None:
    """What the compiled glossary's unpickling made was collected twice by the first allocations
    after it, to free nothing (~0.13 s of CPU per process before its first record)."""
    from qa.detect import load_detector
    from qa.detect.parallel import load_quietly

    rules = ROOT / "rules"
    load_detector(rules)  # compiled into the (test session's) cache, if it is not there yet
    runs: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.unfreeze()
    gc.callbacks.append(count)
    try:
        det = load_quietly(rules)
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
    finally:
        gc.callbacks.remove(count)
        gc.unfreeze()
    assert runs == []
    assert frozen > 100_000  # the detector's objects are out of the collector's sight
    assert det.glossary.entries


def test_a_video_key_says_its_records_values_and_nothing_else() -> None:
    """The findings store's keys are hashed from JSON Lines polars writes (one pass, in the main
    process) instead of a JSON text per video built from Python lists: the same video has the same
    key wherever it lies and whatever else its rows hold; any value read, or None for "", another."""
    import polars as pl

    from qa.detect.reuse import runs, video_keys

    rows = {"video_id": ["a", "a", "b", "c"], "start_second": ["0", "30", "0", "0"],
            "title": ["T", "T", None, ""], "text": ["one\ntwo", "thr\u00e9e", "", "x"],
            "_line": [1, 2, 3, 4]}
    frame = pl.DataFrame(rows)
    keys = video_keys(frame, runs(frame["video_id"].to_list()), b"p")
    assert len(set(keys)) == 3
    # the same videos elsewhere, with other lines and other columns: the same keys
    moved = pl.concat([pl.DataFrame({k: v[2:] for k, v in rows.items()}),
                       pl.DataFrame({k: v[:2] for k, v in rows.items()})]).with_columns(pl.lit(9).alias("_line"))
    again = video_keys(moved, runs(moved["video_id"].to_list()), b"p")
    assert again == [keys[1], keys[2], keys[0]]
    assert video_keys(frame, [(0, 2)], b"q") != keys[:1]  # the prefix counts
    changed = [frame.with_columns(pl.Series(c, v)) for c, v in (
        ("text", ["one\ntwo", "three", "", "x"]), ("start_second", ["0", "31", "0", "0"]),
        ("title", ["T", "T", "", ""]), ("title", ["T", "T", None, None]))]
    assert [video_keys(f, [(0, 2), (2, 3), (3, 4)], b"p") != keys for f in changed] == [True] * 4
    # a missing column reads as nulls, as the stream reads it
    assert video_keys(frame.drop("title").slice(2, 1), [(0, 1)], b"p") == keys[1:2]
    assert video_keys(frame, [], b"p") == []
