"""Exit codes and output of `qa rules test` and `qa scan`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from qa.cli import main

MIN = Path(__file__).parent / "data" / "rules_min"


def test_rules_test_passes_on_fixture(runner) -> None:
    res = runner.invoke(main, ["rules", "test", str(MIN)])
    assert res.exit_code == 0, res.output
    assert "all pass" in res.output


def test_rules_test_fails_with_file_line(runner, tmp_path: Path) -> None:
    shutil.copytree(MIN, tmp_path / "r")
    p = tmp_path / "r" / "models.yml"
    p.write_text(p.read_text().replace('to: BERT}', 'to: BART}'))
    res = runner.invoke(main, ["rules", "test", str(tmp_path / "r")])
    assert res.exit_code == 1
    assert f"{p}:12: BERT: flag example not corrected to 'BART'" in res.output


def test_rules_test_invalid_file_is_exit_2(runner, tmp_path: Path) -> None:
    (tmp_path / "bad.yml").write_text("category: model\nentries:\n  - term: X\n    flag: nope\n")
    res = runner.invoke(main, ["rules", "test", str(tmp_path)])
    assert res.exit_code == 2
    assert f"qa: error: {tmp_path / 'bad.yml'}:4: X: 'flag' must be a list" in res.output


def test_scan_formats_and_exit_codes(runner, tmp_path: Path, sample_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    res = runner.invoke(main, ["scan", str(sample_path), "--rules", str(MIN), "--output", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and list(rows[0])[:14] == ["id", "video_id", "start_second", "field", "start", "end", "found",
                                          "suggestion", "term", "category", "kind", "method", "score", "context"]
    assert all(r["kind"] == "asr-error" and r["score"] >= 0.5 for r in rows)
    as_json = runner.invoke(main, ["scan", str(sample_path), "--rules", str(MIN), "--format", "json",
                                   "--kinds", "asr-error,normalization", "--min-score", "0.3"])
    assert as_json.exit_code == 0 and {r["kind"] for r in json.loads(as_json.output)} == {"asr-error", "normalization"}
    text = runner.invoke(main, ["scan", str(sample_path), "--rules", str(MIN), "--format", "text"])
    assert text.exit_code == 0 and "→ LSTM" in text.output and "finding(s) of" in text.output


def test_scan_bad_input_is_one_line_and_exit_2(runner, tmp_path: Path, sample_path: Path) -> None:
    res = runner.invoke(main, ["scan", str(tmp_path / "missing.jsonl"), "--rules", str(MIN)])
    assert res.exit_code == 2 and "no such file" in res.output and "Traceback" not in res.output
    res = runner.invoke(main, ["scan", str(sample_path), "--rules", str(MIN), "--methods", "magic"])
    assert res.exit_code == 2 and "--methods: unknown value 'magic'" in res.output
    res = runner.invoke(main, ["scan", str(sample_path), "--rules", str(tmp_path / "none")])
    assert res.exit_code == 2 and "rules directory not found" in res.output
