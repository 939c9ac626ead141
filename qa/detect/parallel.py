"""Scanning with several processes: whole videos go to workers, findings come back in input order.

Videos are independent (context never crosses a video), so a stream cut at video boundaries can be
scanned in pieces. At most two pieces per worker are in flight, so memory stays flat in the input size.
Workers are spawned, not forked: polars' thread pool does not survive a fork.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import polars as pl

from qa.findings import Finding

PIECE = 2000  # records per piece of work (cut at the next video boundary)

_worker = None  # (Detector, fields) in each worker process


def _init(rules_dir: str | None, methods, kinds, min_score: float, fields: tuple[str, ...]) -> None:
    global _worker
    from qa.detect import load_detector

    _worker = (load_detector(Path(rules_dir) if rules_dir else None, methods=methods, kinds=kinds,
                             min_score=min_score), fields)


def _scan(frame: pl.DataFrame) -> tuple[list[Finding], int]:
    det, fields = _worker
    stream = det.stream(fields)
    return [*stream.feed(frame), *stream.close()], frame.height


def pieces(frames: Iterable[pl.DataFrame], size: int = PIECE) -> Iterator[pl.DataFrame]:
    """Re-cut a stream of frames into pieces of about *size* records that end where a video ends."""
    pending: list[pl.DataFrame] = []
    rows = 0
    for frame in frames:
        pending.append(frame)
        rows += frame.height
        while rows >= size:
            whole = pl.concat(pending) if len(pending) > 1 else pending[0]
            vids = whole["video_id"]
            cut = size
            last = vids[cut - 1]
            while cut < whole.height and vids[cut] == last:
                cut += 1
            if cut >= whole.height:
                pending, rows = [whole], whole.height
                break  # the video runs on into the next frame
            yield whole.slice(0, cut)
            rest = whole.slice(cut)
            pending, rows = [rest], rest.height
    if rows:
        yield pl.concat(pending) if len(pending) > 1 else pending[0]


def scan_parallel(paths: Sequence[str | Path], *, jobs: int, rules_dir: Path | None, methods, kinds,
                  min_score: float, fields: Sequence[str],
                  progress: Callable[[int], None] | None = None) -> Iterator[Finding]:
    from qa.records import iter_batches

    jobs = jobs or os.cpu_count() or 1
    args = (str(rules_dir) if rules_dir else None, tuple(methods) if methods else None, tuple(kinds),
            min_score, tuple(fields))
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_init, initargs=args) as pool:
        inflight: deque = deque()
        for piece in pieces(iter_batches(paths)):
            inflight.append(pool.submit(_scan, piece))
            if len(inflight) >= 2 * jobs:
                yield from _collect(inflight.popleft(), progress)
        while inflight:
            yield from _collect(inflight.popleft(), progress)


def _collect(future, progress) -> list[Finding]:
    findings, n = future.result()
    if progress:
        progress(n)
    return findings
