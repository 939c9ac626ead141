"""Apply (and reverse) decisions to field texts that may have changed since the decisions were made.

Like GNU patch: a decision applies exactly when the field text is the one it was made against (its
hash matches); otherwise its original words are searched for with the context around them, dropping
context words from the outside in (fuzz) and taking the occurrence nearest the old offset. The
original words themselves must match exactly, so a decision never lands on different words: when
they are gone, it is a conflict. Two changing decisions whose spans overlap are a conflict as well.

Applying is idempotent: a text that already holds the replacement in the decision's context is left
alone ("already"). Reversing swaps the roles of original and replacement, which restores the source
exactly because only the decided spans are ever touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import polars as pl

from qa.patches import NEXT_PART, Decision, text_hash

# outcome statuses
EXACT = "exact"  # the field text is the one decided on; applied at the recorded span
RELOCATED = "relocated"  # found by words and context elsewhere in a changed text; applied there
ALREADY = "already"  # the text already reads as the decision wants; nothing to do
CONFLICT = "conflict"  # not applied: words gone, overlapping decisions, record missing
KEPT = "kept"  # a reject whose words are still there (nothing to apply)
STALE = "stale"  # a reject whose words are gone (nothing to apply, but worth knowing)
ABSENT = "absent"  # the decision's video is not in the input at all (another dataset's decision)


@dataclass
class Outcome:
    decision: Decision
    status: str
    start: int | None = None  # span in the input text where it applied
    end: int | None = None
    fuzz: int = 0  # context words that had to be dropped to find it
    reason: str = ""

    @property
    def conflict(self) -> bool:
        return self.status == CONFLICT

    def describe(self) -> str:
        d = self.decision
        where = f"{d.video_id} {d.start_second} {d.field}"
        what = f"{d.original!r} -> {d.replacement!r}" if d.changes_text else f"{d.original!r} (rejected)"
        src = f" [{d.file}:{d.line}]" if d.file else ""
        return f"{where}: {what}: {self.reason}{src}"


@dataclass
class ApplyResult:
    frame: pl.DataFrame
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == CONFLICT]

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def changed(self) -> int:
        return self.count(EXACT) + self.count(RELOCATED)


# --- one field -----------------------------------------------------------------------------------


def apply_text(text: str, decisions: Sequence[Decision], *, reverse: bool = False) -> tuple[str, list[Outcome]]:
    """*text* with the changing decisions applied (or reversed), and what happened to each decision."""
    outcomes: list[Outcome] = []
    changing: list[Decision] = []
    seen: set[tuple] = set()
    for d in decisions:
        if not d.changes_text:
            outcomes.append(_locate_reject(text, d))
            continue
        ident = (d.start, d.end, d.original, d.replacement, d.text_hash)
        if ident in seen:  # the same change recorded twice (e.g. two findings, one span): apply once
            outcomes.append(Outcome(d, ALREADY, reason="duplicate of another decision"))
            continue
        seen.add(ident)
        changing.append(d)

    current = text_hash(text)
    groups: dict[str, list[Decision]] = {}
    for d in changing:
        groups.setdefault(d.text_hash, []).append(d)
    located: list[Outcome] = []
    for h, group in groups.items():
        group.sort(key=lambda d: (d.start, d.end))
        offsets = _corrected_offsets(group)
        if h == current:
            for d in group:
                if reverse:
                    located.append(Outcome(d, ALREADY, reason="text is the original"))
                elif text[d.start:d.end] == d.original:
                    located.append(Outcome(d, EXACT, d.start, d.end))
                else:
                    located.append(Outcome(d, CONFLICT, reason=f"hash matches but {d.original!r} is not at {d.start}:{d.end}"))
        elif offsets is not None and _reads_corrected(text, group, offsets):
            for d, c in zip(group, offsets):
                if reverse:
                    located.append(Outcome(d, EXACT, c, c + len(d.replacement or "")))
                else:
                    located.append(Outcome(d, ALREADY, reason="already applied"))
        else:
            for d, c in zip(group, offsets or [d.start for d in group]):
                located.append(_relocate(text, d, group, c, reverse))

    todo = sorted((o for o in located if o.status in (EXACT, RELOCATED)), key=_splice_order)
    same: dict[tuple, Outcome] = {}
    for o in sorted(todo, key=lambda o: o.status != EXACT):  # one change decided twice (e.g. before and after the source was edited): once
        first = same.setdefault((o.start, o.end, o.decision.original, o.decision.replacement), o)
        if first is not o and _same_change(first.decision, o.decision):
            o.status, o.reason = ALREADY, "duplicate of another decision"
    todo = [o for o in todo if o.status != ALREADY]
    for a, b in zip(todo, todo[1:]):
        if _clash(a, b):
            for o, other in ((a, b), (b, a)):
                o.status = CONFLICT
                o.reason = f"overlaps another decision on {other.decision.original!r} at {other.start}:{other.end}"
    out = text
    # from the end, so earlier spans keep their offsets; an insertion at p goes before a span starting at p
    for o in sorted((o for o in located if o.status in (EXACT, RELOCATED)), key=_splice_order, reverse=True):
        new = o.decision.original if reverse else (o.decision.replacement or "")
        out = out[: o.start] + new + out[o.end:]
    return out, outcomes + located


def _splice_order(o: Outcome) -> tuple[int, int, int]:
    # spans that meet at one point keep the order they had in the text decided on
    return (o.start, o.end, o.decision.start)


def _same_change(a: Decision, b: Decision) -> bool:
    """Two decisions met at one place are one change decided twice, unless they were made on the same
    text at different places: two deletions side by side both reverse to one point, and both count."""
    return a.text_hash != b.text_hash or a.start == b.start


def _clash(a: Outcome, b: Outcome) -> bool:
    if a.start == a.end == b.start == b.end:
        # two empty spans at one point (e.g. two deletions reversed): fine when the text decided on
        # orders them, a guess otherwise
        return a.decision.text_hash != b.decision.text_hash or a.decision.start == b.decision.start
    return _overlap(a.start, a.end, b.start, b.end)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Spans share characters, or are two insertions at one point (their order would be a guess)."""
    return (a_start < b_end and b_start < a_end) or a_start == a_end == b_start == b_end


