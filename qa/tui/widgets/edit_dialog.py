"""`e`: change the replacement, or widen the span it replaces, then accept."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from qa.findings import Finding
from qa.tui.widgets.ordered_input import OrderedInput


@dataclass(frozen=True)
class Edit:
    replacement: str
    start: int
    end: int


def widen(text: str, finding: Finding, span_text: str) -> tuple[int, int] | None:
    """Offsets of *span_text* in *text* that cover the finding's span (the nearest such occurrence)."""
    if not span_text:
        return None
    if span_text == finding.found:
        return finding.start, finding.end
    best = None
    i = text.find(span_text)
    while i != -1:
        j = i + len(span_text)
        if i <= finding.start and j >= finding.end:
            return i, j
        if best is None and i < finding.end and finding.start < j:
            best = (i, j)  # overlaps without covering: a shifted span is still what the reviewer typed
        i = text.find(span_text, i + 1)
    return best


PREVIEW = 40  # characters of the text shown either side of the edit in the preview


class EditDialog(ModalScreen[Edit | None]):
    CLOSING_KEYS = ("enter", "escape")  # keys after these wait until the dialog is gone (ReviewApp.on_event)
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    EditDialog { align: center middle; }
    EditDialog > Vertical { width: 76; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    EditDialog Label { margin-top: 1; color: $text-muted; }
    EditDialog #error { color: $error; height: auto; }
    """

    def __init__(self, finding: Finding, field_text: str) -> None:
        super().__init__()
        self.finding = finding
        self.field_text = field_text

    def compose(self) -> ComposeResult:
        f = self.finding
        with Vertical() as box:
            box.border_title = "Edit, then accept"
            lo = max(0, f.start - 60)
            ctx = Content.assemble("…" if lo else "", self.field_text[lo:f.start],
                                   (f.found, "bold reverse $warning"), self.field_text[f.end:f.end + 60], "…")
            yield Static(ctx)
            # Selected, as a rename box selects the name (and Textual's Input, as harlequin and posting
            # keep it): a reviewer who opens `e` usually has a different word in mind and types it at
            # once; ← or → keeps the suggestion to change a letter. Typing used to append to it.
            yield Label("Replace with (typing replaces the suggestion; ← → edit it)")
            yield OrderedInput(f.suggestion, id="replacement", select_on_focus=True)
            yield Label("Words replaced (type more words around them to widen the span)")
            yield OrderedInput(f.found, id="span", select_on_focus=False)
            # what the text will read: a widened span's extra words go unless the replacement has them
            yield Label("The text will read")
            yield Static("", id="preview")
            yield Static("", id="error")
            yield Static(Content.assemble(("Enter", "bold"), " accept   ", ("Tab", "bold"), " next field   ",
                                          ("Ctrl+U", "bold"), " clear   ", ("Esc", "bold"), " cancel"),
                         classes="hint")

    def on_mount(self) -> None:
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._preview()

    def _preview(self) -> None:
        replacement = self.query_one("#replacement", Input).value.strip()
        span = widen(self.field_text, self.finding, self.query_one("#span", Input).value.strip())
        preview = self.query_one("#preview", Static)
        if span is None:
            preview.update(Content.styled("(the words replaced do not occur around the flagged words)", "$text-muted"))
            return
        start, end = span
        lo = max(0, start - PREVIEW)
        text = self.field_text
        preview.update(Content.assemble("…" if lo else "", text[lo:start], (replacement, "bold $success"),
                                        text[end:end + PREVIEW], "…" if end + PREVIEW < len(text) else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        replacement = self.query_one("#replacement", Input).value.strip()
        span_text = self.query_one("#span", Input).value.strip()
        error = self.query_one("#error", Static)
        if not replacement:
            error.update("The replacement is empty (use x to reject instead).")
            self._stay_open()
            return
        span = widen(self.field_text, self.finding, span_text)
        if span is None:
            error.update(f"“{span_text}” does not occur around the flagged words.")
            self._stay_open()
            return
        self.dismiss(Edit(replacement, *span))

    def _stay_open(self) -> None:
        # the keys typed after Enter waited for this dialog to close (ReviewApp.on_event): it does not
        release = getattr(self.app, "release_held_keys", None)
        if release is not None:
            release()

    def action_cancel(self) -> None:
        self.dismiss(None)
