"""A finding: one probable ASR mistake in one field of one record.

Produced by `qa.detect`, stored by `qa scan`, decided on by `qa decide` / `qa review`.
Offsets are character offsets into the field's text (Python str indices), end exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("asr-error", "normalization")
METHODS = ("variant", "fuzzy", "phonetic")


def finding_id(video_id: str, start_second: str, field_name: str, start: int, end: int, suggestion: str) -> str:
    """Stable id: the same span and suggestion in the same record always get the same id."""
    key = "\x1f".join([video_id, str(start_second), field_name, str(start), str(end), suggestion])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass
class Finding:
    video_id: str
    start_second: str
    field: str
    start: int
    end: int
    found: str
    suggestion: str
    term: str
    category: str
    kind: str  # "asr-error" | "normalization"
    method: str  # "variant" | "fuzzy" | "phonetic"
    score: float
    context: str  # a few words either side, for people
    reason: str = ""  # why it was flagged / scored so (context rule, other occurrences, ...)
    safe: bool = False  # the variant that matched is marked safe in the glossary
    # A term split across two consecutive chunks: the second span lives in the next record.
    next_start_second: str | None = None
    next_start: int | None = None
    next_end: int | None = None
    file: str | None = None
    line: int | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            self.id = finding_id(self.video_id, self.start_second, self.field, self.start, self.end, self.suggestion)

    @property
    def cross_chunk(self) -> bool:
        return self.next_start_second is not None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        # the documented keys first, in the documented order
        order = ["id", "video_id", "start_second", "field", "start", "end", "found", "suggestion", "term",
                 "category", "kind", "method", "score", "context"]
        out = {k: d.pop(k) for k in order}
        out["score"] = round(float(out["score"]), 3)
        out.update(d)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})
