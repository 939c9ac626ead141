"""One line under the finding: how far the review has come, how fast, what is filtered, scan progress."""

from __future__ import annotations

from textual.widgets import Static


class ProgressLine(Static):
    DEFAULT_CSS = """
    ProgressLine { height: 1; padding: 0 1; background: $panel; color: $text; }
    """

    _last = ""

    def show(self, reviewed: int, total: int, *, rate: float | None, filtered: tuple[int, int] | None,
             filter_label: str, scanning: bool) -> None:
        parts = [f"{reviewed} of {total} reviewed"]
        if rate is not None:
            parts.append(f"{rate:.1f} decisions/min")
        if filter_label and filtered is not None:
            parts.append(f"filter {filter_label}: {filtered[0]} open of {filtered[1]}")
        if scanning:
            parts.append("scanning…")
        text = " · ".join(parts)
        if text != self._last:  # an unchanged line would still cost a layout pass
            self._last = text
            self.update(text)
