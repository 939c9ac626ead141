"""Session 22: the review-UI and CI-gate defects a user test found, each as a reviewer or a CI job met it."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from test_tui_data import findings, records, source, sync

from qa import config
from qa.cli import main
from qa.config import SAMPLE
from qa.detect import scan_paths
from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger
from qa.tui.widgets.edit_dialog import EditDialog
from qa.tui.widgets.help_screen import HelpScreen
from qa.tui.widgets.term_list import TermList

RULES = """\
category: model
entries:
  - term: LSTM
    aliases: [LSTMs]
    variants: [Alice T]
    context:
      require: [baseline, model, modeling]
    flag:
      - {text: "they took a baseline Alice T and gave it some love for language modeling", to: LSTM}
    allow:
      - "a two layer lstm language model"
"""


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_app(tmp_path: Path, src=None, clock=None) -> ReviewApp:
    kwargs = {"clock": clock} if clock else {}
    return ReviewApp(src or source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")),
                     opener=lambda url: False, **kwargs)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as text: the exported screenshot's cells, a row a line."""
    import html

    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, cell in re.findall(r'<text [^>]*x="([0-9.]+)" y="([0-9.]+)"[^>]*>(.*?)</text>', app.export_screenshot()):
        rows.setdefault(float(y), []).append((float(x), html.unescape(cell).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(cells)) for _, cells in sorted(rows.items()))


# --- a) the edit dialog: typing replaces the suggestion ------------------------------------------


@sync
async def test_typing_in_the_edit_dialog_replaces_the_suggestion(tmp_path):
    # a reviewer who opens `e` on a wrong suggestion types the right one; it used to be appended
    # ("hard setNew"), and only Ctrl+U, said nowhere, cleared the box
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e", "N", "e", "w")
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one("#replacement").value == "New"
        hint = str(app.screen.query_one(".hint").render())
        assert "Ctrl+U" in hint and "clear" in hint
        await pilot.press("enter")
    d = CorrectionStore(tmp_path / "corrections").by_finding()[findings()[0].id]
    assert (d.action, d.replacement) == ("accept", "New")


@sync
async def test_an_arrow_keeps_the_suggestion_to_change_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e", "right", "s")
        assert app.screen.query_one("#replacement").value == findings()[0].suggestion + "s"
        await pilot.press("ctrl+u", "X")
        assert app.screen.query_one("#replacement").value == "X"
        # the words replaced stay as they are: typing there widens the span, it does not replace it
        await pilot.press("tab", "space", "x")
        assert app.screen.query_one("#span").value == findings()[0].found + " x"


# --- b) help lists Ctrl+C and the edit box's keys ---------------------------------------------------


@sync
async def test_help_lists_ctrl_c_and_ctrl_u(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"Ctrl\+C\s+quit now.*exit 130", text)
        assert "Ctrl+U clears" in text


# --- c) the sidebar's width, and the span on screen at 80x24 ----------------------------------------


@sync
async def test_the_sidebar_uses_a_wide_screen(tmp_path):
    # 26 columns at any width cut "weakly supervised" to "weakly supervi…" even at 200 columns
    for size, wide in (((200, 60), True), ((80, 24), False), ((100, 30), False)):
        app = make_app(tmp_path)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            terms = app.query_one(TermList)
            rows = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
            assert terms.virtual_size.height == terms.option_count  # one line per term, none wraps
            if wide:
                assert 40 <= terms.outer_size.width <= 48
                assert any(r.startswith("weakly supervised ") for r in rows)
            else:
                assert terms.outer_size.width == 26  # at 80 columns the text keeps its 52
                assert any(r.startswith("weakly supervi…") for r in rows)


