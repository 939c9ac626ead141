"""Scanning with several processes: whole videos go to workers, findings come back in input order.

Videos are independent (context never crosses a video), so a stream cut at video boundaries can be
scanned in pieces. At most two pieces per worker are in flight, so memory stays flat in the input size.
Workers are spawned, not forked: polars' thread pool does not survive a fork.

The main process reads records, cuts them into pieces and writes what the workers send back; it
builds no detector, but to scan the few videos a findings store (qa.detect.reuse) does not hold,
when starting workers would cost more (see `scan_parallel`). Workers render their findings
themselves (`render="jsonl"` or `"json"`), so the main process gets one string per piece instead
of Finding objects to unpickle and format; `render=None` sends Finding objects (for reports that
need them whole).
"""

from __future__ import annotations

import gc
import json
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from qa.errors import InputError, QAError
from qa.findings import Finding

if TYPE_CHECKING:
    import polars as pl

PIECE = 2000  # records per piece of work (cut at the next video boundary). Each piece costs its worker
# a fixed ~0.1 s of batch set-up, but 5000 used ~150 MB more per worker for no measurable CPU gain.
LEAST = 500  # records in the smallest of the last pieces (which shrink: see `pieces`)
INFLIGHT = 2  # pieces per worker submitted and not yet collected: one being scanned, one queued
AUTO_BYTES = 8_000_000  # `jobs="auto"` scans inputs smaller than this in-process (see auto_jobs)
LOCAL = 2 * PIECE  # records of videos not stored that the main process scans itself before it starts workers
# (when the store has findings of this detector): starting two workers costs ~1-2 s of CPU, this
# process scans ~2000 records a second once its detector is loaded (~0.2 s)
READ = 5000  # records the main process reads at a time: it only cuts and sends them, and reading the
# default 20k at a time held ~100 MB more at its peak (bench/out/corpus-200000: 259 vs 156 MB RSS)

_worker = None  # (Detector, fields, render) in each worker process, or the QAError loading it raised
_libc = False  # glibc's functions (ctypes), None where there are none; False: not looked up yet
TRIM_EVERY = 8  # pieces a process scans or collects between two `release_memory` calls
_pieces = 0  # pieces this process has scanned (a worker) or collected (the main process)


def quiet_gc() -> None:
    """The glossary index and the n-gram memo are long-lived and large; the cyclic collector would
    rescan them over and over while scanning allocates. Freeze what exists, collect less often.
    (No collection first: it would walk the whole detector, ~0.06 s, to free a few kB of import garbage.)"""
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def load_quietly(rules_dir: Path | None, *, methods=None, kinds=("asr-error",), min_score: float = 0.5):
    """`load_detector`, with the cyclic collector off until what it loaded is frozen (`quiet_gc`).

    The compiled glossary is unpickled with the collector off (qa.detect.cache), but every object
    it made is then in the youngest generation: the first allocations after it (the rest of the
    load) collected all of them once, and again when they reached the next generation, to free
    nothing (~0.13 s of CPU of ~0.55 per load, measured in one process; every worker pays it
    before its first record). Building the glossary instead (a cache miss) leaves ~5 objects of
    cyclic garbage, frozen with the rest: nothing worth a collection."""
    from qa.detect import load_detector

    enabled = gc.isenabled()
    gc.disable()
    try:
        det = load_detector(rules_dir, methods=methods, kinds=kinds, min_score=min_score)
        quiet_gc()
    finally:
        if enabled:
            gc.enable()
    return det


MMAP_THRESHOLD = 1 << 20  # glibc: blocks this big or bigger are mapped on their own (see `steady_malloc`)
TRIM_THRESHOLD = 64 << 20  # glibc: free memory kept at the heap's top between two `release_memory` calls


def _glibc():
    """glibc's functions (ctypes), or None where the C library is not glibc or ctypes is missing."""
    global _libc
    if _libc is False:
        _libc = None
        try:
            import ctypes

            lib = ctypes.CDLL(None)
            lib.gnu_get_libc_version  # (glibc's alone: musl has no such function)
            lib.malloc_trim.argtypes = [ctypes.c_size_t]
            lib.malloc_trim.restype = ctypes.c_int
            lib.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
            lib.mallopt.restype = ctypes.c_int
            _libc = lib
        except Exception:  # no ctypes, no C library to load, not glibc
            pass
    return _libc