def _corrected_offsets(group: list[Decision]) -> list[int] | None:
    """Where each decision's span starts once all of the group is applied (None if spans overlap)."""
    offsets, delta = [], 0
    for i, d in enumerate(group):
        if i and _overlap(group[i - 1].start, group[i - 1].end, d.start, d.end):
            return None
        offsets.append(d.start + delta)
        delta += len(d.replacement or "") - (d.end - d.start)
    return offsets


def _reads_corrected(text: str, group: list[Decision], offsets: list[int]) -> bool:
    for d, c in zip(group, offsets):
        before, after = _corrected_context(d, group)
        r = d.replacement or ""
        if c < len(before) or text[c - len(before):c] != before:
            return False
        if text[c:c + len(r)] != r or text[c + len(r):c + len(r) + len(after)] != after:
            return False
    return True


def _corrected_context(d: Decision, group: Sequence[Decision]) -> tuple[str, str]:
    """d's context as it reads after the other decisions of its group are applied."""
    lo, hi = d.start - len(d.before), d.end + len(d.after)
    before, pos = "", lo
    for s in group:
        if s is d or s.end <= lo or s.start >= d.start:
            continue
        if s.start < lo:  # straddles the outer edge: keep only the context after it
            before, pos = "", min(s.end, d.start)
            continue
        before += d.before[pos - lo:s.start - lo] + (s.replacement or "")
        pos = s.end
    before += d.before[pos - lo:] if pos <= d.start else ""
    after, pos = "", d.end
    for s in group:
        if s is d or s.start < d.end or s.start >= hi:
            continue
        after += d.after[pos - d.end:s.start - d.end]
        if s.end > hi:  # straddles the outer edge: context stops there
            return before, after
        after += s.replacement or ""
        pos = s.end
    return before, after + d.after[pos - d.end:]


# --- relocation ----------------------------------------------------------------------------------


def _relocate(text: str, d: Decision, group: list[Decision], corrected_at: int, reverse: bool) -> Outcome:
    original, replacement = d.original, d.replacement or ""
    raw = (d.before, d.after)
    corrected = _corrected_context(d, group)
    # The words to change may stand in either state of their neighbours (some applied, some not).
    # The words showing the decision done are trusted only in the context the whole group leaves
    # behind: a short replacement ("a") met in the old context is too easily a coincidence.
    if reverse:
        todo = (replacement, corrected_at, True, [corrected, raw])
        done = (original, d.start, False, [raw])
    else:
        todo = (original, d.start, True, [raw, corrected])
        done = (replacement, corrected_at, False, [corrected])
    hit = _search(text, [todo, done])
    if hit is None:
        gone = "replacement" if reverse else "original words"
        return Outcome(d, CONFLICT, reason=f"{gone} {todo[0]!r} not found between {d.before[-30:]!r} and {d.after[:30]!r}")
    start, end, applies, fuzz = hit
    if not applies:
        return Outcome(d, ALREADY, start, end, fuzz, reason="already applied" if not reverse else "already reversed")
    return Outcome(d, RELOCATED, start, end, fuzz, reason=f"offset {start - todo[1]:+d}, fuzz {fuzz}")