def _long_reason_finding() -> tuple[FixedSource, str]:
    recs = records()
    fs = findings()
    f = fs[0]
    rec = next(r for r in recs if r["start_second"] == f.start_second)
    # the span late in a long record, and a reason as long as the detector writes (~300 characters)
    pad = "and so on we talk about this part of the model for a while before we get there " * 6
    text = pad + rec["text"]
    f = dataclasses.replace(f, start=f.start + len(pad), end=f.end + len(pad), reason=(
        "sounds like 'hard set' (similarity 0.86); a word of two beats said as a word for it said letter by "
        "letter; unusual word 'cheapy'; context word 'single' nearby; its topic near: 'single', 'ti'; the "
        "name is said correctly 3x in this video; its words are heard right twice more; no capitalised word "
        "beside it; technical video (44 glossary terms)"))
    rec = {**rec, "text": text, "title": "A long title of a talk, as YouTube titles go, with a guest and a date"}
    return FixedSource([f], [rec]), f.found


@sync
async def test_the_span_is_on_screen_at_80x24_under_a_long_reason(tmp_path):
    src, found = _long_reason_finding()
    app = make_app(tmp_path, src)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause()
        rows = screen_text(app).splitlines()[1:]  # (the first is the screenshot's window title)
        assert len(rows) == 24
        # the span's line with its suggestion, above the progress line and the footer (with 240
        # characters before the span at any size, it was below the screen's last row)
        assert any("→ hard set" in row for row in rows[:-2]), "\n".join(rows)
        assert any("glossary terms)" in row for row in rows)  # the reason whole above it


# --- e) decisions per minute goes down with undo ----------------------------------------------------


@sync
async def test_decisions_per_minute_goes_down_with_undo(tmp_path):
    clock = Clock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("a", "a", "x")
        clock.now = 30.0
        assert app.rate() == pytest.approx(6.0)  # 3 in half a minute
        await pilot.press("u")
        assert app.rate() == pytest.approx(4.0)
        assert "4.0 decisions/min" in screen_text(app)
        await pilot.press("u", "u")
        assert app.rate() is None and "decisions/min" not in screen_text(app)


# --- f) the reviewer's name without $USER -----------------------------------------------------------


def test_reviewer_without_user_is_the_login_name(monkeypatch):
    import getpass

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    monkeypatch.setattr(config, "config", lambda: {})
    monkeypatch.setattr(getpass, "getuser", lambda: "ann")
    assert config.reviewer() == "ann"  # (was "unknown")
    assert config.reviewer("bob") == "bob"


def test_reviewer_without_a_login_name_is_gits_user_name(monkeypatch):
    import getpass

    def nobody():
        raise OSError("No username set in the environment")

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("USERNAME", raising=False)
    monkeypatch.setattr(config, "config", lambda: {})
    monkeypatch.setattr(getpass, "getuser", nobody)
    monkeypatch.setattr(config, "_git_user_name", lambda: "Ann Example")
    assert config.reviewer() == "Ann Example"
    monkeypatch.setattr(config, "_git_user_name", lambda: None)
    assert config.reviewer() == "unknown"


# --- d) qa status: a decision the data no longer matches is a conflict, not accepted ------------------
# --- g) qa check --max-open: the count is the open findings --------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    text = SAMPLE.read_text(encoding="utf-8").replace("vi/B…axresdefault.jpg", "vi/BnpB3GrpsfM/maxresdefault.jpg")
    (tmp_path / "data.jsonl").write_text(text, encoding="utf-8")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "models.yml").write_text(RULES, encoding="utf-8")
    (tmp_path / "corrections").mkdir()
    return tmp_path