def steady_malloc() -> bool:
    """Fix glibc's mmap threshold at MMAP_THRESHOLD, and its trim threshold at TRIM_THRESHOLD, for
    the rest of this process (`mallopt`); False, and nothing done, without glibc. A user's
    MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ is left alone.

    By default glibc raises its mmap threshold each time a mapped block is freed, up to 32 MB: a
    scan frees blocks of MBs every piece (pickled pieces and findings, the memos' dict tables as
    they flip), so after a while those come from the heap, between long-lived small blocks, and
    the heap keeps what they leave. Measured on 1M records (bench/memory, three runs side by side):
    the summed memory 600-723 MB by tenth against 637-778 without, the main process's highest RSS
    138 MB against 176, the workers ~11 MB lower each. The price is page faults: every big block
    is mapped afresh (50k records, two workers: ~20-35% more minor faults, ~0.3-0.5 s more system
    time of ~30 s CPU; user time was within the machine's noise). The trim threshold (which a fixed
    mmap threshold would leave at 128 kB) is raised so that the heap's top is not given back and
    faulted in again between two `release_memory` calls."""
    lib = _glibc()
    if lib is None:
        return False
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        lib.mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        lib.mallopt(-1, TRIM_THRESHOLD)  # M_TRIM_THRESHOLD
    return True


def release_memory() -> bool:
    """Give the pages glibc's malloc holds free back to the system (`malloc_trim(0)`); False, and
    nothing done, where the C library is not glibc (musl, macOS, Windows) or ctypes is missing.

    Called every TRIM_EVERY pieces (`_after_piece`), by the workers and by the main process. The main
    process's threads (the pool's, which pickle the pieces sent and unpickle the findings received,
    MBs each) allocate in arenas of their own, and glibc gave back none of what they freed: on 1M
    records its anonymous memory rose from 50 to ~120 MB over the run (one arena 62 MB resident);
    trimmed, it stayed at ~80 MB (200k records). Not after each piece: the next pieces reuse what
    was freed, and each page a trim gave back is faulted in again (in a worker ~3,500 faults, ~12 ms,
    ~1% of a piece's CPU, for no page less while it scans); what fragmentation leaves unused for
    good is given back all the same, so a long run does not creep up. A trim costs ~2 ms."""
    lib = _glibc()
    if lib is None:
        return False
    lib.malloc_trim(0)
    return True


def cpus() -> int:
    """CPUs this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def auto_jobs(paths: Sequence[Path], *, threshold: int = AUTO_BYTES) -> int:
    """Processes worth starting for *paths*: one per CPU, or 1 when the input is small.

    Workers cost CPU the one process does not spend: each imports and loads its own detector
    (~0.5 s with the compiled cache) and warms its own n-gram memo (on 50k records two workers
    resolve ~40% more distinct n-grams than one process: +15-30% CPU in all). Below ~10k records
    (8 MB) the time saved is too small to be worth that."""
    size = 0
    for p in paths:
        try:
            size += p.stat().st_size
        except OSError:
            pass  # the reader names the file that cannot be read
    return cpus() if size >= threshold else 1


def _init(rules_dir: str | None, methods, kinds, min_score: float, fields: tuple[str, ...],
          render: str | None) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the main process stops the pool, workers stay quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    _exit_without_teardown()
    steady_malloc()
    try:
        det = load_quietly(Path(rules_dir) if rules_dir else None, methods=methods, kinds=kinds,
                           min_score=min_score)
        det.stream(fields)  # checks the field names
    except QAError as exc:
        # an initializer that raises breaks the pool (a traceback in the main process); the error
        # is raised again by the first piece instead, and reaches the CLI as one clean line
        _worker = exc
        return
    _worker = (det, fields, render)


def _exit_with_parent() -> None:
    """A main process that is killed (SIGTERM, SIGKILL) cannot stop its pool, and idle workers
    would wait for work forever: a thread in each worker ends it when the main process is gone."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="qa-exit-with-parent", daemon=True).start()


