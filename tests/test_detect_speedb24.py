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
