"""A scan gives the C allocator's free pages back (qa.detect.parallel.release_memory), called every
TRIM_EVERY pieces by the main process and by each worker, and fixes its thresholds (steady_malloc):
harmless everywhere, a no-op where the C library is not glibc. (Whether memory stays flat is
bench/memory's to say.)"""

from __future__ import annotations

import ctypes
import json
import platform
from pathlib import Path

import pytest

from qa.detect import load_detector, parallel

MIN = Path(__file__).parent / "data" / "rules_min"


@pytest.fixture
def fresh_libc(monkeypatch):
    """release_memory looks glibc up again (the lookup is cached for the process)."""
    monkeypatch.setattr(parallel, "_libc", False)


@pytest.fixture
def videos(tmp_path) -> Path:
    src = Path(__file__).parent / "data" / "lecture-l11.jsonl"
    out = tmp_path / "videos.jsonl"
    lines = []
    for i, raw in enumerate(src.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(raw)
        rec["video_id"] = f"video{i // 14:06d}"
        lines.append(json.dumps(rec, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_release_memory_is_harmless_and_repeatable(fresh_libc) -> None:
    first = parallel.release_memory()
    assert isinstance(first, bool)
    assert all(parallel.release_memory() is first for _ in range(3))
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert first is True


def test_release_memory_is_a_no_op_without_a_c_library(fresh_libc, monkeypatch) -> None:
    def no_library(*args, **kwargs):
        raise OSError("no C library here")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    assert parallel.release_memory() is False
    assert parallel.release_memory() is False  # (looked up once: not again on every piece)


def test_release_memory_is_a_no_op_on_another_libc(fresh_libc, monkeypatch) -> None:
    class Musl:  # a C library with malloc_trim but without glibc's version function
        def __getattr__(self, name):
            if name == "gnu_get_libc_version":
                raise AttributeError(name)
            raise AssertionError(f"{name} called on a C library that is not glibc")

    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: Musl())
    assert parallel.release_memory() is False


def test_a_worker_releases_memory_every_few_pieces_and_finds_the_same(videos, monkeypatch) -> None:
    from qa.records import iter_batches

    det = load_detector(MIN)
    frame = next(iter_batches([videos]))
    expected = "".join(f.to_json() + "\n" for f in det.scan_frame(frame))
    calls = []
    monkeypatch.setattr(parallel, "release_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(parallel, "_worker", (det, ("text",), "jsonl"))
    monkeypatch.setattr(parallel, "_pieces", 0)
    monkeypatch.setattr(parallel, "TRIM_EVERY", 2)
    parts = list(parallel.pieces([frame], 10))
    got = [parallel._scan(part) for part in parts]
    assert "".join(text for text, _ in got) == expected
    assert [n for _, n in got] == [part.height for part in parts]
    assert len(parts) >= 4 and len(calls) == len(parts) // 2


def test_the_main_process_releases_memory_every_few_pieces(videos, monkeypatch) -> None:
    from qa.records import iter_batches

    calls = []
    monkeypatch.setattr(parallel, "release_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(parallel, "_pieces", 0)
    monkeypatch.setattr(parallel, "TRIM_EVERY", 2)
    parts = list(parallel.scan_parallel([videos], jobs=2, rules_dir=MIN, methods=None, kinds=("asr-error",),
                                        min_score=0.5, fields=("text",), render="jsonl", piece=9, reuse=False))
    frame = next(iter_batches([videos]))
    assert "".join(parts) == "".join(f.to_json() + "\n" for f in load_detector(MIN).scan_frame(frame))
    assert len(parts) >= 4 and len(calls) == len(parts) // 2


class RecordingGlibc:
    """glibc as far as steady_malloc uses it: records each mallopt call."""

    def __init__(self):
        self.calls: list[tuple[int, int]] = []
        self.gnu_get_libc_version = lambda: b"2.36"
        self.malloc_trim = lambda pad: 1
        # (plain functions: ctypes' argtypes and restype are set on them)
        self.mallopt = lambda param, value: self.calls.append((param, value)) or 1


def test_steady_malloc_fixes_both_thresholds(fresh_libc, monkeypatch) -> None:
    lib = RecordingGlibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: lib)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert parallel.steady_malloc() is True
    # M_MMAP_THRESHOLD is -3 and M_TRIM_THRESHOLD -1 in glibc's malloc.h
    assert sorted(lib.calls) == [(-3, parallel.MMAP_THRESHOLD), (-1, parallel.TRIM_THRESHOLD)]
    assert parallel.TRIM_THRESHOLD > parallel.MMAP_THRESHOLD


def test_steady_malloc_leaves_a_users_setting_alone(fresh_libc, monkeypatch) -> None:
    lib = RecordingGlibc()
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: lib)
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert parallel.steady_malloc() is True
    assert lib.calls == [(-1, parallel.TRIM_THRESHOLD)]


def test_steady_malloc_is_a_no_op_without_glibc(fresh_libc, monkeypatch) -> None:
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: (_ for _ in ()).throw(OSError("none")))
    assert parallel.steady_malloc() is False


def test_a_worker_steadies_malloc_when_it_starts(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(parallel, "steady_malloc", lambda: calls.append(1) or True)
    monkeypatch.setattr(parallel, "_exit_with_parent", lambda: None)
    monkeypatch.setattr(parallel, "quiet_gc", lambda: None)
    monkeypatch.setattr(parallel, "_worker", None)
    import signal

    monkeypatch.setattr(signal, "signal", lambda *args: None)
    parallel._init(str(MIN), None, ("asr-error",), 0.5, ("text",), "jsonl")
    assert calls == [1]
    assert parallel._worker is not None and not isinstance(parallel._worker, Exception)
