"""A finding: one probable ASR mistake in one field of one record.

Produced by `qa.detect`, stored by `qa scan`, decided on by `qa decide` / `qa review`.
Offsets are character offsets into the field's text (Python str indices), end exclusive.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

KINDS = ("asr-error", "normalization")
METHODS = ("variant", "fuzzy", "phonetic")


def finding_id(video_id: str, start_second: str, field_name: str, start: int, end: int, suggestion: str) -> str:
    """Stable id: the same span and suggestion in the same record always get the same id."""
    # (an f-string formats each part as str() does, in one step)
    key = f"{video_id}\x1f{start_second}\x1f{field_name}\x1f{start}\x1f{end}\x1f{suggestion}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(slots=True)
class Finding:
    # (qa.detect.choose builds findings with positional arguments, in this order). Slots: a scan
    # builds one per finding and writes it out once; slot attributes are set and read several times
    # faster than those in an instance dict, and a finding has no business holding other attributes.
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
        """The documented keys first, in the documented order, then the rest in field order.

        Written out by hand: dataclasses.asdict deep-copies every value and was the costliest step
        of writing a scan's output."""
        return {
            "id": self.id, "video_id": self.video_id, "start_second": self.start_second, "field": self.field,
            "start": self.start, "end": self.end, "found": self.found, "suggestion": self.suggestion,
            "term": self.term, "category": self.category, "kind": self.kind, "method": self.method,
            "score": round(float(self.score), 3), "context": self.context, "reason": self.reason,
            "safe": self.safe, "next_start_second": self.next_start_second, "next_start": self.next_start,
            "next_end": self.next_end, "file": self.file, "line": self.line,
        }

    def to_json(self) -> str:
        """`json.dumps(self.to_dict(), ensure_ascii=False)`, a few times faster (one per output line).

        Strings, ints, None and bools are written directly (json.encoder's own string escaping);
        any other value type takes the json module's path, so the text is always the same. The
        values findings share (video, record, field, term, category, kind, method, file, score)
        are escaped once and remembered (`_text`, `_score`): the escaping was half the cost."""
        s = self
        known = _KNOWN
        try:
            if type(s.start) is not int or type(s.end) is not int or type(s.safe) is not bool:
                raise TypeError
            score = s.score
            sc = _SCORES.get(score) if type(score) is float and score else None
            return (f'{{"id": {encode_basestring(s.id)}, '
                    f'"video_id": {known.get(s.video_id) or _text(s.video_id)}, '
                    f'"start_second": {known.get(s.start_second) or _text(s.start_second)}, '
                    f'"field": {known.get(s.field) or _text(s.field)}, '
                    f'"start": {s.start}, "end": {s.end}, "found": {encode_basestring(s.found)}, '
                    f'"suggestion": {known.get(s.suggestion) or _text(s.suggestion)}, '
                    f'"term": {known.get(s.term) or _text(s.term)}, '
                    f'"category": {known.get(s.category) or _text(s.category)}, '
                    f'"kind": {known.get(s.kind) or _text(s.kind)}, '
                    f'"method": {known.get(s.method) or _text(s.method)}, '
                    f'"score": {sc or _score(score)}, '
                    f'"context": {encode_basestring(s.context)}, "reason": {encode_basestring(s.reason)}, '
                    f'"safe": {"true" if s.safe else "false"}, '
                    # (most optional values are None: that test first saves a call per value)
                    f'"next_start_second": {"null" if s.next_start_second is None else _optional(s.next_start_second)}, '
                    f'"next_start": {"null" if s.next_start is None else _optional(s.next_start)}, '
                    f'"next_end": {"null" if s.next_end is None else _optional(s.next_end)}, '
                    f'"file": {"null" if s.file is None else known.get(s.file) or _text(s.file)}, '
                    f'"line": {_optional(s.line)}}}')
        except TypeError:  # a value of an unexpected type (encode_basestring takes str only)
            return _ENCODER.encode(self.to_dict())

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


_ENCODER = json.JSONEncoder(ensure_ascii=False)
INF = math.inf


_KNOWN: dict[str, str] = {}  # string -> its JSON text, for values many findings share
_SCORES: dict[float, str] = {}  # score -> its JSON text (rounded to 3 places)
KNOWN_LIMIT = 10_000  # each cleared when full: flat memory


def _text(value: Any) -> str:
    """JSON text of a str, remembered; TypeError for anything else (see `Finding.to_json`)."""
    if type(value) is not str:
        raise TypeError
    if len(_KNOWN) >= KNOWN_LIMIT:
        _KNOWN.clear()
    out = _KNOWN[value] = encode_basestring(value)
    return out


def _score(score: Any) -> str:
    """JSON text of a score rounded to 3 places (remembered for floats other than zero, whose sign
    the key would lose); TypeError when it is not finite."""
    rounded = round(score if type(score) is float else float(score), 3)
    if not -INF < rounded < INF:
        raise TypeError
    out = float.__repr__(rounded)
    if type(score) is float and score:
        if len(_SCORES) >= KNOWN_LIMIT:
            _SCORES.clear()
        _SCORES[score] = out
    return out


def _optional(value: Any) -> str:
    """JSON for a str, an int or None; TypeError for anything else (see `Finding.to_json`)."""
    if value is None:
        return "null"
    t = type(value)
    if t is int:
        return int.__repr__(value)
    if t is str:
        return encode_basestring(value)
    raise TypeError
