"""Detect probable ASR mistakes of glossary terms in transcript records.

    det = load_detector(Path("rules"))
    findings = det.scan_frame(frame)                 # a polars frame of records
    for f in scan_paths(["data.jsonl"]): ...         # streamed, flat memory

Records are processed in stream order (sorted by video, then start_second). All records of one
video are held until the video ends, because a mishearing's score depends on what the rest of the
video says (sticky context); a span split across two consecutive chunks is found on their join.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Sequence

import polars as pl

from qa.detect.batch import BatchFinder
from qa.detect.candidates import Candidate, CandidateFinder, Tokens, tokenize
from qa.detect.choose import _everyday, _read_as_word, choose_video
from qa.detect.context import Nearby, Scorer, VideoContext
from qa.detect.context_words import STOPWORDS
from qa.detect.expansion import ExpansionFinder, added
from qa.detect.leading_n import LeadingN
from qa.detect.freq import zipf
from qa.detect.index import GlossaryIndex
from qa.errors import UsageError
from qa.findings import KINDS, METHODS, Finding
from qa.glossary import Glossary, normalize

if TYPE_CHECKING:  # (an annotation of scan_paths: the store's module is imported when a scan uses it)
    from qa.detect.reuse import Stats

JOIN_TOKENS = 3  # tokens taken from each side of a chunk boundary
PROGRESS_SLICE = 2000
SMALL_FRAME = 50  # scan_paths scans slices of fewer records text by text (Stream.feed_small)
MENTION_MEMO = 100_000  # (spelling, entry) pairs remembered; cleared when full

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
        self.scorer = Scorer(glossary.entries)
        self.finder = CandidateFinder(self.index, self.methods, self.scorer.prior, self.scorer.most, self.scorer.sticky)
        self.batch = BatchFinder(self.finder)
        # sounds-alikes judged by evidence of their own, beside what the scoring finds: an acronym
        # misheard beside its expansion, a name's leading N heard as an 'and' no grammar allows
        self.added = (ExpansionFinder(glossary.entries), LeadingN(glossary.entries)) \
            if "phonetic" in self.methods else ()
        # (spelling, id(entry)) -> counts as a mention (`_counts_as_mention`)
        self._mentions: dict[tuple[str, int], bool | str] = {}

    def __getstate__(self) -> dict:
        # keyed by id(): meaningless in another process (qa.detect.compiled pickles a fresh Detector)
        return {**self.__dict__, "_mentions": {}}

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
    """A Detector for the glossary in *rules_dir*; from the user cache when the rules, the code and the
    arguments are those it was built from (see qa.detect.compiled; QA_NO_CACHE=1 switches it off)."""
    from qa.config import rules_dir as default_rules
    from qa.detect import compiled

    return compiled.load(Path(rules_dir) if rules_dir else default_rules(), methods=methods, kinds=kinds,
                         min_score=min_score)


def scan_paths(paths: Sequence[str | Path], *, rules_dir: Path | None = None, methods: Sequence[str] | None = None,
               kinds: Sequence[str] = ("asr-error",), min_score: float = 0.5, fields: Sequence[str] = ("text",),
               progress: Callable[[int], None] | None = None, detector: Detector | None = None,
               jobs: int = 1, skipped: Callable | None = None, reuse: bool = True,
               stats: Stats | None = None) -> Iterator[Finding]:
    """Findings of every record in *paths*, streamed batch by batch.

    jobs > 1 (0: one per CPU) scans whole videos in that many processes (see qa.detect.parallel);
    the findings are the same, in the same order. *skipped* is told of each malformed line (a
    `qa.records.LoadProblem`), which is not scanned. With *reuse*, a video scanned before by the
    same detector, unchanged, is not scanned again: its stored findings are given (qa.detect.reuse;
    off with the user cache). *stats* (a `qa.detect.reuse.Stats`) is told what was reused."""
    from qa.records import iter_batches

    if jobs != 1:
        from qa.config import rules_dir as default_rules
        from qa.detect.parallel import scan_parallel

        if detector is not None:
            methods, kinds, min_score = sorted(detector.methods), sorted(detector.kinds), detector.min_score
        rules = Path(rules_dir) if rules_dir else (Path(detector.glossary.root) if detector and
                                                   detector.glossary.root else default_rules())
        yield from scan_parallel(paths, jobs=jobs, rules_dir=rules.resolve(), methods=methods, kinds=kinds,
                                 min_score=min_score, fields=fields, progress=progress, skipped=skipped,
                                 reuse=reuse, stats=stats)
        return
    det = detector or load_detector(rules_dir, methods=methods, kinds=kinds, min_score=min_score)
    stream = det.stream(fields)
    store = None
    if reuse:
        from qa.detect import reuse as reuse_

        store = reuse_.open_for(det, fields)
    if store is not None:
        from qa.detect.parallel import pieces

        try:
            # pieces of whole videos (a video is looked up, or scanned, whole)
            for part in pieces(iter_batches(paths, skipped=skipped, need=fields), PROGRESS_SLICE):
                yield from reuse_.scan_piece(stream, store, part, slice_=PROGRESS_SLICE, small=SMALL_FRAME,
                                             progress=progress, stats=stats)
        finally:
            store.close()
        return
    for frame in iter_batches(paths, skipped=skipped, need=fields):
        # slices, so a progress bar moves more often than once per 20,000-record batch
        for off in range(0, frame.height, PROGRESS_SLICE):
            part = frame.slice(off, PROGRESS_SLICE)
            yield from stream.feed(part) if part.height >= SMALL_FRAME else stream.feed_small(part)
            if progress:
                progress(part.height)
    yield from stream.close()


# --- streaming over records ----------------------------------------------------------------------


class _Found(NamedTuple):
    """What the batch found for one record: its text's tokens and candidates, the candidates of the
    join with the previous chunk (None: no join), the words the video says (given once per run)."""

    toks: Tokens
    cands: list[Candidate]
    across: list[Candidate] | None
    words: Sequence[str]


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
        """Feed a frame of records: their texts' candidates are found for the whole frame at once."""
        cols = [c for c in ("video_id", "start_second", "title", "text", "_file", "_line") if c in frame.columns]
        rows = frame.select(cols).iter_rows(named=True)
        if "text" not in frame.columns or frame.height == 0:
            yield from self.feed_rows(rows)
            return
        yield from self.feed_rows(rows, self._prepare(frame))

    def feed_small(self, frame: pl.DataFrame) -> Iterator[Finding]:
        """`feed`, text by text: for a few records the batch's fixed cost (a few hundred polars
        queries, ~0.1 s) is more than finding their candidates one text at a time. The same
        candidates either way (tests/test_detect_stream*.py)."""
        cols = [c for c in ("video_id", "start_second", "title", "text", "_file", "_line") if c in frame.columns]
        yield from self.feed_rows(frame.select(cols).iter_rows(named=True))

    def _prepare(self, frame: pl.DataFrame) -> list[_Found]:
        """Tokens and candidates of every text of *frame*, the candidates on each join of two chunks
        of one video, and the words of each run of records of one video, found in batches."""
        n = frame.height
        texts = frame["text"].fill_null("").to_list()
        vids = frame["video_id"].fill_null("").to_list() if "video_id" in frame.columns else [""] * n
        runs = [0] * n
        for r in range(1, n):
            runs[r] = runs[r - 1] + (vids[r] != vids[r - 1])
        at: list[int] = []  # the record of each join

        def joins(toks: list[Tokens]) -> tuple[list[str], list[int]]:
            made, cut = [], []
            last = self.records[-1] if self.records and vids[0] == self.video_id else None
            prev = next((f.toks for f in last.fields if f.name == "text"), None) if last else None
            for r in range(n):
                if r:
                    prev = toks[r - 1] if vids[r] == vids[r - 1] else None
                if prev and toks[r]:
                    # the join's tokens as a text of their own: each word is a whole token alone
                    left = prev.words[-JOIN_TOKENS:]
                    made.append(" ".join(left + toks[r].words[:JOIN_TOKENS]))
                    at.append(r)
                    cut.append(len(left))
            return made, cut

        # (the joins in the same pass: only their n-grams across the cut, as `_across` keeps no
        # other, and each side's own n-grams are looked for in its own text)
        toks, cands, run_words = self.det.batch.find(texts, runs, floor=self.min_score,
                                                     joins=joins if "text" in self.fields else None)
        across: list[list[Candidate] | None] = [None] * n
        for r, c in zip(at, cands[n:]):
            across[r] = c
        return [_Found(toks[r], cands[r], across[r], run_words[runs[r]] if r == 0 or runs[r] != runs[r - 1]
                       else ()) for r in range(n)]

    def feed_rows(self, rows: Iterable[dict], found: Iterable[_Found] | None = None) -> Iterator[Finding]:
        """Feed records one by one (*found*: what `_prepare` found for each, when known)."""
        found = iter(found) if found is not None else None
        for row in rows:
            vid = row.get("video_id") or ""
            if vid != self.video_id:
                yield from self.close()
                self.video_id = vid
            self._add(row, next(found) if found is not None else None)

    def close(self) -> Iterator[Finding]:
        if self.records:
            findings = self._finish_video()
            self.records = []
            self.video = VideoContext()
            self.last_title = None
            yield from findings

    def _add(self, row: dict, found: _Found | None = None) -> None:
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
        if found is not None:
            toks, cands = found.toks, found.cands
            self._note(toks, cands, text, found.words)
        else:
            toks = tokenize(text)
            cands = finder.find(toks)
            self._note(toks, cands, text)
        if "text" in self.fields:
            field = _Field("text", text, toks, cands)
            rec.fields.append(field)
            # the previous record's text field: the last of its fields when it has one (a title comes first)
            pf = self.records[-1].fields[-1] if self.records and self.records[-1].fields else None
            if pf is not None and pf.name == "text" and pf.toks.words and toks.words:
                across = found.across if found is not None else None
                if across is None or across:  # (the batch found nothing on nearly every join)
                    pf.cands.extend(self._across(pf, field, across))
        if self.records:
            self.records[-1].next = rec
        self.records.append(rec)

    def _note(self, toks: Tokens, cands: list[Candidate], text: str, words: Iterable[str] | None = None) -> None:
        """Count the entries heard right and collect the video's words (*words*: given by the batch,
        for a whole run of records at once)."""
        mentions = self.video.mentions
        memo = self.det._mentions
        near = None
        for c in _outermost([c for c in cands if c.kind == "mention"]):
            # the same few terms are heard in every video: decided once per spelling and entry
            key = (text[c.start:c.end], id(c.form.entry))
            counts = memo.get(key)
            if counts is None:
                if len(memo) > MENTION_MEMO:
                    memo.clear()
                counts = _counts_as_mention(key[0], c)
                if counts == UNLESS_EXCEPTION and not self.det.scorer.rules(c.form.entry).exceptions:
                    counts = True  # (no exceptions to look for: the words around need not be asked)
                memo[key] = counts
            if counts is not True and counts is not False:  # (`_counts_as_mention`: ask the words around)
                if near is None:
                    near = Nearby(toks.words)
                counts = self.det.scorer.heard_in_context(c, toks, near, needs_require=counts == CONTEXT)
            if counts:
                mentions[key[1]] += 1
        self.video.words.update(words if words is not None else (info[0] for info in toks.infos))

    def _across(self, prev: _Field, cur: _Field, found: list[Candidate] | None = None) -> list[Candidate]:
        """Candidates on the join of two chunks that really use both sides (*found*: the candidates
        of the join's tokens, when the batch found them)."""
        if found is None:
            found = self.det.finder.find(prev.toks[-JOIN_TOKENS:] + cur.toks[:JOIN_TOKENS])
        out: list[Candidate] = []
        if not found:  # nearly every join: no Token objects made for it
            return out
        n = len(prev.toks)
        k = min(JOIN_TOKENS, n)  # tokens the join took from the left
        offset = n - k
        left_starts, left_ends = prev.toks.starts, prev.toks.ends
        right_starts, right_ends = cur.toks.starts, cur.toks.ends
        for c in found:
            if c.first < k < c.last and c.kind != "mention":
                c.next_start = right_starts[0]
                c.next_end = right_ends[c.last - k - 1]
                c.start = left_starts[offset + c.first]
                c.end = left_ends[n - 1]
                c.first += offset
                c.last = n + (c.last - k)  # indices into prev.toks + cur.toks
                out.append(c)
        return out

    def _finish_video(self) -> list[Finding]:
        found = choose_video(self.det.scorer, self.records, self.video, self.kinds, self.min_score)
        if self.det.added and "asr-error" in self.kinds:
            found = added(self.det.added, self.records, found, self.min_score)
        return found


