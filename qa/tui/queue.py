"""The review queue: findings in arrival order, their status, the filter and the cursor.

Kept free of Textual so the rules of moving through a queue (resume at the first open finding,
skip past decided ones, filter by term or text) are plain Python, tested without a screen.
Every operation a key triggers is O(findings) at worst, which stays far under a millisecond for
the tens of thousands of findings a 50k-record corpus gives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from qa.findings import Finding

OPEN = "open"
DECIDED = ("accept", "reject", "edit")


@dataclass
class TermCount:
    term: str
    open: int = 0
    total: int = 0


@dataclass
class ReviewQueue:
    findings: list[Finding] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)  # finding id -> OPEN | accept | reject | edit
    term_filter: str | None = None
    text_filter: str = ""
    cursor: int | None = None  # index into `findings`
    _pos: dict[str, int] = field(default_factory=dict)
    _terms: dict[str, TermCount] = field(default_factory=dict)
    _vis: list[int] = field(default_factory=list)  # indices passing the filter, ascending (kept up to date)
    _reviewed: int = 0

    # --- filling -------------------------------------------------------------------------------

    def add(self, findings: list[Finding], status: dict[str, str] | None = None) -> None:
        """Append newly scanned findings; the cursor lands on the first open one that matches."""
        status = status or {}
        for f in findings:
            if f.id in self._pos:  # the same span found twice (e.g. overlapping inputs): review it once
                continue
            self._pos[f.id] = len(self.findings)
            self.findings.append(f)
            st = status.get(f.id, OPEN)
            self.status[f.id] = st
            self._reviewed += st != OPEN
            if self.matches(f):
                self._vis.append(self._pos[f.id])
            tc = self._terms.setdefault(f.term, TermCount(f.term))
            tc.total += 1
            tc.open += st == OPEN
        if self.cursor is None:
            self.cursor = self.next_open(-1, wrap=False)

    # --- counts --------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.findings)

    @property
    def reviewed(self) -> int:
        return self._reviewed

    def terms(self) -> list[TermCount]:
        """Terms with the most findings first (where `A` saves most), then by name; the order does not
        change as findings are decided, so the sidebar never jumps under the reviewer's eyes."""
        return sorted(self._terms.values(), key=lambda t: (-t.total, t.term.casefold()))

    def term_count(self, term: str) -> TermCount:
        return self._terms[term]

    # --- status --------------------------------------------------------------------------------

    def set_status(self, finding_id: str, new: str) -> None:
        old = self.status[finding_id]
        if old == new:
            return
        self.status[finding_id] = new
        self._reviewed += (old == OPEN) - (new == OPEN)
        tc = self._terms[self.findings[self._pos[finding_id]].term]
        tc.open += (new == OPEN) - (old == OPEN)

    def is_open(self, i: int) -> bool:
        return self.status[self.findings[i].id] == OPEN

    @property
    def current(self) -> Finding | None:
        return None if self.cursor is None else self.findings[self.cursor]

    def index_of(self, finding_id: str) -> int | None:
        return self._pos.get(finding_id)

    # --- filter --------------------------------------------------------------------------------

    def matches(self, f: Finding) -> bool:
        if self.term_filter is not None and f.term != self.term_filter:
            return False
        if self.text_filter:
            needle = self.text_filter.casefold()
            hay = (f.term, f.found, f.suggestion, f.context, f.video_id, f.category)
            return any(needle in h.casefold() for h in hay if h)
        return True

    def visible(self) -> list[int]:
        return self._vis

    def visible_counts(self) -> tuple[int, int]:
        """(open, total) among findings that pass the filter."""
        return sum(1 for i in self._vis if self.is_open(i)), len(self._vis)

    def position(self) -> int | None:
        """1-based place of the cursor among the findings that pass the filter."""
        if self.cursor is None:
            return None
        k = bisect_left(self._vis, self.cursor)
        return k + 1 if k < len(self._vis) and self._vis[k] == self.cursor else None

    def set_filter(self, *, term: str | None | bool = False, text: str | None = None) -> None:
        """Change the filter (``term=False`` keeps the term filter) and put the cursor on the first open match."""
        if term is not False:
            self.term_filter = term  # type: ignore[assignment]
        if text is not None:
            self.text_filter = text.strip()
        self._vis = [i for i, f in enumerate(self.findings) if self.matches(f)]
        first_open = self.next_open(-1, wrap=False)
        if first_open is not None:
            self.cursor = first_open
        else:
            self.cursor = self._vis[0] if self._vis else None

    # --- moving --------------------------------------------------------------------------------

    def next_open(self, after: int | None, *, wrap: bool = True) -> int | None:
        """First open, matching finding after index *after* (then from the start when *wrap*)."""
        vis, status, findings = self._vis, self.status, self.findings
        k = 0 if after is None else bisect_right(vis, after)
        for j in range(k, len(vis)):
            if status[findings[vis[j]].id] == OPEN:
                return vis[j]
        if wrap:
            for j in range(0, k):
                if status[findings[vis[j]].id] == OPEN:
                    return vis[j]
        return None

    def step(self, delta: int) -> int | None:
        """Next (+1) or previous (-1) matching finding, decided or not; stays put at either end."""
        vis = self._vis
        if not vis:
            return self.cursor
        if self.cursor is None:
            self.cursor = vis[0] if delta > 0 else vis[-1]
        elif delta > 0:
            k = bisect_right(vis, self.cursor)
            self.cursor = vis[k] if k < len(vis) else self.cursor
        else:
            k = bisect_left(vis, self.cursor)
            self.cursor = vis[k - 1] if k > 0 else self.cursor
        return self.cursor

    def advance(self) -> int | None:
        """After a decision: the next open finding, or None when nothing open matches."""
        self.cursor = self.next_open(self.cursor)
        return self.cursor

    def same_as(self, f: Finding) -> list[Finding]:
        """Open findings (any filter) with the same found text and suggestion as *f*: the `A` / `X` group."""
        key = (f.found.casefold(), f.suggestion)
        return [
            g for g in self.findings
            if self.status[g.id] == OPEN and (g.found.casefold(), g.suggestion) == key
        ]
