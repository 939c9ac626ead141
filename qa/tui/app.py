"""`qa review`: clear findings one key at a time, each decision written to the patch files at once.

Scanning runs in a thread worker that streams findings into the queue slice by slice, so the
first finding is on screen while the rest of the corpus is still being scanned. Keys only touch
the in-memory queue and write one decision through the `Ledger`; nothing waits for the scan.
"""

from __future__ import annotations

import os
import sys
import time
import webbrowser
from dataclasses import dataclass, field
from typing import Any, Callable

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ContentSwitcher, Footer, Header, Input, ProgressBar
from textual.worker import get_current_worker

from qa.errors import QAError
from qa.findings import Finding
from qa.patches import NEXT_PART
from qa.relocate import apply_text, decided_findings
from qa.tui.commands import ReviewCommands
from qa.tui.keys import KEYS
from qa.tui.queue import ReviewQueue
from qa.tui.source import Batch, Ledger, Source, part_ids, status_of, texts_for
from qa.tui.widgets.confirm_dialog import ConfirmDialog
from qa.tui.widgets.edit_dialog import Edit, EditDialog
from qa.tui.widgets.empty_state import EmptyState
from qa.tui.widgets.filter_dialog import FilterDialog
from qa.tui.widgets.finding_view import FindingView
from qa.tui.widgets.help_screen import HelpScreen
from qa.tui.widgets.progress_line import ProgressLine
from qa.tui.widgets.term_list import TermList

REVIEW_ACTIONS = frozenset(k.action for k in KEYS)
FOOTER_KEYS = {"a", "x", "space", "u", "e", "A", "slash", "question_mark", "q"}
INTERRUPTED = 130  # the shell's code for SIGINT, as every qa command exits on Ctrl+C
BIG_GROUP = 100  # `A` / `X` groups this large get a "saving…" notice first
MIN_RATE_WINDOW = 10.0  # seconds: a rate over the first few seconds would be noise
# While the scanning thread runs pure-Python detection it holds the GIL; a shorter switch interval
# hands it back to the event loop sooner, so keys stay quick during the scan (default is 5 ms).
SCAN_SWITCH_INTERVAL = 0.001
HOLD_AT_MOST = 0.5  # seconds keys typed after a dialog's closing key wait for it to close
# ... and at least this many looks (5 ms apart) at whether it has: on a loaded machine the seconds pass
# while the dialog's own close waits its turn, and the keys were let go into the dialog, and lost
HOLD_LOOKS = 100


@dataclass
class UndoStep:
    """One undoable step: the findings it decided (with what they had before) and where the cursor was."""

    # (finding id, the decisions it had before (both parts of a cross-chunk one), its status before)
    entries: list[tuple[str, list[Any], str]] = field(default_factory=list)
    cursor: int | None = None


def video_url(video_id: str, start_second: str, record: dict[str, Any] | None = None) -> str:
    url = (record or {}).get("url") or ""
    if url.startswith(("http://", "https://")) and f"t={start_second}" in url:
        return url
    try:
        second = int(float(start_second))
    except ValueError:
        second = 0
    return f"https://www.youtube.com/watch?v={video_id}&t={second}s"


