"""Defects found by using the review-and-correct flow as its users do (session 19): each test failed
before its fix."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from test_tui_data import findings, records, sync

from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger
from qa.tui.widgets.term_list import TermList

SIZE = (100, 30)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- a big corpus: the sidebar's counts of thousands wrapped its rows onto two lines ---------------


@sync
async def test_term_rows_stay_one_line_with_thousands_of_findings(tmp_path: Path) -> None:
    one = findings()[0]
    # 1,200 findings of one term (distinct spans, so distinct ids), and one each of 40 others: more
    # rows than the screen has lines, so the sidebar shows its scrollbar
    many = [dataclasses.replace(one, start=one.start + i, end=one.end + i, id="") for i in range(1200)]
    many += [dataclasses.replace(one, start=i, end=i + 1, term=f"T{i:02}", id="") for i in range(40)]
    app = ReviewApp(FixedSource(many, records()), Ledger(CorrectionStore(tmp_path / "c", reviewer="t")))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        terms = app.query_one(TermList)
        assert terms.option_count == 42
        # one line per option: "all terms 1240/1240" and the term's "1200/1200" fit beside the scrollbar
        assert terms.virtual_size.height == terms.option_count
        rows = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
        assert rows[0].startswith("all terms") and "1240/1240" in rows[0]
        assert rows[1].index("/") == rows[2].index("/")  # the term rows still line up


# --- a record edited after review: its decisions were matched by id (offsets) and came back open ------


def _moved(tmp_path: Path):
    """Findings of the fixture, a decision on the first, then its record's text edited before the span."""
    recs, fs = records(), findings()
    f = fs[0]
    store = CorrectionStore(tmp_path / "corrections", reviewer="ann")
    texts = {(r["video_id"], r["start_second"], "text"): r["text"] for r in recs}
    Ledger(store).write(f, texts, "accept", f.suggestion)
    for r in recs:
        if (r["video_id"], r["start_second"]) == (f.video_id, f.start_second):
            r["text"] = "well " + r["text"]
    moved = [dataclasses.replace(g, start=g.start + 5, end=g.end + 5, id="")
             if (g.video_id, g.start_second) == (f.video_id, f.start_second) else g for g in fs]
    return store, recs, moved, f


def test_a_decision_still_decides_its_finding_after_the_text_changed(tmp_path: Path) -> None:
    from qa.relocate import decided_findings

    store, recs, moved, f = _moved(tmp_path)
    texts = {(r["video_id"], r["start_second"], "text"): r["text"] for r in recs}
    g = next(m for m in moved if m.found == f.found and m.start_second == f.start_second)
    assert g.id != f.id
    got = decided_findings(moved, texts, store.decisions())
    assert got[g.id].finding_id == f.id and got[g.id].action == "accept"
    # words gone: nothing decided (a decision never lands on other words)
    texts[(f.video_id, f.start_second, "text")] = texts[(f.video_id, f.start_second, "text")].replace(f.found, "zzz")
    assert g.id not in decided_findings(moved, texts, store.decisions())


@sync
async def test_review_shows_it_decided_and_a_new_decision_replaces_the_old_one(tmp_path: Path) -> None:
    store, recs, moved, f = _moved(tmp_path)
    g = next(m for m in moved if m.found == f.found and m.start_second == f.start_second)
    app = ReviewApp(FixedSource(moved, recs), Ledger(store))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.status[g.id] == "accept"  # not open again
        assert app.queue.current.id != g.id  # resumes at the first open one
        app.queue.cursor = app.queue.index_of(g.id)
        await pilot.press("x")
        kept = [d for d in CorrectionStore(tmp_path / "corrections").decisions() if d.original == f.found]
        assert [(d.action, d.finding_id) for d in kept] == [("reject", g.id)]  # the old accept is gone
        await pilot.press("u")
        kept = [d for d in CorrectionStore(tmp_path / "corrections").decisions() if d.original == f.found]
        assert [(d.action, d.finding_id) for d in kept] == [("accept", f.id)]  # and back on undo
        assert app.queue.status[g.id] == "accept"


def test_status_and_the_gate_count_it_decided(runner, tmp_path: Path, monkeypatch) -> None:
    import json

    from qa.cli import main
    from qa.config import SAMPLE

    monkeypatch.chdir(tmp_path)
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:3]]
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    assert len(found) >= 2
    before = json.loads(runner.invoke(main, ["status", str(data), "--format", "json"]).stdout)["totals"]
    assert runner.invoke(main, ["decide", str(data), "--reject", found[1]["id"]]).exit_code == 0
    for r in rows:  # the dataset is edited upstream: a word added at the start of that record
        if r["start_second"] == found[1]["start_second"]:
            r["text"] = "so " + r["text"]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = runner.invoke(main, ["status", str(data), "--format", "json"])
    totals = json.loads(res.stdout)["totals"]
    assert totals == {"open": before["open"] - 1, "accepted": 0, "rejected": 1, "conflict": 0}
    gate = runner.invoke(main, ["check", str(data), "--max-open", str(before["open"] - 1), "--format", "json"])
    assert "TQ903" not in gate.stdout


