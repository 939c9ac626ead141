"""Choosing a video's findings: candidates scored in context, the best of overlapping spans kept.

Runs once per video, when all its records are in (the scoring needs what the whole video says).
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush

from qa.detect.candidates import MAX_CONTEXT, Candidate, Tokens
from qa.detect.context import Nearby, Scorer, VideoContext, zipf
from qa.findings import Finding
from qa.glossary import normalize
from qa.phonetics import spoken_phrase

CONTEXT_WORDS = 6
METHOD_RANK = {"exact": 4, "variant": 3, "phonetic": 2, "fuzzy": 1}
VARIANT_EDGE = 0.15
MEMO_LIMIT = 100_000  # (form, heard words) suggestions remembered; cleared when full: flat memory

__all__ = ["choose_video"]


def choose_video(scorer: Scorer, records: list, video: VideoContext, kinds: set[str],
                 min_score: float) -> list[Finding]:
    """The findings of one whole video: each field's candidates scored in context, overlaps resolved."""
    out: list[Finding] = []
    for rec in records:
        for f in rec.fields:
            if f.cands:
                out.extend(_choose(scorer, video, kinds, min_score, rec, f))
    return out


def _choose(scorer: Scorer, video: VideoContext, kinds: set[str], min_score: float, rec, fld) -> list[Finding]:
    cands = fld.cands
    text = fld.text
    rules = scorer._rules
    want_norm = "normalization" in kinds
    # spans heard right: (first, last, entry); they veto or mark overlapping asr-error candidates
    heard_right: list[tuple[int, int, object]] = []
    # (score or None when not scored yet, candidate, kind, why, penalty); only kinds asked for, in
    # the order of the candidates (normalizations first), which breaks ties between equal scores
    pending: list[tuple[float | None, Candidate, str, str, float]] = []
    cross = False
    for c in cands:
        if c.next_start is not None:
            cross = True
        kind = c.kind
        if kind == "mention":
            heard_right.append((c.first, c.last, c.entry))
            if want_norm:
                found = text[c.start:c.end]
                if found not in (rules.get(id(c.entry)) or scorer.rules(c.entry)).correct_forms:
                    pending.append((_normalization_score(found), c, "normalization",
                                    f"{c.form.text!r} heard right; only case, spacing or hyphens differ", 0.0))
        elif c.heard_right:
            heard_right.append((c.first, c.last, c.entry))
            if want_norm and c.next_start is None and \
                    text[c.start:c.end] not in (rules.get(id(c.entry)) or scorer.rules(c.entry)).correct_forms:
                pending.append((0.9, c, "normalization", c.why, 0.0))
    if "asr-error" in kinds:
        for c in cands:
            if c.kind != "asr-error" or c.heard_right:
                continue
            # the most context can add does not reach the threshold (a penalty only lowers it more)
            if min(1.0, c.prior + MAX_CONTEXT) + 1e-9 < min_score:
                continue
            penalty = 0.0
            first, last = c.first, c.last
            for a, b, other in heard_right:
                if first < b and a < last:
                    if other is c.entry or not (first <= a and b <= last) or (a == first and b == last):
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
    if not pending:
        return []
    ext = fld.toks
    if cross and rec.next is not None:
        # context windows then run on into the next chunk, for every candidate of the field
        nf = next((f for f in rec.next.fields if f.name == fld.name), None)
        if nf:
            ext = ext + nf.toks
    # Overlapping candidates: the best wins; a listed mishearing beats a sounds-alike of similar
    # score. Context scoring is the costly part, so candidates come off a heap ordered by an upper
    # bound of their score and are scored only when they reach the top, in two steps: the bound is
    # first the prior plus the most context can add (state 0), then `Scorer.upper`, everything but
    # the require-word search (state 1), then the score (state 2). One that overlaps a span already
    # taken, or whose bound is below the threshold, is dropped unscored. Every bound is at least the
    # score, so the order taken is that of sorting the scored list (ties by list order).
    heap: list[tuple] = []
    rank = METHOD_RANK.get
    for seq, (s, c, kind, why, penalty) in enumerate(pending):
        if s is None:
            s = min(1.0, c.prior + MAX_CONTEXT) + 1e-9 - penalty
            if s < min_score:
                continue
            state = 0
        elif s >= min_score:
            state = 2
        else:
            continue
        heap.append((-(s + (VARIANT_EDGE if c.method == "variant" else 0.0)), c.first - c.last,
                     -rank(c.method, 0), seq, state))
    heapify(heap)
    taken: list[tuple[int, int]] = []
    kept: list[tuple[Candidate, str, float, int]] = []  # (candidate, kind, score, seq)
    near: Nearby | None = None
    upper = scorer.upper
    value = scorer.value
    while heap:
        item = heappop(heap)
        seq = item[3]
        s, c, kind, why, penalty = pending[seq]
        first, last = c.first, c.last
        for a, b in taken:
            if first < b and a < last:
                break
        else:
            state = item[4]
            if state == 2:
                taken.append((first, last))
                kept.append((c, kind, s, seq))
                continue
            if state == 0:
                s, exact = upper(c, ext, video)
                state = 2 if exact else 1
            else:
                if near is None:
                    near = Nearby(ext.words)
                s = value(c, ext, video, near)
                state = 2
            if penalty:
                s -= penalty
            if s < min_score:
                continue
            if state == 2:
                pending[seq] = (s, c, kind, why, penalty)
            heappush(heap, (-(s + (VARIANT_EDGE if c.method == "variant" else 0.0)), item[1], item[2], seq, state))
    if not kept:
        return []
    kept.sort(key=lambda k: k[0].start)
    findings = []
    for c, kind, s, seq in kept:
        why = pending[seq][3]
        if kind == "asr-error":
            # the words are only worth building for what is reported
            if near is None:
                near = Nearby(ext.words)
            why = scorer.reasons(c, ext, video, near)
            if pending[seq][4]:
                why += "; contains a correctly heard term"
        findings.append(_finding(scorer, rec, fld, c, kind, s, why, ext))
    return findings