def _locate_reject(text: str, d: Decision) -> Outcome:
    if text_hash(text) == d.text_hash and text[d.start:d.end] == d.original:
        return Outcome(d, KEPT, d.start, d.end)
    hit = _search(text, [(d.original, d.start, True, [(d.before, d.after)])])
    if hit is None:
        return Outcome(d, STALE, reason=f"rejected words {d.original!r} no longer in the text")
    return Outcome(d, KEPT, hit[0], hit[1], hit[3])


Target = tuple[str, int, bool, list[tuple[str, str]]]  # words, expected offset, applies?, contexts


def _search(text: str, targets: list[Target]) -> tuple[int, int, bool, int] | None:
    """Nearest occurrence of a target in its context, with the least context dropped (GNU patch fuzz).

    At least one context word must still match, unless the decision had no context at all."""
    plans = []
    for words, expected, applies, contexts in targets:
        if words and words not in text:
            continue  # cheap: the exact words are required, so most misses end here
        for before, after in dict.fromkeys(contexts):
            plans.append((words, expected, applies, _before_cuts(before), _after_cuts(after), before, after))
    if not plans:
        return None
    most = max(len(bc) + len(ac) - 2 for _, _, _, bc, ac, _, _ in plans)
    for dropped in range(most + 1):
        best = None
        for words, expected, applies, bcuts, acuts, before, after in plans:
            nb, na = len(bcuts) - 1, len(acuts) - 1
            for db in range(min(dropped, nb) + 1):
                da = dropped - db
                if da > na or (nb + na > 0 and nb + na - dropped < 1):
                    continue
                rx = _pattern(bcuts[nb - db], words, acuts[na - da], before, after)
                for m in rx.finditer(text):
                    pos = m.start("t")
                    cand = (abs(pos - expected), applies, pos, pos + len(words), dropped)
                    if best is None or cand < best:
                        best = cand
        if best is not None:
            return best[2], best[3], best[1], best[4]
    return None


def _before_cuts(before: str) -> list[str]:
    """Kept context for 0, 1, ... all words before the span (the innermost words are kept longest)."""
    starts = [m.start() for m in re.finditer(r"\S+", before)]
    return [""] + [before[s:] for s in reversed(starts[1:])] + ([before] if starts else [])


def _after_cuts(after: str) -> list[str]:
    ends = [m.end() for m in re.finditer(r"\S+", after)]
    return [""] + [after[:e] for e in ends[:-1]] + ([after] if ends else [])


