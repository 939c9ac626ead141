"""Pilot tests of `qa review`: every key, asserted on the patch files it writes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from test_tui_data import findings, records, source, sync

from qa import patches
from qa.errors import InputError
from qa.findings import Finding
from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp, video_url
from qa.tui.source import Batch, FixedSource, Ledger
from qa.tui.widgets.confirm_dialog import ConfirmDialog
from qa.tui.widgets.edit_dialog import EditDialog
from qa.tui.widgets.empty_state import EmptyState
from qa.tui.widgets.filter_dialog import FilterDialog
from qa.tui.widgets.finding_view import FindingView
from qa.tui.widgets.help_screen import HelpScreen
from qa.tui.widgets.progress_line import ProgressLine

SIZE = (100, 30)


def make_app(tmp_path: Path, src=None, **kwargs) -> ReviewApp:
    store = CorrectionStore(tmp_path / "corrections", reviewer="tester")
    return ReviewApp(src or source(), Ledger(store), **kwargs)


def stored(tmp_path: Path) -> dict[str, patches.Decision]:
    return CorrectionStore(tmp_path / "corrections").by_finding()


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget) -> str:
    return str(widget.render())


# --- single decisions ----------------------------------------------------------------------------


@sync
async def test_a_accepts_current_finding_and_moves_to_next(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.current.id == fs[0].id
        await pilot.press("a")
        assert app.queue.current.id == fs[1].id
    d = stored(tmp_path)[fs[0].id]
    assert (d.action, d.original, d.replacement, d.reviewer) == ("accept", fs[0].found, fs[0].suggestion, "tester")
    assert len(stored(tmp_path)) == 1


@sync
async def test_x_rejects_with_no_replacement(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
    d = stored(tmp_path)[fs[0].id]
    assert (d.action, d.replacement) == ("reject", None)


@sync
async def test_space_skips_without_writing(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("space")
        assert app.queue.current.id == fs[1].id
        assert app.queue.status[fs[0].id] == "open"
    assert stored(tmp_path) == {}


@sync
async def test_u_undoes_many_steps_in_order(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "x", "space", "a")
        assert set(stored(tmp_path)) == {fs[0].id, fs[1].id, fs[3].id}
        await pilot.press("u")
        assert set(stored(tmp_path)) == {fs[0].id, fs[1].id}
        assert app.queue.current.id == fs[3].id
        await pilot.press("u")  # the skip: back to the skipped finding, nothing written
        assert app.queue.current.id == fs[2].id
        await pilot.press("u", "u")
        assert stored(tmp_path) == {}
        assert app.queue.current.id == fs[0].id
        assert app.queue.reviewed == 0
        await pilot.press("u")  # nothing left: no crash, nothing written
    assert stored(tmp_path) == {}


@sync
async def test_undo_of_a_changed_decision_restores_the_earlier_one(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "p")  # back to the accepted finding
        assert app.queue.current.id == fs[0].id
        await pilot.press("x")
        assert stored(tmp_path)[fs[0].id].action == "reject"
        await pilot.press("u")
    assert stored(tmp_path)[fs[0].id].action == "accept"


# --- edit ----------------------------------------------------------------------------------------


@sync
async def test_e_edits_replacement_then_accepts(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditDialog)
        repl = app.screen.query_one("#replacement")
        repl.value = "HARD set"
        await pilot.press("enter")
        assert not isinstance(app.screen, EditDialog)
        assert app.queue.current.id == fs[1].id
    d = stored(tmp_path)[fs[0].id]
    assert (d.action, d.original, d.replacement) == ("accept", "card set", "HARD set")


@sync
async def test_e_widens_the_span(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        app.screen.query_one("#replacement").value = "a new hard set"
        app.screen.query_one("#span").value = "a new card set"
        await pilot.press("enter")
        d = stored(tmp_path)[fs[0].id]
        assert (d.original, d.replacement, d.end) == ("a new card set", "a new hard set", fs[0].end)
        assert d.start == fs[0].start - len("a new ")
        await pilot.press("u")  # an edit is undone like any decision
        assert stored(tmp_path) == {} and app.queue.current.id == fs[0].id


@sync
async def test_e_refuses_a_span_that_is_not_around_the_finding(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        app.screen.query_one("#span").value = "no such words"
        await pilot.press("enter")
        assert isinstance(app.screen, EditDialog)
        assert "does not occur" in text_of(app.screen.query_one("#error"))
        await pilot.press("escape")
        assert not isinstance(app.screen, EditDialog)
    assert stored(tmp_path) == {}


# --- many at once --------------------------------------------------------------------------------


@sync
async def test_A_confirms_with_count_and_accepts_all_alike(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    same = [f for f in fs if f.found == "oblations"]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        app.screen.query_one("#filter").value = "ablations"
        await pilot.press("enter")
        assert app.queue.current.found == "oblations"
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Accept all 2 open findings" in text_of(app.screen.query_one("Static"))
        await pilot.press("y")
        assert not isinstance(app.screen, ConfirmDialog)
    got = stored(tmp_path)
    assert {f.id for f in same} == set(got)
    assert all(d.action == "accept" and d.replacement == "ablations" for d in got.values())


@sync
async def test_X_declined_writes_nothing_then_confirmed_rejects_and_one_undo_reverts_all(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    same = {f.id for f in fs if f.found == "weekly supervised"}
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.queue.cursor = app.queue.index_of(next(iter(sorted(same, key=app.queue.index_of))))
        await pilot.press("X")
        await pilot.press("n")
        assert stored(tmp_path) == {}
        await pilot.press("X", "y")
        got = stored(tmp_path)
        assert set(got) == same and {d.action for d in got.values()} == {"reject"}
        await pilot.press("u")
        assert stored(tmp_path) == {}


# --- looking around ------------------------------------------------------------------------------


@sync
async def test_o_opens_the_video_at_the_chunk_second_and_shows_the_url(tmp_path):
    opened: list[str] = []
    app = make_app(tmp_path, opener=lambda url: opened.append(url) or False)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://www.youtube.com/watch?v=BnpB3GrpsfM&t=7141s"]
        notes = list(app._notifications)
        assert notes and opened[0] in notes[-1].message and "No browser" in notes[-1].title
    assert stored(tmp_path) == {}


def test_video_url_built_when_the_record_has_none():
    assert video_url("abc", "12", {"url": None}) == "https://www.youtube.com/watch?v=abc&t=12s"


@sync
async def test_slash_filters_by_term_or_text_and_empty_clears(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, FilterDialog)
        app.screen.query_one("#filter").value = "deepmind"
        await pilot.press("enter")
        assert app.queue.current.suggestion == "DeepMind"
        assert app.queue.visible_counts() == (1, 1)
        assert "filter" in text_of(app.query_one(ProgressLine))
        await pilot.press("n")  # only one matches: stays
        assert app.queue.current.suggestion == "DeepMind"
        await pilot.press("slash", "ctrl+u", "enter")
        assert app.queue.text_filter == ""
        assert app.queue.visible_counts()[1] == len(findings())


@sync
async def test_n_and_p_move_through_decided_findings_too(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.press("p")
        assert app.queue.current.id == fs[0].id
        assert "accepted" in text_of(app.query_one(FindingView))
        await pilot.press("p")  # at the start: stays
        assert app.queue.current.id == fs[0].id
        await pilot.press("n", "n")
        assert app.queue.current.id == fs[2].id


@sync
async def test_question_mark_shows_help_and_escape_closes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "accept every open finding" in text_of(app.screen.query_one("Static"))
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@sync
async def test_q_quits_and_decisions_are_already_on_disk(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        assert len(stored(tmp_path)) == 1  # written before quitting, not at exit
        await pilot.press("q")
    assert app.return_code == 0


@sync
async def test_sidebar_term_filters_the_queue(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.post_message(app.query_one("#terms").TermChosen("ablations"))
        await pilot.pause()
        assert app.queue.term_filter == "ablations"
        assert app.queue.current.suggestion == "ablations"


@sync
async def test_command_palette_runs_review_actions(tmp_path):
    app = make_app(tmp_path)
    fs = findings()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Reject (x)")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
    assert stored(tmp_path)[fs[0].id].action == "reject"


# --- nothing lost, resuming ----------------------------------------------------------------------


@sync
async def test_reopen_resumes_at_first_open_and_shows_qa_decide_decisions(tmp_path):
    fs = findings()
    text = {r["start_second"]: r["text"] for r in records()}
    store = CorrectionStore(tmp_path / "corrections", reviewer="someone")
    # what `qa decide` writes
    store.record(patches.decide(fs[0], text[fs[0].start_second], "accept", reviewer="someone"))
    store.record(patches.decide(fs[1], text[fs[1].start_second], "reject", reviewer="someone"))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.current.id == fs[2].id
        assert app.queue.reviewed == 2
        assert "2 of" in text_of(app.query_one(ProgressLine))
        await pilot.press("p")
        view = text_of(app.query_one(FindingView))
        assert "rejected" in view and "someone" in view


@sync
async def test_reopen_after_edit_counts_it_decided(tmp_path):
    fs = findings()
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e", "enter")
    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.queue.status[fs[0].id] == "accept"
        assert again.queue.current.id == fs[1].id


# --- screens that are not a finding --------------------------------------------------------------


@sync
async def test_no_findings_shows_nothing_to_review(tmp_path):
    app = make_app(tmp_path, FixedSource([], records()))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert "Nothing to review" in text_of(app.query_one(EmptyState))
        await pilot.press("a", "x", "e", "A", "o", "n", "u")  # nothing to act on: no crash, no files
    assert stored(tmp_path) == {}


@sync
async def test_all_reviewed_says_so(tmp_path):
    fs = findings(first_records=1, extra=())
    app = make_app(tmp_path, FixedSource(fs, records()))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*["a"] * len(fs))
        assert f"All {len(fs)} findings reviewed" in text_of(app.query_one(EmptyState))


@sync
async def test_empty_title_does_not_crash(tmp_path):
    recs = [dict(r, title="") for r in records()]
    app = make_app(tmp_path, FixedSource(findings(), recs))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "(untitled video)" in text_of(app.query_one(FindingView))
        await pilot.press("a")
    assert len(stored(tmp_path)) == 1


@sync
async def test_scan_error_ends_the_app_with_the_error(tmp_path):
    class Broken:
        def batches(self, cancelled):
            raise InputError("not JSON", file="x.jsonl", line=3)
            yield  # pragma: no cover

    app = make_app(tmp_path, Broken())
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if app.error is not None:
                break
            await pilot.pause(0.01)
    assert str(app.error) == "x.jsonl:3: not JSON" and app.return_code == 2


@sync
async def test_first_finding_shows_while_the_scan_is_still_running(tmp_path):
    fs, recs = findings(), records()
    release = threading.Event()

    class Slow:
        def batches(self, cancelled):
            yield Batch(fs[:1], {(r["video_id"], r["start_second"]): r for r in recs}, 1, 2)
            release.wait(10)
            yield Batch(fs[1:], {}, 2, 2)

    app = make_app(tmp_path, Slow())
    async with app.run_test(size=SIZE) as pilot:
        while app.queue.current is None:
            await pilot.pause(0.01)
        assert app.scanning and app.queue.current.id == fs[0].id
        assert "scanning" in text_of(app.query_one(ProgressLine))
        await pilot.press("a")  # deciding while the scan runs
        release.set()
        await ready(pilot)
        assert not app.scanning and app.queue.total == len(fs)
        assert app.queue.current.id == fs[1].id
    assert set(stored(tmp_path)) == {fs[0].id}


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
@sync
async def test_works_at_80x24_in_light_and_dark(tmp_path, theme):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await ready(pilot)
        await pilot.press("a", "e", "escape", "question_mark", "escape")
        assert app.query_one(FindingView).region.width > 40
    assert len(stored(tmp_path)) == 1


@sync
async def test_accept_all_across_videos_writes_each_video_file_and_undo_removes_them(tmp_path):
    fs = [f for f in findings() if f.found == "oblations"]
    recs = records()
    other = [dict(r, video_id="OtherVideo1") for r in recs]
    fs2 = fs + [Finding(**{**f.to_dict(), "video_id": "OtherVideo1", "id": ""}) for f in fs]
    app = make_app(tmp_path, FixedSource(fs2, recs + other))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("A", "y")
        files = sorted(p.name for p in (tmp_path / "corrections").glob("*.patch.jsonl"))
        assert files == ["BnpB3GrpsfM.patch.jsonl", "OtherVideo1.patch.jsonl"]
        assert len(stored(tmp_path)) == 4
        await pilot.press("u")
        assert stored(tmp_path) == {}
        assert app.queue.reviewed == 0


@sync
async def test_review_keys_do_nothing_underneath_an_open_dialog(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark", "a", "x", "A")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "A", "a", "x", "u")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmDialog)
    assert stored(tmp_path) == {}


@sync
async def test_tab_to_the_term_list_and_enter_filters_by_that_term(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        terms = app.query_one("#terms")
        assert app.focused is terms
        await pilot.press("down", "down", "enter")  # all terms -> first term (most findings)
        first = app.queue.terms()[0].term
        assert app.queue.term_filter == first and app.queue.current.term == first
        assert app.focused is not terms  # back on the finding, so a / x act at once
        await pilot.press("a")
    assert [d.term for d in stored(tmp_path).values()] == [first]


@sync
async def test_large_accept_all_says_it_is_saving_then_writes(tmp_path, monkeypatch):
    import qa.tui.app as app_module

    monkeypatch.setattr(app_module, "BIG_GROUP", 2)
    app = make_app(tmp_path)
    # every notice as it is posted: a notice times out (3 s), and on a busy machine it may be gone
    # before the test looks at the screen's list
    messages = []
    post = app.notify
    monkeypatch.setattr(app, "notify", lambda message, *a, **k: (messages.append(message), post(message, *a, **k))[1])
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"oblations", "enter", "A", "y")
        await pilot.pause()
        assert "saving 2 decisions…" in messages and "Accepted 2 (u undoes all of them)" in messages
        assert messages.index("saving 2 decisions…") < messages.index("Accepted 2 (u undoes all of them)")
    assert len(stored(tmp_path)) == 2


@sync
async def test_progress_line_counts_reviewed_and_decisions_per_minute(tmp_path):
    now = [1000.0]
    app = make_app(tmp_path, clock=lambda: now[0])
    total = len(findings())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        line = app.query_one(ProgressLine)
        assert text_of(line) == f"0 of {total} reviewed"  # no rate before the first decision
        await pilot.press("a")
        now[0] += 30
        await pilot.press("x")
        now[0] += 30
        await pilot.press("a")
        assert text_of(line) == f"3 of {total} reviewed · 3.0 decisions/min"
