"""`qa scan` with worker processes: the same bytes as the one-process scan in every format, the
auto default, and errors reported as one clean line whichever process meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.cli import scan as scan_cli
from qa.detect import parallel
from qa.detect.parallel import auto_jobs, json_array, json_items
from qa.findings import Finding

MIN = Path(__file__).parent / "data" / "rules_min"


@pytest.fixture(autouse=True)
def _no_findings_store(monkeypatch):
    """These tests compare the workers' output with one process's: a store filled by the first
    scan would answer the second without a worker (tests/test_detect_reuse.py tests that)."""
    from qa.detect import reuse

    monkeypatch.setattr(reuse.Store, "open", classmethod(lambda cls, *args: None))


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> Path:
    """The dev lecture cut into six videos (with a title each), so pieces of a few records hold
    several videos and the stream is cut at many video boundaries; and one malformed line (which
    the reader skips, in the main process, before any piece is cut)."""
    src = Path(__file__).parent / "data" / "lecture-l11.jsonl"
    out = tmp_path_factory.mktemp("par") / "videos.jsonl"
    lines = []
    for i, raw in enumerate(src.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(raw)
        rec["video_id"] = f"video{i // 14:06d}"
        rec["title"] = f"Lecture {i // 14}: attention and transformers"
        lines.append(json.dumps(rec, ensure_ascii=False))
        if i == 20:
            lines.append('{"video_id": "video000001", oops')
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _scan(runner, path: Path, *args: str):
    return runner.invoke(main, ["scan", str(path), "--rules", str(MIN), *args])


def test_workers_write_the_same_jsonl_as_one_process(runner, videos, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "PIECE", 9)  # many pieces, each cut where a video ends
    one, two = _scan(runner, videos, "--jobs", "1"), _scan(runner, videos, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout and one.output == two.output
    found = [json.loads(line) for line in one.stdout.splitlines()]
    assert len({f["video_id"] for f in found}) >= 3  # findings from several videos, in input order
    assert [f["line"] for f in found] == sorted(f["line"] for f in found)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_workers_write_the_same_reports_as_one_process(runner, videos, tmp_path, monkeypatch, fmt) -> None:
    monkeypatch.setattr(parallel, "PIECE", 20)
    one, two = tmp_path / "one", tmp_path / "two"
    assert _scan(runner, videos, "--format", fmt, "--jobs", "1", "-o", str(one)).exit_code == 0
    res = _scan(runner, videos, "--format", fmt, "--jobs", "2", "-o", str(two))
    assert res.exit_code == 0, res.output
    assert one.read_bytes() == two.read_bytes() and len(one.read_bytes()) > 1000


def test_json_pieces_join_into_what_json_dumps_writes() -> None:
    def finding(i: int) -> Finding:
        return Finding("v", str(i), "text", 0, 3, 'b"ird\n', "BERT", "BERT", "model", "asr-error", "variant",
                       0.5 + i / 10, "a bird é", reason="x\ty", next_start=None if i else 4)

    fs = [finding(i) for i in range(4)]
    for parts in ([], [fs[:0]], [fs[:1]], [fs[:2], [], fs[2:]], [[], fs]):
        text = "".join(json_array(json_items(p) for p in parts))
        assert text == json.dumps([f.to_dict() for p in parts for f in p], ensure_ascii=False, indent=1)


def test_auto_scans_small_inputs_in_this_process(videos, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    assert auto_jobs([videos]) == 1  # a few kB: starting workers would cost more than it saves
    assert auto_jobs([videos], threshold=videos.stat().st_size) == 2
    assert auto_jobs([tmp_path / "missing.jsonl"]) == 1
    monkeypatch.chdir(tmp_path)
    assert scan_cli._jobs(None, [videos]) == 1
    assert scan_cli._jobs("auto", [videos]) == 1
    assert scan_cli._jobs("0", [videos]) == 2
    assert scan_cli._jobs("3", [videos]) == 3


def test_jobs_setting_and_bad_values(runner, videos, tmp_path, monkeypatch) -> None:
    from qa.errors import UsageError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.qa]\njobs = 3\n")
    assert scan_cli._jobs(None, [videos]) == 3
    assert scan_cli._jobs("1", [videos]) == 1  # the flag wins
    bad = tmp_path / "bad"  # (the setting is read once per directory)
    bad.mkdir()
    (bad / "pyproject.toml").write_text('[tool.qa]\njobs = "many"\n')
    monkeypatch.chdir(bad)
    with pytest.raises(UsageError, match=r"\[tool.qa\] jobs"):
        scan_cli._jobs(None, [videos])
    res = _scan(runner, videos, "--jobs", "-1")
    assert res.exit_code == 2 and res.output.startswith("qa: error: --jobs: expected a number")
    assert "Traceback" not in res.output


@pytest.mark.parametrize("empty", [False, True])
def test_bad_rules_fail_alike_in_both_modes(runner, videos, tmp_path, empty) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yml").write_text("category: model\nentries:\n  - term: [unclosed\n")
    data = tmp_path / "empty.jsonl" if empty else videos
    if empty:
        data.write_text("")
    out = []
    for jobs in ("1", "2"):
        res = runner.invoke(main, ["scan", str(data), "--rules", str(rules), "--jobs", jobs])
        assert res.exit_code == 2 and "Traceback" not in res.output
        out.append(res.output)
    assert out[0] == out[1]
    assert out[0].startswith(f"qa: error: {rules / 'bad.yml'}:") and out[0].count("\n") == 1


def test_the_last_pieces_shrink_and_every_piece_ends_with_a_video() -> None:
    import polars as pl

    vids = [f"v{i // 7:04d}" for i in range(1000)]
    frames = [pl.DataFrame({"video_id": vids[o:o + 300]}) for o in range(0, 1000, 300)]
    parts = list(parallel.pieces(frames, 100, workers=2, least=20))
    assert pl.concat(parts)["video_id"].to_list() == vids
    assert all(a["video_id"][-1] != b["video_id"][0] for a, b in zip(parts, parts[1:]))
    sizes = [p.height for p in parts]
    assert sizes[0] >= 100 and max(sizes[-3:]) < 40 and min(sizes) >= 20
    assert [p.height for p in parallel.pieces(frames, 100)] == [105] * 9 + [55]  # without workers: no shrinking


def test_workers_share_the_cpus_polars_threads(monkeypatch) -> None:
    monkeypatch.delenv("POLARS_MAX_THREADS", raising=False)
    monkeypatch.setattr(parallel, "cpus", lambda: 8)
    assert parallel.worker_env(2) == {"POLARS_MAX_THREADS": "4"}
    assert parallel.worker_env(8) == parallel.worker_env(20) == {"POLARS_MAX_THREADS": "1"}
    monkeypatch.setenv("POLARS_MAX_THREADS", "3")  # the user's choice stands
    assert parallel.worker_env(2) == {}


def test_the_help_names_the_auto_threshold(runner) -> None:
    res = runner.invoke(main, ["scan", "--help"])
    assert f"{parallel.AUTO_BYTES // 1_000_000} MB or more" in " ".join(res.output.split())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_skipped_line_is_named_on_stderr(runner, videos, jobs) -> None:
    res = _scan(runner, videos, "--jobs", jobs)
    assert res.exit_code == 0
    assert f"qa: warning: {videos}:22: not valid JSON" in res.stderr
    assert "line skipped" in res.stderr and "qa validate" in res.stderr
    assert "warning" not in res.stdout  # the findings stay clean JSON Lines
    assert all(json.loads(line) for line in res.stdout.splitlines())


def test_many_skipped_lines_are_counted_not_listed(runner, tmp_path) -> None:
    path = tmp_path / "garbage.jsonl"
    good = (Path(__file__).parent / "data" / "lecture-l11.jsonl").read_text(encoding="utf-8").splitlines()[0]
    path.write_text("\n".join(["nope"] * 9 + [good]) + "\n", encoding="utf-8")
    res = _scan(runner, path, "--jobs", "1")
    assert res.exit_code == 0
    assert res.stderr.count("line skipped") == scan_cli._Skipped.SHOWN
    assert f"{9 - scan_cli._Skipped.SHOWN} more malformed line(s) skipped" in res.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_scan_cannot_read_is_an_error_not_an_empty_result(runner, videos, tmp_path, jobs) -> None:
    """Input a scan would find nothing in, silently, is unusable (exit 2, file named) in either
    mode: no JSON object on any line, no 'text' in any record (a renamed column, the wrong file),
    a CSV without the column, an empty file; and --fields title where no record has a title."""
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(b"\x00\x01binary\nnot json either\n")
    renamed = tmp_path / "renamed.jsonl"
    renamed.write_text('{"video_id": "abcdefghijk", "transcript": "bird and Roberto"}\n')
    csv = tmp_path / "renamed.csv"
    csv.write_text("video_id,transcript\nabcdefghijk,bird and Roberto\n")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    untitled = tmp_path / "untitled.jsonl"
    untitled.write_text('{"video_id": "abcdefghijk", "text": "a baseline Alice T"}\n')
    cases = [
        (garbage, (), f"qa: error: {garbage}:1: not JSON Lines: no line holds a JSON object (first: not valid JSON"),
        (renamed, (), f"qa: error: {renamed}: no record has a 'text' field: nothing to scan (fields: transcript, video_id)"),
        (csv, (), f"qa: error: {csv}:1: missing column 'text': nothing to scan"),
        (empty, (), f"qa: error: {empty}: file is empty"),
        (untitled, ("--fields", "title,text"), f"qa: error: {untitled}: no record has a 'title' field"),
    ]
    for path, extra, said in cases:
        res = _scan(runner, path, "--jobs", jobs, *extra)
        assert res.exit_code == 2, (path, res.output)
        assert res.output.startswith(said) and res.output.count("\n") == 1, res.output
    # the same record scanned for its text only is fine; and a file with a malformed line among
    # readable ones is scanned, the line skipped with a warning (exit 0)
    assert _scan(runner, untitled, "--jobs", jobs).exit_code == 0
    res = _scan(runner, videos, "--jobs", jobs)
    assert res.exit_code == 0 and "line skipped" in res.stderr and res.stdout
