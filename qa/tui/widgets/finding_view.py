"""The current finding, shown inside its record's text with the span marked and the suggestion beside it."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from qa.findings import Finding

# Long records are cut to a window around the span so the span is always on screen at 80x24.
WINDOW = 240
EDGE = 160  # characters of the neighbouring chunk shown for a cross-chunk finding

SPAN = "bold reverse $warning"
SUGGEST = "bold $success"
LABEL = "$text-muted"
STATUS_STYLE = {
    "open": ("open", "bold $accent"),
    "accept": ("✓ accepted", "bold $success"),
    "reject": ("✗ rejected", "bold $error"),
    "edit": ("✎ edited", "bold $warning"),
}


def _window(text: str, start: int, end: int, width: int = WINDOW) -> tuple[str, int, int, str, str]:
    """(text, start, end, lead, tail) with text cut to *width* characters either side of the span."""
    lo = max(0, start - width)
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

    def on_resize(self) -> None:
        self._fit()

    def show(self, finding: Finding, record: dict[str, Any] | None, status: str,
             decision: Any | None = None, next_record: dict[str, Any] | None = None,
             position: str = "") -> None:
        content = render_finding(finding, record, status, decision, next_record, position)
        if content != self._last:
            self._last = content
            self._fit()
            self.update(content)

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
                   next_record: dict[str, Any] | None = None, position: str = "") -> Content:
    """The decision line and why it was flagged first (always on screen at 80x24), then the record."""
    label, style = STATUS_STYLE.get(status, (status, "bold"))
    found = f.found
    nxt_text = (next_record or {}).get(f.field)
    if f.cross_chunk and isinstance(nxt_text, str) and f.next_start is not None and f.next_end is not None:
        found += f" | {nxt_text[f.next_start:f.next_end]}"  # the part heard in the next chunk
    parts: list[Any] = [(f" {found} ", SPAN), "  →  ", (f.suggestion, SUGGEST), "    ", (label, style)]
    if decision is not None:
        if status == "edit" and getattr(decision, "replacement", None) is not None:
            parts.append((f" “{decision.original}” → “{decision.replacement}”", style))
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
        meta.append(("reason", f.reason))
    for name, value in meta:
        parts += [(f"{name:<7}", LABEL), value, "\n"]

    record = record or {}
    title = (record.get("title") or "").strip() or "(untitled video)"
    when = record.get("start_timestamp") or ""
    where = f"{f.video_id} · {when + ' ' if when else ''}({f.start_second} s) · {f.field}"
    if f.file:
        where += f" · {f.file}:{f.line}" if f.line else f" · {f.file}"
    parts += ["\n", (title, "bold"), "\n", (where, LABEL), "\n"]

    text = record.get(f.field)
    if isinstance(text, str) and text[f.start:f.end] == f.found:
        body, s, e, lead, tail = _window(text, f.start, f.end)
        parts += [lead, body[:s], (body[s:e], SPAN), " ", (f"→ {f.suggestion}", SUGGEST), " ", body[e:], tail]
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
