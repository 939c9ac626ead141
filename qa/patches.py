"""Correction patch files: one reviewer decision per line, one file per video.

A patch file (``corrections/<video_id>.patch.jsonl``) starts with a header line naming the format
version, then holds one JSON object per decision, sorted by (start_second, field, start, finding id).
One line per decision and a stable order mean two reviewers' files merge line by line in git, and a
`git diff` shows exactly which decisions changed.

Each decision keeps what it needs to be applied safely later: the exact original words, a few words
of context each side and a hash of the whole original field text. Applying (see `qa.apply`) is exact
when the hash still matches and relocates by words and context otherwise, the way GNU patch uses
offset and fuzz.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from filelock import FileLock, Timeout

try:
    import fcntl as _flock
except ImportError:  # Windows
    _flock = None

from qa import config
from qa.atomic import atomic_write_text
from qa.errors import InputError, cannot_write, json_object
from qa.findings import Finding

FORMAT = "transcript-qa corrections"
VERSION = 1
SUFFIX = ".patch.jsonl"
LOCK_NAME = ".qa.lock"
CONTEXT_WORDS = 4  # words of context kept each side of a span
ACTIONS = ("accept", "reject", "edit")
CORRECTABLE = ("text", "title")  # the fields `qa scan --fields` reads, and so the only ones a decision may change


@dataclass
class Decision:
    action: str  # accept | reject | edit
    video_id: str
    start_second: str
    field: str
    start: int  # character span in the original field text, end exclusive
    end: int
    original: str  # the exact words at the span
    replacement: str | None  # None for reject
    before: str  # context: up to CONTEXT_WORDS words right before the span, exactly as in the text
    after: str
    text_hash: str  # of the whole original field text
    finding_id: str | None  # None for edit
    term: str | None
    reviewer: str
    timestamp: str  # UTC, ISO 8601
    # where the decision was read from; never written
    file: str | None = field(default=None, compare=False, repr=False)
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """Identity within a record: a later decision with the same key replaces an earlier one."""
        return self.finding_id or f"edit:{self.field}:{self.start}:{self.end}"

    @property
    def changes_text(self) -> bool:
        return self.action in ("accept", "edit")

    def sort_key(self) -> tuple:
        return (_second(self.start_second), self.start_second, self.field, self.start, self.finding_id or "",
                self.end, self.action)

    def to_json(self) -> str:
        d = asdict(self)
        d.pop("file"), d.pop("line")
        return json.dumps(d, ensure_ascii=False)


_DECISION_FIELDS = [f.name for f in fields(Decision) if f.name not in ("file", "line")]


def _second(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")


def text_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def context(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> tuple[str, str]:
    """Up to *words* words before and after the span, with the whitespace exactly as in *text*."""
    starts = [m.start() for m in re.finditer(r"\S+", text[:start])]
    before = text[starts[-words]:start] if len(starts) >= words else text[:start]
    ends = [m.end() for m in re.finditer(r"\S+", text[end:])]
    after = text[end:end + ends[words - 1]] if len(ends) >= words else text[end:]
    return before, after


def make_decision(
    *, action: str, video_id: str, start_second: str, field_name: str, start: int, end: int, field_text: str,
    replacement: str | None = None, finding_id: str | None = None, term: str | None = None,
    reviewer: str | None = None, timestamp: str | None = None,
) -> Decision:
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {ACTIONS}, not {action!r}")
    if action == "reject":
        replacement = None
    elif replacement is None:
        raise ValueError(f"{action} needs a replacement")
    if not 0 <= start <= end <= len(field_text):
        raise ValueError(f"span {start}:{end} is outside the field text ({len(field_text)} characters)")
    before, after = context(field_text, start, end)
    return Decision(
        action=action, video_id=video_id, start_second=str(start_second), field=field_name, start=start, end=end,
        original=field_text[start:end], replacement=replacement, before=before, after=after,
        text_hash=text_hash(field_text), finding_id=finding_id, term=term, reviewer=config.reviewer(reviewer),
        timestamp=timestamp or now_utc(),
    )


def decide(finding: Finding, field_text: str, action: str, replacement: str | None = None,
           reviewer: str | None = None) -> Decision:
    """A decision on *finding*; accept uses the finding's suggestion unless *replacement* is given."""
    if action == "edit":
        raise ValueError("an edit is not about a finding; use make_decision")
    if field_text[finding.start:finding.end] != finding.found:
        raise InputError(
            f"finding {finding.id}: {finding.found!r} is not at {finding.start}:{finding.end} of "
            f"{finding.video_id} {finding.start_second} {finding.field} (was the data changed after the scan?)",
            file=finding.file, line=finding.line,
        )
    if action == "accept" and replacement is None:
        replacement = finding.suggestion
    return make_decision(
        action=action, video_id=finding.video_id, start_second=finding.start_second, field_name=finding.field,
        start=finding.start, end=finding.end, field_text=field_text, replacement=replacement,
        finding_id=finding.id, term=finding.term, reviewer=reviewer,
    )


