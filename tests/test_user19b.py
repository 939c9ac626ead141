"""Leftovers of the session-19 user test: each test failed before its fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_tui_data import sync
from test_user19 import accepted_then_edited

from qa.cli import main
from qa.config import SAMPLE
from qa.patches import CorrectionStore

ROOT = Path(__file__).parent.parent


# --- Ctrl+C: click said "Aborted!" and exited 1, which in qa means "violations" ---------------------


def test_an_interrupt_exits_130_with_one_line(runner, monkeypatch) -> None:
    import qa.cli.validate as validate

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate.validate, "callback", interrupted)
    res = runner.invoke(main, ["validate", str(SAMPLE)])
    assert res.exit_code == 130
    assert res.stderr == "qa: interrupted\n"
    assert "Aborted" not in res.output


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_during_a_parallel_scan_leaves_no_traceback_and_no_file(tmp_path: Path) -> None:
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    data = tmp_path / "big.jsonl"
    with data.open("w", encoding="utf-8") as fh:  # enough videos to keep two workers busy for a while
        for i in range(4000):
            for line in rows:
                r = json.loads(line)
                r["video_id"] = f"{r['video_id'][:6]}{i:05d}"
                fh.write(json.dumps(r) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa", "scan", str(data), "--jobs", "2", "--no-cache", "-o", str(out / "f.jsonl")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
        # (a shell's background job starts with SIGINT ignored; a terminal's Ctrl+C finds it at its default)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2.5)  # the workers are spawned (or importing) and the main process is reading
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: to the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert err.decode() == "qa: interrupted\n"
    assert list(out.iterdir()) == []  # the output is written atomically: nothing half-written, no temp file


# --- qa decide --forget NEWID left the decision stored under the finding's old id ----------------


def test_forget_by_the_new_id_removes_a_decision_made_before_the_text_changed(runner, tmp_path: Path,
                                                                              monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data, old, new = accepted_then_edited(runner, tmp_path)
    assert new["id"] != old["id"]
    res = runner.invoke(main, ["decide", str(data), "--forget", new["id"]])
    assert res.exit_code == 0, res.output
    assert "(accept of" in res.output
    assert CorrectionStore(tmp_path / "corrections").decisions() == []


# --- the empty corrections/.qa.lock stayed behind after every decision was undone -----------------


def test_writing_and_undoing_leaves_no_lock_file(tmp_path: Path) -> None:
    from qa import records
    from qa.gate import field_texts, scan
    from qa.patches import decide_all

    store = CorrectionStore(tmp_path / "corrections", reviewer="tester")
    f = scan([str(SAMPLE)], str(ROOT / "rules"))[0]
    texts = field_texts(records.load([str(SAMPLE)]).frame, [f])
    store.record_many(decide_all(f, texts, "reject", None, "tester"))
    assert len(store.decisions()) == 1
    assert store.forget(f.id) is not None
    assert list((tmp_path / "corrections").iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_the_directory_lock_still_keeps_a_second_writer_out(tmp_path: Path) -> None:
    import fcntl

    from qa.errors import InputError
    from qa.patches import _Locked

    directory = tmp_path / "corrections"
    directory.mkdir()
    held = os.open(directory, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # another writer, as a process holds it
    try:
        with pytest.raises(InputError, match="holds the corrections lock"):
            with _Locked(directory / ".qa.lock", timeout=0.2):
                pass
    finally:
        os.close(held)
    with _Locked(directory / ".qa.lock", timeout=0.2):  # free again
        pass


# --- the o key's URL was wrapped inside a 60-cell (at most half-screen) notification ---------------


@sync
async def test_the_url_of_o_shows_on_one_line_at_80x24(tmp_path: Path) -> None:
    from test_tui_data import source
    from textual.widgets._toast import Toast

    from qa.tui.app import ReviewApp
    from qa.tui.source import Ledger

    app = ReviewApp(source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")),
                    opener=lambda url: False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause(0.3)
        await pilot.pause()
        url = app._notifications and list(app._notifications)[-1].message
        toasts = list(app.screen.query(Toast))
        assert toasts, (list(app._notifications), app.screen, list(app.screen.walk_children()))
        toast = toasts[-1]
        assert toast.content_region.width >= len(url)
        assert toast.region.right <= 80
