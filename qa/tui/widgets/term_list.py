"""The sidebar: the queue grouped by term, with open / total counts; choosing a term filters to it."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qa.tui.queue import ReviewQueue

ALL = "\x00all"  # option id of "all terms" (cannot clash with a glossary term)


class TermList(OptionList):
    DEFAULT_CSS = """
    TermList { width: 26; height: 1fr; border: none; border-right: solid $panel-lighten-2; padding: 0; }
    """

    class TermChosen(Message):
        def __init__(self, term: str | None) -> None:
            super().__init__()
            self.term = term

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: list[str] = []  # option ids in display order
        self._rows: list[tuple] = []  # what each option shows, to redraw only what changed
        self.border_title = "terms"

    def refresh_terms(self, queue: ReviewQueue) -> None:
        """Rebuild when the set or order of terms changed; otherwise redraw only the counts that changed."""
        terms = queue.terms()
        ids = [ALL] + [t.term for t in terms]
        rows = [("all terms", queue.total - queue.reviewed, queue.total, queue.term_filter is None)]
        rows += [(t.term, t.open, t.total, queue.term_filter == t.term) for t in terms]
        if ids != self._shown:
            highlighted = self._shown[self.highlighted] if self.highlighted is not None and self._shown else None
            self.set_options(Option(_prompt(*r), id=i) for r, i in zip(rows, ids))
            self._shown = ids
            if highlighted in ids:
                self.highlighted = ids.index(highlighted)
        else:
            for i, (new, old) in enumerate(zip(rows, self._rows)):
                if new != old:
                    self.replace_option_prompt_at_index(i, _prompt(*new))
        self._rows = rows

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id
        self.post_message(self.TermChosen(None if oid == ALL else oid))


def _prompt(name: str, open_: int, total: int, active: bool) -> Content:
    style = "bold $accent" if active else ("$text-muted" if open_ == 0 else "")
    return Content.assemble((f"{name[:15]:<15}", style), (f"{open_:>4}/{total:<4}", "$text-muted"))
