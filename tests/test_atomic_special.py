"""Atomic writes to a device or a pipe: written in place, never replaced by a regular file.

`qa scan talks.jsonl -o /dev/null` (timing a scan) run as root renamed its temporary file over
/dev/null, so the machine's /dev/null became a regular file that every later `> /dev/null` filled.
A named pipe stands in for the device here: the same rule (not a regular file, not a directory)
and no harm to the machine if it regresses.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.atomic import atomic_open, atomic_write_text
from qa.cli import main

SAMPLE = Path(__file__).parent / "data" / "lecture-l11.jsonl"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _drain(fifo: Path, out: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as fh:
            out.append(fh.read())
    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_text_written_to_a_named_pipe_reaches_its_reader_and_the_pipe_stays(tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _drain(fifo, got)
    atomic_write_text(fifo, "one\ntwo\n")
    t.join(5)
    assert got == [b"one\ntwo\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary sibling left behind


def test_binary_mode_to_a_named_pipe(tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _drain(fifo, got)
    with atomic_open(fifo, "wb", encoding=None) as fh:
        fh.write(b"\x00\x01")
    t.join(5)
    assert got == [b"\x00\x01"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_regular_file_is_still_replaced_atomically(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    os.chmod(path, 0o600)
    before = os.stat(path).st_ino
    atomic_write_text(path, "new")
    assert path.read_text() == "new"
    assert os.stat(path).st_ino != before  # a new file renamed into place, not the old one rewritten
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_scan_output_to_a_named_pipe(tmp_path):
    fifo = tmp_path / "findings"
    os.mkfifo(fifo)
    got: list[bytes] = []
    t = _drain(fifo, got)
    result = CliRunner().invoke(main, ["scan", str(SAMPLE), "--jobs", "1", "-o", str(fifo)])
    t.join(30)
    assert result.exit_code == 0, result.output
    lines = got[0].decode().splitlines()
    assert lines and all(json.loads(line)["video_id"] == "BnpB3GrpsfM" for line in lines)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
