"""The current finding, shown inside its record's text with the span marked and the suggestion beside it."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from qa.findings import Finding

# Long records are cut to a window around the span so the span is always on screen at 80x24.
WINDOW = 240
EDGE = 160  # characters of the neighbouring chunk shown for a cross-chunk finding
BELOW = 2  # rows the head leaves at least under it: the span's line and one more

SPAN = "bold reverse $warning"
SUGGEST = "bold $success"
LABEL = "$text-muted"
STATUS_STYLE = {
    "open": ("open", "bold $accent"),
    "accept": ("✓ accepted", "bold $success"),
    "reject": ("✗ rejected", "bold $error"),
    "edit": ("✎ edited", "bold $warning"),
}


def _window(text: str, start: int, end: int, width: int = WINDOW,
            before: int | None = None) -> tuple[str, int, int, str, str]:
    """(text, start, end, lead, tail) with text cut to *width* characters either side of the span
    (*before* characters before it, when given)."""
    lo = max(0, start - (width if before is None else before))
    hi = min(len(text), end + width)
    if lo > 0:
        lo = text.find(" ", lo, start) + 1 or lo  # cut at a word boundary
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > 0 else hi
    return text[lo:hi], start - lo, end - lo, "…" if lo > 0 else "", "…" if hi < len(text) else ""


class FindingView(Static):
    """Renders one finding; `show` is called by the app whenever the cursor or a status changes."""

    DEFAULT_CSS = """
    FindingView { padding: 0 1; height: auto; }
    """

    _last: Content | None = None
    _args: tuple = ()

    def on_resize(self) -> None:
        if self._args:
            self.show(*self._args)  # the text before the span is sized to the pane
        self._fit()

    def show(self, finding: Finding, record: dict[str, Any] | None, status: str,
             decision: Any | None = None, next_record: dict[str, Any] | None = None,
             position: str = "") -> None:
        self._args = (finding, record, status, decision, next_record, position)
        head = self._head(lambda title, reason: render_head(finding, record, status, decision, next_record,
                                                            position, title_max=title, reason_max=reason),
                          len(finding.reason or ""))
        content = head + render_body(finding, record, next_record, self._lead(head))
        if content != self._last:
            self._last = content
            self._fit()
            self.update(content)

    def _head(self, make, reason: int) -> Content:
        """The head, its title and then its reason cut short (…) until it leaves `BELOW` rows of the
        pane: a long reason under a long title pushed the span below the last row at 80x24."""
        head = make(None, None)
        width, pane = self.content_region.width, self.parent.size.height if self.parent else 0
        if width <= 0 or pane <= 0:
            return head
        room = pane - BELOW
        if head.get_height(self.styles, width) <= room:
            return head
        line = max(8, width - 4)  # characters a wrapped line surely holds (words wrap whole)
        head = make(line, None)
        if head.get_height(self.styles, width) <= room:
            return head
        for lines in range(-(-reason // line) - 1, 0, -1):
            head = make(line, lines * line - len("reason "))
            if head.get_height(self.styles, width) <= room:
                break
        return head

    def _lead(self, head: Content) -> int:
        """Characters of the text before the span: as many lines as leave the span on screen under the
        decision line, the reason and the title (at 80x24 a long reason left it on the last row or below)."""
        width, pane = self.content_region.width, self.parent.size.height if self.parent else 0
        if width <= 0 or pane <= 0:
            return WINDOW
        # the head's height counts the line the text begins on; one line is kept after the span's
        lines = pane - head.get_height(self.styles, width) - 1
        return min(WINDOW, max(0, lines) * max(1, width - 6))  # (a wrapped line holds less than its width)

    def _fit(self) -> None:
        # Fill the pane, taller only when the finding needs scrolling. With height auto the pane is
        # painted once to measure and again to settle (one refresh later); a height that stays the
        # same from finding to finding lets each key draw in a single frame.
        width, pane = self.content_region.width, self.parent.size.height if self.parent else 0
        if self._last is not None and width > 0 and pane > 0:
            height = max(self._last.get_height(self.styles, width), pane)
            if self.styles.height is None or self.styles.height.value != height:
                self.styles.height = height


def render_finding(f: Finding, record: dict[str, Any] | None, status: str, decision: Any | None = None,
                   next_record: dict[str, Any] | None = None, position: str = "", lead: int = WINDOW) -> Content:
    """The decision line and why it was flagged first (always on screen at 80x24), then the record."""
    return render_head(f, record, status, decision, next_record, position) + render_body(f, record, next_record, lead)


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:max(1, limit - 1)].rstrip() + "…"


def render_head(f: Finding, record: dict[str, Any] | None, status: str, decision: Any | None = None,
                next_record: dict[str, Any] | None = None, position: str = "", *,
                title_max: int | None = None, reason_max: int | None = None) -> Content:
    """Everything above the record's text: the decision line, term, reason, title and where (the
    title and the reason cut to *title_max* and *reason_max* characters, when given)."""
    label, style = STATUS_STYLE.get(status, (status, "bold"))
    found = f.found
    nxt_text = (next_record or {}).get(f.field)
    if f.cross_chunk and isinstance(nxt_text, str) and f.next_start is not None and f.next_end is not None:
        found += f" | {nxt_text[f.next_start:f.next_end]}"  # the part heard in the next chunk
    parts: list[Any] = [(f" {found} ", SPAN), "  →  ", (f.suggestion, SUGGEST), "    ", (label, style)]
    if decision is not None:
        replacement, original = getattr(decision, "replacement", None), getattr(decision, "original", None)
        if status in ("edit", "accept") and replacement is not None and (
                status == "edit" or (original, replacement) != (f.found, f.suggestion)):
            # what was typed with `e`: another replacement, or a span widened around the finding's words
            parts.append((f" “{original}” → “{replacement}”", style))
        if who := getattr(decision, "reviewer", None):
            parts.append((f" by {who}", LABEL))
    if position:
        parts += ["    ", (position, LABEL)]
    parts.append("\n")
    meta = [
        ("term", f"{f.term} ({f.category or 'other'}) · {f.method} · score {f.score:.2f} · "
                 + ("safe to auto-fix" if f.safe else "needs review")),
    ]
    if f.reason:
        meta.append(("reason", _cut(f.reason, reason_max)))
    for name, value in meta:
        parts += [(f"{name:<7}", LABEL), value, "\n"]

    record = record or {}
    title = _cut((record.get("title") or "").strip() or "(untitled video)", title_max)
    when = record.get("start_timestamp") or ""
    where = f"{f.video_id} · {when + ' ' if when else ''}({f.start_second} s) · {f.field}"
    if f.file:
        where += f" · {f.file}:{f.line}" if f.line else f" · {f.file}"
    parts += ["\n", (title, "bold"), "\n", (where, LABEL), "\n"]
    return Content.assemble(*parts)


def render_body(f: Finding, record: dict[str, Any] | None, next_record: dict[str, Any] | None = None,
                lead: int = WINDOW) -> Content:
    """The record's text around the span (*lead* characters before it), and a split term's next chunk."""
    parts: list[Any] = []
    text = (record or {}).get(f.field)
    if isinstance(text, str) and text[f.start:f.end] == f.found:
        body, s, e, ellipsis, tail = _window(text, f.start, f.end, before=lead)
        parts += [ellipsis, body[:s], (body[s:e], SPAN), " ", (f"→ {f.suggestion}", SUGGEST), " ", body[e:], tail]
    else:
        # the record is not at hand (or changed since the scan): the finding's own context still explains it
        parts += [(f.context or f.found, ""), "\n", ("(record text not available)", LABEL)]
    parts.append("\n")

    if f.cross_chunk:
        parts += ["\n", (f"continues in the next chunk ({f.next_start_second} s):", LABEL), "\n"]
        nxt = (next_record or {}).get(f.field)
        if isinstance(nxt, str) and f.next_start is not None and f.next_end is not None:
            edge_end = min(len(nxt), max(f.next_end, EDGE))
            parts += [nxt[:f.next_start], (nxt[f.next_start:f.next_end], SPAN), nxt[f.next_end:edge_end],
                      "…" if edge_end < len(nxt) else ""]
        else:
            parts.append(("(next chunk not available)", LABEL))
        parts.append("\n")
    return Content.assemble(*parts)