def _text_of(finding: Finding, texts: dict[tuple[str, str, str], str], second: str) -> str:
    """The field text of *finding*'s record (or its next chunk's, at *second*), or an InputError naming
    the finding's FILE:LINE: a record with no video_id or start_second (the scan still reads its text)
    cannot be named by a decision, and `qa decide` on its finding ended in a KeyError traceback."""
    text = texts.get((finding.video_id, second, finding.field))
    if text is not None:
        return text
    if not finding.video_id or not second:
        raise InputError(f"finding {finding.id}: its record has no video_id or start_second, which a decision names "
                         "its record by (`qa validate` lists such records)", file=finding.file, line=finding.line)
    raise InputError(f"finding {finding.id}: no record {finding.video_id} {second} with a {finding.field} in the data "
                     "(was it changed after the scan?)", file=finding.file, line=finding.line)


NEXT_PART = "+next"  # finding-id suffix of the decision on a cross-chunk finding's second span


def decide_all(finding: Finding, texts: dict[tuple[str, str, str], str], action: str,
               replacement: str | None = None, reviewer: str | None = None) -> list[Decision]:
    """Decisions for *finding*, given field texts by (video_id, start_second, field).

    A term split across two chunks is corrected in the first chunk; accepting also removes the
    second part (and the space after it) from the next chunk, so the term is not written twice."""
    first = decide(finding, _text_of(finding, texts, finding.start_second), action, replacement, reviewer)
    second = next_part(finding, texts, action, first.reviewer, first.timestamp)
    return [first] if second is None else [first, second]


def next_part(finding: Finding, texts: dict[tuple[str, str, str], str], action: str, reviewer: str | None = None,
              timestamp: str | None = None) -> Decision | None:
    """The decision on the part of a cross-chunk *finding* heard in the next chunk (None for other findings).

    When the term is corrected in the first chunk (accept, or an edit there) the part is removed, with
    the space after it when it opens the chunk; on reject it is kept. Its id is the finding's + NEXT_PART."""
    if not finding.cross_chunk or finding.next_start is None or finding.next_end is None:
        return None
    text = _text_of(finding, texts, str(finding.next_start_second))
    end = finding.next_end
    while end < len(text) and text[end] == " " and finding.next_start == 0:
        end += 1
    removed = action in ("accept", "edit")
    return make_decision(
        action="accept" if removed else "reject", video_id=finding.video_id,
        start_second=str(finding.next_start_second), field_name=finding.field, start=finding.next_start, end=end,
        field_text=text, replacement="" if removed else None, finding_id=finding.id + NEXT_PART,
        term=finding.term, reviewer=reviewer, timestamp=timestamp,
    )


# --- patch files ---------------------------------------------------------------------------------


def file_name(video_id: str) -> str:
    # YouTube ids are already safe; anything else is made safe (the header keeps the real id)
    return re.sub(r"[^A-Za-z0-9._-]", "_", video_id) + SUFFIX


def header(video_id: str) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "video_id": video_id}, ensure_ascii=False)


def render(video_id: str, decisions: Iterable[Decision]) -> str:
    lines = [header(video_id)] + [d.to_json() for d in sorted(decisions, key=Decision.sort_key)]
    return "\n".join(lines) + "\n"


