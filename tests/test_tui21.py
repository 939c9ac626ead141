"""Session 21 user test of `qa review`: what a reviewer at a terminal ran into."""

from __future__ import annotations

import json
from pathlib import Path

from test_tui_data import findings, source, sync
from textual import events

from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import Ledger
from qa.tui.widgets.edit_dialog import EditDialog

SIZE = (100, 30)


def make_app(tmp_path: Path, src=None) -> ReviewApp:
    return ReviewApp(src or source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")))


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def burst(app: ReviewApp, *keys: str) -> None:
    """Keys as a terminal delivers them when typed ahead of a busy app: all queued before any is handled
    (pilot.press waits for each key to be handled, which hides the race)."""
    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "slash": "/"}.get(key)
        app.post_message(events.Key(key, char))


# --- keys typed straight after `e` or `/` --------------------------------------------------------


@sync
async def test_letters_typed_straight_after_e_reach_the_replacement(tmp_path):
    # `e` then "xy" at typing speed (or while a write held the app) lost the letters: they reached the
    # app before the dialog's input had focus, and a printable key with no focused widget is dropped
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        burst(app, "e", "x", "backspace", "y", "z")
        await pilot.pause(0.2)
        assert isinstance(app.screen, EditDialog)
        # the suggestion is selected on open (session 22): the first letter typed replaces it
        assert app.screen.query_one("#replacement").value == "yz" != fs[0].suggestion


@sync
async def test_an_edit_typed_ahead_with_enter_accepts_what_was_typed(tmp_path):
    # the whole edit typed ahead, Enter included: the decision has the typed replacement, not a
    # half-typed one (Enter used to accept whatever letters had survived)
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        burst(app, "e", *["backspace"] * len(fs[0].suggestion), "N", "e", "w", "enter")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, EditDialog)
    d = CorrectionStore(tmp_path / "corrections").by_finding()[fs[0].id]
    assert (d.action, d.replacement) == ("accept", "New")


@sync
async def test_filter_typed_straight_after_slash_is_kept(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        burst(app, "slash", "w", "e", "e", "k", "l", "y", "enter")
        await pilot.pause(0.3)
        assert app.queue.text_filter == "weekly"
        assert app.queue.current is not None and app.queue.current.found == "weekly supervised"


@sync
async def test_escape_typed_ahead_cancels_the_edit_and_writes_nothing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        burst(app, "e", "q", "escape")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, EditDialog)
        assert app.is_running  # the "q" went to the dialog's input, not to quit
    assert not (tmp_path / "corrections").exists() or not CorrectionStore(tmp_path / "corrections").by_finding()


@sync
async def test_review_keys_still_work_after_a_dialog_closes(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e", "escape", "a")
        assert app.queue.current.id == fs[1].id
    assert CorrectionStore(tmp_path / "corrections").by_finding()[fs[0].id].action == "accept"


# --- Ctrl+C ---------------------------------------------------------------------------------------


@sync
async def test_ctrl_c_leaves_the_review_with_130(tmp_path):
    # Textual's default only showed "press ctrl+q to quit"; qa's commands all exit 130 on Ctrl+C
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert len(CorrectionStore(tmp_path / "corrections").by_finding()) == 1  # the decision made is kept


@sync
async def test_ctrl_c_mid_edit_leaves_and_writes_no_half_edit(tmp_path):
    # in the edit dialog Ctrl+C was the input's "copy": the reviewer could not get out with it
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e", "x", "ctrl+c")
        await pilot.pause()
    assert app.return_code == 130
    assert not CorrectionStore(tmp_path / "corrections").by_finding()


# --- decisions the data no longer has room for ------------------------------------------------------


@sync
async def test_a_decision_whose_words_are_gone_is_announced(tmp_path):
    # the text was edited upstream between two sessions: the decision matches no finding any more, so
    # nothing on screen showed it, and `qa apply` then refused the whole set with exit 1
    from qa.tui.source import FixedSource
    from test_tui_data import records

    fs = findings()
    first = make_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
    recs = records()
    for r in recs:
        if (r["video_id"], r["start_second"]) == (fs[0].video_id, fs[0].start_second):
            r["text"] = r["text"].replace(fs[0].found, "something else entirely")
    second = make_app(tmp_path, FixedSource(fs[1:], recs))
    async with second.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = [n.message for n in second._notifications]
    assert any("1 earlier decision no longer applies" in m for m in shown), shown


@sync
async def test_decisions_that_still_apply_are_not_announced(tmp_path):
    first = make_app(tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "x")
    second = make_app(tmp_path)
    async with second.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not any("no longer appl" in n.message for n in second._notifications)


def test_scan_source_keeps_the_records_with_decisions(det, sample_path):
    # only records with findings used to be kept, so a decided record whose words are gone (no finding
    # left in it) could not be checked at all
    from qa.tui.source import ScanSource

    rows = [json.loads(line) for line in open(sample_path, encoding="utf-8")]
    src = ScanSource([sample_path], det)
    kept = {k for b in src.batches(lambda: False) for k in b.records}
    quiet = [(r["video_id"], r["start_second"]) for r in rows if (r["video_id"], r["start_second"]) not in kept]
    assert quiet, "the sample has records without findings"
    src = ScanSource([sample_path], det)
    src.wanted = {quiet[0]}
    kept = {k for b in src.batches(lambda: False) for k in b.records}
    assert quiet[0] in kept


def test_a_term_name_cut_to_fit_the_sidebar_ends_with_an_ellipsis() -> None:
    from qa.tui.widgets.term_list import NAME, _prompt

    cut = _prompt("contrastive methods", 2, 2, active=False).plain
    assert cut.startswith("contrastive me\u2026") and len(cut.split("\u2026")[0]) == NAME - 1  # (was 'contrastive met')
    assert _prompt("BERT", 3, 4, active=False).plain.startswith("BERT ")
    assert "\u2026" not in _prompt("x" * NAME, 1, 1, active=False).plain
