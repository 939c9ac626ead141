"""Defects found by using qa as its users do (session 27): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.config import SAMPLE

QUIET_GATE = ["--disable", "TQ112", "--disable", "TQ901"]


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch):
    """A working directory whose pyproject.toml a test writes (the config cache cleared around it)."""
    from qa import config

    monkeypatch.chdir(tmp_path)
    config._load.cache_clear()
    yield tmp_path
    config._load.cache_clear()


# --- [tool.qa] values out of range: no FILE:LINE, and `disable = [5]` a traceback ------------------


@pytest.mark.parametrize(("toml", "line", "words"), [
    ('[project]\nname = "x"\n\n[tool.qa]\ngap_tolerance = "abc"\n', 5, "gap_tolerance must be a number of seconds"),
    ('[tool.qa]\nrules = "rules"\ngap_tolerance = -1\n', 3, "gap_tolerance must be a number of seconds, 0 or more"),
    ('[tool.qa]\ndisable = [5]\n', 2, "disable must be a list of check ids or names"),
    ('[tool.qa]\ndisable = 5\n', 2, "disable must be a list of check ids or names"),
    ('[tool.qa]\n\ndisable = ["TQ112", "TQ999"]\n', 3, "disable: unknown check 'TQ999'"),
    ('[tool.qa]\njobs = "many"\n', 2, "jobs must be a number of processes"),
    ('[tool.qa]\njobs = true\n', 2, "jobs must be a number of processes"),
    ('[tool.qa]\nrules = "rules"\n\n[tool.qa.severity]\nTQ103 = "error"\nTQ112 = "fatal"\n', 6,
     "severity of TQ112 must be 'error', 'warning' or 'off'"),
    ('[tool.qa.severity]\nTQ103 = "error"\nno-such-check = "warning"\n', 3, "severity: unknown check 'no-such-check'"),
    ('[tool.qa]\nseverity = {TQ112 = 3}\n', 2, "severity of TQ112 must be"),
])
def test_a_tool_qa_value_out_of_range_is_named_with_file_and_line(runner, project: Path, toml: str, line: int,
                                                                  words: str) -> None:
    data = _data(project)
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    for args in (["validate", str(data)], ["scan", str(data), "--no-cache"] if "jobs" in toml else ["checks"]):
        got = runner.invoke(main, args)
        assert got.exit_code == 2, (args, got.output, got.exception)
        assert "Traceback" not in got.output and not isinstance(got.exception, (AttributeError, TypeError))
        assert got.stderr.startswith(f"qa: error: {project / 'pyproject.toml'}:{line}: [tool.qa] {words}"), got.stderr


def test_a_gate_check_disabled_in_tool_qa_does_not_break_qa_validate(runner, project: Path) -> None:
    # `[tool.qa]` is shared by `qa check` and `qa validate`: TQ901 switched off for the gate made
    # `qa validate` exit 2 with "unknown check 'TQ901'" (only `qa check` had registered it)
    data = _data(project)
    (project / "pyproject.toml").write_text(
        '[tool.qa]\ndisable = ["TQ901", "thumbnail-elided"]\n[tool.qa.severity]\ntoo-many-open = "warning"\n',
        encoding="utf-8")
    got = runner.invoke(main, ["validate", str(data)])
    assert got.exit_code == 0, got.output
    got = runner.invoke(main, ["checks", "--format", "json"])
    rows = {r["id"]: r["severity"] for r in json.loads(got.stdout)}
    assert (rows["TQ901"], rows["TQ903"], rows["TQ112"]) == ("off", "warning", "off")


def test_good_tool_qa_values_are_still_taken(runner, project: Path) -> None:
    data = _data(project)
    (project / "pyproject.toml").write_text(
        '[tool.qa]\ndisable = "TQ112"\njobs = "Auto"\ngap_tolerance = 0.5\n[tool.qa.severity]\nTQ103 = "off"\n',
        encoding="utf-8")
    got = runner.invoke(main, ["validate", str(data)])
    assert got.exit_code == 0, got.output


# --- a misspelt --corrections directory: the data written unchanged, exit 0 ---------------------------


def _one_decision(runner, tmp_path: Path, data: Path) -> Path:
    corr = tmp_path / "corrections"
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corr), "--accept", found[0]["id"]])
    assert got.exit_code == 0, got.output
    return corr


def test_a_corrections_directory_that_does_not_exist_is_unusable_input(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    _one_decision(runner, tmp_path, data)
    typo = tmp_path / "corections"
    out = tmp_path / "fixed.jsonl"
    for args in (["apply", str(data), "--output", str(out)], ["export", str(data), "--format", "srt", "-o", str(tmp_path / "subs")],
                 ["status", str(data)], ["check", str(data), *QUIET_GATE], ["rules", "suggest"]):
        got = runner.invoke(main, [*args, "--corrections", str(typo)])
        assert got.exit_code == 2, (args, got.output)
        assert got.stderr.startswith(f"qa: error: {typo}: corrections directory not found (check the --corrections path"), got.stderr
    assert not out.exists() and not (tmp_path / "subs").exists() and not typo.exists()


def test_the_right_corrections_directory_and_an_empty_one_still_apply(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    corr = _one_decision(runner, tmp_path, data)
    got = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "fixed.jsonl"), "--corrections", str(corr)])
    assert got.exit_code == 0 and got.stdout.startswith("1 applied"), got.output
    (tmp_path / "empty").mkdir()
    got = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "same.jsonl"), "--corrections",
                               str(tmp_path / "empty")])
    assert got.exit_code == 0 and (tmp_path / "same.jsonl").read_bytes() == data.read_bytes()


def test_decide_still_makes_the_corrections_directory_it_is_given(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    assert _one_decision(runner, tmp_path, data).is_dir()


# --- a record whose end_second is before its start_second: a subtitle cue of no length -----------------


def _rows(times: list[tuple[str, str]], video: str = "BnpB3GrpsfM") -> str:
    base = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    out = []
    for i, (start, end) in enumerate(times):
        out.append(json.dumps({**base, "video_id": video, "start_second": start, "end_second": end,
                               "start_timestamp": "", "end_timestamp": "", "text": f"words of chunk {i}"}))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_a_cue_whose_end_is_not_after_its_start_still_lasts(runner, tmp_path: Path, fmt: str) -> None:
    import srt
    import webvtt

    data = tmp_path / "talk.jsonl"
    # the second chunk ends before it starts, the third ends where it starts, the last has no usable end
    data.write_text(_rows([("10", "20"), ("20", "15"), ("30", "30"), ("40", "x")]), encoding="utf-8")
    got = runner.invoke(main, ["export", str(data), "--format", fmt, "-o", str(tmp_path / "subs"),
                               "--corrections", str(tmp_path)])
    assert got.exit_code == 0, got.output
    path = tmp_path / "subs" / f"BnpB3GrpsfM.{fmt}"
    if fmt == "srt":
        timed = [(c.start.total_seconds(), c.end.total_seconds()) for c in srt.parse(path.read_text())]
    else:
        timed = [(c.start_in_seconds, c.end_in_seconds) for c in webvtt.read(str(path)).captions]
    assert timed == [(10, 20), (20, 30), (30, 40), (40, 45)]
    assert all(end > start for start, end in timed)


# --- keys typed straight after y / n of `A`: lost when the dialog took over 0.5 s to close --------------


class _SlowClock:
    """A clock on a loaded machine: every look at it finds a second gone (two cores shared by
    eight people: the dialog's closing frame can come after the 0.5 s the held keys waited)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def _burst(app, *keys: str) -> None:
    """Keys as a terminal delivers them typed ahead: all queued before any is handled."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize(("answer", "then", "action"), [("n", "x", "reject"), ("y", "a", "accept")])
def test_a_key_typed_after_answering_accept_all_acts_however_slow_the_dialog_closes(
        tmp_path: Path, answer: str, then: str, action: str) -> None:
    import asyncio

    from test_tui_data import findings, source

    from qa.patches import CorrectionStore
    from qa.tui.app import ReviewApp
    from qa.tui.source import Ledger

    fs = findings()
    same = [f.id for f in fs if f.found.casefold() == fs[0].found.casefold() and f.suggestion == fs[0].suggestion]
    nxt = next(f for f in fs if answer == "n" or f.id not in same)  # where the cursor is after the answer
    store = CorrectionStore(tmp_path / "corrections", reviewer="t")

    async def run() -> None:
        app = ReviewApp(source(), Ledger(store), clock=_SlowClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            _burst(app, "A", answer, then)
            for _ in range(60):  # (the keys are handled in turn; a loaded machine takes a while)
                await pilot.pause(0.05)
                if nxt.id in store.by_finding():
                    break

    asyncio.run(run())
    got = store.by_finding()
    assert all((got[i].action == "accept") == (answer == "y") for i in same if i != nxt.id)
    assert nxt.id in got, (answer, then, sorted(got))  # the key typed after the answer was not lost
    assert got[nxt.id].action == action


# --- `e` in the review: an accept of the finding, not a patch file "edit" (a correction no finding proposed) --


def test_e_with_a_widened_span_is_recorded_as_an_accept_of_the_finding(tmp_path: Path) -> None:
    import asyncio

    from test_tui_data import findings, source

    from qa.patches import CorrectionStore
    from qa.tui.app import ReviewApp
    from qa.tui.source import Ledger
    from qa.tui.widgets.edit_dialog import EditDialog
    from qa.tui.widgets.finding_view import FindingView

    f = findings()[0]
    store = CorrectionStore(tmp_path / "corrections", reviewer="t")
    seen: list[str] = []

    async def run() -> None:
        app = ReviewApp(source(), Ledger(store))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("e")
            assert isinstance(app.screen, EditDialog)
            app.screen.query_one("#span").value = f"a new {f.found}"
            app.screen.query_one("#replacement").value = f"a new {f.suggestion}"
            await pilot.press("enter")
            await pilot.pause()
            assert app.queue.status[f.id] == "accept"
            await pilot.press("p")
            seen.append(str(app.query_one(FindingView).render()))

    asyncio.run(run())
    d = store.by_finding()[f.id]
    assert (d.action, d.finding_id, d.original, d.replacement) == ("accept", f.id, f"a new {f.found}",
                                                                    f"a new {f.suggestion}")
    assert "accepted" in seen[0] and f"“a new {f.found}” → “a new {f.suggestion}”" in seen[0], seen


# --- a dataset in shards, applied a file at a time: decisions on the video's records in the next file were conflicts --


def test_a_video_cut_across_two_shards_applies_a_shard_at_a_time(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    shards = [tmp_path / "part-0.jsonl", tmp_path / "part-1.jsonl"]
    shards[0].write_text("".join(lines[:40]), encoding="utf-8")
    shards[1].write_text("".join(lines[40:]), encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    first, last = found[0], found[-1]  # one in each shard, of the one video the sample has
    corr = tmp_path / "corrections"
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corr), "--accept", first["id"], "--accept", last["id"]])
    assert got.exit_code == 0, got.output
    outs = []
    for i, shard in enumerate(shards):
        out = tmp_path / f"fixed-{i}.jsonl"
        got = runner.invoke(main, ["apply", str(shard), "--corrections", str(corr), "--output", str(out)])
        assert got.exit_code == 0, got.output
        assert "1 applied" in got.stdout and "0 conflict(s), 1 for records not in the input" in got.stdout, got.stdout
        outs.append(out.read_text(encoding="utf-8"))
        gate = runner.invoke(main, ["check", str(shard), "--corrections", str(corr), *QUIET_GATE])
        assert gate.exit_code == 0, gate.output
    whole = tmp_path / "fixed.jsonl"
    assert runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", str(whole)]).exit_code == 0
    assert "".join(outs) == whole.read_text(encoding="utf-8")


def test_a_record_missing_from_between_its_videos_records_is_still_a_conflict(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    corr = tmp_path / "corrections"
    middle = next(f for f in found if f["line"] not in (1, 83))
    assert runner.invoke(main, ["decide", str(data), "--corrections", str(corr), "--accept", middle["id"]]).exit_code == 0
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(x for i, x in enumerate(lines, 1) if i != middle["line"]), encoding="utf-8")
    got = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", str(tmp_path / "o.jsonl")])
    assert got.exit_code == 1 and "no such record in the input" in got.stderr, got.output
    assert not (tmp_path / "o.jsonl").exists()


# --- `qa decide` on a finding in a record with no video_id / start_second: a KeyError traceback ---------


def test_deciding_a_finding_whose_record_has_no_key_is_a_clear_error(runner, tmp_path: Path) -> None:
    data = tmp_path / "texts.jsonl"
    data.write_text('{"text": "we fine tuned bird on squad and then some"}\n', encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    assert found, "the scan reads a record with a text and nothing else"
    corr = tmp_path / "corrections"
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corr), "--accept", found[0]["id"]])
    assert got.exit_code == 2, got.output
    assert not isinstance(got.exception, KeyError) and "Traceback" not in got.output
    assert got.stderr.startswith(f"qa: error: {data}:1: finding {found[0]['id']}: its record has no video_id"), got.stderr
    assert not corr.exists()


# --- a patch file edited by hand: a number where a string goes was a traceback; version "1" "newer than 1" --


def _patch_edited(runner, tmp_path: Path, edit) -> tuple[Path, Path]:
    data = _data(tmp_path)
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data), "--no-cache"]).stdout.splitlines()]
    corr = tmp_path / "corrections"
    for f in found[:2]:
        assert runner.invoke(main, ["decide", str(data), "--corrections", str(corr), "--accept", f["id"]]).exit_code == 0
    patch = next(corr.glob("*.patch.jsonl"))
    lines = patch.read_text(encoding="utf-8").splitlines()
    patch.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return data, corr


@pytest.mark.parametrize(("key", "value", "words"), [
    ("finding_id", 5, "finding_id must be a string or null"),
    ("term", ["LSTM"], "term must be a string or null"),
    ("timestamp", 5, "timestamp must be a string"),
    ("reviewer", None, "reviewer must be a string"),
])
def test_a_hand_edited_decision_of_the_wrong_type_is_named_with_its_line(runner, tmp_path: Path, key, value,
                                                                          words) -> None:
    def edit(lines: list[str]) -> list[str]:
        d = json.loads(lines[2])
        d[key] = value
        return [lines[0], lines[1], json.dumps(d), lines[1]]  # (line 4: the first decision again, as a merge leaves it)

    data, corr = _patch_edited(runner, tmp_path, edit)
    patch = next(corr.glob("*.patch.jsonl"))
    for args in (["status", str(data)], ["apply", str(data), "-o", str(tmp_path / "o.jsonl")],
                 ["check", str(data), *QUIET_GATE]):
        got = runner.invoke(main, [*args, "--corrections", str(corr)])
        assert got.exit_code == 2, (args, got.output, got.exception)
        assert got.stderr.startswith(f"qa: error: {patch}:3: {words}"), (args, got.stderr)


def test_a_patch_format_version_that_is_not_a_number_is_said_so(runner, tmp_path: Path) -> None:
    data, corr = _patch_edited(runner, tmp_path, lambda lines: [lines[0].replace('"version": 1', '"version": "1"'),
                                                                *lines[1:]])
    got = runner.invoke(main, ["apply", str(data), "-o", str(tmp_path / "o.jsonl"), "--corrections", str(corr)])
    assert got.exit_code == 2
    assert ":1: patch format version must be a whole number, not '1'" in got.stderr, got.stderr
    assert "newer" not in got.stderr


# --- `qa scan --format text | head`: exit 1 (rich's broken-pipe handler), which qa uses for violations ----


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_a_scan_whose_reader_goes_away_still_exits_0(tmp_path: Path, fmt: str) -> None:
    import os
    import subprocess
    import sys

    data = _data(tmp_path)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "qa", "scan", str(data), "--format", fmt, "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    proc.stdout.close()  # the reader is gone before the first finding is written (as `| head -0`)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0, err
    assert "Traceback" not in err


# --- subtitles of data with no timed record: nothing written, nothing said, exit 0; two ids, one file name -----


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_a_subtitle_export_with_nothing_to_write_says_so(runner, tmp_path: Path, fmt: str) -> None:
    data = tmp_path / "texts.jsonl"
    data.write_text('{"video_id": "BnpB3GrpsfM", "text": "no times at all"}\n', encoding="utf-8")
    got = runner.invoke(main, ["export", str(data), "--format", fmt, "-o", str(tmp_path / "subs"), "--corrections", str(tmp_path)])
    assert got.exit_code == 2, got.output
    # (session 28: the error names the input and its first record; it named neither)
    assert got.stderr.startswith(f"qa: error: {data}:1: none of the 1 record(s) of {data} has a video_id, a usable "
                                 f"start time and text: no {fmt} file"), got.stderr
    assert not (tmp_path / "subs").exists()


def test_two_videos_with_one_subtitle_file_name_are_refused_not_one_lost(runner, tmp_path: Path) -> None:
    base = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    data = tmp_path / "odd.jsonl"
    data.write_text("".join(json.dumps({**base, "video_id": v}) + "\n" for v in ("a/b", "a_b")), encoding="utf-8")
    got = runner.invoke(main, ["export", str(data), "--format", "srt", "-o", str(tmp_path / "subs"), "--corrections", str(tmp_path)])
    assert got.exit_code == 2, got.output
    assert "videos 'a/b' and 'a_b' would both be written to" in got.stderr, got.stderr
    assert not (tmp_path / "subs").exists()


def test_a_configured_corrections_directory_that_is_a_file_is_refused(runner, project: Path) -> None:
    data = _data(project)
    (project / "pyproject.toml").write_text('[tool.qa]\ncorrections = "talks.jsonl"\n', encoding="utf-8")
    for args in (["apply", str(data), "-o", str(project / "o.jsonl")], ["status", str(data)],
                 ["check", str(data), *QUIET_GATE]):
        got = runner.invoke(main, args)
        assert got.exit_code == 2, (args, got.output)
        assert got.stderr.startswith("qa: error: talks.jsonl: the corrections directory ([tool.qa] corrections) is a "
                                     "file, not a directory"), got.stderr
    assert not (project / "o.jsonl").exists()


def test_review_decide_and_fix_refuse_a_corrections_directory_that_is_a_file(runner, project: Path) -> None:
    from qa import config

    # `qa review` opened the screen and then said "not saved" at every key; decide said "cannot write: File exists"
    data = _data(project)
    got = runner.invoke(main, ["review", str(data), "--corrections", str(data)])
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(f"qa: error: {data}: the corrections directory (--corrections) is a file"), got.stderr
    (project / "pyproject.toml").write_text('[tool.qa]\ncorrections = "talks.jsonl"\n', encoding="utf-8")
    config._load.cache_clear()  # (read above, before there was a pyproject.toml)
    for args in (["review", str(data)], ["decide", str(data), "--accept", "0123456789ab"], ["fix", "--safe", str(data)]):
        got = runner.invoke(main, args)
        assert got.exit_code == 2, (args, got.output)
        assert got.stderr.startswith("qa: error: talks.jsonl: the corrections directory ([tool.qa] corrections) is a "
                                     "file"), (args, got.stderr)


# --- `qa eval --gold EMPTY`: "precision 0.000", every finding a false alarm, exit 0 ------------------------


def test_eval_against_a_gold_file_of_no_errors_is_unusable_input(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n", encoding="utf-8")
    got = runner.invoke(main, ["eval", str(data), "--gold", str(gold)])
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(f"qa: error: {gold}: no gold error in the file"), got.stderr
    assert "precision" not in got.stdout


# --- `--output -`: a file named '-' instead of stdout ----------------------------------------------------------


def test_output_dash_is_stdout(runner, project: Path) -> None:
    data = _data(project)
    for args, first in ((["validate", str(data), "--format", "json"], '{"summary": {"records": 83'),
                        (["scan", str(data), "--no-cache"], '{"id": '),
                        (["check", str(data), "--corrections", str(project), *QUIET_GATE, "--format", "github"],
                         "::notice title=qa check::83 records")):
        got = runner.invoke(main, [*args, "--output", "-"])
        assert got.exit_code in (0, 1), (args, got.output)
        assert got.stdout.startswith(first), (args, got.stdout[:200])
        assert not (project / "-").exists(), args
