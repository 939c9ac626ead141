"""Pilot tests of `qa review` on a term split across two chunks ("a baseline Alice" | "T and gave it"):
every key writes the decision on the first chunk and the one removing the tail from the next chunk,
as `qa decide` does, so applying the patch files writes the term once; undo removes both."""

from __future__ import annotations

import json
from pathlib import Path

from test_tui_data import sync

from qa import records
from qa.findings import Finding
from qa.patches import NEXT_PART, CorrectionStore, decide_all
from qa.relocate import apply_frame
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger
from qa.tui.widgets.confirm_dialog import ConfirmDialog
from qa.tui.widgets.edit_dialog import EditDialog

SIZE = (100, 30)
VIDEO = "SplitVideo1"
TEXTS = [
    "one of the famous examples is they took a baseline Alice",
    "T and gave it some love for language modeling",
    "later on in the course we trained a bigger Alice",
    "T on more data and it did better",
]


def chunk_records() -> list[dict]:
    return [{"video_id": VIDEO, "title": "Split terms", "text": t, "start_timestamp": f"00:00:{30 * i:02d}",
             "end_timestamp": "00:01:00", "start_second": str(30 * i), "end_second": str(30 * i + 30),
             "url": "", "thumbnail": ""} for i, t in enumerate(TEXTS)]


def split_findings() -> list[Finding]:
    """What the detector reports for these records: "Alice" in one chunk, "T" opening the next."""
    out = []
    for i in (0, 2):
        text = TEXTS[i]
        start = text.rindex("Alice")
        out.append(Finding(
            video_id=VIDEO, start_second=str(30 * i), field="text", start=start, end=start + 5, found="Alice",
            suggestion="LSTM", term="LSTM", category="model", kind="asr-error", method="phonetic", score=0.7,
            context=text[-30:], reason="sounds like LSTM; continues in the next chunk",
            next_start_second=str(30 * i + 30), next_start=0, next_end=1))
    return out


def make_app(tmp_path: Path, recs: list[dict] | None = None) -> ReviewApp:
    store = CorrectionStore(tmp_path / "corrections", reviewer="tester")
    return ReviewApp(FixedSource(split_findings(), chunk_records() if recs is None else recs), Ledger(store))


def patch_lines(tmp_path: Path) -> list[dict]:
    """The decision lines of the video's patch file, as written ([] when there is no file)."""
    path = tmp_path / "corrections" / f"{VIDEO}.patch.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def applied(tmp_path: Path) -> list[str]:
    """The texts after applying the patch files, the way `qa apply` does."""
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in chunk_records()), encoding="utf-8")
    result = apply_frame(records.load([data]).frame, CorrectionStore(tmp_path / "corrections").decisions())
    assert result.conflicts == []
    return result.frame.sort(by="_line").get_column("text").to_list()


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@sync
async def test_a_writes_both_parts_and_apply_writes_the_term_once_and_u_removes_both(tmp_path):
    f = split_findings()[0]
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.current.id == f.id
        await pilot.press("a")
        lines = patch_lines(tmp_path)
        assert [(d["finding_id"], d["start_second"], d["original"], d["replacement"]) for d in lines] == [
            (f.id, "0", "Alice", "LSTM"), (f.id + NEXT_PART, "30", "T ", "")]
        assert applied(tmp_path)[:2] == ["one of the famous examples is they took a baseline LSTM",
                                         "and gave it some love for language modeling"]
        await pilot.press("u")
        assert patch_lines(tmp_path) == []
        assert app.queue.current.id == f.id and app.queue.status[f.id] == "open"
    assert applied(tmp_path) == TEXTS


@sync
async def test_x_rejects_both_parts_and_apply_changes_nothing(tmp_path):
    f = split_findings()[0]
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
    lines = patch_lines(tmp_path)
    assert [(d["finding_id"], d["action"], d["replacement"]) for d in lines] == [
        (f.id, "reject", None), (f.id + NEXT_PART, "reject", None)]
    assert applied(tmp_path) == TEXTS


