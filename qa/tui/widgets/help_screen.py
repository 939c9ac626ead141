"""`?`: every key and what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from qa.tui.keys import KEYS


class HelpScreen(ModalScreen[None]):
    CLOSING_KEYS = ("escape", "q", "question_mark")  # keys after these wait until the dialog is gone (ReviewApp.on_event)
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 100%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        rows: list = []
        for k in KEYS:
            rows += [(f"{k.shown:>6}  ", "bold $accent"), k.help, "\n"]
        rows += [(f"{'Tab':>6}  ", "bold $accent"), "the term list: Enter there shows only that term", "\n"]
        rows += [(f"{'Ctrl+C':>6}  ", "bold $accent"), "quit now, from a dialog too (exit 130; an unfinished edit "
                 "is dropped)", "\n"]
        rows += ["\n", ("In the edit box (e): typing replaces the suggestion, ← → edit it, Ctrl+U clears, "
                       "Tab goes to the words replaced, Enter accepts, Esc cancels.", "$text-muted"), "\n"]
        rows += ["\n", ("Decisions are written to the corrections directory the moment you make them; "
                        "reopening resumes at the first open finding. Ctrl+P opens the command palette.",
                        "$text-muted")]
        with VerticalScroll() as box:
            box.border_title = "qa review — keys"
            box.border_subtitle = "Esc closes"
            yield Static(Content.assemble(*rows))

    def action_close(self) -> None:
        self.dismiss(None)
