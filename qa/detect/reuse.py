"""Findings reuse: a video scanned before, unchanged, is not scanned again.

A video's findings depend on that video's records and on nothing else the scan reads: context never
crosses a video (parallel scanning relies on it too). So each video is stored under a hash of
  - the detector: everything its compiled glossary is built from (`compiled.fingerprint`: the qa
    source, Python's and the libraries' versions, the rule files' names and bytes, methods, kinds,
    min_score),
  - the fields scanned, and a format number of this store,
  - the video's records in stream order: every value the stream reads (video_id, start_second,
    title, text), None kept apart from "".
A "video" is what the stream takes as one: a run of consecutive records of one video_id. Runs
A B A are three videos, stored apart; and when B is reused, the two A runs are still scanned as two
videos (`scan_runs` closes the stream between them), as the stream would without the store.

On a hit the stored findings are emitted as they were computed, each with `file` and `line` taken
from the record where it now is: the store keeps the record's index within the video instead. Every
value of a Finding is stored exactly (the score as the float computed, not the 3 places printed),
so jsonl, json and text output are the same bytes as a scan without the store.

Storage: one SQLite file (stdlib sqlite3) in the user cache directory (`qa.detect.cache.cache_dir`;
QA_NO_CACHE=1 or QA_CACHE_DIR="" switch it off, as they do the compiled glossary; QA_REUSE=0 switches
off this store only, e.g. for `qa check`, or for tests that change the detector in ways its key
cannot see, such as a monkeypatched constant). SQLite because
several processes use it at once (two CI jobs, a reviewer's scans), each write is one atomic
transaction (a killed run leaves whole videos or nothing), lookups are by key without reading the
rest, and it is one file with no server. WAL mode: readers never wait for a writer. Each video's
findings are a zlib-compressed JSON list (no pickle: a cache file never runs code).

Only the process that reads the input opens the store: it looks videos up, and stores what it or
its workers computed (qa.detect.parallel sends only misses to workers, and starts none when every
video is reused). A store that cannot be opened, read or written, or is damaged, is a miss: it
never makes a run fail, only faster. A damaged file is replaced by an empty store.

Size: bounded by QA_CACHE_MAX_MB (default 512; 0 keeps nothing) of stored findings, ~170 bytes a
record on the bench corpus (1.8 findings a record): ~3M records. When a run that wrote ends above
the bound, the least recently used videos are dropped (a hit counts as a use) down to three
quarters of it, and the freed pages go back to the file system (auto_vacuum=incremental). Findings
of an older detector (any edit of the code or the rules is one) are never hit again and go first.

Cost when nothing is reused: hashing, compressing and inserting, ~2% of a scan. A reused video
costs reading its records, hashing them and writing its findings out (bench/scan: WARM).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from qa.findings import Finding

if TYPE_CHECKING:
    import polars as pl

    from qa.detect import Stream

NAME = "findings.sqlite3"
FORMAT = 2  # PRAGMA user_version of the store; bump when what is stored or how keys are made changes
MAX_MB = 512
TIMEOUT = 2.0  # seconds to wait for another process's write before giving up (a miss, not an error)
LOOKUP = 500  # keys per SELECT (SQLite's limit on parameters is far above)
# a Finding's values as stored, in this order; `file` and `line` are where the record now is
VALUES = ("video_id", "start_second", "field", "start", "end", "found", "suggestion", "term", "category",
          "kind", "method", "score", "context", "reason", "safe", "next_start_second", "next_start",
          "next_end", "id")
_values = attrgetter(*VALUES)
_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
READS = ("video_id", "start_second", "title", "text")  # what the stream reads of a record (besides file, line)


def base(fingerprint: str, methods: Iterable[str] | None, kinds: Iterable[str], min_score: float,
         fields: Sequence[str]) -> bytes:
    """What every video key of one scan starts with. The arguments are in the fingerprint already;
    they are added as the detector holds them (sets), so a detector changed after loading is
    another detector."""
    from qa.findings import METHODS

    settings = repr((FORMAT, sorted(methods or METHODS), sorted(kinds), float(min_score), tuple(fields)))
    return hashlib.sha256(f"{fingerprint}\0{settings}".encode()).digest()


def open_for(det, fields: Sequence[str]) -> Store | None:
    """The store for what *det* finds in *fields*; None when *det* was not loaded through the
    compiled cache (nothing says what it was built from) or the store is off or unusable."""
    from qa.detect import compiled

    fingerprint = compiled.key_of(det)
    if fingerprint is None:
        return None
    return Store.open(base(fingerprint, det.methods, det.kinds, det.min_score, fields), fingerprint)


def runs(vids: Sequence) -> list[tuple[int, int]]:
    """(start, end) of each run of equal video ids: the videos, as the stream sees them."""
    out, start = [], 0
    for i in range(1, len(vids)):
        if vids[i] != vids[i - 1]:
            out.append((start, i))
            start = i
    if vids:
        out.append((start, len(vids)))
    return out


def video_keys(frame: pl.DataFrame, spans: Sequence[tuple[int, int]], prefix: bytes) -> list[bytes]:
    """The key of each video *spans* of *frame*: a hash of *prefix* and the records' values.

    The values are hashed as JSON Lines written by polars in one pass (an unambiguous encoding, a
    line per record: JSON escapes newlines), each video's lines as they lie in the buffer. Building
    Python lists of the values and a JSON text per video cost ~0.29 s of CPU on 50k records, in the
    main process, which competes with the workers for the cores (a warm scan is mostly this process);
    this costs ~0.1 s. (Line ends found with numpy instead held ~15 MB more at the main process's
    peak.)"""
    import io

    import polars as pl

    if not spans:
        return []
    columns = [pl.col(c) if c in frame.columns else pl.lit(None, dtype=pl.String).alias(c) for c in READS]
    buf = io.BytesIO()
    frame.select(columns).write_ndjson(buf)
    data = buf.getvalue()
    find = data.find
    out = []
    at, row = 0, 0  # where line *row* starts
    for a, b in spans:
        if a < row:  # (spans in any order: from the first line again)
            at, row = 0, 0
        while row < a:  # (spans need not cover the frame)
            at = find(b"\n", at) + 1
            row += 1
        start = at
        while row < b:
            at = find(b"\n", at) + 1
            row += 1
        out.append(hashlib.sha256(prefix + data[start:at]).digest())
    return out


def encode(findings: list[Finding], where: dict[tuple, int], start: int) -> bytes | None:
    """A video's findings as stored; *where* maps (file, line) to the record's index in the frame,
    *start* is the video's first. None when a finding is not from a row of the frame or a value is
    not JSON (not stored). Every value JSON writes comes back equal, and writes the same output:
    a str subclass (the glossary's strings remember their YAML line) as its text, a float as its
    repr, so the score is the float computed, not the 3 places printed."""
    try:
        rows = [(where[f.file, f.line] - start, _values(f)) for f in findings]
        return zlib.compress(_dumps(rows).encode("utf-8", "surrogatepass"), 1)
    except (KeyError, TypeError, ValueError):
        return None


def decode(blob: bytes) -> list | None:
    """The stored rows of *blob* (see `encode`), or None if it is damaged (then: a miss)."""
    try:
        rows = json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
        if all(type(i) is int and i >= 0 and len(vals) == len(VALUES) for i, vals in rows):
            return rows
    except Exception:  # noqa: BLE001 - whatever a damaged row holds, it is not findings
        pass
    return None


def findings(rows: list, files: Sequence, lines: Sequence, start: int) -> list[Finding]:
    """The findings of decoded *rows*, with file and line of the records from *start* on."""
    return [Finding(*vals[:18], files[start + i], lines[start + i], vals[18]) for i, vals in rows]


def where_of(frame: pl.DataFrame) -> dict[tuple, int] | None:
    """(file, line) -> row of *frame*: where each finding was found. None when rows lack either
    (not read by qa.records): nothing is stored then."""
    if "_file" not in frame.columns or "_line" not in frame.columns:
        return None
    files, lines = frame["_file"].to_list(), frame["_line"].to_list()
    where = {k: i for i, k in enumerate(zip(files, lines))}
    if len(where) != frame.height or None in files or None in lines:
        return None
    return where


def scan_runs(stream: Stream, frame: pl.DataFrame, spans: Sequence[tuple[int, int]], where: dict[tuple, int],
              *, slice_: int, small: int, progress: Callable[[int], None] | None = None) -> list[list[Finding]]:
    """The findings of each video *spans* of *frame* (one after another, the whole frame), scanned
    by *stream* with a video boundary between spans. Two spans of one video id next to each other
    (A and A: the B between them was reused) are never fed as one video: the stream is closed
    between them. *where*: `where_of(frame)`, which tells each finding's video."""
    per: list[list[Finding]] = [[] for _ in spans]
    vids = frame["video_id"].fill_null("").to_list() if "video_id" in frame.columns else [""] * frame.height
    owner = [0] * frame.height
    for k, (a, b) in enumerate(spans):
        owner[a:b] = [k] * (b - a)
    # cut where a span has the id of the one before (the stream takes a new id as a new video)
    cuts = [a for k, (a, _) in enumerate(spans) if k and vids[a] == vids[spans[k - 1][0]]]
    for a, b in zip([0, *cuts], [*cuts, frame.height]):
        for f in feed(stream, frame.slice(a, b - a), slice_=slice_, small=small, progress=progress):
            per[owner[where[f.file, f.line]]].append(f)
    return per


def feed(stream: Stream, frame: pl.DataFrame, *, slice_: int, small: int,
         progress: Callable[[int], None] | None = None) -> list[Finding]:
    """Every finding of *frame*, whole videos, fed to *stream* in slices of about *slice_* records
    (so a progress bar moves more often than once per batch), the stream closed at the end. The
    slices are of one size: a piece of 2080 records is one slice, not 2000 and 80, as each batch
    has a fixed cost (~0.1 s). Slices of fewer than *small* records are scanned text by text
    (`Stream.feed_small`)."""
    n = frame.height
    size = -(-n // max(1, round(n / max(1, slice_)))) if n else 1
    found: list[Finding] = []
    for off in range(0, n, size):
        part = frame.slice(off, size)
        found.extend(stream.feed(part) if part.height >= small else stream.feed_small(part))
        if progress:
            progress(part.height)
    found.extend(stream.close())
    return found


class Stats:
    """What a scan reused (for tests and benchmarks): videos in all, reused, and the video ids of
    those computed (in input order); whether worker processes were started."""

    def __init__(self):
        self.videos = 0
        self.reused = 0
        self.computed: list[str] = []
        self.workers = False

    def count(self, vids: Sequence, spans: Sequence[tuple[int, int]], miss: Sequence[int]) -> None:
        self.videos += len(spans)
        self.reused += len(spans) - len(miss)
        self.computed.extend(vids[spans[k][0]] or "" for k in miss)


class Piece:
    """A piece of whole videos of the input, looked up in the store: the videos to compute (`miss`,
    indices into `spans`) and the stored findings of the others."""

    def __init__(self, store: Store, frame: pl.DataFrame, stats: Stats | None = None):
        self.frame = frame
        self.where = where_of(frame)
        vids = frame["video_id"].fill_null("").to_list() if "video_id" in frame.columns else [""] * frame.height
        self.spans = runs(vids) if self.where is not None else []
        self.keys = video_keys(frame, self.spans, store.prefix) if self.spans else []
        # decoded now: a damaged row is a miss, found before the misses are sent to be scanned
        self.hits: dict[bytes, list] = {}
        stored = store.get(self.keys)
        for key, (a, b) in zip(self.keys, self.spans):
            rows = decode(stored[key]) if key in stored else None
            if rows is not None and all(i < b - a for i, _ in rows):
                self.hits[key] = rows
        self.miss = [k for k, key in enumerate(self.keys) if key not in self.hits]
        self._where_now: tuple[list, list] | None = None
        if stats is not None:
            stats.count(vids, self.spans, self.miss)

    def reused(self, k: int) -> list[Finding]:
        """The stored findings of video *k*, where its records now are."""
        if self._where_now is None:
            self._where_now = self.frame["_file"].to_list(), self.frame["_line"].to_list()
        return findings(self.hits[self.keys[k]], *self._where_now, self.spans[k][0])

    def in_order(self, computed: Iterable, reused: Callable[[list[Finding]], object] = lambda found: found) -> list:
        """Per video of the piece, in input order: the next of *computed* (what was found for the
        videos missed, in their order) for a video scanned, *reused*(its stored findings) for one
        reused."""
        got = iter(computed)
        return [reused(self.reused(k)) if self.keys[k] in self.hits else next(got) for k in range(len(self.spans))]

    def missed(self) -> pl.DataFrame:
        """The records of the videos to compute, one after another (see `scan_runs` for two of one id)."""
        import polars as pl

        if len(self.miss) == len(self.spans):
            return self.frame
        return pl.concat([self.frame.slice(a, b - a) for a, b in (self.spans[k] for k in self.miss)])

    def missed_spans(self) -> list[tuple[int, int]]:
        out, at = [], 0
        for k in self.miss:
            a, b = self.spans[k]
            out.append((at, at + b - a))
            at += b - a
        return out


def scan_piece(stream: Stream, store: Store, frame: pl.DataFrame, *, slice_: int, small: int,
               progress: Callable[[int], None] | None = None, stats: Stats | None = None) -> list[Finding]:
    """The findings of *frame* (whole videos) in input order: stored ones reused, the others
    scanned by *stream* (in this process) and stored."""
    piece = Piece(store, frame, stats)
    if piece.where is None:  # rows not read by qa.records: scanned as they are, nothing stored
        return feed(stream, frame, slice_=slice_, small=small, progress=progress)
    computed: list[list[Finding]] = []
    if piece.miss:
        part, spans = piece.missed(), piece.missed_spans()
        where = where_of(part)
        computed = scan_runs(stream, part, spans, where, slice_=slice_, small=small, progress=progress)
        store.put((piece.keys[k], encode(fs, where, a)) for k, fs, (a, _) in zip(piece.miss, computed, spans))
    out = [f for found in piece.in_order(computed) for f in found]
    if progress:
        progress(frame.height - sum(b - a for a, b in (piece.spans[k] for k in piece.miss)))
    return out


class Store:
    """The findings store of one scan (see the module docstring). Every method is a no-op or a miss
    once the store has failed."""

    def __init__(self, conn: sqlite3.Connection, prefix: bytes, fingerprint: str):
        self.conn = conn
        self.prefix = prefix  # (`base`)
        self.fingerprint = fingerprint  # the detector's (qa.detect.compiled)
        self.det = prefix.hex()[:16]  # the scan's detector and fields: tells 'ever scanned with these'
        self.used: list[bytes] = []
        self.wrote = False

    @classmethod
    def open(cls, prefix: bytes, fingerprint: str) -> Store | None:
        """The store in the cache directory, None when caching is off or it cannot be made."""
        from qa.detect.cache import cache_dir

        directory = cache_dir()
        if directory is None or os.environ.get("QA_REUSE", "") == "0":
            return None
        path = directory / NAME
        for attempt in (0, 1):
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                conn = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
            except (OSError, sqlite3.Error):
                return None
            try:
                _prepare(conn)
                return cls(conn, prefix, fingerprint)
            except sqlite3.DatabaseError as exc:
                conn.close()
                # a damaged file (or not SQLite at all) is replaced, once; a busy one is left alone
                if attempt or _busy(exc):
                    return None
                for suffix in ("", "-wal", "-shm", "-journal"):
                    try:
                        os.unlink(f"{path}{suffix}")
                    except OSError:
                        pass
        return None

    def _fail(self, exc: sqlite3.Error | None = None) -> None:
        """Stop using the store for this run, unless *exc* only says another process was writing
        for longer than TIMEOUT (then only this lookup or write is skipped)."""
        if exc is not None and _busy(exc):
            return
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        self.conn = None

    def scanned_before(self) -> bool:
        """Whether any video was stored for this detector and fields (else every lookup will miss)."""
        if self.conn is None:
            return False
        try:
            return self.conn.execute("SELECT 1 FROM videos WHERE det = ? LIMIT 1", (self.det,)).fetchone() is not None
        except sqlite3.Error as exc:
            self._fail(exc)
            return False

    def get(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The stored findings of those *keys* that are stored."""
        if self.conn is None or not keys:
            return {}
        out: dict[bytes, bytes] = {}
        try:
            for i in range(0, len(keys), LOOKUP):
                chunk = keys[i:i + LOOKUP]
                q = f"SELECT key, findings FROM videos WHERE key IN ({','.join('?' * len(chunk))})"
                out.update(self.conn.execute(q, chunk).fetchall())
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        self.used.extend(out)
        return out

    def put(self, items: Iterable[tuple[bytes, bytes | None]]) -> None:
        """Store each (key, findings); None findings (not storable) are skipped. One transaction."""
        rows = [(k, self.det, blob, len(blob), int(time.time())) for k, blob in items if blob is not None]
        if self.conn is None or not rows:
            return
        try:
            with _transaction(self.conn):
                self.conn.executemany("INSERT OR REPLACE INTO videos (key, det, findings, size, used) "
                                      "VALUES (?, ?, ?, ?, ?)", rows)
            self.wrote = True
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        """Mark the videos hit as used now, and keep the store under its bound."""
        if self.conn is None:
            return
        try:
            if self.used:
                now = int(time.time())
                with _transaction(self.conn):
                    self.conn.executemany("UPDATE videos SET used = ? WHERE key = ?", [(now, k) for k in self.used])
            if self.wrote:
                prune(self.conn, limit())
        except sqlite3.Error:
            pass
        finally:
            self._fail()


def _busy(exc: sqlite3.Error) -> bool:
    """Whether *exc* says the file is locked by another process (not that it is broken)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def limit() -> int:
    """The store's bound in bytes of stored findings (QA_CACHE_MAX_MB, default MAX_MB)."""
    try:
        mb = float(os.environ.get("QA_CACHE_MAX_MB", "") or MAX_MB)
    except ValueError:
        mb = MAX_MB
    return int(max(mb, 0) * 1_000_000)


def prune(conn: sqlite3.Connection, bound: int) -> None:
    """Drop the least recently used videos while the store holds more than *bound* bytes, down to
    three quarters of it (so that the next runs do not each drop a few)."""
    total = conn.execute("SELECT COALESCE(SUM(size), 0) FROM videos").fetchone()[0]
    if total <= bound:
        return
    target = bound * 3 // 4
    drop = []
    for key, size in conn.execute("SELECT key, size FROM videos ORDER BY used, rowid"):
        if total <= target:
            break
        drop.append((key,))
        total -= size
    with _transaction(conn):
        conn.executemany("DELETE FROM videos WHERE key = ?", drop)
    conn.execute("PRAGMA incremental_vacuum")


def _prepare(conn: sqlite3.Connection) -> None:
    """Make the tables of this FORMAT (dropping those of another); raises sqlite3.DatabaseError on
    a damaged file."""
    conn.execute("PRAGMA busy_timeout = %d" % int(TIMEOUT * 1000))
    if conn.execute("PRAGMA user_version").fetchone()[0] == FORMAT:
        conn.execute("SELECT 1 FROM videos LIMIT 1").fetchall()  # (a damaged file fails here)
        return
    # a new file, or one of another format: (re)made in one transaction, so a concurrent run
    # sees either the old tables or the new ones
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # (only takes on a new, empty file)
    conn.execute("PRAGMA journal_mode = WAL")
    with _transaction(conn):
        if conn.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            conn.execute("DROP TABLE IF EXISTS videos")
            conn.execute("CREATE TABLE videos (key BLOB PRIMARY KEY, det TEXT NOT NULL, findings BLOB NOT NULL, "
                         "size INTEGER NOT NULL, used INTEGER NOT NULL)")
            conn.execute("CREATE INDEX videos_det ON videos (det)")
            conn.execute(f"PRAGMA user_version = {FORMAT}")


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on an error (the connection is in autocommit mode,
    so nothing else opens one behind our back)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
