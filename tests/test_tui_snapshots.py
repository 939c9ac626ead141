"""SVG snapshots of the review screens (pytest-textual-snapshot), posting-style: keys pressed first.

Deterministic by construction: fixed findings and records, no decisions made before the shot (so no
decisions-per-minute figure), the scan finished (no progress bar), a fixed terminal size.
Regenerate after an intended UI change with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from test_tui_data import records, source

from textual.widgets import Input

from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger

SIZE = (100, 30)


def app(tmp_path, src=None) -> ReviewApp:
    return ReviewApp(src or source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")),
                     subtitle="lecture-l11.jsonl", opener=lambda url: False, clock=lambda: 0.0)


def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pressed:
            await pilot.press(*pressed)
            await pilot.pause()
        # a text box's cursor blinks every 0.5 s: on a loaded machine the shot could catch it
        # either way, so hold it still (shown), as the reference shots have it
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path), terminal_size=SIZE, run_before=keys())


def test_main_screen_light_80x24(snap_compare, tmp_path):
    a = app(tmp_path)
    a.theme = "textual-light"
    assert snap_compare(a, terminal_size=(80, 24), run_before=keys())


def test_edit_dialog(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path), terminal_size=SIZE, run_before=keys("e"))


def test_accept_all_confirm_dialog(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path), terminal_size=SIZE, run_before=keys("slash", *"oblations", "enter", "A"))


def test_help(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path), terminal_size=SIZE, run_before=keys("question_mark"))


def test_nothing_to_review(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path, FixedSource([], records())), terminal_size=SIZE, run_before=keys())