@sync
async def test_e_replaces_the_typed_span_and_removes_the_tail_like_accept(tmp_path):
    f = split_findings()[0]
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditDialog)
        app.screen.query_one("#span").value = "baseline Alice"
        app.screen.query_one("#replacement").value = "baseline LSTM model"
        await pilot.press("enter")
        lines = patch_lines(tmp_path)
        assert [(d["finding_id"], d["action"], d["original"], d["replacement"]) for d in lines] == [
            (f.id, "accept", "baseline Alice", "baseline LSTM model"), (f.id + NEXT_PART, "accept", "T ", "")]
        assert applied(tmp_path)[:2] == ["one of the famous examples is they took a baseline LSTM model",
                                         "and gave it some love for language modeling"]
        await pilot.press("u")
        assert patch_lines(tmp_path) == []


@sync
async def test_undo_of_a_changed_decision_puts_both_earlier_parts_back(tmp_path):
    f = split_findings()[0]
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        accepted = patch_lines(tmp_path)
        await pilot.press("p", "x")  # back to it, and change the mind
        assert [d["action"] for d in patch_lines(tmp_path)] == ["reject", "reject"]
        await pilot.press("u")
        assert patch_lines(tmp_path) == accepted
        assert app.queue.status[f.id] == "accept"


@sync
async def test_A_accepts_all_split_alike_with_both_parts_and_one_u_removes_every_line(tmp_path):
    fs = split_findings()
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        ids = sorted(d["finding_id"] for d in patch_lines(tmp_path))
        assert ids == sorted([fs[0].id, fs[0].id + NEXT_PART, fs[1].id, fs[1].id + NEXT_PART])
        out = applied(tmp_path)
        assert out == ["one of the famous examples is they took a baseline LSTM",
                       "and gave it some love for language modeling",
                       "later on in the course we trained a bigger LSTM", "on more data and it did better"]
        assert " ".join(out).count("LSTM") == 2  # once per split term, never "LSTM T"
        await pilot.press("u")
        assert patch_lines(tmp_path) == []
        assert app.queue.reviewed == 0


@sync
async def test_decisions_from_qa_decide_show_decided_and_a_new_key_replaces_both_parts(tmp_path):
    f = split_findings()[0]
    texts = {(VIDEO, r["start_second"], "text"): r["text"] for r in chunk_records()}
    CorrectionStore(tmp_path / "corrections").record_many(decide_all(f, texts, "accept", reviewer="cli"))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.queue.status[f.id] == "accept" and app.queue.current.id != f.id
        await pilot.press("p", "x")
        assert [(d["action"], d["reviewer"]) for d in patch_lines(tmp_path)] == [("reject", "tester")] * 2
        await pilot.press("u")  # back to what `qa decide` wrote, both parts
        assert [(d["action"], d["reviewer"]) for d in patch_lines(tmp_path)] == [("accept", "cli")] * 2


@sync
async def test_without_the_next_chunk_loaded_nothing_is_written(tmp_path):
    recs = [r for r in chunk_records() if r["start_second"] != "30"]
    app = make_app(tmp_path, recs)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "not loaded" in list(app._notifications)[-1].message
        assert app.queue.status[split_findings()[0].id] == "open"
    assert patch_lines(tmp_path) == []


@sync
async def test_scanned_with_the_real_detector_the_source_brings_the_next_chunks_too(tmp_path):
    from qa.detect import load_detector
    from qa.tui.source import ScanSource

    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in chunk_records()), encoding="utf-8")
    detector = load_detector(Path(__file__).parent / "data" / "rules_min")  # the glossary test_detect uses
    store = CorrectionStore(tmp_path / "corrections", reviewer="tester")
    app = ReviewApp(ScanSource([data], detector), Ledger(store))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        split = [f for f in app.queue.findings if f.cross_chunk and f.suggestion == "LSTM"]
        assert len(split) == 2
        await pilot.press("A", "y")
    assert sorted(d["finding_id"] for d in patch_lines(tmp_path)) == sorted(
        i for f in split for i in (f.id, f.id + NEXT_PART))
    assert " ".join(applied(tmp_path)).count("LSTM") == 2 and "LSTM T" not in " ".join(applied(tmp_path))