def _finding(scorer: Scorer, rec, fld, c: Candidate, kind: str, score: float, why: str,
             ext: Tokens) -> Finding:
    e = c.entry
    text = fld.text
    heard = text[c.start:c.end] if c.next_start is None else ext.words[c.last - 1]
    suggestion = _suggestion(c.form, heard)
    toks = fld.toks
    spans = toks.spans
    lo = c.first - CONTEXT_WORDS if c.first > CONTEXT_WORDS else 0
    n = len(spans)
    if c.next_start is None:
        hi = c.last + CONTEXT_WORDS if c.last + CONTEXT_WORDS < n else n
        context = text[spans[lo][0]:spans[hi - 1][1]]
        next_start_second = None
    else:
        nxt = next(f for f in rec.next.fields if f.name == fld.name)
        j = c.last - n
        context = (text[spans[lo][0]:spans[-1][1]] + " | "
                   + nxt.text[:nxt.toks.spans[min(len(nxt.toks), j + CONTEXT_WORDS) - 1][1]])
        why += f"; continues in the next chunk ({rec.next.start_second}) as {nxt.text[c.next_start:c.next_end]!r}"
        next_start_second = rec.next.start_second
    m = c.method
    if kind == "asr-error":
        method = "variant" if m == "variant" else ("fuzzy" if m == "fuzzy" else "phonetic")
    else:
        method = "variant" if m == "exact" else m
    return Finding(
        video_id=rec.video_id, start_second=rec.start_second, field=fld.name, start=c.start, end=c.end,
        found=text[c.start:c.end], suggestion=suggestion, term=e.term, category=e.category, kind=kind,
        method=method, score=round(score, 3), context=context, reason=why,
        safe=bool(c.form.safe and m == "variant" and score >= 0.9),
        next_start_second=next_start_second, next_start=c.next_start, next_end=c.next_end,
        file=rec.file, line=rec.line,
    )


_suggestions: dict[tuple[int, str], tuple[object, str]] = {}


def _suggestion(form, heard: str) -> str:
    """What to write instead of *heard* (memoised: a corpus repeats its mishearings)."""
    key = (id(form), heard)
    hit = _suggestions.get(key)
    if hit is not None:
        return hit[1]
    e = form.entry
    # the correct form that matched ('LSTMs', 'semi-supervised'), unless it only spells out the
    # term as said ('GPT two' for GPT-2): then the canonical term
    s = form.text if form.correct and spoken_phrase(form.text) != spoken_phrase(e.term) else e.term
    s = _plural_if_heard(s, heard, e)
    if len(_suggestions) > MEMO_LIMIT:
        _suggestions.clear()
    _suggestions[key] = (form, s)  # the form is kept with it, so its id is not reused meanwhile
    return s


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