def _flex(s: str) -> str:
    """A regex for *s* that tolerates changed whitespace between its words."""
    return "".join(r"\s+" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", s) if part)


def _pattern(bk: str, target: str, ak: str, before: str, after: str) -> re.Pattern:
    left = ""
    if target and not bk and re.match(r"\w", target) and not re.search(r"\w$", before):
        left = r"(?<!\w)"  # the words were not part of a longer word then; they must not be now
    right = ""
    if target and not ak and re.search(r"\w$", target) and not re.match(r"\w", after):
        right = r"(?!\w)"
    body = _flex(bk) + left + "(?P<t>" + re.escape(target) + ")" + right + _flex(ak)
    return re.compile("(?=" + body + ")")


# --- which finding a decision was made on ------------------------------------------------------


def decided_findings(findings: Iterable, texts: dict[tuple[str, str, str], str],
                     decisions: Iterable[Decision]) -> dict[str, Decision]:
    """Finding id -> the decision made on it: by its id, else one made on the same words before the
    record's text changed.

    A finding's id hashes its offsets, so an edit earlier in the field (a typo fixed upstream, a
    re-export) gives the same words a new id; matched by id alone, every decision after the edit came
    back as open in `qa review`, `qa status` and `qa check --max-open`. The old decision is found where
    `qa apply` would find it (its words in their context, nearest the old offset) and counts when it
    covers the finding's span. *texts* holds the current field texts, keyed as in `qa.patches`."""
    findings = list(findings)
    by_id = {d.finding_id: d for d in decisions if d.finding_id}
    out = {f.id: by_id[f.id] for f in findings if f.id in by_id}
    ids = {f.id for f in findings}
    loose: dict[tuple[str, str, str], list[Decision]] = {}
    for d in by_id.values():
        if d.finding_id not in ids and not d.finding_id.endswith(NEXT_PART):
            loose.setdefault((d.video_id, str(d.start_second), d.field), []).append(d)
    if not loose:
        return out
    for f in findings:
        key = (f.video_id, str(f.start_second), f.field)
        if f.id in out or key not in loose or key not in texts:
            continue
        text = texts[key]
        for d in loose[key]:
            span = _located(text, d)
            if span is not None and span[0] <= f.start and f.end <= span[1]:
                out[f.id] = d
                break
    return out


def _located(text: str, d: Decision) -> tuple[int, int] | None:
    """Where the words *d* was made on stand in *text* now (None when they are gone)."""
    if text_hash(text) == d.text_hash:
        return (d.start, d.end) if text[d.start:d.end] == d.original else None
    hit = _search(text, [(d.original, d.start, True, [(d.before, d.after)])])
    return None if hit is None else (hit[0], hit[1])


# --- datasets ------------------------------------------------------------------------------------


def _spans(rows: dict[tuple[str, str], list[int]]) -> dict[str, tuple[float, float]]:
    """Per video, the first and last start second of its records in the input (those that are numbers)."""
    out: dict[str, tuple[float, float]] = {}
    for vid, sec in rows:
        t = _number(sec)
        if t is not None:
            lo, hi = out.get(vid, (t, t))
            out[vid] = (min(lo, t), max(hi, t))
    return out


def _beyond(key: tuple[str, str], spans: dict[str, tuple[float, float]]) -> bool:
    """Whether the record *key* names would come before the first or after the last of its video's
    records in the input. A dataset kept in shards cuts a video where one file ends: applied a file
    at a time, the decisions on its records in the next file were conflicts ("no such record"), so
    every shard needed --skip-conflicts, which then also skipped the real ones. A record missing from
    between the video's records here (re-chunked, deleted) is still a conflict."""
    t, span = _number(key[1]), spans.get(key[0])
    return t is not None and span is not None and not span[0] <= t <= span[1]


def _number(value: str | None) -> float | None:
    try:
        t = float(value) if value is not None else None
    except ValueError:
        return None
    return t if t is not None and t == t and abs(t) != float("inf") else None


def apply_frame(frame: pl.DataFrame, decisions: Iterable[Decision], *, reverse: bool = False) -> ApplyResult:
    """*frame* with *decisions* applied to the records they name (matched by video_id, start_second)."""
    by_record: dict[tuple[str, str], list[Decision]] = {}
    for d in decisions:
        by_record.setdefault((d.video_id, d.start_second), []).append(d)
    result = ApplyResult(frame)
    if not by_record:
        return result
    videos = set(frame.get_column("video_id").drop_nulls().unique().to_list())
    rows: dict[tuple[str, str], list[int]] = {}
    keys = frame.select("video_id", "start_second").with_row_index("_i")
    wanted = keys.filter(pl.col("video_id").is_in(list({v for v, _ in by_record})))
    for i, vid, sec in wanted.iter_rows():
        rows.setdefault((vid, sec), []).append(i)
    spans = _spans(rows)
    updates: dict[str, dict[int, str]] = {}
    for key, group in sorted(by_record.items()):
        if key[0] not in videos:
            result.outcomes += [Outcome(d, ABSENT, reason="video not in the input") for d in group]
            continue
        if key not in rows:
            if _beyond(key, spans):
                # the video goes on in another file: a dataset in shards, applied a shard at a time
                result.outcomes += [Outcome(d, ABSENT, reason="record not in the input (past the video's records "
                                                              "here: in another file?)") for d in group]
                continue
            result.outcomes += [
                Outcome(d, CONFLICT if d.changes_text else STALE, reason="no such record in the input")
                for d in group
            ]
            continue
        by_field: dict[str, list[Decision]] = {}
        for d in group:
            by_field.setdefault(d.field, []).append(d)
        for name, ds in by_field.items():
            if name not in frame.columns or name.startswith("_"):
                result.outcomes += [Outcome(d, CONFLICT, reason=f"no field {name!r}") for d in ds]
                continue
            for i in rows[key]:
                value = updates.get(name, {}).get(i, frame[name][i])
                if value is None:
                    result.outcomes += [Outcome(d, CONFLICT, reason=f"{name} is null") for d in ds]
                    continue
                new, outcomes = apply_text(value, ds, reverse=reverse)
                result.outcomes += outcomes
                if new != value:
                    updates.setdefault(name, {})[i] = new
    if updates:
        cols = []
        for name, changes in updates.items():
            idx = list(changes)
            cols.append(frame[name].scatter(idx, [changes[i] for i in idx]))
        result.frame = frame.with_columns(cols)
    return result
