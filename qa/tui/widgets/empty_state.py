"""What the main pane shows when there is no finding to show: none found, all done, or still scanning."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class EmptyState(Static):
    DEFAULT_CSS = """
    EmptyState { width: 1fr; height: 1fr; content-align: center middle; text-align: center; padding: 1 2; }
    """

    def show(self, *, scanning: bool, total: int, filtered: bool) -> None:
        if scanning:
            title, hint = "Scanning…", "The first finding appears here as soon as it is found."
        elif total == 0:
            title, hint = "Nothing to review", "No findings in these transcripts with these rules. Press q to quit."
        elif filtered:
            title, hint = "Nothing open matches the filter", "Press / to change the filter, or pick “all terms”."
        else:
            title, hint = (f"All {total} findings reviewed",
                           "Every decision is saved. u undoes the last one, n / p revisit, q quits.")
        self.update(Content.assemble((title, "bold $accent"), "\n\n", (hint, "$text-muted")))
