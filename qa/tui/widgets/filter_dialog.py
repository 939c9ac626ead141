"""`/`: show only findings whose term, found text, suggestion, context or video contains some text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from qa.tui.widgets.ordered_input import OrderedInput


class FilterDialog(ModalScreen[str | None]):
    CLOSING_KEYS = ("enter", "escape")  # keys after these wait until the dialog is gone (ReviewApp.on_event)
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    FilterDialog { align: center top; }
    FilterDialog > Vertical { width: 60; max-width: 100%; height: auto; margin-top: 3; border: thick $accent; background: $surface; padding: 0 1; }
    FilterDialog Static { color: $text-muted; }
    """

    def __init__(self, current: str = "") -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Filter"
            yield OrderedInput(self.current, placeholder="term or text (empty: show all)", id="filter")
            yield Static("Enter applies · empty clears · Esc cancels")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
