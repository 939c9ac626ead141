"""Detect probable ASR mistakes of glossary terms in transcript records.

    det = load_detector(Path("rules"))
    findings = det.scan_frame(frame)                 # a polars frame of records
    for f in scan_paths(["data.jsonl"]): ...         # streamed, flat memory

Records are processed in stream order (sorted by video, then start_second). All records of one
video are held until the video ends, because a mishearing's score depends on what the rest of the
video says (sticky context); a span split across two consecutive chunks is found on their join.
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import polars as pl

from qa.detect.candidates import MAX_CONTEXT, Candidate, CandidateFinder, Tokens, tokenize
from qa.detect.context import Scorer, VideoContext, zipf
from qa.detect.index import GlossaryIndex
from qa.errors import UsageError
from qa.findings import KINDS, METHODS, Finding
from qa.glossary import Glossary, load_glossary, normalize
from qa.phonetics import spoken_phrase

JOIN_TOKENS = 3  # tokens taken from each side of a chunk boundary
CONTEXT_WORDS = 6
METHOD_RANK = {"exact": 4, "variant": 3, "phonetic": 2, "fuzzy": 1}
VARIANT_EDGE = 0.15
PROGRESS_SLICE = 1000

__all__ = ["Detector", "load_detector", "scan_paths"]


class Detector:
    """A glossary indexed for scanning, with the methods, kinds and score threshold to report.

    `stream()` gives a `Stream` that is fed frames in order and yields a video's findings when the
    video ends; `scan_frame` and `scan_text` are the one-shot forms.
    """

    def __init__(self, glossary: Glossary, *, methods: Sequence[str] | None = None,
                 kinds: Sequence[str] = ("asr-error",), min_score: float = 0.5):
        methods = tuple(methods) if methods else METHODS
        for m in methods:
            if m not in METHODS:
                raise UsageError(f"unknown method {m!r} (expected: {', '.join(METHODS)})")
        for k in kinds:
            if k not in KINDS:
                raise UsageError(f"unknown kind {k!r} (expected: {', '.join(KINDS)})")
        self.glossary = glossary
        self.methods = set(methods)
        self.kinds = set(kinds)
        self.min_score = min_score
        self.index = GlossaryIndex(glossary)
        self.scorer = Scorer()
        self.finder = CandidateFinder(self.index, self.methods, self.scorer.prior)

    # --- public API ------------------------------------------------------------------------------

    def scan_frame(self, frame: pl.DataFrame, fields: Sequence[str] = ("text",)) -> list[Finding]:
        stream = self.stream(fields)
        return [*stream.feed(frame), *stream.close()]

    def scan_text(self, text: str, *, min_score: float | None = None,
                  kinds: Sequence[str] | None = None) -> list[Finding]:
        """Scan one standalone text (rule examples, quick checks)."""
        stream = self.stream(("text",), min_score=min_score, kinds=kinds)
        rec = {"video_id": "example", "start_second": "0", "title": "", "text": text, "_file": None, "_line": None}
        return [*stream.feed_rows([rec]), *stream.close()]

    def stream(self, fields: Sequence[str] = ("text",), *, min_score: float | None = None,
               kinds: Sequence[str] | None = None) -> "Stream":
        return Stream(self, tuple(fields), self.min_score if min_score is None else min_score,
                      set(kinds) if kinds is not None else self.kinds)


def load_detector(rules_dir: Path | None = None, *, methods: Sequence[str] | None = None,
                  kinds: Sequence[str] = ("asr-error",), min_score: float = 0.5) -> Detector:
    from qa.config import rules_dir as default_rules

    return Detector(load_glossary(Path(rules_dir) if rules_dir else default_rules()), methods=methods,
                    kinds=kinds, min_score=min_score)


def scan_paths(paths: Sequence[str | Path], *, rules_dir: Path | None = None, methods: Sequence[str] | None = None,
               kinds: Sequence[str] = ("asr-error",), min_score: float = 0.5, fields: Sequence[str] = ("text",),
               progress: Callable[[int], None] | None = None, detector: Detector | None = None,
               jobs: int = 1) -> Iterator[Finding]:
    """Findings of every record in *paths*, streamed batch by batch.

    jobs > 1 (0: one per CPU) scans whole videos in that many processes (see qa.detect.parallel);
    the findings are the same, in the same order."""
    from qa.records import iter_batches

    if jobs != 1:
        from qa.config import rules_dir as default_rules
        from qa.detect.parallel import scan_parallel

        if detector is not None:
            methods, kinds, min_score = sorted(detector.methods), sorted(detector.kinds), detector.min_score
        rules = Path(rules_dir) if rules_dir else (Path(detector.glossary.root) if detector and
                                                   detector.glossary.root else default_rules())
        yield from scan_parallel(paths, jobs=jobs, rules_dir=rules.resolve(), methods=methods, kinds=kinds,
                                 min_score=min_score, fields=fields, progress=progress)
        return
    det = detector or load_detector(rules_dir, methods=methods, kinds=kinds, min_score=min_score)
    stream = det.stream(fields)
    for frame in iter_batches(paths):
        # slices, so a progress bar moves more often than once per 20,000-record batch
        for off in range(0, frame.height, PROGRESS_SLICE):
            part = frame.slice(off, PROGRESS_SLICE)
            yield from stream.feed(part)
            if progress:
                progress(part.height)
    yield from stream.close()


# --- streaming over records ----------------------------------------------------------------------


class _Field:
    __slots__ = ("name", "text", "toks", "cands")

    def __init__(self, name: str, text: str, toks: Tokens, cands: list[Candidate]):
        self.name, self.text, self.toks, self.cands = name, text, toks, cands


class _Record:
    __slots__ = ("video_id", "start_second", "file", "line", "fields", "next")

    def __init__(self, row: dict):
        self.video_id = row.get("video_id") or ""
        self.start_second = row.get("start_second") or ""
        self.file = row.get("_file")
        self.line = row.get("_line")
        self.fields: list[_Field] = []
        self.next: _Record | None = None


class Stream:
    """Feeds records in order; yields a video's findings once the video is complete."""

    def __init__(self, det: Detector, fields: tuple[str, ...], min_score: float, kinds: set[str]):
        for f in fields:
            if f not in ("text", "title"):
                raise UsageError(f"unknown field {f!r} (expected: title, text)")
        self.det = det
        self.fields = fields
        self.min_score = min_score
        self.kinds = kinds
        self.video_id: str | None = None
        self.records: list[_Record] = []
        self.video = VideoContext()
        self.last_title: str | None = None

    def feed(self, frame: pl.DataFrame) -> Iterator[Finding]:
        cols = [c for c in ("video_id", "start_second", "title", "text", "_file", "_line") if c in frame.columns]
        yield from self.feed_rows(frame.select(cols).iter_rows(named=True))

    def feed_rows(self, rows: Iterable[dict]) -> Iterator[Finding]:
        for row in rows:
            vid = row.get("video_id") or ""
            if vid != self.video_id:
                yield from self.close()
                self.video_id = vid
            self._add(row)

    def close(self) -> Iterator[Finding]:
        if self.records:
            findings = self._finish_video()
            self.records = []
            self.video = VideoContext()
            self.last_title = None
            yield from findings

    def _add(self, row: dict) -> None:
        rec = _Record(row)
        finder = self.det.finder
        title = row.get("title") or ""
        if title != self.last_title:
            # the title names the video's subject: its terms count as context (and are scanned on request)
            self.last_title = title
            toks = tokenize(title)
            cands = finder.find(toks)
            self._note(toks, cands, title)
            if "title" in self.fields and title:
                rec.fields.append(_Field("title", title, toks, cands))
        text = row.get("text") or ""
        toks = tokenize(text)
        cands = finder.find(toks)
        self._note(toks, cands, text)
        if "text" in self.fields:
            field = _Field("text", text, toks, cands)
            rec.fields.append(field)
            prev = self.records[-1] if self.records else None
            pf = next((f for f in prev.fields if f.name == "text"), None) if prev else None
            if pf is not None and pf.toks and toks:
                pf.cands.extend(self._across(pf, field))
        if self.records:
            self.records[-1].next = rec
        self.records.append(rec)

    def _note(self, toks: Tokens, cands: list[Candidate], text: str) -> None:
        mentions = self.video.mentions
        for c in cands:
            if c.kind == "mention" and _counts_as_mention(text[c.start:c.end], c):
                mentions[id(c.entry)] += 1
        self.video.words.update(info[0] for info in toks.infos)

    def _across(self, prev: _Field, cur: _Field) -> list[Candidate]:
        """Candidates on the join of two chunks that really use both sides."""
        left = prev.toks[-JOIN_TOKENS:]
        right = cur.toks[:JOIN_TOKENS]
        k = len(left)
        offset = len(prev.toks) - k
        out = []
        for c in self.det.finder.find(left + right):
            if c.first < k < c.last and c.kind != "mention":
                c.next_start = right[0].start
                c.next_end = right[c.last - k - 1].end
                c.start = left[c.first].start
                c.end = left[k - 1].end
                c.first += offset
                c.last = len(prev.toks) + (c.last - k)  # indices into prev.toks + cur.toks
                out.append(c)
        return out

    # --- scoring and choosing ----------------------------------------------------------------------

    def _finish_video(self) -> list[Finding]:
        out: list[Finding] = []
        for rec in self.records:
            for f in rec.fields:
                out.extend(self._choose(rec, f))
        return out

    def _choose(self, rec: _Record, fld: _Field) -> list[Finding]:
        scorer = self.det.scorer
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
            if kind not in self.kinds:
                continue
            if s is None:
                bound = min(1.0, c.prior + MAX_CONTEXT) + 1e-9 - penalty
                if bound < self.min_score:
                    continue
                heap.append((*_order(bound, c), seq, False))
            elif s >= self.min_score:
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
                s, why = scorer.score(c, ext, self.video)
                if penalty:
                    s -= penalty
                    why += "; contains a correctly heard term"
                if s < self.min_score:
                    continue
                pending[seq] = (s, c, kind, why, penalty)
                heapq.heappush(heap, (*_order(s, c), seq, True))
                continue
            taken.append((c.first, c.last))
            findings.append(self._finding(rec, fld, c, kind, s, why, ext))
        findings.sort(key=lambda f: f.start)
        return findings

    def _finding(self, rec: _Record, fld: _Field, c: Candidate, kind: str, score: float, why: str,
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


def _counts_as_mention(found: str, c: Candidate) -> bool:
    """'made' is not a mention of MADE, nor 'fair' of FAIR: ordinary words only count written as the term."""
    if found in c.entry.correct_forms or not found.islower() or c.entry.term.islower():
        return True
    return zipf(normalize(found)) < 4.0


def _normalization_score(found: str) -> float:
    # 'fair' for FAIR, 'church' for Church: ordinary lowercase words are weak evidence of a term
    if found.islower() and found.isalpha() and zipf(found) >= 4.0:
        return 0.4
    return 0.9