def _exit_without_teardown() -> None:
    """A worker told to stop has sent all it scanned (the pool's queue is flushed before the exit
    handlers run): it ends at once, as the main process waits for it, instead of freeing its
    detector and memos object by object as the interpreter shuts down (~0.2-0.3 s of CPU per
    worker, after the last piece: the whole machine waits for it)."""
    import atexit
    import multiprocessing
    import sys

    if multiprocessing.parent_process() is None:
        return  # (not a spawned worker: `_init` called in the main process, as a test may)

    def leave() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - closed or gone: nothing to keep
                pass
        os._exit(0)

    atexit.register(leave)


def _warm() -> None:
    """Submitted once per worker at start, so every worker is spawned (and loading) at once; its
    result also carries a rules error when there was no record to scan."""
    if isinstance(_worker, QAError):
        raise _worker


def _scan(frame: pl.DataFrame, spans: list[tuple[int, int]] | None = None, fingerprint: str | None = None):
    """The findings of *frame* (whole videos), rendered; with *spans*, see `scan_videos`."""
    if isinstance(_worker, QAError):
        raise _worker
    det, fields, render = _worker
    if spans is None:
        stream = det.stream(fields)
        out = _render([*stream.feed(frame), *stream.close()], render), frame.height
    else:
        out = scan_videos(det, fields, render, frame, spans, fingerprint)
    _after_piece()
    return out


def _after_piece() -> None:
    global _pieces
    _pieces += 1
    if _pieces % TRIM_EVERY == 0:
        release_memory()


def scan_videos(det, fields: Sequence[str], render: str | None, frame: pl.DataFrame, spans: list[tuple[int, int]],
                fingerprint: str | None) -> tuple[list, list, int]:
    """The videos *spans* of *frame* scanned (for the findings store, qa.detect.reuse): one rendering
    per video, the findings of each as they are to be stored (None for those that cannot be: all
    of them when *det* is not the detector the store is keyed by, *fingerprint*, as when the rules
    changed after the main process read them), and the records scanned."""
    from qa.detect import compiled, reuse

    where = reuse.where_of(frame)  # (never None: the main process sends only frames it can store)
    per = reuse.scan_runs(det.stream(fields), frame, spans, where, slice_=frame.height or 1, small=0)
    same = compiled.key_of(det) == fingerprint
    return ([_render(fs, render) for fs in per],
            [reuse.encode(fs, where, a) if same else None for fs, (a, _) in zip(per, spans)], frame.height)


def _render(found: list[Finding], render: str | None):
    if render == "jsonl":
        return "".join([f.to_json() + "\n" for f in found])
    if render == "json":
        return json_items(found)
    return found


def json_items(findings: Iterable[Finding]) -> str:
    """The items of `json.dumps([f.to_dict() ...], ensure_ascii=False, indent=1)`, without the
    brackets: each item indented one level, items joined by ",\\n" (see `json_array`)."""
    return ",\n".join([" " + json.dumps(f.to_dict(), ensure_ascii=False, indent=1).replace("\n", "\n ")
                       for f in findings])


def json_array(parts: Iterable[str]) -> Iterator[str]:
    """Join pieces of `json_items` into the text json.dumps(..., indent=1) gives for the whole list.

    (JSON strings escape their newlines, so every newline in an item is layout and gets the indent.)"""
    first = True
    for part in parts:
        if part:
            yield ("[\n" if first else ",\n") + part
            first = False
    yield "[]" if first else "\n]"