def _outermost(found: list[Candidate]) -> list[Candidate]:
    """The mentions of *found* that say a term: none inside a longer one of another entry ('gpt' of
    'chat gpt' is part of the name ChatGPT, not GPT said too). Else one name said once makes the
    video say two terms, and a video technical sooner. (A span heard as several forms of one entry
    counts once per form, as the scoring's weights of a term said were set with.)"""
    if len(found) < 2:
        return found
    # (only a span of two tokens or more holds a shorter one: most texts' mentions are one word each,
    # and the rest are looked for among those few, not among every mention)
    longer = [m for m in found if m.last - m.first > 1]
    if not longer:
        return found
    return [c for c in found if not any(m.first <= c.first and c.last <= m.last and m.last - m.first > c.last - c.first
                                        and m.form.entry is not c.form.entry for m in longer)]


CONTEXT = "context"  # (`_counts_as_mention`) a mention only with the entry's context around it
UNLESS_EXCEPTION = "unless-exception"  # ... only without one of the entry's exceptions around it


def _counts_as_mention(found: str, c: Candidate) -> bool | str:
    """Whether a span heard as one of *c*'s entry's forms (*found*, as written) says the term, for
    the video's sticky context (`VideoContext.mentions`, which also makes a video technical): True,
    False, or what the words around it must say (CONTEXT, UNLESS_EXCEPTION). 'made' is not a mention
    of MADE, nor 'fair' of FAIR: ordinary words only count written as the term. A word with capitals
    was written as a name. A lowercase English word that is also how the term is said ('glove',
    'bert', 'glue', 'attention', 'transformer') is that word in a talk about anything else ('the oven
    glove', 'a starter named bert', 'paying attention'), so it says the term only with the entry's
    `require` words near and no `exceptions` phrase, as for its normalization (qa.detect.choose);
    a rarer lowercase word ('keras', 'caffe', 'pythia') is the term unless an exception is around
    it ('caffe latte', 'the pythia of delphi')."""
    if not found.islower():
        return True
    if c.form.text.isupper() and " " in found and not STOPWORDS.isdisjoint(found.split()):
        return False  # (a function word is no letter of a name in capitals: 'an s corp' is no ANS)
    e = c.entry
    if found not in e.correct_forms and not e.term.islower() and zipf(normalize(found)) >= 4.0:
        return False
    if _everyday(found) and _read_as_word(e, found):
        return CONTEXT
    return UNLESS_EXCEPTION
