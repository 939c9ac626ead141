"""The sidebar: the queue grouped by term, with open / total counts; choosing a term filters to it."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qa.tui.queue import ReviewQueue

ALL = "\x00all"  # option id of "all terms" (cannot clash with a glossary term)
# A quarter of the screen, 26 columns at 100 and less; a wide screen (200 columns) gives the names
# room ("weakly supervised learning" whole) up to 48. A fixed 26 cut names at 15 at any width.
WIDTH = 26
MAX_WIDTH = 48
EDGE = 1 + 2  # the border and the scrollbar: a row wider than the rest wraps onto a second line
ROOM = WIDTH - EDGE
NAME = 15  # a term's name is cut to this at the narrowest, or shorter when its counts need the room


class TermList(OptionList):
    DEFAULT_CSS = """
    TermList { width: 26%%; min-width: %d; max-width: %d; height: 1fr; border: none;
               border-right: solid $panel-lighten-2; padding: 0; }
    """ % (WIDTH, MAX_WIDTH)

    class TermChosen(Message):
        def __init__(self, term: str | None) -> None:
            super().__init__()
            self.term = term

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: list[str] = []  # option ids in display order
        self._rows: list[tuple] = []  # what each option shows, to redraw only what changed
        self._queue: ReviewQueue | None = None
        self.border_title = "terms"

    def on_resize(self) -> None:
        if self._queue is not None:  # the names get the room the new width gives
            self.refresh_terms(self._queue)

    def _room(self) -> int:
        width = self.outer_size.width
        return max(ROOM, width - EDGE) if width else ROOM

    def refresh_terms(self, queue: ReviewQueue) -> None:
        """Rebuild when the set or order of terms changed; otherwise redraw only the counts that changed."""
        self._queue = queue
        terms = queue.terms()
        ids = [ALL] + [t.term for t in terms]
        every = (queue.total - queue.reviewed, queue.total)
        room = self._room()
        rows = [("all terms", *every, queue.term_filter is None, *_widths([every], room))]
        widths = _widths([(t.open, t.total) for t in terms], room)  # one for every term row, so they line up
        rows += [(t.term, t.open, t.total, queue.term_filter == t.term, *widths) for t in terms]
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


def _widths(counts: list[tuple[int, int]], room: int = ROOM) -> tuple[int, int]:
    """(name width, open width) for rows of these counts in *room* columns: thousands of findings (a
    big corpus) take room from the name rather than wrap the row; a wider sidebar gives it back."""
    open_w = max([4, *(len(str(o)) for o, _ in counts)])
    total_w = max([1, *(len(str(t)) for _, t in counts)])
    counts_w = open_w + 1 + max(total_w, 4)  # the total is padded to 4: "1/1   "
    return max(min(NAME, ROOM - open_w - 1 - total_w), room - counts_w), open_w


def _prompt(name: str, open_: int, total: int, active: bool, name_w: int = NAME, open_w: int = 4) -> Content:
    style = "bold $accent" if active else ("$text-muted" if open_ == 0 else "")
    # a name cut short says so ('contrastive me…'): cut plain, it read as another word ('contrastive met')
    shown = name if len(name) <= name_w else name[:name_w - 1] + "…"
    return Content.assemble((f"{shown:<{name_w}}", style), (f"{open_:>{open_w}}/{total:<4}", "$text-muted"))
