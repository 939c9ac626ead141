"""The registry of validation checks: a stable id, a short name, a default severity and one line of doc.

Ids never change meaning once published, so CI configurations (`disable`, severity overrides) and
SARIF rule ids stay valid across versions. Ranges: TQ0xx loading, TQ1xx one field, TQ2xx several
fields of one record, TQ3xx across records, TQ9xx the `qa check` gate's (other modules may `register` more).
`qa checks` prints this registry, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from qa.errors import UsageError

SEVERITIES = ("error", "warning")
_ID = re.compile(r"^TQ\d{3}$")


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    severity: str  # default; [tool.qa.severity] may override it
    description: str

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"check id {self.id!r} is not TQ followed by three digits")
        if self.severity not in SEVERITIES:
            raise ValueError(f"check {self.id}: severity must be one of {SEVERITIES}")


_REGISTRY: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check; registering the same check twice is harmless, reusing an id or name is not."""
    old = _REGISTRY.get(check.id)
    if old is not None and old != check:
        raise ValueError(f"check id {check.id} is already registered as {old.name!r}")
    for other in _REGISTRY.values():
        if other.name == check.name and other.id != check.id:
            raise ValueError(f"check name {check.name!r} is already used by {other.id}")
    _REGISTRY[check.id] = check
    return check


def all_checks() -> list[Check]:
    return sorted(_REGISTRY.values(), key=lambda c: c.id)


def get(ref: str) -> Check:
    """Look a check up by id (``TQ101``, case-insensitive) or name (``video-id-format``)."""
    key = ref.strip()
    if key.upper() in _REGISTRY:
        return _REGISTRY[key.upper()]
    for check in _REGISTRY.values():
        if check.name == key.lower():
            return check
    raise UsageError(f"unknown check {ref!r} (see `qa checks`)")


def resolve(
    *, severity: dict[str, str] | None = None, disable: Iterable[str] = ()
) -> tuple[dict[str, Check], set[str]]:
    """Checks with severity overrides applied, and the ids switched off.

    Overrides and disabled entries may name checks by id or name; an unknown one is a usage error
    (a typo in CI configuration must not silently switch a check off).
    """
    checks = dict(_REGISTRY)
    for ref, level in (severity or {}).items():
        check = get(ref)
        level = str(level).lower()
        if level in ("off", "none", "disable", "disabled"):
            disable = [*disable, check.id]
            continue
        if level not in SEVERITIES:
            raise UsageError(f"severity of {ref} must be 'error', 'warning' or 'off', not {level!r}")
        checks[check.id] = replace(check, severity=level)
    if isinstance(disable, str):
        disable = [disable]
    return checks, {get(ref).id for ref in disable}


def _c(id: str, name: str, severity: str, description: str) -> Check:
    return register(Check(id, name, severity, description))


# --- loading (qa.records reports these) ----------------------------------------------------------
MALFORMED = _c("TQ001", "malformed-record", "error", "A line or array item is not a JSON object; the other records are still validated.")
WRONG_TYPE = _c("TQ002", "wrong-type", "error", "A field holds a number, boolean, array or object instead of a string (--coerce accepts integer seconds).")
MISSING_COLUMN = _c("TQ003", "missing-column", "error", "A file lacks one of the nine dataset columns.")
UNEXPECTED_COLUMN = _c("TQ004", "unexpected-column", "warning", "A file has a column that is not one of the nine dataset columns.")
REPEATED_KEY = _c("TQ005", "repeated-key", "error", "A JSON object names a key twice (readers disagree on which value counts).")

# --- one field -----------------------------------------------------------------------------------
FIELD_MISSING = _c("TQ100", "field-missing", "error", "A record has no value (null or absent key) for a column its file has.")
VIDEO_ID = _c("TQ101", "video-id-format", "error", "video_id is 11 characters of A-Z a-z 0-9 _ -.")
TITLE_LONG = _c("TQ102", "title-too-long", "error", "title is at most 100 characters.")
TITLE_EMPTY = _c("TQ103", "title-empty", "warning", "title is empty or only whitespace.")
TEXT_EMPTY = _c("TQ104", "text-empty", "error", "text is empty or only whitespace.")
TEXT_CONTROL = _c("TQ105", "text-control-character", "error", "text contains no control characters (U+0000-U+001F, U+007F-U+009F).")
TEXT_SPACE = _c("TQ106", "text-whitespace", "warning", "text has no leading or trailing whitespace.")
TIMESTAMP = _c("TQ107", "timestamp-format", "error", "start_timestamp/end_timestamp are HH:MM:SS with ASCII digits and MM, SS < 60.")
SECONDS = _c("TQ108", "seconds-format", "error", "start_second/end_second are strings of 1-9 ASCII digits.")
URL = _c("TQ109", "url-format", "error", "url is https://www.youtube.com/watch?v=<video_id>&t=<seconds>s.")
THUMBNAIL = _c("TQ110", "thumbnail-format", "error", "thumbnail is https://i.ytimg.com/vi/<video_id>/<name>.jpg.")
THUMBNAIL_EMPTY = _c("TQ111", "thumbnail-empty", "warning", "thumbnail is empty.")
THUMBNAIL_ELIDED = _c("TQ112", "thumbnail-elided", "error", "thumbnail is not shortened with an ellipsis ('…' or '...').")

# --- several fields of one record ----------------------------------------------------------------
TIMESTAMP_SECONDS = _c("TQ201", "timestamp-matches-seconds", "error", "start_timestamp/end_timestamp equal start_second/end_second.")
END_AFTER_START = _c("TQ202", "end-after-start", "error", "end_second is greater than start_second.")
URL_MATCHES = _c("TQ203", "url-matches-record", "error", "url's video id and t= agree with video_id and start_second.")
THUMBNAIL_MATCHES = _c("TQ204", "thumbnail-matches-video", "error", "thumbnail's video id agrees with video_id.")

# --- across records ------------------------------------------------------------------------------
DUPLICATE_KEY = _c("TQ301", "duplicate-key", "error", "No two records share (video_id, start_second).")
GAP = _c("TQ302", "chunk-gap", "error", "Per video, a chunk starts where the previous one ends (gap size reported; gap_tolerance).")
OVERLAP = _c("TQ303", "chunk-overlap", "error", "Per video, a chunk does not start before the previous one ends (overlap size reported; gap_tolerance).")
TITLE_PER_VIDEO = _c("TQ304", "one-title-per-video", "error", "All records of a video have the same title.")

# --- the `qa check` gate (run by qa.gate) --------------------------------------------------------
# Declared here, not in qa.gate, so every command knows them: `[tool.qa] disable` is shared by
# `qa validate` and `qa check`, and `disable = ["TQ901"]` made `qa validate` exit 2 ("unknown check")
# because only `qa check` had imported the module that registered it.
RULE_EXAMPLE = _c("TQ901", "rule-example-failed", "error",
                  "Every glossary entry's flag and allow examples pass and the glossary data is clean (`qa rules test`).")
PATCH_CONFLICT = _c("TQ902", "patch-conflict", "error",
                    "Every decision in the corrections directory applies: its words are still there and it overlaps no other.")
TOO_MANY_OPEN = _c("TQ903", "too-many-open", "error",
                   "No more than --max-open asr-error findings are left without a decision.")
