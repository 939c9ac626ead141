"""Defects found by using qa as its three kinds of users do (session 26): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli import main
from qa.config import SAMPLE

QUIET_GATE = ["--disable", "TQ112", "--disable", "TQ901"]


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


# --- `qa check --format github` with a $GITHUB_STEP_SUMMARY it cannot write: a traceback, exit 1 ------


def test_check_github_with_an_unwritable_step_summary_warns_and_keeps_its_verdict(runner, tmp_path: Path,
                                                                                 monkeypatch) -> None:
    data = _data(tmp_path)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a directory: cannot be appended to
    got = runner.invoke(main, ["check", str(data), "--corrections", str(tmp_path), *QUIET_GATE,
                               "--format", "github"])
    assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    assert got.exit_code == 0, got.output
    assert "::notice title=qa check::" in got.stdout
    assert "qa: warning: cannot append to $GITHUB_STEP_SUMMARY" in got.stderr


# --- a report written over the dataset it is about: `qa scan talks.jsonl -o talks.jsonl` -----------------


def test_a_report_output_that_is_an_input_file_is_refused_and_the_data_kept(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    before = data.read_bytes()
    for args in (["scan", str(data), "--no-cache"], ["validate", str(data), "--format", "json"],
                 ["check", str(tmp_path), "--corrections", str(tmp_path), *QUIET_GATE],
                 ["export", str(data), "--format", "diff", "--corrections", str(tmp_path)]):
        got = runner.invoke(main, [*args, "--output", str(tmp_path / "." / "talks.jsonl")])
        assert got.exit_code == 2, (args, got.output)
        assert "--output is an input file" in got.stderr, args
        assert "Traceback" not in got.output
        assert data.read_bytes() == before, args


def test_a_report_output_elsewhere_is_still_written(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    got = runner.invoke(main, ["validate", str(data), "--format", "json", "--output", str(tmp_path / "r.json")])
    assert got.exit_code == 1
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["records"] == 83


def test_apply_in_place_still_works(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    got = runner.invoke(main, ["apply", str(data), "--output", str(data), "--corrections", str(tmp_path)])
    assert got.exit_code == 0, got.output
    assert data.read_bytes() == SAMPLE.read_bytes()


# --- `qa apply` / `qa export --format jsonl` in place dropped the input's malformed lines for good ----------


def test_writing_over_an_input_with_malformed_lines_is_refused(runner, tmp_path: Path) -> None:
    data = tmp_path / "talks.jsonl"
    good = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text(good[0] + '{"video_id": "BnpB3GrpsfM", "start_sec\n' + good[1], encoding="utf-8")
    before = data.read_bytes()
    none = ["--corrections", str(tmp_path)]
    for args in (["apply", str(data), "--output", str(data), *none],
                 ["export", str(data), "--format", "jsonl", "--output", str(data), *none],
                 ["export", str(data), "--format", "jsonl", "--output", str(tmp_path), *none]):
        got = runner.invoke(main, args)
        assert got.exit_code == 2, (args, got.output)
        assert "talks.jsonl (first at line 2)" in got.stderr
        assert data.read_bytes() == before, args
    # written elsewhere, the readable records go out with a warning, as before
    got = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "fixed.jsonl"), *none])
    assert got.exit_code == 0, got.output
    assert len((tmp_path / "fixed.jsonl").read_text().splitlines()) == 2


# --- `qa rules suggest` turned an accepted listed variant into a variant of an everyday word -----------


def test_suggest_proposes_nothing_for_an_accepted_finding_whose_words_are_a_listed_variant(tmp_path: Path) -> None:
    from qa.learn import propose
    from qa.patches import make_decision

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "acronyms.yml").write_text(
        "category: acronym\nentries:\n"
        "  - term: NLI\n    aliases: [NLI systems]\n    variants: [analyzed systems]\n"
        "    flag:\n      - {text: \"these analyzed systems fail\", to: NLI systems}\n", encoding="utf-8")
    text = "that kind of these analyzed systems that you know nominally"
    start = text.index("analyzed systems")
    d = make_decision(action="accept", video_id="v", start_second="10", field_name="text", start=start,
                      end=start + len("analyzed systems"), field_text=text, replacement="NLI systems",
                      finding_id="f1", term="NLI", reviewer="t")
    assert propose(rules, [d]) == []  # was: variant 'analyzed' for NLI


class _NoFindings:
    """A detector that finds nothing: what `ScanSource` reads, not what is found, is under test."""

    def stream(self, fields):
        class S:
            def feed(self, frame):
                return []

            def close(self):
                return []
        return S()


# --- `qa review` of a file with no text (the wrong file, a renamed column) said "Nothing to review" --------


def test_review_source_of_a_file_without_text_is_an_error_as_for_scan(tmp_path: Path) -> None:
    import pytest

    from qa.errors import InputError
    from qa.tui.source import ScanSource

    jsonl = tmp_path / "renamed.jsonl"
    jsonl.write_text('{"video_id": "BnpB3GrpsfM", "start_second": "1", "txt": "we fine tuned bird"}\n', encoding="utf-8")
    array = tmp_path / "object.json"
    array.write_text('[{"video_id": "BnpB3GrpsfM", "start_second": "1"}]', encoding="utf-8")
    for path in (jsonl, array):
        with pytest.raises(InputError, match="nothing to scan"):
            list(ScanSource([path], _NoFindings()).batches(lambda: False))


# --- `qa review`: a key typed straight after the key that closes a dialog was lost ---------------------
# ("/", "oblations", Enter, "A" at typing speed: the filter applied, the "A" went into the closing
# dialog's input and nothing was asked; "A", "y", "a": the "a" went to the confirm dialog being closed)


def _review_app(tmp_path: Path):
    from test_tui_data import source

    from qa.patches import CorrectionStore
    from qa.tui.app import ReviewApp
    from qa.tui.source import Ledger

    return ReviewApp(source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")))


def _burst(app, *keys: str) -> None:
    """Keys as a terminal delivers them typed ahead: all queued before any is handled."""
    from textual import events

    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "slash": "/"}.get(key)
        app.post_message(events.Key(key, char))


def test_a_review_key_typed_straight_after_a_filter_is_applied(tmp_path: Path) -> None:
    import asyncio

    from test_tui_data import findings

    from qa.patches import CorrectionStore

    weekly = [f for f in findings() if f.found == "weekly supervised"]

    async def run() -> None:
        app = _review_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            _burst(app, "slash", *"weekly", "enter", "a")
            for _ in range(30):
                await pilot.pause(0.1)
                if CorrectionStore(tmp_path / "corrections").by_finding():
                    break
            assert app.queue.text_filter == "weekly"

    asyncio.run(run())
    assert CorrectionStore(tmp_path / "corrections").by_finding()[weekly[0].id].action == "accept"


def test_keys_typed_straight_after_a_confirm_dialog_are_applied(tmp_path: Path) -> None:
    import asyncio

    from test_tui_data import findings

    from qa.patches import CorrectionStore

    fs = findings()

    async def run() -> None:
        app = _review_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            _burst(app, "A", "n", "x", "e", "escape", "a")
            for _ in range(30):  # (the keys are handled in turn; a loaded machine takes a while)
                await pilot.pause(0.1)
                if len(CorrectionStore(tmp_path / "corrections").by_finding()) >= 2:
                    break

    asyncio.run(run())
    got = CorrectionStore(tmp_path / "corrections").by_finding()
    assert got[fs[0].id].action == "reject"  # "x" after "n" closed the dialog
    assert got[fs[1].id].action == "accept"  # "a" after Escape closed the edit dialog


# --- `qa review` of a file with malformed lines skipped them without a word (`qa scan` warns) ------------


def test_review_says_how_many_lines_it_could_not_read(tmp_path: Path) -> None:
    import asyncio

    from qa.patches import CorrectionStore
    from qa.tui.app import ReviewApp
    from qa.tui.source import Ledger, ScanSource

    good = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    data = tmp_path / "talks.jsonl"
    data.write_text(good[0] + '{"video_id": "BnpB3GrpsfM", "start_sec\n' + good[1] + "[1, 2]\n", encoding="utf-8")
    src = ScanSource([data], _NoFindings())
    seen: list[str] = []

    async def run() -> None:
        app = ReviewApp(src, Ledger(CorrectionStore(tmp_path / "corrections", reviewer="t")))
        app.notify = lambda message, **kw: seen.append(message)  # type: ignore[method-assign]
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(run())
    said = [m for m in seen if "could not be read" in m]
    assert said and said[0].startswith("2 lines could not be read") and f"{data}:2:" in said[0], seen


# --- `qa validate --format json | head` exited 0 on a dataset full of errors: a gate with pipefail passed ---


def test_a_report_whose_reader_goes_away_still_exits_with_the_verdict(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    data = tmp_path / "big.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for v in range(12):  # ~1,000 TQ112 errors: a JSON report far larger than a pipe's buffer
            for line in lines:
                rec = json.loads(line)
                rec["video_id"] = f"vid{v:08d}"
                rec["url"] = rec["url"].replace("BnpB3GrpsfM", rec["video_id"])
                fh.write(json.dumps(rec) + "\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    for args in (["validate", str(data), "--format", "json"],
                 ["check", str(data), "--disable", "TQ901", "--format", "json"]):
        proc = subprocess.Popen([sys.executable, "-m", "qa", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=tmp_path)
        assert proc.stdout is not None
        proc.stdout.readline()
        proc.stdout.close()  # `| head -1`
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert proc.wait(timeout=120) == 1, (args, err)
        assert "Traceback" not in err and "Exception ignored" not in err, err


# --- the edit box's own keys typed ahead came out of order with the letters ------------------------------
# (Ctrl+U, the arrows, Tab: run once the key had bubbled up, after the letters typed behind them)


def _edit_fields_after(tmp_path: Path, *keys: str) -> dict[str, str]:
    import asyncio

    from qa.tui.widgets.edit_dialog import EditDialog

    out: dict[str, str] = {}

    async def run() -> None:
        app = _review_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            _burst(app, *keys)
            for _ in range(20):
                await pilot.pause(0.1)
            assert isinstance(app.screen, EditDialog)
            out.update({i.id: i.value for i in app.screen.query("Input")})

    asyncio.run(run())
    return out


def test_ctrl_u_typed_ahead_clears_before_the_letters_after_it(tmp_path: Path) -> None:
    assert _edit_fields_after(tmp_path, "e", "ctrl+u", "x", "y")["replacement"] == "xy"  # was ''


def test_arrows_typed_ahead_move_the_cursor_before_the_letters_after_them(tmp_path: Path) -> None:
    assert _edit_fields_after(tmp_path, "e", "x", "y", "left", "left", "z")["replacement"] == "zxy"  # was 'xyz'


def test_letters_typed_after_tab_go_to_the_next_field(tmp_path: Path) -> None:
    from test_tui_data import findings

    got = _edit_fields_after(tmp_path, "e", "tab", "ctrl+u", "a", "b", "c")
    assert got == {"replacement": findings()[0].suggestion, "span": "abc"}  # was the letters in the replacement


def test_keys_after_a_refused_edit_go_on_at_once(tmp_path: Path) -> None:
    # Enter refused (the words are not around the finding): the dialog stays open, and the keys typed
    # after Enter need not wait for it to close
    import asyncio

    from qa.tui.widgets.edit_dialog import EditDialog

    async def run() -> None:
        app = _review_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("e")
            app.screen.query_one("#span").value = "no such words"
            _burst(app, "enter", "escape")
            await pilot.pause(0.25)  # (held keys wait at most 0.5 s)
            assert not isinstance(app.screen, EditDialog)

    asyncio.run(run())
