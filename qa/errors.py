"""Errors that end a command with a clear one-line message instead of a traceback.

`InputError` means the input cannot be used at all (exit 2). Violations found in usable
input are not errors: they are reported and give exit 1.
"""

from __future__ import annotations

import json
from pathlib import Path

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_UNUSABLE = 2


class QAError(Exception):
    """Base class: a message for people, and the exit code the CLI should use."""

    exit_code = EXIT_UNUSABLE

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        return f"{where}{self.message}"


class InputError(QAError):
    """A data, rules or corrections file that cannot be read at all (exit 2)."""


class UsageError(QAError):
    """Wrong flags or configuration (exit 2)."""


class OutputError(QAError):
    """An output (report, dataset, subtitles, patch file) that cannot be written (exit 2)."""


def cannot_write(path: str | Path, exc: OSError) -> OutputError:
    """*exc* from writing *path* (or making its directory) as one line naming *path*."""
    blocker = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return OutputError(f"cannot write: {blocker} is a file, not a directory", file=path)
    what = exc.strerror or str(exc)
    if exc.filename is not None and Path(exc.filename) != Path(path) and not Path(exc.filename).name.startswith("."):
        what += f" ({exc.filename})"  # (a parent that is a file, say; not our temporary sibling)
    return OutputError(f"cannot write: {what}", file=path)


def json_object(raw: str, *, file: str | Path, line: int) -> dict:
    """One line of a JSON Lines file that must hold an object, or an InputError naming FILE:LINE."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=file, line=line) from None
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object", file=file, line=line)
    return obj
