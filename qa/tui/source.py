"""The seam between the review app and the two APIs it consumes: detection and corrections.

The app only sees `Batch`es (findings plus the records they sit in) from a source, and a `Ledger`
that writes and undoes decisions. `qa review` wires the real `qa.detect` and `qa.patches`; tests
inject a `FixedSource` and a store in a temporary directory. Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from qa.errors import InputError
from qa.findings import Finding
from qa.atomic import atomic_write_text
from qa.patches import CorrectionStore, decide, file_name, make_decision, read_file, render

Key = tuple[str, str]  # (video_id, start_second)

# Small first slices put the first finding on screen while the rest of the corpus is scanned.
FIRST_SLICES = (100, 400, 2000)
SLICE = 5000


@dataclass
class Batch:
    findings: list[Finding]
    records: dict[Key, dict[str, Any]]  # the records those findings (and their next chunks) sit in
    done: int  # records scanned so far
    total: int | None  # records in all inputs, when cheap to know


class Source(Protocol):
    def batches(self, cancelled: Callable[[], bool]) -> Iterator[Batch]: ...


@dataclass
class FixedSource:
    """Findings known in advance (tests, or findings read from a `qa scan` output)."""

    findings: list[Finding]
    records: list[dict[str, Any]] = field(default_factory=list)

    def batches(self, cancelled: Callable[[], bool]) -> Iterator[Batch]:
        recs = {(r["video_id"], str(r["start_second"])): r for r in self.records}
        yield Batch(list(self.findings), recs, len(self.records), len(self.records))


class ScanSource:
    """Scan files with a glossary detector, a slice at a time, keeping only the records needed."""

    def __init__(self, paths: Sequence[str | Path], detector: Any, *, term: str | None = None,
                 video: str | None = None) -> None:
        from qa.records import expand_paths

        self.files = expand_paths(paths)  # raises InputError before any screen is drawn
        self.detector = detector
        self.term = term.casefold() if term else None
        self.video = video
        self._warm: threading.Thread | None = None

    def warm_up(self) -> None:
        """Start the detector's one-time loading (word frequencies, ...: ~0.6 s) in the background, so
        it overlaps with starting the screen instead of delaying the first finding."""
        scan_text = getattr(self.detector, "scan_text", None)
        if scan_text is not None and self._warm is None:
            self._warm = threading.Thread(target=scan_text, args=("warm up the model",), daemon=True)
            self._warm.start()

    def total(self) -> int | None:
        """Records in the inputs, counted as non-blank lines of JSON Lines files (None for other formats)."""
        n = 0
        for f in self.files:
            if not f.name.lower().endswith((".jsonl", ".ndjson")):
                return None
            with open(f, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        return n

    def batches(self, cancelled: Callable[[], bool]) -> Iterator[Batch]:
        """Feed the detector's stream slice by slice. It holds a video's findings until the video ends
        (scores depend on the whole video), so the rows of the unfinished video are kept until then."""
        import polars as pl

        from qa.records import iter_batches

        if self._warm is not None:
            self._warm.join()
        total: int | None = None
        counted = bool(self.video)  # with --video the count of all records would mislead
        stream = self.detector.stream(("text",))
        pending: dict[Key, dict[str, Any]] = {}
        done = 0
        sizes = iter(FIRST_SLICES)
        # small blocks: the first one is read (and the first finding found) before a big block would be
        for frame in iter_batches(self.files, batch_size=SLICE):
            if self.video:
                frame = frame.filter(pl.col("video_id") == self.video)
            off = 0
            while off < frame.height:
                if cancelled():
                    return
                size = next(sizes, SLICE)
                part = frame.slice(off, size)
                off += size
                done += part.height
                for row in part.select(KEEP).iter_rows(named=True):
                    pending[(row["video_id"], row["start_second"])] = row
                found = list(stream.feed(part))
                yield Batch(self._keep(found), _pick(pending, found), done, total)
                if not counted:
                    total, counted = self.total(), True  # counted after the first slice: the first finding comes first
                last = part["video_id"][-1]
                pending = {k: v for k, v in pending.items() if k[0] == last}
        found = list(stream.close())
        yield Batch(self._keep(found), _pick(pending, found), done, total)

    def _keep(self, found: list[Finding]) -> list[Finding]:
        return found if self.term is None else [f for f in found if f.term.casefold() == self.term]


KEEP = ["video_id", "start_second", "title", "text", "start_timestamp", "url"]  # what the screen shows


def _pick(rows: dict[Key, dict[str, Any]], findings: list[Finding]) -> dict[Key, dict[str, Any]]:
    """The records the findings sit in, and the next chunks of cross-chunk findings."""
    out: dict[Key, dict[str, Any]] = {}
    for f in findings:
        for key in ((f.video_id, f.start_second), (f.video_id, f.next_start_second)):
            if key in rows:
                out[key] = rows[key]
    return out


class Ledger:
    """Decisions: written through a `qa.patches.CorrectionStore` the moment they are made, undone with
    `forget`. An edit made here keeps the finding's id, so reopening shows it decided and `u` can undo it."""

    def __init__(self, store: Any, reviewer: str | None = None) -> None:
        self.store = store
        self.reviewer = reviewer if reviewer is not None else getattr(store, "reviewer", None)

    def current(self) -> dict[str, Any]:
        """Finding id -> its decision, including decisions made earlier with `qa decide`."""
        return dict(self.store.by_finding())

    def edits(self) -> list[Any]:
        """Edit decisions not tied to a finding id (`qa decide --edit`): they mark overlapping findings decided."""
        return [d for d in self.store.decisions() if d.action == "edit" and not d.finding_id]

    def make(self, finding: Finding, field_text: str, action: str, replacement: str | None = None,
             span: tuple[int, int] | None = None) -> Any:
        if action != "edit" and (span is None or span == (finding.start, finding.end)):
            return decide(finding, field_text, action, replacement, reviewer=self.reviewer)
        start, end = span if span is not None else (finding.start, finding.end)
        try:
            return make_decision(
                action=action, video_id=finding.video_id, start_second=finding.start_second,
                field_name=finding.field, start=start, end=end, field_text=field_text, replacement=replacement,
                finding_id=finding.id, term=finding.term, reviewer=self.reviewer)
        except ValueError as exc:
            raise InputError(str(exc), file=finding.file, line=finding.line) from None

    def write(self, finding: Finding, field_text: str, action: str, replacement: str | None = None,
              span: tuple[int, int] | None = None) -> Any:
        decision = self.make(finding, field_text, action, replacement, span)
        self.store.record(decision)
        return decision

    def write_many(self, decisions: list[Any]) -> None:
        """Many decisions under one lock and one write per video (`A` / `X`)."""
        self.store.record_many(decisions)

    def restore(self, finding: Finding, previous: Any | None) -> None:
        """Undo: put back the decision that was there before (or none)."""
        self._video_store(finding.video_id).forget(finding.id)
        if previous is not None:
            self.store.record(previous)

    def restore_many(self, items: list[tuple[Finding, Any | None]]) -> None:
        """Undo of `A` / `X`: one pass per video file rather than one per finding."""
        by_video: dict[str, set[str]] = {}
        for finding, _ in items:
            by_video.setdefault(finding.video_id, set()).add(finding.id)
        for video_id, ids in by_video.items():
            store = self._video_store(video_id)
            if isinstance(store, _OneVideoStore):
                store.forget_many(ids)
            else:
                for fid in ids:
                    store.forget(fid)
        self.store.record_many([p for _, p in items if p is not None])

    def _video_store(self, video_id: str) -> Any:
        # `forget` reads every patch file to find one id; limited to the finding's video it reads one,
        # which keeps undoing an accept-all of 600 findings under a second instead of many seconds.
        if type(self.store) is not CorrectionStore:
            return self.store
        return _OneVideoStore(self.store, video_id)