def pieces(frames: Iterable[pl.DataFrame], size: int = PIECE, *, workers: int = 0,
           least: int = LEAST) -> Iterator[pl.DataFrame]:
    """Re-cut a stream of frames into pieces of about *size* records that end where a video ends.

    With *workers*, the stream is read a little ahead (at most 2 * workers * size records, and one
    frame more) so that its end is seen coming: the last pieces shrink to a 2 * workers-th of what
    is left (at least *least* records), and the workers finish together instead of one of them
    scanning a whole piece alone at the end."""
    import polars as pl

    it = iter(frames)
    pending: list[pl.DataFrame] = []
    rows, more = 0, True
    ahead = max(size, 2 * workers * size)
    need = ahead
    while True:
        while more and rows < need:
            frame = next(it, None)
            if frame is None:
                more = False
            elif frame.height:
                pending.append(frame)
                rows += frame.height
        if not rows:
            return
        whole = pl.concat(pending) if len(pending) > 1 else pending[0]
        pending = [whole]
        cut = size if more or not workers else max(least, min(size, rows // (2 * workers)))
        if not more and workers and rows - cut < least:
            cut = rows  # (a last piece smaller than the least goes with the one before)
        if cut < rows:
            vids = whole["video_id"]
            last = vids[cut - 1]
            while cut < rows and vids[cut] == last:
                cut += 1
        if cut >= rows:
            if more:
                need = rows + 1  # the video runs on into the next frame
                continue
            yield whole
            return
        yield whole.slice(0, cut)
        rest = whole.slice(cut)
        pending, rows, need = [rest], rest.height, ahead


def worker_env(jobs: int) -> dict[str, str]:
    """Environment for *jobs* workers: they share the CPUs' polars threads (one each when they fill
    the machine), as more threads than cores only take turns (and spin) on them. A value the user
    set is left alone."""
    if "POLARS_MAX_THREADS" in os.environ:
        return {}
    return {"POLARS_MAX_THREADS": str(max(1, cpus() // jobs))}


@contextmanager
def _env(**values: str):
    """Set environment variables while workers are spawned (a spawned child copies os.environ)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def _sigint_ignored():
    """Ctrl+C ignored while workers are spawned: a spawned child inherits the ignoring (Python sets
    its KeyboardInterrupt handler only where SIGINT is at its default), so an interrupt reaches the
    main process alone, which stops the pool, and not each worker, which printed a traceback each
    (from wherever it was: importing, waiting, scanning) before the main process's one-line message."""
    try:
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (the review app's loader): nothing to restore, nothing changed
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def scan_parallel(paths: Sequence[str | Path], *, jobs: int, rules_dir: Path | None, methods, kinds,
                  min_score: float, fields: Sequence[str], progress: Callable[[int], None] | None = None,
                  render: str | None = None, piece: int | None = None, skipped: Callable | None = None,
                  reuse: bool = True, stats=None) -> Iterator:
    """Findings of *paths* scanned in *jobs* processes (0: one per CPU), in input order: Finding
    objects, or with *render* "jsonl"/"json" one string per piece (see `json_items`).

    With *reuse* this process looks each video up in the findings store (qa.detect.reuse) and sends
    workers only those it does not hold, storing what they send back. The workers are started at
    once when the store holds nothing of this detector; else this process scans the first videos
    not stored itself, up to LOCAL records, and starts workers only for more: a scan of unchanged
    data starts none, and one of a few edited videos none either (starting them costs more CPU
    than scanning a few hundred records). *stats*: a `qa.detect.reuse.Stats`."""
    import polars as pl

    from qa.records import iter_batches

    jobs = jobs or cpus()
    steady_malloc()  # (the pool's threads pickle and unpickle MBs per piece here)
    args = (str(rules_dir) if rules_dir else None, tuple(methods) if methods else None, tuple(kinds),
            min_score, tuple(fields), render)
    store = _store(rules_dir, methods, kinds, min_score, fields) if reuse else None
    # The parent's polars pool is made now, before the variable is set: it is created at first use,
    # so the variable changes only what the children start with.
    pl.thread_pool_size()
    pool: ProcessPoolExecutor | None = None
    warm: list = []

    def start() -> ProcessPoolExecutor:
        nonlocal pool, warm
        pool = ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_init, initargs=args)
        with _env(**worker_env(jobs)), _sigint_ignored():
            # spawned now, all of them, while this process reads the first records
            warm = [pool.submit(_warm) for _ in range(jobs)]
        if stats is not None:
            stats.workers = True
        return pool

    try:
        local = 0  # records this process may still scan itself (see above)
        if store is None or not store.scanned_before():
            start()
        else:
            local = LOCAL
        det = None
        inflight: deque = deque()  # per piece: (its future, result or None, its reuse.Piece or None, records)
        running = 0  # futures in inflight
        for part in pieces(iter_batches(paths, batch_size=READ, skipped=skipped, need=fields), piece or PIECE, workers=jobs):
            looked = _look_up(store, part, stats) if store is not None else None
            future = done = None
            if looked is None:
                future = (pool or start()).submit(_scan, part)
            elif looked.miss:
                frame, spans = looked.missed(), looked.missed_spans()
                if pool is None and frame.height <= local:
                    local -= frame.height
                    if det is None:
                        det = load_quietly(rules_dir, methods=methods, kinds=kinds, min_score=min_score)
                    done = scan_videos(det, fields, render, frame, spans, store.fingerprint)
                else:
                    future = (pool or start()).submit(_scan, frame, spans, store.fingerprint)
            inflight.append((future, done, looked, part.height))
            running += future is not None
            # in order: a piece done here waits for the scanned ones before it (a few: flat memory)
            while inflight and (inflight[0][0] is None or running >= INFLIGHT * jobs
                                or len(inflight) > 4 * INFLIGHT * jobs):
                running -= inflight[0][0] is not None
                yield from _collect(*inflight.popleft(), progress, render, store)
        while inflight:
            yield from _collect(*inflight.popleft(), progress, render, store)
        for f in warm:
            f.result()
    except BrokenProcessPool:
        raise QAError("a scanning process ended unexpectedly (out of memory?); "
                      "--jobs 1 scans in this process only") from None
    except KeyboardInterrupt:
        # the workers ignore Ctrl+C (see _sigint_ignored); the pieces they are scanning are of no use now
        queue = getattr(pool, "_call_queue", None)
        if queue is not None:
            # (what is queued for them is dropped too: a feeder thread blocked on the pipe of a worker
            # ended here held the pool's shutdown for ever on CPython 3.11.2, Debian 12's; gh-94777)
            queue.cancel_join_thread()
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        raise
    except InputError:
        # unusable input (say, an empty file) met while the workers load the glossary: an error of
        # the glossary is told first, as a scan in one process does (it loads the glossary first)
        for f in warm:
            if not f.cancelled() and isinstance(f.exception(), QAError):
                raise f.exception() from None
        raise
    finally:
        # on an error (or a reader that stopped early) the queued pieces are dropped, not scanned
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if store is not None:
            store.close()


def _store(rules_dir, methods, kinds, min_score: float, fields: Sequence[str]):
    """The findings store for the detector the workers will load (None: off or unusable)."""
    from qa.detect import compiled, reuse
    from qa.config import rules_dir as default_rules

    rules = Path(rules_dir) if rules_dir else default_rules()
    fingerprint = compiled.fingerprint(rules, methods=methods, kinds=kinds, min_score=min_score)
    if fingerprint is None:
        return None
    return reuse.Store.open(reuse.base(fingerprint, methods, kinds, min_score, fields), fingerprint)


def _look_up(store, part: pl.DataFrame, stats):
    """*part*'s videos looked up in *store*; None when its rows cannot be stored (see reuse.where_of)."""
    from qa.detect import reuse

    looked = reuse.Piece(store, part, stats)
    return looked if looked.where is not None else None


def _collect(future, done, looked, n: int, progress, render, store) -> list:
    """What one piece gives, in input order: its reused videos and those scanned (by a worker:
    *future*, or here: *done*)."""
    if looked is None:
        found, n = future.result()
        out = [found] if render else found
    else:
        per, blobs = [], []
        if future is not None or done is not None:
            per, blobs, _ = future.result() if future is not None else done
            store.put(zip((looked.keys[k] for k in looked.miss), blobs))
        videos = looked.in_order(per, lambda found: _render(found, render))
        out = videos if render else [f for found in videos for f in found]
    if progress:
        progress(n)
    _after_piece()
    return out
