"""Precision and recall of findings against hand-labelled ASR errors (`qa eval`).

Gold lines: {"video_id", "start_second", "wrong" (verbatim substring of the text), "right", "category",
"confidence": "high"|"medium"}. Negatives: {"video_id", "start_second", "text", "why"} — correct words a
careless detector would flag.

A finding matches a gold error when it is in the same record, its span overlaps an occurrence of
`wrong`, and its suggestion equals `right` after lowercasing and dropping non-alphanumerics, or one
contains the other; a number counts as its words on either side ('top-5' is 'top five', 'GPT-3' 'GPT
three', '2080' 'two thousand eighty', 'twenty eighty' or 'two zero eight zero': `number_readings`). Recall counts high-confidence gold errors only; an asr-error finding that matches
no gold error (of any confidence) is a false alarm; precision = findings matching some gold error /
all asr-error findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from qa.errors import InputError, json_object
from qa.findings import Finding
from qa.glossary import normalize
from qa.phonetics import _ONES, _TENS  # (the number words the detector says numbers with)


@dataclass
class GoldError:
    video_id: str
    start_second: str
    wrong: str
    right: str
    category: str = ""
    confidence: str = "high"
    file: str | None = None
    line: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.video_id, self.start_second)


@dataclass
class Negative:
    video_id: str
    start_second: str
    text: str
    why: str = ""
    file: str | None = None
    line: int | None = None


@dataclass
class Evaluation:
    precision: float
    recall: float
    f1: float
    tp: int  # high-confidence gold errors found
    fp: int  # asr-error findings that match no gold error
    fn: int  # high-confidence gold errors missed
    findings: int = 0
    misses: list[GoldError] = field(default_factory=list)
    false_alarms: list[Finding] = field(default_factory=list)
    on_negatives: list[tuple[Finding, Negative]] = field(default_factory=list)
    matched: list[tuple[Finding, GoldError]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "findings": self.findings,
            "negatives_flagged": len(self.on_negatives),
            "misses": [{"video_id": g.video_id, "start_second": g.start_second, "wrong": g.wrong, "right": g.right}
                       for g in self.misses],
            "false_alarms": [{"video_id": f.video_id, "start_second": f.start_second, "found": f.found,
                              "suggestion": f.suggestion, "score": f.score, "method": f.method}
                             for f in self.false_alarms],
            "on_negatives": [{"video_id": f.video_id, "start_second": f.start_second, "found": f.found,
                              "suggestion": f.suggestion, "negative": n.text} for f, n in self.on_negatives],
        }


def _read_jsonl(path: Path, required: tuple[str, ...]) -> Iterable[tuple[int, dict]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None
    try:
        lines = data.decode("utf-8-sig").splitlines()  # (past a byte order mark)
    except UnicodeDecodeError as exc:
        # where, as the records' reader says it: the line and the byte
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", file=path,
                         line=data.count(b"\n", 0, exc.start) + 1) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        obj = json_object(line, file=path, line=n)
        for key in required:
            if not isinstance(obj.get(key), str):
                raise InputError(f"missing or non-string {key!r}", file=path, line=n)
        yield n, obj


def load_gold(path: Path) -> list[GoldError]:
    out = []
    for n, o in _read_jsonl(path, ("video_id", "start_second", "wrong", "right")):
        conf = o.get("confidence", "high")
        if conf not in ("high", "medium"):
            raise InputError(f"confidence must be 'high' or 'medium', got {conf!r}", file=path, line=n)
        out.append(GoldError(o["video_id"], o["start_second"], o["wrong"], o["right"], o.get("category", ""),
                             conf, str(path), n))
    if not out:
        # (an empty gold file, a download that failed, scored every finding a false alarm: "precision 0.000")
        raise InputError("no gold error in the file: nothing to measure against", file=path)
    return out


def load_negatives(path: Path) -> list[Negative]:
    return [Negative(o["video_id"], o["start_second"], o["text"], o.get("why", ""), str(path), n)
            for n, o in _read_jsonl(path, ("video_id", "start_second", "text"))]


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of *needle* in *text*, whole words preferred (so 'bird' is not found inside 'birds')."""
    if not needle:
        return []
    spans = [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]
    return spans