# --- a corrupt patch file: qa decide said "rejected ..." and then failed, having written nothing ------


def test_decide_says_nothing_was_decided_when_the_patch_file_is_corrupt(runner, tmp_path: Path, monkeypatch) -> None:
    import json

    from qa.cli import main
    from qa.config import SAMPLE

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    ok = runner.invoke(main, ["decide", str(data), "--accept", found[0]["id"]])
    assert ok.exit_code == 0 and "accepted" in ok.stdout
    patch = next((tmp_path / "corrections").glob("*.patch.jsonl"))
    broken = patch.read_text(encoding="utf-8") + '{"action": "accept", "video_id"\n'
    patch.write_text(broken, encoding="utf-8")
    for args in (["decide", str(data), "--reject", found[1]["id"]],
                 ["decide", str(data), "--edit", f"{found[1]['video_id']}:{found[1]['start_second']}:{found[1]['found']}=X"]):
        res = runner.invoke(main, args)
        assert res.exit_code == 2, res.output
        assert res.stdout == ""  # no line claims a decision
        assert "not valid JSON" in res.stderr and res.stderr.count("\n") == 1
        assert patch.read_text(encoding="utf-8") == broken


# --- qa review --term with a name no entry has: an empty review that said "no findings" ---------------


def test_review_term_must_name_a_glossary_term_or_alias(runner, tmp_path: Path, monkeypatch) -> None:
    from qa.cli import main

    monkeypatch.chdir(tmp_path)
    res = runner.invoke(main, ["review", "--term", "Bird"])
    assert res.exit_code == 2
    assert res.stderr.startswith("qa: error: --term 'Bird': no glossary term or alias") and "'BEIR'" in res.stderr
    assert "Traceback" not in res.output
    # a term or an alias in any case is fine (here it goes on to refuse a session without a terminal)
    for name in ("bert", "BERTs", "gpt-2"):
        res = runner.invoke(main, ["review", "--term", name])
        assert "needs a terminal" in res.stderr, (name, res.stderr)


def test_review_term_alias_reviews_the_terms_findings() -> None:
    from qa.config import rules_dir
    from qa.glossary import load_glossary

    g = load_glossary(rules_dir())
    assert g.entry("berts").term == "BERT" and g.entry(" bert ").term == "BERT"
    assert g.entry("no such thing") is None


# --- q while a big corpus is still being scanned: the screen went, the process stayed for seconds ----


def test_quitting_during_the_scan_does_not_wait_for_it() -> None:
    from types import SimpleNamespace

    from qa.cli.review import leave

    exits: list[int] = []
    leave(SimpleNamespace(scanning=True, return_code=0), exit=exits.append)
    assert exits == [0]  # the scan thread is not waited for
    leave(SimpleNamespace(scanning=False, return_code=0), exit=exits.append)
    assert exits == [0]  # a finished scan: the ordinary way out


def test_review_runs_the_app_on_a_loop_that_does_not_join_the_scan(monkeypatch, tmp_path: Path) -> None:
    import io
    import sys

    from qa.cli import review as review_cli
    from qa.tui.app import ReviewApp

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    seen: dict = {}

    def run(self, **kwargs):
        seen.update(kwargs)
        self.scanning = True  # quit while the scan still runs

    monkeypatch.setattr(ReviewApp, "run", run)
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.setattr(review_cli.os, "_exit", lambda code: seen.setdefault("exit", code))
    monkeypatch.chdir(tmp_path)
    review_cli.review.callback(path=None, rules=None, corrections=None, term=None, video=None,
                               min_score=0.5, reviewer=None)
    # asyncio.run() (the default) ends by joining the executor's threads, the scan's among them
    assert seen.get("loop") is not None
    assert seen["exit"] == 0


def accepted_then_edited(runner, tmp_path: Path) -> tuple[Path, dict, dict]:
    """Three sample records in *tmp_path* (the working directory), a finding accepted with `qa decide`,
    then "so " put before its record's text upstream: (the data, the finding as first scanned, the
    same finding scanned again, under a new id)."""
    import json

    from qa.cli import main
    from qa.config import SAMPLE

    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:3]]
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    old = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()][1]
    assert runner.invoke(main, ["decide", str(data), "--accept", old["id"]]).exit_code == 0
    for r in rows:
        if r["start_second"] == old["start_second"]:
            r["text"] = "so " + r["text"]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    new = next(json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()
               if json.loads(x)["start"] == old["start"] + 3)
    return data, old, new


def test_decide_replaces_a_decision_made_before_the_text_changed(runner, tmp_path: Path, monkeypatch) -> None:
    from qa.cli import main

    monkeypatch.chdir(tmp_path)
    data, old, new = accepted_then_edited(runner, tmp_path)
    res = runner.invoke(main, ["decide", str(data), "--reject", new["id"]])
    assert res.exit_code == 0, res.output
    kept = [d for d in CorrectionStore(tmp_path / "corrections").decisions() if d.original == old["found"]]
    # the accept would still apply beside the reject if it were kept
    assert [(d.action, d.finding_id) for d in kept] == [("reject", new["id"])]