def test_status_counts_a_decision_whose_words_are_gone_as_a_conflict(runner, project: Path) -> None:
    data = project / "data.jsonl"
    decided = runner.invoke(main, ["decide", "data.jsonl", "--rules", "rules", "--corrections", "corrections",
                                   "--accept-all-of", "Alice T"])
    assert decided.exit_code == 0, decided.output
    args = ["status", "data.jsonl", "--rules", "rules", "--corrections", "corrections"]
    before = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    n, o = before["totals"]["accepted"], before["totals"]["open"]
    assert n >= 1 and before["totals"] == {"open": o, "accepted": n, "rejected": 0, "conflict": 0}
    data.write_text(data.read_text(encoding="utf-8").replace("Alice T", "Alan"), encoding="utf-8")
    after = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    # (was: accepted 1, beside "1 conflict(s)": the review looked done while `qa apply` refused it)
    assert after["totals"] == {"open": o, "accepted": 0, "rejected": 0, "conflict": n}
    assert after["terms"]["LSTM"]["conflict"] == n and len(after["conflicts"]) == n
    text = runner.invoke(main, args).stdout
    assert re.search(r"^term\s+open\s+accepted\s+rejected\s+conflict$", text, re.M)
    assert re.search(rf"^LSTM\s+{o}\s+0\s+0\s+{n}$", text, re.M)
    assert f"0 accepted, 0 rejected, {n} in conflict" in text


def test_max_open_counts_each_open_finding_once(runner, project: Path) -> None:
    found = [f for f in scan_paths(["data.jsonl"], rules_dir=Path("rules")) if f.kind == "asr-error"]
    n = len(found)
    assert n >= 2
    args = ["check", "data.jsonl", "--rules", "rules", "--corrections", "corrections", "--max-open", "0"]
    got = json.loads(runner.invoke(main, [*args, "--format", "json"]).stdout)
    tq903 = [v for v in got["violations"] if v["check"] == "TQ903"]
    # (was n + 1: a count line "n asr-error findings have no decision" beside those it listed)
    assert len(tq903) == n == got["summary"]["errors"]
    assert all(v["file"] == "data.jsonl" and v["line"] and f"has no decision ({n} open" in v["message"] for v in tq903)
    shown = runner.invoke(main, args).stdout
    assert re.search(rf"TQ903 too-many-open\s*│\s*error\s*│\s*{n} │", shown)
    assert f"{n} errors" in shown


# --- h) a key twice in one JSON object is a validation error with file:line ---------------------------


def _records_text(n: int = 3) -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()[:n]


@pytest.mark.parametrize("shape", ["plain", "escaped", "careful", "array"])
def test_a_key_given_twice_is_reported_with_its_line(runner, tmp_path: Path, shape: str) -> None:
    # polars kept the first 'title', Python's json (qa apply rewriting the record) the last: validation
    # passed a value the corrected output did not have, and said nothing
    lines = _records_text()
    lines[1] = lines[1].replace('"title": ', '"title": "FIRST", "title": ', 1)
    if shape == "escaped":  # a backslash somewhere: the fast path's raw-line pass counts the keys
        lines[0] = lines[0].replace('"text": "', '"text": "a \\"quoted\\" word ', 1)
    if shape == "careful":  # a number where a string belongs sends the file line by line
        lines[2] = lines[2].replace('"end_second": "', '"end_second": 1, "x": "', 1)
    path = tmp_path / ("data.json" if shape == "array" else "data.jsonl")
    if shape == "array":
        path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = runner.invoke(main, ["validate", str(path), "--disable", "TQ112", "--format", "json"])
    assert got.exit_code == 1  # a malformed record, as TQ001: the rest is still validated
    (v,) = [v for v in json.loads(got.stdout)["violations"] if v["check"] == "TQ005"]
    assert v["line"] == 2 + (shape == "array") and v["file"] == str(path) and "'title' given twice" in v["message"]


def test_no_repeated_key_reported_where_there_is_none(runner, tmp_path: Path) -> None:
    lines = _records_text()
    row = json.loads(lines[0])
    lines[0] = json.dumps({**row, "speaker": None, "meta": {"title": "x", "video_id": "y"}})
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = json.loads(runner.invoke(main, ["validate", str(path), "--format", "json"]).stdout)
    assert not [v for v in got["violations"] if v["check"] == "TQ005"]
    assert runner.invoke(main, ["validate", str(SAMPLE), "--disable", "TQ112"]).exit_code == 0


