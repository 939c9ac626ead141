"""The review queue, the seam and the finding renderer, without a screen."""

from __future__ import annotations

import dataclasses

from test_tui_data import findings, records

from qa.cli import main
from qa.findings import Finding
from qa.tui.queue import OPEN, ReviewQueue
from qa.tui.source import FixedSource, status_of
from qa.tui.widgets.edit_dialog import widen
from qa.tui.widgets.finding_view import render_finding


def queue(**status) -> tuple[ReviewQueue, list[Finding]]:
    fs = findings()
    q = ReviewQueue()
    q.add(fs, {fs[i].id: s for i, s in status.items()} if status else None)
    return q, fs


def test_cursor_starts_at_first_open_and_advance_wraps_to_skipped_ones():
    fs = findings()
    q = ReviewQueue()
    q.add(fs, {fs[0].id: "accept", fs[1].id: "reject"})
    assert q.cursor == 2 and q.reviewed == 2
    q.cursor = len(fs) - 1
    for f in fs[2:-1]:
        q.set_status(f.id, "accept")
    assert q.advance() == len(fs) - 1  # only the current one is open: wrap finds it again
    q.set_status(fs[-1].id, "reject")
    assert q.advance() is None and q.reviewed == len(fs)


def test_streamed_batches_keep_the_cursor_and_skip_duplicates():
    fs = findings()
    q = ReviewQueue()
    q.add([])
    assert q.cursor is None
    q.add(fs[:2])
    q.add(fs[1:])  # overlapping batch: the repeated finding is reviewed once
    assert q.cursor == 0 and q.total == len(fs)


def test_term_counts_follow_status_changes():
    q, fs = queue()
    abl = q.term_count("ablations")
    assert (abl.open, abl.total) == (2, 2)
    first = next(f for f in fs if f.term == "ablations")
    q.set_status(first.id, "reject")
    assert (abl.open, abl.total) == (1, 2)
    q.set_status(first.id, OPEN)
    assert abl.open == 2
    assert q.terms()[0].total >= q.terms()[-1].total


def test_filters_by_term_and_text_and_step_stays_inside_the_filter():
    q, fs = queue()
    q.set_filter(text="SUPERVISED")
    shown = [fs[i] for i in q.visible()]
    assert sum(f.found == "weekly supervised" for f in shown) == 2
    assert all("supervised" in (f.found + f.suggestion + f.context).casefold() for f in shown)
    assert len(shown) < len(fs)
    q.set_filter(text="", term="ablations")
    vis = q.visible()
    assert len(vis) == 2 and q.cursor == vis[0]
    assert q.step(+1) == vis[1] and q.step(+1) == vis[1]
    assert q.step(-1) == vis[0] and q.step(-1) == vis[0]
    assert q.position() == 1
    q.set_filter(term=None, text="no such thing")
    assert q.cursor is None and q.visible_counts() == (0, 0)


def test_same_as_groups_open_findings_by_found_text_and_suggestion():
    q, fs = queue()
    obl = [f for f in fs if f.found == "oblations"]
    assert [f.id for f in q.same_as(obl[0])] == [f.id for f in obl]
    q.set_status(obl[1].id, "accept")
    assert [f.id for f in q.same_as(obl[0])] == [obl[0].id]


def test_status_from_store_counts_an_overlapping_idless_edit():
    f = findings()[0]

    @dataclasses.dataclass
    class D:
        action: str
        video_id: str = f.video_id
        start_second: str = f.start_second
        field: str = "text"
        start: int = f.start - 2
        end: int = f.start + 1

    assert status_of([f], {}, [D("edit")]) == {f.id: "edit"}
    assert status_of([f], {f.id: D("reject")}, []) == {f.id: "reject"}
    assert status_of([f], {}, [D("edit", start=0, end=1)]) == {}


def test_widen_finds_the_typed_words_around_the_span():
    f = findings()[0]
    text = records()[0]["text"]
    s, e = widen(text, f, "new card set which")
    assert text[s:e] == "new card set which" and s < f.start and e > f.end
    assert widen(text, f, f.found) == (f.start, f.end)
    assert widen(text, f, "the") is None  # occurs, but nowhere near the flagged words
    assert widen(text, f, "") is None