def suggestion_matches(suggestion: str, right: str) -> bool:
    """Equal or one inside the other, normalized (`qa.glossary.normalize`), any number read as words:
    a gold 'five' and a suggestion '5' name the same thing, and so did 'top five' and 'top-5'. Accents
    are folded first ('Rényi DP' is 'Renyi DP'): `normalize` keeps only ASCII letters, so it would drop
    the 'é' and leave two spellings of one name unequal."""
    suggestion, right = _folded(suggestion), _folded(right)
    return any(a and b and (a == b or a in b or b in a)
               for a in number_readings(suggestion) for b in number_readings(right))


def _folded(text: str) -> str:
    """*text* without its accents: a letter and the marks over it split (NFKD), the marks dropped."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_MAX_READINGS = 16  # (a text of many numbers: their readings multiply)


def cardinal(n: int) -> str:
    """*n* in words, as said without "and": 2080 'two thousand eighty'."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    for scale, name in _SCALES:
        if n >= scale:
            rest = n % scale
            return f"{cardinal(n // scale)} {name}" + (f" {cardinal(rest)}" if rest else "")
    raise AssertionError(n)


def _said(digits: str) -> set[str]:
    """How a run of digits is said: as one number, digit by digit, and a four-digit one in two pairs
    as years and model numbers are ('twenty eighty', 'nineteen oh five')."""
    ways = {" ".join(_ONES[int(d)] for d in digits)}
    if len(digits) <= 15 and not (digits.startswith("0") and len(digits) > 1):
        ways.add(cardinal(int(digits)))
    if len(digits) == 4 and digits[0] != "0" and digits[2] != "0":
        ways.add(f"{cardinal(int(digits[:2]))} {cardinal(int(digits[2:]))}")
    elif len(digits) == 4 and digits[0] != "0" and digits[2:] != "00":
        ways.add(f"{cardinal(int(digits[:2]))} oh {_ONES[int(digits[3])]}")
    elif len(digits) == 4 and digits[0] != "0" and digits[1] != "0":
        ways.add(f"{cardinal(int(digits[:2]))} hundred")
    return ways


def number_readings(text: str) -> set[str]:
    """`normalize(text)` with each number (digits, a decimal point) spelt out in each way it is said."""
    out = [""]
    pos = 0
    for m in _NUMBER.finditer(text):
        whole, _, frac = m.group().partition(".")
        ways = {w + (" point " + " ".join(_ONES[int(d)] for d in frac) if frac else "") for w in _said(whole)}
        out = [f"{o}{text[pos:m.start()]} {w} " for o in out for w in sorted(ways)][:_MAX_READINGS]
        pos = m.end()
    return {normalize(o + text[pos:]) for o in out}


def evaluate(findings: list[Finding], gold: list[GoldError], texts: dict[tuple[str, str], str],
             negatives: list[Negative] = ()) -> Evaluation:
    """*texts* maps (video_id, start_second) to the record's text, to locate gold and negative spans."""
    errors = [f for f in findings if f.kind == "asr-error"]
    by_record: dict[tuple[str, str], list[GoldError]] = {}
    for g in gold:
        by_record.setdefault(g.key, []).append(g)
    found_gold: set[int] = set()
    matched: list[tuple[Finding, GoldError]] = []
    false_alarms: list[Finding] = []
    correct = 0
    for f in errors:
        hit = None
        for g in by_record.get((f.video_id, f.start_second), []):
            spans = occurrences(texts.get(g.key, ""), g.wrong)
            if any(f.start < e and s < f.end for s, e in spans) and suggestion_matches(f.suggestion, g.right):
                hit = g
                found_gold.add(id(g))
        if hit is None:
            false_alarms.append(f)
        else:
            correct += 1
            matched.append((f, hit))
    high = [g for g in gold if g.confidence == "high"]
    tp = sum(1 for g in high if id(g) in found_gold)
    fn = len(high) - tp
    recall = tp / len(high) if high else 0.0
    precision = correct / len(errors) if errors else (1.0 if not high else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    on_neg = []
    for n in negatives:
        spans = occurrences(texts.get((n.video_id, n.start_second), ""), n.text)
        for f in errors:
            if (f.video_id, f.start_second) == (n.video_id, n.start_second) and \
                    any(f.start < e and s < f.end for s, e in spans):
                on_neg.append((f, n))
    return Evaluation(precision, recall, f1, tp, len(false_alarms), fn, len(errors),
                      misses=[g for g in high if id(g) not in found_gold], false_alarms=false_alarms,
                      on_negatives=on_neg, matched=matched)