def read_file(path: Path) -> list[Decision]:
    """Decisions of one patch file, latest per key (a union merge may leave two lines for one key)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # (an editor may have added a byte order mark)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read patch file: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    lines = text.split("\n")
    if not lines[0].strip():
        raise InputError("patch file has no header line", file=path, line=1)
    head = json_object(lines[0], file=path, line=1)
    if head.get("format") != FORMAT:
        raise InputError(f"not a corrections patch file (first line must be {header('VIDEO')})", file=path, line=1)
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        # ("1" was said to be "newer than this qa reads (up to 1)")
        raise InputError(f"patch format version must be a whole number, not {version!r} (first line must be "
                         f"{header('VIDEO')})", file=path, line=1)
    if version > VERSION:
        raise InputError(
            f"patch format version {version} is newer than this qa reads (up to {VERSION}); upgrade transcript-qa",
            file=path, line=1,
        )
    latest: dict[tuple, Decision] = {}
    for lineno, raw in enumerate(lines[1:], 2):
        if not raw.strip():
            continue
        d = _decision(path, lineno, json_object(raw, file=path, line=lineno))
        if d.video_id != head.get("video_id"):
            # one file per video: a line of another (a hand edit, a bad copy) is a damaged file; `qa apply`
            # took it for another dataset's decision and said nothing
            raise InputError(f"decision is for video {d.video_id!r} but this file is for {head.get('video_id')!r}",
                             file=path, line=lineno)
        k = (d.video_id, d.start_second, d.key)
        if k not in latest or d.timestamp >= latest[k].timestamp:
            latest[k] = d
    return sorted(latest.values(), key=Decision.sort_key)


def _decision(path: Path, lineno: int, obj: dict) -> Decision:
    missing = [k for k in _DECISION_FIELDS if k not in obj]
    if missing:
        raise InputError(f"decision lacks {', '.join(missing)}", file=path, line=lineno)
    values = {k: obj[k] for k in _DECISION_FIELDS}
    if values["action"] not in ACTIONS:
        raise InputError(f"unknown action {values['action']!r} (expected {', '.join(ACTIONS)})", file=path, line=lineno)
    for k in ("start", "end"):
        if not isinstance(values[k], int) or isinstance(values[k], bool) or values[k] < 0:
            raise InputError(f"{k} must be a non-negative integer", file=path, line=lineno)
    for k in ("video_id", "start_second", "field", "original", "before", "after", "text_hash", "reviewer", "timestamp"):
        if not isinstance(values[k], str):
            raise InputError(f"{k} must be a string", file=path, line=lineno)
    for k in ("finding_id", "term"):  # (null for an edit; a number typed by hand was a traceback later)
        if values[k] is not None and not isinstance(values[k], str):
            raise InputError(f"{k} must be a string or null", file=path, line=lineno)
    if values["field"] not in CORRECTABLE:
        # a decision names a field `qa scan` reads; one typed by hand as 'video_id' or 'start_second'
        # was relocated by its words and applied, rewriting the record's key (another video, another
        # chunk) instead of its words
        raise InputError(f"field must be one of {', '.join(CORRECTABLE)}, not {values['field']!r} "
                         "(a record's key and times are not corrected by decisions)", file=path, line=lineno)
    if values["action"] != "reject" and not isinstance(values["replacement"], str):
        raise InputError(f"{values['action']} needs a replacement string", file=path, line=lineno)
    if (values["action"] == "accept" and not values["replacement"].strip()
            and not (values["finding_id"] or "").endswith(NEXT_PART)):
        # neither the review app nor `qa decide` writes one (both refuse an empty replacement), so it
        # was typed into the file: applied, it deleted the finding's words with nothing said. A
        # deletion is an edit (`qa decide --delete`); the second part of a term split across two
        # chunks (id +next) is removed by an empty accept, as `next_part` writes it
        raise InputError(f"accept of {values['original']!r} has an empty replacement, which would delete the words "
                         "(to delete words, record an edit: qa decide --delete VIDEO:START:WORDS)",
                         file=path, line=lineno)
    return Decision(**values, file=str(path), line=lineno)


class CorrectionStore:
    """The patch files of one corrections directory. Every change is written at once, atomically,
    under a lock, so two processes deciding at the same time never lose each other's lines."""

    def __init__(self, directory: str | Path, reviewer: str | None = None):
        self.directory = Path(directory)
        self.reviewer = reviewer

    def files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob(f"*{SUFFIX}") if not p.name.startswith("."))

    def decisions(self) -> list[Decision]:
        out: list[Decision] = []
        for path in self.files():
            out.extend(read_file(path))
        return out

    def by_finding(self) -> dict[str, Decision]:
        return {d.finding_id: d for d in self.decisions() if d.finding_id and not d.finding_id.endswith(NEXT_PART)}

    def record(self, decision: Decision) -> None:
        self.record_many([decision])

    def record_many(self, decisions: Iterable[Decision]) -> None:
        by_video: dict[str, list[Decision]] = {}
        for d in decisions:
            by_video.setdefault(d.video_id, []).append(d)
        if not by_video:
            return
        with self._lock():
            for video_id, new in by_video.items():
                path = self.directory / file_name(video_id)
                current = {(d.start_second, d.key): d for d in (read_file(path) if path.exists() else [])}
                for d in new:
                    current[(d.start_second, d.key)] = d
                atomic_write_text(path, render(video_id, current.values()))

    def forget(self, finding_id: str) -> Decision | None:
        """Remove the decision on *finding_id* (undo); returns it, or None when there was none."""
        gone = self.forget_many([finding_id])
        return next((d for d in gone if d.finding_id == finding_id), gone[0] if gone else None)

    def forget_many(self, finding_ids: Iterable[str], videos: Iterable[str] | None = None) -> list[Decision]:
        """Remove the decisions on *finding_ids*, with the second parts of cross-chunk ones (undo of
        many at once); returns the decisions removed.

        One lock for all of them, and only the patch files that lose a line are rewritten. *videos*,
        when given, limits the files read to those videos' files: undoing an accept-all in a big
        corrections directory then reads the few files it wrote, not every file."""
        ids = set(finding_ids)
        ids |= {i + NEXT_PART for i in ids}
        if not ids:
            return []
        wanted = None if videos is None else {file_name(v) for v in videos}
        gone: list[Decision] = []
        with self._lock():
            for path in self.files():
                if wanted is not None and path.name not in wanted:
                    continue
                kept = read_file(path)
                rest = [d for d in kept if d.finding_id not in ids]
                if len(rest) == len(kept):
                    continue
                gone += [d for d in kept if d.finding_id in ids]
                if rest:
                    atomic_write_text(path, render(rest[0].video_id, rest))
                else:
                    os.unlink(path)
        return gone

    def _lock(self) -> "_Locked":
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise cannot_write(self.directory, exc) from None
        return _Locked(self.directory / LOCK_NAME)


