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
    text = fld.text
    want_norm = "normalization" in kinds
    want_asr = "asr-error" in kinds
    rank = METHOD_RANK.get
    # Overlapping candidates: the best wins; a listed mishearing beats a sounds-alike of similar
    # score. Context scoring is the costly part, so candidates come off a heap ordered by an upper
    # bound of their score, `Scorer.upper` (everything but the search for exceptions and require
    # words; state 1), and are scored only when they reach the top (state 2: the score). One that
    # overlaps a span already taken, or whose bound is below the threshold, is dropped unscored.
    # Every bound is at least the score, so the order taken is that of sorting the scored list;
    # ties go by list order (normalizations first, then asr-errors, each in candidate order), which
    # is the heap entries' seq, the index into *items*.
    heap: list[tuple] = []
    items: list[list] = []  # [candidate, kind, why, penalty, score (its bound until scored)]
    # spans heard right: (first, last, entry); they veto or mark overlapping asr-error candidates
    heard_right: list[tuple[int, int, object]] = []
    asr: list[Candidate] = []
    cross = False
    upper = scorer.upper
    for c in fld.cands:
        if c.next_start is not None:
            cross = True
        kind = c.kind
        if kind == "mention":
            heard_right.append((c.first, c.last, c.form.entry))
            if want_norm:
                found = text[c.start:c.end]
                if found not in scorer.rules(c.form.entry).correct_forms:
                    _push_exact(heap, items, c, "normalization", _normalization_score(found), min_score,
                                f"{c.form.text!r} heard right; only case, spacing or hyphens differ")
        elif c.heard_right:
            heard_right.append((c.first, c.last, c.form.entry))
            if want_norm and c.next_start is None and \
                    text[c.start:c.end] not in scorer.rules(c.form.entry).correct_forms:
                _push_exact(heap, items, c, "normalization", 0.9, min_score, c.why)
        elif kind == "asr-error" and want_asr:
            asr.append(c)
    for c in asr:
        bound = min(1.0, c.prior + MAX_CONTEXT) + 1e-9
        if bound < min_score:
            continue  # the most context can add does not reach the threshold (a penalty only lowers it)
        penalty = 0.0
        first, last = c.first, c.last
        for a, b, other in heard_right:
            if first < b and a < last:
                if other is c.form.entry or not (first <= a and b <= last) or (a == first and b == last):
                    break  # the term itself was heard right here, or the spans cross
                # contains another term heard right: a listed mishearing may ('masked language
                # muddling'), a sounds-alike only as an extension of it ('GPT to' for GPT-2)
                if c.method == "variant":
                    continue
                if not normalize(c.form.entry.term).startswith(normalize(other.term)) or c.sim < 0.9:
                    break
                penalty = 0.1
        else:
            s, exact = upper(c, video)
            if penalty:
                s -= penalty
            if s < min_score:
                continue
            m = c.method
            heap.append((-(s + VARIANT_EDGE) if m == "variant" else -(s + 0.0), first - last, -rank(m, 0),
                         len(items), 2 if exact else 1))
            items.append([c, "asr-error", "", penalty, s])
    if not heap:
        return []
    ext = fld.toks
    if cross and rec.next is not None:
        # context windows then run on into the next chunk, for every candidate of the field
        nf = next((f for f in rec.next.fields if f.name == fld.name), None)
        if nf:
            ext = ext + nf.toks
    heapify(heap)
    taken: list[tuple[int, int]] = []
    kept: list[list] = []
    near: Nearby | None = None
    value = scorer.value
    while heap:
        item = heappop(heap)
        it = items[item[3]]
        c = it[0]
        first, last = c.first, c.last
        for a, b in taken:
            if first < b and a < last:
                break
        else:
            if item[4] == 2:
                taken.append((first, last))
                kept.append(it)
                continue
            if near is None:
                near = Nearby(ext.words)
            s = value(c, ext, video, near)
            if it[3]:
                s -= it[3]
            if s < min_score:
                continue
            it[4] = s
            heappush(heap, (-(s + VARIANT_EDGE) if c.method == "variant" else -(s + 0.0), item[1], item[2],
                            item[3], 2))
    if not kept:
        return []
    if len(kept) > 1:
        kept.sort(key=_start)
    findings = []
    for c, kind, why, penalty, s in kept:
        if kind == "asr-error":
            # the words are only worth building for what is reported
            if near is None:
                near = Nearby(ext.words)
            why = scorer.reasons(c, ext, video, near)
            if penalty:
                why += "; contains a correctly heard term"
        findings.append(_finding(rec, fld, c, kind, s, why, ext))
    return findings


def _start(item: list) -> int:
    return item[0].start


def _push_exact(heap: list, items: list, c: Candidate, kind: str, s: float, min_score: float, why: str) -> None:
    """A candidate whose score is known without context (state 2)."""
    if s >= min_score:
        heap.append((-(s + VARIANT_EDGE) if c.method == "variant" else -(s + 0.0), c.first - c.last,
                     -METHOD_RANK.get(c.method, 0), len(items), 2))
        items.append([c, kind, why, 0.0, s])


def _finding(rec, fld, c: Candidate, kind: str, score: float, why: str, ext: Tokens) -> Finding:
    e = c.form.entry
    text = fld.text
    heard = text[c.start:c.end] if c.next_start is None else ext.words[c.last - 1]
    suggestion = _suggestion(c.form, heard)
    toks = fld.toks
    n = len(toks)
    lo = c.first - CONTEXT_WORDS if c.first > CONTEXT_WORDS else 0
    if c.next_start is None:
        hi = c.last + CONTEXT_WORDS if c.last + CONTEXT_WORDS < n else n
        context = text[toks.starts[lo]:toks.ends[hi - 1]]
        next_start_second = None
    else:
        nxt = next(f for f in rec.next.fields if f.name == fld.name)
        j = c.last - n
        context = (text[toks.starts[lo]:toks.ends[-1]] + " | "
                   + nxt.text[:nxt.toks.ends[min(len(nxt.toks), j + CONTEXT_WORDS) - 1]])
        why += f"; continues in the next chunk ({rec.next.start_second}) as {nxt.text[c.next_start:c.next_end]!r}"
        next_start_second = rec.next.start_second
    m = c.method
    if kind == "asr-error":
        method = "variant" if m == "variant" else ("fuzzy" if m == "fuzzy" else "phonetic")
    else:
        method = "variant" if m == "exact" else m
    # positional: keyword arguments cost as much again as the rest of building a finding
    return Finding(rec.video_id, rec.start_second, fld.name, c.start, c.end, text[c.start:c.end], suggestion,
                   e.term, e.category, kind, method, round(score, 3), context, why,
                   bool(c.form.safe and m == "variant" and score >= 0.9), next_start_second, c.next_start,
                   c.next_end, rec.file, rec.line)


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
