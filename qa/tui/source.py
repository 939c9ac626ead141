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

from qa.errors import InputError, UsageError
from qa.findings import Finding
from qa.patches import NEXT_PART, CorrectionStore, Decision, decide_all, make_decision, next_part

Key = tuple[str, str]  # (video_id, start_second)
Texts = dict[tuple[str, str, str], str]  # (video_id, start_second, field) -> field text, as qa.patches takes them

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
        # records kept although no finding is in them: those with earlier decisions, so the app can
        # tell when such a decision no longer applies (set by the app before the scan starts)
        self.wanted: set[Key] = set()
        # lines that could not be read (malformed JSON, ...): skipped, as `qa scan` skips them, and
        # said once the scan ends, so a half-read file does not pass for a reviewed one
        self.skipped = 0
        self.first_skipped: Any = None

    def _skip(self, problem: Any) -> None:
        self.skipped += 1
        if self.first_skipped is None:
            self.first_skipped = problem

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
        # need=("text",): a file with no text anywhere is the wrong file, not one with nothing to fix
        for frame in iter_batches(self.files, batch_size=SLICE, need=("text",), skipped=self._skip):
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
                picked = _pick(pending, found)
                picked.update((k, v) for k, v in pending.items() if k in self.wanted)
                yield Batch(self._keep(found), picked, done, total)
                if not counted:
                    total, counted = self.total(), True  # counted after the first slice: the first finding comes first
                last = part["video_id"][-1]
                pending = {k: v for k, v in pending.items() if k[0] == last}
        if self.video and not done:
            # not one record of that video: say so, rather than "no findings" as if it were clean
            raise UsageError(f"--video {self.video!r}: no record of that video in {', '.join(map(str, self.files))}")
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


def part_ids(finding: Finding) -> tuple[str, str]:
    """Ids of the decisions on a finding: its own, and that of the part a cross-chunk term has in the next chunk."""
    return finding.id, finding.id + NEXT_PART


def texts_for(finding: Finding, records: dict[Key, dict[str, Any]]) -> Texts | None:
    """The field texts a decision on *finding* needs (its record's, and the next chunk's for a term split
    across two chunks), or None when one of those records is not loaded."""
    keys = [(finding.video_id, finding.start_second)]
    if finding.cross_chunk:
        keys.append((finding.video_id, str(finding.next_start_second)))
    out: Texts = {}
    for key in keys:
        text = (records.get(key) or {}).get(finding.field)
        if not isinstance(text, str):
            return None
        out[(key[0], key[1], finding.field)] = text
    return out


class Ledger:
    """Decisions: written through a `qa.patches.CorrectionStore` the moment they are made, undone with
    `forget_many`. An edit made here (`e`) is an accept of the finding, under its id, with the words
    typed and the span maybe widened, so reopening shows it decided and `u` can undo it. A term split
    across two chunks gets two decisions, as with `qa decide`: the finding's, and one (id +
    NEXT_PART) on the part in the next chunk, so applying them writes the term once."""

    def __init__(self, store: CorrectionStore, reviewer: str | None = None) -> None:
        self.store = store
        self.reviewer = reviewer if reviewer is not None else getattr(store, "reviewer", None)

    def current(self) -> dict[str, Decision]:
        """Finding id -> its decision, including decisions made earlier with `qa decide`; the second parts
        of cross-chunk decisions are there too (under id + NEXT_PART), so an undo can put them back."""
        return {d.finding_id: d for d in self.store.decisions() if d.finding_id}

    def edits(self) -> list[Decision]:
        """Edit decisions not tied to a finding id (`qa decide --edit`): they mark overlapping findings decided."""
        return [d for d in self.store.decisions() if d.action == "edit" and not d.finding_id]

    def make(self, finding: Finding, texts: Texts, action: str, replacement: str | None = None,
             span: tuple[int, int] | None = None) -> list[Decision]:
        """The decisions for *finding*: its own first, then the next chunk's part of a cross-chunk term.

        An edit replaces the span typed in the first chunk and, like accept, removes the part in the
        next chunk: the replacement stands for the whole term, so keeping that part would repeat it."""
        for sec in (finding.start_second, finding.next_start_second if finding.cross_chunk else None):
            if sec is not None and (finding.video_id, str(sec), finding.field) not in texts:
                raise InputError(f"the record of {finding.video_id} @ {sec}s is not loaded; cannot decide",
                                 file=finding.file, line=finding.line)
        try:
            if action != "edit" and (span is None or span == (finding.start, finding.end)):
                return decide_all(finding, texts, action, replacement, reviewer=self.reviewer)
            start, end = span if span is not None else (finding.start, finding.end)
            first = make_decision(
                action=action, video_id=finding.video_id, start_second=finding.start_second,
                field_name=finding.field, start=start, end=end,
                field_text=texts[(finding.video_id, finding.start_second, finding.field)], replacement=replacement,
                finding_id=finding.id, term=finding.term, reviewer=self.reviewer)
            second = next_part(finding, texts, action, first.reviewer, first.timestamp)
        except ValueError as exc:
            raise InputError(str(exc), file=finding.file, line=finding.line) from None
        return [first] if second is None else [first, second]

    def write(self, finding: Finding, texts: Texts, action: str, replacement: str | None = None,
              span: tuple[int, int] | None = None) -> list[Decision]:
        made = self.make(finding, texts, action, replacement, span)
        self.store.record_many(made)
        return made

    def write_many(self, decisions: list[Decision]) -> None:
        """Many decisions under one lock and one write per video (`A` / `X`)."""
        self.store.record_many(decisions)

    def forget_many(self, finding_ids: set[str], videos: set[str]) -> None:
        """Remove decisions by id (and their next-chunk parts), reading only these videos' files."""
        self.store.forget_many(finding_ids, videos=videos)

    def restore_many(self, items: list[tuple[Finding, list[Decision]]]) -> None:
        """Undo (of one key, or of `A` / `X`): remove the findings' decisions, both parts of cross-chunk
        ones, and put back those there before. One lock and one rewrite per patch file touched, reading
        only the files of the findings' videos (an accept-all of 600 findings undoes in under a second)."""
        if not items:
            return
        self.store.forget_many([f.id for f, _ in items], videos={f.video_id for f, _ in items})
        self.store.record_many([d for _, previous in items for d in previous])


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