class _Locked:
    """The corrections directory locked for one writer; a long wait is a clear error, not a hang.

    Where flock exists (POSIX) the lock is taken on the directory itself, so no lock file is made:
    the `.qa.lock` that FileLock leaves behind showed as a stray file in `git status` (it cannot
    delete it on release — a writer waiting on the deleted file's lock and one that creates the
    file anew would both hold "the" lock and lose each other's lines). The directory lives as long
    as its patch files, so every writer locks the same inode. Elsewhere (Windows) FileLock, which
    deletes its file itself there (an open file cannot be deleted, so that is safe)."""

    def __init__(self, path: Path, timeout: float = 120):
        self.path = path
        self.timeout = timeout
        self.fd: int | None = None
        self.lock = None if _flock else FileLock(str(path), timeout=timeout)

    def __enter__(self):
        if self.lock is None:
            self._flock()
            return self
        try:
            self.lock.acquire()
        except Timeout:
            raise InputError("another qa process holds the corrections lock; try again", file=self.path) from None
        except OSError as exc:  # a read-only corrections directory
            raise cannot_write(self.path, exc) from None
        return self

    def _flock(self) -> None:
        import time

        try:
            fd = os.open(self.path.parent, os.O_RDONLY)
        except OSError as exc:
            raise cannot_write(self.path.parent, exc) from None
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                _flock.flock(fd, _flock.LOCK_EX | _flock.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise InputError("another qa process holds the corrections lock; try again",
                                     file=self.path.parent) from None
                time.sleep(0.05)
            except BaseException:
                os.close(fd)
                raise
        self.fd = fd

    def __exit__(self, *exc) -> None:
        if self.lock is not None:
            self.lock.release()
        elif self.fd is not None:
            os.close(self.fd)  # (closing releases the flock)
            self.fd = None