def has_gui_browser() -> bool:
    """Without a display, webbrowser would start a console browser over the review screen."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("BROWSER"))


def open_in_browser(url: str) -> bool:
    return has_gui_browser() and webbrowser.open(url)


class ReviewApp(App[int]):
    CSS_PATH = "review.tcss"
    TITLE = "qa review"
    BINDINGS = [
        # priority: a key is acted on as it arrives, before the keys typed after it are passed on. Without
        # it "e" then "cpu" typed at once (or while a write held the app) reached the edit dialog before
        # its input had focus and was dropped; Enter then accepted what was left. check_action still
        # hands review keys to an open dialog.
        Binding(k.key, k.action, k.label, show=k.key in FOOTER_KEYS, key_display=k.shown, priority=True)
        for k in KEYS
    ] + [
        # Ctrl+C leaves, from a dialog too (Textual's default only says "press ctrl+q"; in an input it
        # copies): every decision is already saved, and an edit not yet accepted is dropped, as Esc does
        Binding("ctrl+c", "interrupt", "Quit", show=False, priority=True),
    ]
    COMMANDS = App.COMMANDS | {ReviewCommands}

    def __init__(self, source: Source, ledger: Ledger, *, subtitle: str = "",
                 opener: Callable[[str], bool] = open_in_browser,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.source = source
        self.ledger = ledger
        self.sub_title = subtitle
        self.opener = opener
        self.clock = clock
        self.queue = ReviewQueue()
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.decisions: dict[str, Any] = {}  # finding id (and id + NEXT_PART for second parts) -> decision
        self._edits: list[Any] = []
        self.undo_stack: list[UndoStep] = []
        self.scanning = True
        self.session_decisions = 0
        self._first_decision_at: float | None = None
        self.first_shown_at: float | None = None  # clock time the first finding was drawn (bench reads it)
        self.error: QAError | None = None
        self._held: list[events.Key] | None = None  # keys typed while a dialog closes (see on_event)
        self._holds = 0  # holds begun, so a timer of one already released lets a later one be

    async def on_event(self, event: events.Event) -> None:
        """Keys typed after the key that closes a dialog wait until it is gone. The dialog closes only
        once its input or bindings have handled that key, after the app has passed on the keys behind
        it: "/", "weekly", Enter, "a" at typing speed put the "a" into the closing filter's input and
        it was lost, and so was "x" typed after "n" in the accept-all question."""
        if isinstance(event, events.Key) and not self.screen_stack:
            return  # a held key let go as the app closes: there is nothing left to type into
        if isinstance(event, events.Key) and not event.is_forwarded and event.key != "ctrl+c":
            if self._held is not None:
                self._held.append(events.Key(event.key, event.character))
                event.stop()
                return
            dialog = self.screen
            if event.key in ("tab", "shift+tab") and isinstance(dialog, ModalScreen) and isinstance(self.focused, Input):
                # focus moves as Tab arrives: handled after the input it was passed to, it moved only
                # after the letters typed behind it had gone to the field it was leaving
                event.stop()
                (dialog.focus_next if event.key == "tab" else dialog.focus_previous)()
                return
            if event.key in getattr(dialog, "CLOSING_KEYS", ()):
                await super().on_event(event)
                self._held = []
                self._holds += 1
                self._release_when_closed(self._holds, dialog, self.clock() + HOLD_AT_MOST, HOLD_LOOKS)
                return
        await super().on_event(event)

    def _release_when_closed(self, hold: int, dialog: Any, deadline: float, looks: int) -> None:
        # (a dialog that stays open without saying so gets the keys after HOLD_AT_MOST and HOLD_LOOKS
        # looks, both: the looks are turns of the event loop, which a busy machine slows down with
        # the dialog's close, where the seconds alone ran out before it closed. The dialogs that
        # refuse their closing key, the edit dialog's Enter, let the keys go at once themselves.)
        if hold != self._holds or self._held is None:
            return  # released already (and maybe holding again, for another closing key)
        if dialog in self.screen_stack and (looks > 0 or self.clock() < deadline):
            self.set_timer(0.005, lambda: self._release_when_closed(hold, dialog, deadline, looks - 1))
            return
        self.release_held_keys()

    def release_held_keys(self) -> None:
        """The held keys, back in the queue in order, ahead of anything typed from now on (called when
        the dialog is gone, or by one that stays open: an edit whose Enter was refused)."""
        held, self._held = self._held or [], None
        for key in held:
            self.post_message(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A dialog or help is open: its keys are its own (`a` typed there must not accept underneath)
        if action in REVIEW_ACTIONS and isinstance(self.screen, ModalScreen):
            return False
        return True

    # --- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield TermList(id="terms")
            with ContentSwitcher(initial="empty", id="main"):
                with VerticalScroll(id="finding-pane"):
                    yield FindingView(id="finding")
                yield EmptyState(id="empty")
        yield ProgressBar(id="scan", show_eta=False)
        yield ProgressLine(id="progress")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#finding-pane").focus()
        self.refresh_view()
        self.scan()

    # --- scanning (thread worker) --------------------------------------------------------------

    @work(thread=True, exclusive=True, name="scan")
    def scan(self) -> None:
        worker = get_current_worker()
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, SCAN_SWITCH_INTERVAL))
        try:
            self._scan(worker)
        finally:
            sys.setswitchinterval(interval)

    def _scan(self, worker) -> None:
        try:
            decided, edits = self.ledger.current(), self.ledger.edits()
            if hasattr(self.source, "wanted"):
                self.source.wanted = {(d.video_id, d.start_second) for d in [*decided.values(), *edits]}
            self.call_from_thread(self._set_decided, decided, edits)
            for batch in self.source.batches(lambda: worker.is_cancelled):
                if worker.is_cancelled:
                    return
                self.call_from_thread(self._add_batch, batch)
        except QAError as exc:
            if not worker.is_cancelled:
                self.call_from_thread(self._fail, exc)
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._scan_done)

    def _set_decided(self, decided: dict[str, Any], edits: list[Any]) -> None:
        self.decisions = decided
        self._edits = edits

    def _add_batch(self, batch: Batch) -> None:
        self.records.update(batch.records)
        had_current = self.queue.current is not None
        self._match_moved(batch)
        self.queue.add(batch.findings, status_of(batch.findings, self.decisions, self._edits))
        bar = self.query_one("#scan", ProgressBar)
        bar.update(total=batch.total, progress=batch.done)
        if not had_current or batch.findings:
            self.refresh_view()  # the finding's "k of M" grows too
        if self.first_shown_at is None and self.queue.current is not None:
            self.first_shown_at = self.clock()

    def _match_moved(self, batch: Batch) -> None:
        """Findings decided before their record's text changed (their ids moved with their offsets) are
        shown decided, with that decision: matched by its words and context, as `qa apply` finds it."""
        texts = {(v, s, name): text for (v, s), rec in batch.records.items()
                 for name, text in rec.items() if isinstance(text, str)}
        for fid, d in decided_findings(batch.findings, texts, list(self.decisions.values())).items():
            if d.finding_id != fid:
                self.decisions[fid] = d

    def _scan_done(self) -> None:
        self.scanning = False
        self.query_one("#scan", ProgressBar).display = False
        self.refresh_view()
        self._warn_conflicts()
        self._warn_skipped()

    def _warn_skipped(self) -> None:
        count, first = getattr(self.source, "skipped", 0), getattr(self.source, "first_skipped", None)
        if count and first is not None:
            self.notify(f"{count} line{'s' if count != 1 else ''} could not be read and {'are' if count != 1 else 'is'} "
                        f"not in this review (first: {first.file}:{first.line}: {first.message}). "
                        "`qa validate` lists every problem.", title="Skipped", severity="warning", timeout=20,
                        markup=False)

    def _warn_conflicts(self) -> None:
        """Say when earlier decisions no longer apply (their words are gone from the text, edited
        upstream since): no finding shows them any more, and `qa apply` would refuse the whole set."""
        groups: dict[tuple[str, str, str], dict[int, Any]] = {}
        for d in [*self.decisions.values(), *self._edits]:
            if (d.video_id, d.start_second) in self.records:  # others are outside this review's data
                groups.setdefault((d.video_id, d.start_second, d.field), {})[id(d)] = d
        conflicts = 0
        for (video, second, name), group in groups.items():
            text = self.records[(video, second)].get(name)
            if isinstance(text, str):
                conflicts += sum(o.conflict for o in apply_text(text, list(group.values()))[1])
        if conflicts:
            self.notify(f"{conflicts} earlier decision{'s' if conflicts != 1 else ''} no longer appl"
                        f"{'y' if conflicts != 1 else 'ies'}: the text changed since, and `qa apply` stops "
                        "on them. `qa status` lists them; `qa decide --forget ID` drops one.",
                        title="Conflicts", severity="warning", timeout=20)

    def _fail(self, exc: QAError) -> None:
        # the CLI re-raises it after the screen is gone, as the usual one-line error
        self.error = exc
        self.exit(exc.exit_code, return_code=exc.exit_code)

    # --- drawing -------------------------------------------------------------------------------

    def refresh_view(self, finding: bool = True) -> None:
        # one frame for the finding, sidebar and progress line together, not one per widget
        with self.batch_update():
            self._refresh_view(finding)

    def _refresh_view(self, finding: bool) -> None:
        q = self.queue
        if finding:
            f = q.current
            switcher = self.query_one("#main", ContentSwitcher)
            if f is None:
                if switcher.current != "empty":
                    switcher.current = "empty"
                self.query_one(EmptyState).show(scanning=self.scanning, total=q.total,
                                                filtered=bool(q.term_filter is not None or q.text_filter))
            else:
                if switcher.current != "finding-pane":
                    switcher.current = "finding-pane"
                    # the pane was hidden, so focus went to the sidebar; keys like up/down belong here
                    self.query_one("#finding-pane").focus()
                rec = self.records.get((f.video_id, f.start_second))
                nxt = self.records.get((f.video_id, f.next_start_second)) if f.cross_chunk else None
                k = q.position()
                pos = f"{k} of {len(q.visible())}" if k else ""
                self.query_one(FindingView).show(f, rec, q.status[f.id], self._decision_for(f), nxt, pos)
                pane = self.query_one("#finding-pane", VerticalScroll)
                if pane.scroll_y:
                    pane.scroll_home(animate=False)
        self.query_one(TermList).refresh_terms(q)
        label = " & ".join(x for x in (q.term_filter and f"term={q.term_filter}",
                                        q.text_filter and f"“{q.text_filter}”") if x)
        self.query_one(ProgressLine).show(
            q.reviewed, q.total, rate=self.rate(), filtered=q.visible_counts() if label else None,
            filter_label=label, scanning=self.scanning)

    def _decision_for(self, f: Finding) -> Any | None:
        """Its decision, or the id-less edit (`qa decide --edit`) that covers its words."""
        d = self.decisions.get(f.id)
        if d is None and self.queue.status[f.id] == "edit":
            d = next((e for e in self._edits if (e.video_id, str(e.start_second), e.field) ==
                      (f.video_id, f.start_second, f.field) and e.start < f.end and f.start < e.end), None)
        return d

    def rate(self) -> float | None:
        if self._first_decision_at is None or self.session_decisions <= 0:
            return None
        minutes = max(self.clock() - self._first_decision_at, MIN_RATE_WINDOW) / 60
        return self.session_decisions / minutes

    # --- deciding ------------------------------------------------------------------------------

    def _field_text(self, f: Finding) -> str | None:
        rec = self.records.get((f.video_id, f.start_second))
        text = rec.get(f.field) if rec else None
        return text if isinstance(text, str) else None

    def _parts(self, f: Finding) -> list[Any]:
        """The decisions *f* has now: its own and, for a term split across chunks, the next chunk's part."""
        out = [self.decisions[i] for i in part_ids(f) if i in self.decisions]
        first = self.decisions.get(f.id)
        if first is not None and first.finding_id != f.id:  # made under an older id: its next-chunk part too
            out += [self.decisions[i] for i in (first.finding_id + NEXT_PART,) if i in self.decisions]
        return out

    def _set_parts(self, f: Finding, decisions: list[Any]) -> None:
        for i in part_ids(f):
            self.decisions.pop(i, None)
        for d in decisions:
            self.decisions[d.finding_id] = d
            if d.finding_id not in part_ids(f) and not d.finding_id.endswith(NEXT_PART):
                self.decisions[f.id] = d  # made on these words before the text changed (an undo puts it back)

    def _drop_moved(self, pairs: list[tuple[Finding, list[Any]]]) -> None:
        """A new decision on a finding replaces one made on its words under an older id: removed from
        the patch files, or both would stand (an accept left behind a reject would still apply)."""
        old = {d.finding_id for f, previous in pairs for d in previous if d.finding_id not in part_ids(f)}
        if old:
            self.ledger.forget_many(old, videos={f.video_id for f, _ in pairs})
            for i in old:
                self.decisions.pop(i, None)
                self.decisions.pop(i + NEXT_PART, None)

    def _write(self, f: Finding, action: str, replacement: str | None = None,
               span: tuple[int, int] | None = None) -> tuple[str, list[Any], str] | None:
        """Write one finding's decisions; returns its undo entry, or None (and says why) when not written."""
        texts = texts_for(f, self.records)
        if texts is None:
            where = f"{f.video_id} @ {f.start_second}s" + (" or of its next chunk" if f.cross_chunk else "")
            self.notify(f"the record of {where} is not loaded; cannot decide", severity="error")
            return None
        previous, prev_status = self._parts(f), self.queue.status[f.id]
        try:
            made = self.ledger.write(f, texts, action, replacement, span)
            self._drop_moved([(f, previous)])
        except (QAError, OSError) as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=8)
            return None
        self._set_parts(f, made)
        self.queue.set_status(f.id, action)
        return f.id, previous, prev_status

    def _counted(self, n: int) -> None:
        if n and self._first_decision_at is None:
            self._first_decision_at = self.clock()
        self.session_decisions += n

    def _decide(self, action: str, replacement: str | None = None, span: tuple[int, int] | None = None) -> None:
        f = self.queue.current
        if f is None:
            self.bell()
            return
        cursor = self.queue.cursor
        entry = self._write(f, action, replacement, span)
        if entry is None:
            return
        self.undo_stack.append(UndoStep([entry], cursor))
        self._counted(1)
        self.queue.advance()
        self.refresh_view()

    def action_accept(self) -> None:
        f = self.queue.current
        self._decide("accept", f.suggestion if f else None)

    def action_reject(self) -> None:
        self._decide("reject")

    def action_skip(self) -> None:
        q = self.queue
        if q.current is None:
            self.bell()
            return
        self.undo_stack.append(UndoStep([], q.cursor))
        nxt = q.next_open(q.cursor)
        if nxt is None or nxt == q.cursor:
            q.step(+1)
        else:
            q.cursor = nxt
        self.refresh_view()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("nothing to undo")
            return
        step = self.undo_stack.pop()
        q = self.queue
        items = [(q.findings[q.index_of(fid)], previous) for fid, previous, _ in step.entries]
        try:
            self.ledger.restore_many(items)
        except (QAError, OSError) as exc:
            self.undo_stack.append(step)
            self.notify(f"undo not saved: {exc}", severity="error", timeout=8)
            return
        for (finding, previous), (fid, _, prev_status) in zip(items, step.entries):
            self._set_parts(finding, previous)
            q.set_status(fid, prev_status)
        self.session_decisions -= len(step.entries)
        self.queue.cursor = step.cursor
        self.refresh_view()

    async def action_edit(self) -> None:
        f = self.queue.current
        text = self._field_text(f) if f else None
        if f is None or text is None:
            self.bell()
            return

        def done(edit: Edit | None) -> None:
            # an accept of the finding with the words typed (patch files' "edit" is a correction no
            # finding proposed, `qa decide --edit`); its span may be wider than the finding's
            if edit is not None and self.queue.current is f:
                self._decide("accept", edit.replacement, (edit.start, edit.end))

        await self._open(EditDialog(f, text), done)

    async def _decide_all(self, action: str) -> None:
        f = self.queue.current
        if f is None:
            self.bell()
            return
        group = self.queue.same_as(f)
        if not group:
            self.notify("this finding is already decided; nothing open has the same text")
            return
        verb = "Accept" if action == "accept" else "Reject"
        question = Content.assemble(
            f"{verb} all ", (str(len(group)), "bold"), f" open finding{'s' if len(group) != 1 else ''} of ",
            (f.found, "bold reverse $warning"), " → ", (f.suggestion, "bold $success"), "?",
            ("\n\nFindings still being scanned are not included." if self.scanning else ""),
        )
        cursor = self.queue.cursor

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if len(group) >= BIG_GROUP:
                # hundreds of patch files take a moment: say so on screen before the writes start
                self.notify(f"saving {len(group)} decisions…", timeout=3)
                self.call_after_refresh(save)
            else:
                save()

        def save() -> None:
            made: list[tuple[Finding, list[Any]]] = []
            try:
                for g in group:
                    texts = texts_for(g, self.records)
                    if texts is not None:
                        replacement = g.suggestion if action == "accept" else None
                        made.append((g, self.ledger.make(g, texts, action, replacement)))
                previous = {g.id: self._parts(g) for g, _ in made}
                self.ledger.write_many([d for _, ds in made for d in ds])
                self._drop_moved([(g, previous[g.id]) for g, _ in made])
            except (QAError, OSError) as exc:
                self.notify(f"not saved: {exc}", severity="error", timeout=8)
                return
            step = UndoStep([], cursor)
            for g, decisions in made:
                step.entries.append((g.id, previous[g.id], self.queue.status[g.id]))
                self._set_parts(g, decisions)
                self.queue.set_status(g.id, action)
            if step.entries:
                self.undo_stack.append(step)
                self._counted(len(step.entries))
                self.notify(f"{verb}ed {len(step.entries)} (u undoes all of them)")
            self.queue.advance()
            self.refresh_view()

        # awaited: the "y" or "n" typed straight after "A" is the dialog's, not "next" on the screen below
        await self.push_screen(ConfirmDialog(question, f"{verb} all"), done)

    async def action_accept_all(self) -> None:
        await self._decide_all("accept")

    async def action_reject_all(self) -> None:
        await self._decide_all("reject")

    # --- looking around ------------------------------------------------------------------------

    def action_open_video(self) -> None:
        f = self.queue.current
        if f is None:
            self.bell()
            return
        url = video_url(f.video_id, f.start_second, self.records.get((f.video_id, f.start_second)))
        opened = False
        try:
            opened = bool(self.opener(url))
        except Exception:  # a broken browser setup must not end the review
            opened = False
        # as wide as the URL (up to the screen): the default 60-cell toast wrapped it, and a URL
        # copied from a terminal in pieces is broken; not markup, so a "[" in it is kept
        self.notify(url, title="Opened in browser" if opened else "No browser here; open this URL", timeout=10,
                    markup=False)

    async def action_filter(self) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.queue.set_filter(text=text)
                self.refresh_view()

        await self._open(FilterDialog(self.queue.text_filter), done)

    async def _open(self, dialog: ModalScreen[Any], done: Callable[[Any], None]) -> None:
        """Show a dialog with its input focused before the next key is read (the keys are priority
        bindings, so none is handled until this returns): letters typed straight after `e` or `/`
        go into the input, in order, instead of to no widget at all."""
        await self.push_screen(dialog, done)
        first = next(iter(dialog.query(Input)), None)
        if first is not None:
            dialog.set_focus(first)

    def on_term_list_term_chosen(self, event: TermList.TermChosen) -> None:
        self.queue.set_filter(term=event.term)
        self.refresh_view()
        self.query_one("#finding-pane").focus()

    def action_next(self) -> None:
        self.queue.step(+1)
        self.refresh_view()

    def action_prev(self) -> None:
        self.queue.step(-1)
        self.refresh_view()

    async def action_help(self) -> None:
        await self.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.exit(0)

    def action_interrupt(self) -> None:
        self.exit(INTERRUPTED, return_code=INTERRUPTED)
