"""Atomic file writes: temp file in the same directory, fsync, rename.

A reader never sees a half-written file, and an interrupted run leaves the old file intact. A place
that cannot be written (a missing permission, a parent that is a file, a full disk) is an
`OutputError`: one line naming the file and exit 2, not a traceback. A device or a pipe (`-o
/dev/null`, a named pipe) is written in place: it has no old contents to keep, and a rename would
replace it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from qa.errors import cannot_write


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8", *,
                sync_dir: bool = True) -> Iterator[IO]:
    """Open a temporary sibling of *path* for writing; on success it replaces *path*.

    *sync_dir* False leaves the directory's fsync (which makes the rename itself durable) to the
    caller: `atomic_write_files` does it once for many files."""
    path = Path(path)
    kw = {} if "b" in mode else {"encoding": encoding, "newline": ""}
    if _special(path):
        # a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a named pipe) is written where it is:
        # a rename would put a regular file in its place (for root, /dev/null itself), and there is
        # no old file to keep intact
        try:
            fh = open(path, mode, **kw)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        with fh:
            yield fh
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as exc:  # a full disk shows here
                raise cannot_write(path, exc) from None
        try:
            if path.exists():
                # keep the permissions of the file we replace
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except OSError as exc:  # e.g. *path* is a directory
            raise cannot_write(path, exc) from None
        if sync_dir:
            _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _special(path: Path) -> bool:
    """Whether *path* (its link followed) is something other than a regular file or a directory:
    a character device, a FIFO or a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb", encoding=None) as fh:
        fh.write(data)


def atomic_write_files(files: Iterable[tuple[str | Path, str]]) -> list[Path]:
    """Write each (path, text) atomically, as `atomic_write_text`, syncing each directory once at
    the end rather than after every file (a subtitle export writes one file per video: two fsyncs
    a file were most of its time). Returns the paths written, in order."""
    written: list[Path] = []
    dirs: dict[Path, None] = {}
    for path, text in files:
        path = Path(path)
        with atomic_open(path, "w", sync_dir=False) as fh:
            fh.write(text)
        written.append(path)
        dirs[path.parent] = None
    for directory in dirs:
        _fsync_dir(directory)
    return written


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