def test_render_shows_span_suggestion_and_next_chunk_edge():
    recs = records()
    a, b = recs[0], recs[1]
    last = a["text"].rsplit(" ", 1)[1]
    first = b["text"].split(" ", 1)[0]
    f = Finding(video_id=a["video_id"], start_second=a["start_second"], field="text",
                start=len(a["text"]) - len(last), end=len(a["text"]), found=last, suggestion="X-Y", term="X-Y",
                category="other", kind="asr-error", method="phonetic", score=0.7, context="", reason="split",
                next_start_second=b["start_second"], next_start=0, next_end=len(first))
    out = render_finding(f, a, "open", None, b).plain
    assert f"{last} → X-Y" in out
    assert f" {last} | {first}   →  X-Y" in out  # both parts in the decision line
    assert f"continues in the next chunk ({b['start_second']} s)" in out
    assert b["text"][:40] in out
    assert "phonetic · score 0.70" in out and "reason split" in out
    gone = render_finding(f, None, "open").plain
    assert "record text not available" in gone and "(untitled video)" in gone


def test_fixed_source_yields_one_batch_with_records():
    (batch,) = list(FixedSource(findings(), records()).batches(lambda: False))
    assert batch.done == batch.total == len(records())
    f = batch.findings[0]
    assert (f.video_id, f.start_second) in batch.records


def test_review_cli_reports_bad_input_as_one_line(runner, tmp_path):
    res = runner.invoke(main, ["review", str(tmp_path / "missing.jsonl"), "--corrections", str(tmp_path / "c")])
    assert res.exit_code == 2
    assert res.output.startswith("qa: error: ") and "no such file or directory" in res.output
    assert "Traceback" not in res.output


def test_review_cli_reports_a_broken_patch_file_before_opening(runner, tmp_path, sample_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x.patch.jsonl").write_text("not json\n")
    res = runner.invoke(main, ["review", str(sample_path), "--corrections", str(tmp_path / "c")])
    assert res.exit_code == 2 and "x.patch.jsonl:1:" in res.output


def test_review_is_documented_in_help(runner):
    res = runner.invoke(main, ["review", "--help"])
    assert res.exit_code == 0
    for flag in ("--rules", "--corrections", "--term", "--video", "--min-score"):
        assert flag in res.output


class HoldingStream:
    """Like the real detector's stream: a video's findings come out only once the next video starts."""

    def __init__(self):
        self.rows: list[dict] = []

    def _emit(self) -> list[Finding]:
        out = []
        for r in self.rows:
            i = r["text"].find("the ")
            if i >= 0:
                term = "Other" if len(out) % 2 else "THE"
                out.append(Finding(video_id=r["video_id"], start_second=r["start_second"], field="text", start=i,
                                   end=i + 3, found="the", suggestion=term, term=term, category="other",
                                   kind="asr-error", method="variant", score=0.9, context=""))
        self.rows = []
        return out

    def feed(self, frame):
        for r in frame.iter_rows(named=True):
            if self.rows and r["video_id"] != self.rows[-1]["video_id"]:
                yield from self._emit()
            self.rows.append(r)

    def close(self):
        yield from self._emit()


class FakeDetector:
    def stream(self, fields):
        return HoldingStream()


def two_videos(tmp_path):
    import json

    recs = records()
    path = tmp_path / "two.jsonl"
    with path.open("w") as fh:
        for vid in ("videoAAAAAA", "videoBBBBBB"):
            for r in recs:
                fh.write(json.dumps(dict(r, video_id=vid)) + "\n")
    return path, len(recs)


def test_scan_source_streams_slices_and_keeps_the_records_findings_need(tmp_path):
    from qa.tui.source import ScanSource

    path, n = two_videos(tmp_path)
    batches = list(ScanSource([path], FakeDetector()).batches(lambda: False))
    assert len(batches) > 2 and batches[-1].done == 2 * n
    assert all(b.total in (None, 2 * n) for b in batches) and batches[-1].total == 2 * n
    found = [f for b in batches for f in b.findings]
    assert {f.video_id for f in found} == {"videoAAAAAA", "videoBBBBBB"}
    for b in batches:
        for f in b.findings:
            assert b.records[(f.video_id, f.start_second)]["text"][f.start:f.end] == "the"


def test_scan_source_filters_by_video_and_term_and_stops_when_cancelled(tmp_path):
    from qa.tui.source import ScanSource

    path, n = two_videos(tmp_path)
    only_b = [f for b in ScanSource([path], FakeDetector(), video="videoBBBBBB").batches(lambda: False)
              for f in b.findings]
    assert only_b and {f.video_id for f in only_b} == {"videoBBBBBB"}
    the = [f for b in ScanSource([path], FakeDetector(), term="the").batches(lambda: False) for f in b.findings]
    assert the and {f.term for f in the} == {"THE"}  # --term is case-insensitive, exact
    assert list(ScanSource([path], FakeDetector()).batches(lambda: True)) == []


def test_review_cli_refuses_to_start_without_a_terminal(runner, tmp_path, sample_path):
    res = runner.invoke(main, ["review", str(sample_path), "--corrections", str(tmp_path / "c")])
    assert res.exit_code == 2
    assert res.output.startswith("qa: error: qa review is interactive and needs a terminal")