# --- qa review --video with an id the data does not have: an empty review that said "no findings" ----


def test_review_of_a_video_the_data_does_not_have_is_an_error(tmp_path: Path) -> None:
    import json

    import pytest

    from qa.errors import UsageError
    from qa.tui.source import ScanSource

    class Stream:
        def feed(self, part):
            return []

        def close(self):
            return []

    class Detector:
        def stream(self, fields):
            return Stream()

    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records()[:5]), encoding="utf-8")
    with pytest.raises(UsageError, match="--video 'nope': no record of that video"):
        list(ScanSource([data], Detector(), video="nope").batches(lambda: False))
    there = records()[0]["video_id"]
    assert sum(b.done for b in ScanSource([data], Detector(), video=there).batches(lambda: False)) >= 5


# --- e with a widened span: the words added to the span were dropped from the text, unseen -------------


@sync
async def test_edit_dialog_shows_what_the_text_will_read(tmp_path: Path) -> None:
    from textual.widgets import Input, Static

    from qa.tui.widgets.edit_dialog import EditDialog

    recs, fs = records(), findings()
    f = fs[0]
    text = next(r["text"] for r in recs if (r["video_id"], r["start_second"]) == (f.video_id, f.start_second))
    after = text[f.end:].split()
    app = ReviewApp(FixedSource(fs, recs), Ledger(CorrectionStore(tmp_path / "c", reviewer="t")))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        preview = dialog.query_one("#preview", Static)
        assert f"{f.suggestion} {after[0]} {after[1]}" in str(preview.render())
        dialog.query_one("#span", Input).value = f"{f.found} {after[0]}"  # widened by one word
        await pilot.pause()
        shown = str(preview.render())
        assert f"{f.suggestion} {after[1]}" in shown  # the reviewer sees the word go
        assert f"{f.suggestion} {after[0]}" not in shown


# --- a patch line of another video than its file's: silently skipped by qa apply --------------------


def test_a_decision_in_another_videos_patch_file_is_named(runner, tmp_path: Path, monkeypatch) -> None:
    import json

    from qa.cli import main
    from qa.config import SAMPLE

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    assert runner.invoke(main, ["decide", str(data), "--accept", found[0]["id"]]).exit_code == 0
    patch = next((tmp_path / "corrections").glob("*.patch.jsonl"))
    head, line = patch.read_text(encoding="utf-8").splitlines()
    patch.write_text(head + "\n" + line.replace(found[0]["video_id"], "someOtherId", 1) + "\n", encoding="utf-8")
    res = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 2
    assert res.stderr == (f"qa: error: corrections/{patch.name}:2: decision is for video 'someOtherId' "
                          f"but this file is for {found[0]['video_id']!r}\n")


@sync
async def test_a_moved_cross_chunk_decision_comes_back_whole_on_undo(tmp_path: Path) -> None:
    from test_tui_cross_chunk import chunk_records, split_findings

    recs, fs = chunk_records(), split_findings()
    f = fs[0]
    store = CorrectionStore(tmp_path / "corrections", reviewer="ann")
    texts = {(r["video_id"], r["start_second"], "text"): r["text"] for r in recs}
    Ledger(store).write(f, texts, "accept", f.suggestion)  # two lines: "Alice" -> LSTM, and "T " removed
    before = sorted((d.finding_id, d.action) for d in store.decisions())
    recs[0]["text"] = "so " + recs[0]["text"]
    moved = [dataclasses.replace(fs[0], start=f.start + 3, end=f.end + 3, id=""), fs[1]]
    app = ReviewApp(FixedSource(moved, recs), Ledger(store))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.status[moved[0].id] == "accept"
        app.queue.cursor = app.queue.index_of(moved[0].id)
        await pilot.press("x")
        assert sorted(d.finding_id for d in store.decisions()) == sorted([moved[0].id, moved[0].id + "+next"])
        await pilot.press("u")
    assert sorted((d.finding_id, d.action) for d in store.decisions()) == before  # both old lines back


def test_a_conflict_on_a_deleted_record_names_it_once(runner, tmp_path: Path, monkeypatch) -> None:
    import json

    from qa.cli import main
    from qa.config import SAMPLE

    monkeypatch.chdir(tmp_path)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:3]
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    f = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()][1]
    assert runner.invoke(main, ["decide", str(data), "--accept", f["id"]]).exit_code == 0
    data.write_text("".join(x for x in lines if json.loads(x)["start_second"] != f["start_second"]), encoding="utf-8")
    res = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 1
    where = f"record {f['video_id']} {f['start_second']} text"
    assert f"conflict: {where}: no such record in the input" in res.stderr
    assert res.stderr.count(f"{f['video_id']} {f['start_second']}") == 1
