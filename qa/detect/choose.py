"""Choosing a video's findings: candidates scored in context, the best of overlapping spans kept.

Runs once per video, when all its records are in (the scoring needs what the whole video says).
"""

from __future__ import annotations

import heapq

from qa.detect.candidates import MAX_CONTEXT, Candidate, Tokens
from qa.detect.context import Scorer, VideoContext, zipf
from qa.findings import Finding
from qa.glossary import normalize
from qa.phonetics import spoken_phrase

CONTEXT_WORDS = 6
METHOD_RANK = {"exact": 4, "variant": 3, "phonetic": 2, "fuzzy": 1}
VARIANT_EDGE = 0.15

__all__ = ["choose_video"]


def choose_video(scorer: Scorer, records: list, video: VideoContext, kinds: set[str],
                 min_score: float) -> list[Finding]:
    """The findings of one whole video: each field's candidates scored in context, overlaps resolved."""
    out: list[Finding] = []
    for rec in records:
        for f in rec.fields:
            out.extend(_choose(scorer, video, kinds, min_score, rec, f))
    return out

def _choose(scorer: Scorer, video: VideoContext, kinds: set[str], min_score: float, rec, fld) -> list[Finding]:
    toks = fld.toks
    ext = toks
    if any(c.next_start is not None for c in fld.cands) and rec.next is not None:
        nf = next((f for f in rec.next.fields if f.name == fld.name), None)
        ext = toks + nf.toks if nf else toks
    heard_right: list[tuple[int, int, object]] = []  # spans heard right: (first, last, entry)
    # (score or None when not scored yet, candidate, kind, why, penalty)
    pending: list[tuple[float | None, Candidate, str, str, float]] = []
    for c in fld.cands:
        if c.kind == "mention":
            heard_right.append((c.first, c.last, c.entry))
            if fld.text[c.start:c.end] not in c.entry.correct_forms:
                pending.append((_normalization_score(fld.text[c.start:c.end]), c, "normalization",
                                f"{c.form.text!r} heard right; only case, spacing or hyphens differ", 0.0))
        elif c.heard_right:
            heard_right.append((c.first, c.last, c.entry))
            if c.next_start is None and fld.text[c.start:c.end] not in c.entry.correct_forms:
                pending.append((0.9, c, "normalization", c.why, 0.0))
    for c in fld.cands:
        if c.kind != "asr-error" or c.heard_right:
            continue
        penalty = 0.0
        for a, b, other in heard_right:
            if c.first < b and a < c.last:
                if other is c.entry or not (c.first <= a and b <= c.last) or (a, b) == (c.first, c.last):
                    break  # the term itself was heard right here, or the spans cross
                # contains another term heard right: a listed mishearing may ('masked language
                # muddling'), a sounds-alike only as an extension of it ('GPT to' for GPT-2)
                if c.method == "variant":
                    continue
                if not normalize(c.entry.term).startswith(normalize(other.term)) or c.sim < 0.9:
                    break
                penalty = 0.1
        else:
            pending.append((None, c, "asr-error", "", penalty))
    # Overlapping candidates: the best wins; a listed mishearing beats a sounds-alike of similar
    # score. Context scoring is the costly part, so candidates come off a heap ordered by an upper
    # bound of their score (prior + the most context can add) and are scored only when they reach
    # the top: one that overlaps a span already taken, or whose bound is below the threshold, is
    # dropped unscored. The order taken is that of sorting the scored list (ties by list order).
    heap: list[tuple] = []
    for seq, (s, c, kind, why, penalty) in enumerate(pending):
        if kind not in kinds:
            continue
        if s is None:
            bound = min(1.0, c.prior + MAX_CONTEXT) + 1e-9 - penalty
            if bound < min_score:
                continue
            heap.append((*_order(bound, c), seq, False))
        elif s >= min_score:
            heap.append((*_order(s, c), seq, True))
    heapq.heapify(heap)
    taken: list[tuple[int, int]] = []
    findings = []
    while heap:
        item = heapq.heappop(heap)
        seq, exact = item[3], item[4]
        s, c, kind, why, penalty = pending[seq]
        if any(c.first < b and a < c.last for a, b in taken):
            continue
        if not exact:
            s, why = scorer.score(c, ext, video)
            if penalty:
                s -= penalty
                why += "; contains a correctly heard term"
            if s < min_score:
                continue
            pending[seq] = (s, c, kind, why, penalty)
            heapq.heappush(heap, (*_order(s, c), seq, True))
            continue
        taken.append((c.first, c.last))
        findings.append(_finding(rec, fld, c, kind, s, why, ext))
    findings.sort(key=lambda f: f.start)
    return findings

def _finding(rec, fld, c: Candidate, kind: str, score: float, why: str,
             ext: Tokens) -> Finding:
    e = c.entry
    # the correct form that matched ('LSTMs', 'semi-supervised'), unless it only spells out the
    # term as said ('GPT two' for GPT-2): then the canonical term
    suggestion = c.form.text if c.form.correct and spoken_phrase(c.form.text) != spoken_phrase(e.term) else e.term
    suggestion = _plural_if_heard(suggestion, fld.text[c.start:c.end] if c.next_start is None else
                                  ext.words[c.last - 1], e)
    lo = max(0, c.first - CONTEXT_WORDS)
    n = len(fld.toks)
    if c.next_start is None:
        hi = min(n, c.last + CONTEXT_WORDS)
        context = fld.text[fld.toks[lo].start:fld.toks[hi - 1].end]
    else:
        nxt = next(f for f in rec.next.fields if f.name == fld.name)
        j = c.last - n
        context = (fld.text[fld.toks[lo].start:fld.toks[-1].end] + " | "
                   + nxt.text[:nxt.toks[min(len(nxt.toks), j + CONTEXT_WORDS) - 1].end])
        why += f"; continues in the next chunk ({rec.next.start_second}) as {nxt.text[c.next_start:c.next_end]!r}"
    return Finding(
        video_id=rec.video_id, start_second=rec.start_second, field=fld.name, start=c.start, end=c.end,
        found=fld.text[c.start:c.end], suggestion=suggestion, term=e.term, category=e.category, kind=kind,
        method="variant" if c.method == "variant" else ("fuzzy" if c.method == "fuzzy" else "phonetic")
        if kind == "asr-error" else ("variant" if c.method == "exact" else c.method),
        score=round(score, 3), context=context, reason=why,
        safe=bool(c.form.safe and c.method == "variant" and score >= 0.9),
        next_start_second=rec.next.start_second if c.next_start is not None and rec.next else None,
        next_start=c.next_start, next_end=c.next_end, file=rec.file, line=rec.line,
    )


def _order(score: float, c: Candidate) -> tuple[float, int, int]:
    return (-(score + (VARIANT_EDGE if c.method == "variant" else 0.0)), -(c.last - c.first),
            -METHOD_RANK.get(c.method, 0))


def _plural_if_heard(suggestion: str, heard: str, e) -> str:
    """'a gracie's' -> 'accuracies', not 'accuracy': a plural was heard, and the glossary spells it."""
    h, n = normalize(heard), normalize(suggestion)
    if not h.endswith("s") or n.endswith("s"):
        return suggestion
    plurals = {n + "s", n + "es", n[:-1] + "ies" if n.endswith("y") else n + "s"}
    for form in e.correct_forms:
        if normalize(form) in plurals:
            return form
    return suggestion


def _normalization_score(found: str) -> float:
    # 'fair' for FAIR, 'church' for Church: ordinary lowercase words are weak evidence of a term
    if found.islower() and found.isalpha() and zipf(found) >= 4.0:
        return 0.4
    return 0.9