def test_apply_warns_about_a_record_naming_a_key_twice(runner, tmp_path: Path) -> None:
    lines = _records_text()
    lines[1] = lines[1].replace('"title": ', '"title": "FIRST", "title": ', 1)
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = runner.invoke(main, ["apply", str(path), "--corrections", str(tmp_path), "--output",
                               str(tmp_path / "out.jsonl")])
    assert got.exit_code == 0
    assert f"1 record(s) name a key twice (first: {path}:2)" in got.stderr


# --- i) a gzipped Parquet file is read, as gzipped JSON and CSV are -----------------------------------


def test_a_gzipped_parquet_file_is_read(runner, tmp_path: Path, monkeypatch) -> None:
    import gzip

    import polars as pl

    monkeypatch.chdir(tmp_path)
    rows = [json.loads(x) for x in _records_text(5)]
    pl.DataFrame(rows).write_parquet(tmp_path / "plain.parquet")
    (tmp_path / "talks.parquet.gz").write_bytes(gzip.compress((tmp_path / "plain.parquet").read_bytes()))
    plain = json.loads(runner.invoke(main, ["validate", "plain.parquet", "--format", "json"]).stdout)
    got = runner.invoke(main, ["validate", "talks.parquet.gz", "--format", "json"])
    # (was exit 2: "not a readable Parquet file: ... must end with PAR1", though qa apply wrote such files)
    assert got.exit_code == 1, got.output  # the sample's elided thumbnails (TQ112), as for the plain file
    report = json.loads(got.stdout)
    assert report["summary"] == plain["summary"] and report["summary"]["records"] == 5
    assert {v["file"] for v in report["violations"]} == {"talks.parquet.gz"}
    out = runner.invoke(main, ["apply", "talks.parquet.gz", "--corrections", ".", "--output", "out.parquet.gz"])
    assert out.exit_code == 0, out.output
    assert pl.read_parquet(gzip.decompress((tmp_path / "out.parquet.gz").read_bytes())).equals(
        pl.read_parquet(tmp_path / "plain.parquet"))
    (tmp_path / "bad.parquet.gz").write_bytes(gzip.compress(b"not parquet"))
    bad = runner.invoke(main, ["validate", "bad.parquet.gz"])
    assert bad.exit_code == 2 and "not a readable Parquet file" in bad.stderr


# --- j) a report of many violations is written as it is made, not held whole --------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_reports_are_written_piece_by_piece(runner, tmp_path: Path, monkeypatch, fmt: str) -> None:
    # 200k violations took +131 MiB (JSON) and +325 MiB (SARIF) to render on top of the violations
    # themselves, the whole text built before a byte was written; now each piece holds CHUNK of them
    from qa import report as R
    from qa.validate import Report, Violation

    monkeypatch.setattr(R, "CHUNK", 100)
    vs = [Violation("TQ111", "thumbnail-empty", "warning", f"thumbnail is empty ({i})", "BnpB3GrpsfM", str(i),
                    "thumbnail", "", "data.jsonl", i + 1) for i in range(1000)]
    from qa import checks as C

    known = C.resolve(severity={}, disable=[])[0]
    report = Report(1000, vs, ["data.jsonl"], known)
    pieces = list(R.render_chunks(report, fmt))
    whole = "".join(pieces)
    assert whole == R.render(report, fmt) and len(pieces) >= 10
    assert max(map(len, pieces)) < len(whole) / 5
    parsed = json.loads(whole)
    got = parsed["violations"] if fmt == "json" else parsed["runs"][0]["results"]
    assert len(got) == 1000 and "(999)" in json.dumps(got[-1])
    empty = Report(3, [], ["data.jsonl"], known)
    assert json.loads(R.render(empty, fmt))  # no violation: still one valid document

    lines = _records_text(3)
    (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    got = runner.invoke(main, ["validate", str(tmp_path / "data.jsonl"), "--format", fmt, "--output", str(out)])
    assert got.exit_code == 1 and json.loads(out.read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == runner.invoke(main, ["validate", str(tmp_path / "data.jsonl"),
                                                                   "--format", fmt]).stdout