class _OneVideoStore(CorrectionStore):
    """A view of a corrections directory limited to one video's patch file (same lock, same format)."""

    def __init__(self, store: CorrectionStore, video_id: str) -> None:
        super().__init__(store.directory, store.reviewer)
        self._only = store.directory / file_name(video_id)

    def files(self) -> list[Path]:
        return [self._only] if self._only.exists() else []

    def forget_many(self, finding_ids: set[str]) -> None:
        # `forget` for several ids at once, same steps: under the directory lock, rewrite atomically
        with self._lock():
            if not self._only.exists():
                return
            kept = read_file(self._only)
            rest = [d for d in kept if d.finding_id not in finding_ids]
            if len(rest) == len(kept):
                return
            if rest:
                atomic_write_text(self._only, render(rest[0].video_id, rest))
            else:
                self._only.unlink()


def status_of(findings: list[Finding], decided: dict[str, Any], edits: list[Any]) -> dict[str, str]:
    """Status of each finding from stored decisions: by id, or an id-less edit overlapping its span."""
    out: dict[str, str] = {}
    by_record: dict[tuple[str, str, str], list[Any]] = {}
    for e in edits:
        by_record.setdefault((e.video_id, str(e.start_second), e.field), []).append(e)
    for f in findings:
        d = decided.get(f.id)
        if d is not None:
            out[f.id] = d.action
            continue
        for e in by_record.get((f.video_id, f.start_second, f.field), ()):
            if e.start < f.end and f.start < e.end:
                out[f.id] = "edit"
                break
    return out
