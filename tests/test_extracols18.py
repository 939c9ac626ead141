"""Applying corrections keeps every column of every record: nothing but the corrected words changes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from qa import records
from qa.cli import main
from qa.config import SAMPLE
from qa.patches import CorrectionStore, make_decision


def _rows() -> list[dict]:
    """Three sample records, their columns in another order and with extra columns of every JSON type."""
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:3]]
    extras = [
        {"speaker": "alec", "views": 1200, "score": 0.75, "live": True, "channel": {"name": "S", "subs": [1, 2]},
         "tags": ["rl", "nlp"], "note": None},
        {"speaker": None, "views": 7, "score": 1.5, "live": False, "channel": {}, "tags": [], "note": "x"},
        {"speaker": "bo", "views": -3, "score": 1e-7, "live": None, "channel": {"n": None}, "tags": [{"k": 1}],
         "note": "\u00e9\\n"},
    ]
    out = []
    for row, extra in zip(rows, extras):
        # an extra column first, the text in the middle, the rest of the known ones after it
        out.append({"speaker": extra.pop("speaker"), "video_id": row["video_id"], "views": extra.pop("views"),
                    "text": row["text"], **extra, **{k: v for k, v in row.items() if k not in ("video_id", "text")}})
    return out


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _correct(tmp_path: Path, row: dict) -> Path:
    """A corrections directory with one edit of *row*'s first word."""
    corr = tmp_path / "corrections"
    word = row["text"].split()[0]
    CorrectionStore(corr).record(make_decision(
        action="edit", video_id=row["video_id"], start_second=row["start_second"], field_name="text", start=0,
        end=len(word), field_text=row["text"], replacement="CORRECTED", reviewer="t"))
    return corr


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _expected(rows: list[dict]) -> list[dict]:
    want = [dict(r) for r in rows]
    want[1]["text"] = "CORRECTED" + rows[1]["text"][len(rows[1]["text"].split()[0]):]
    return want


def _same(got: list[dict], want: list[dict]) -> None:
    assert got == want
    # equal dicts may still differ in key order and in a number's type (1 == 1.0 == True)
    assert [list(r) for r in got] == [list(r) for r in want]
    assert json.dumps(got, sort_keys=False) == json.dumps(want, sort_keys=False)


@pytest.mark.parametrize("name", ["talks.jsonl", "talks.jsonl.gz", "talks.json"])
def test_apply_keeps_every_column_its_type_and_order(runner, tmp_path: Path, monkeypatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / name
    body = _jsonl(rows) if name != "talks.json" else json.dumps(rows, ensure_ascii=False)
    data.write_bytes(gzip.compress(body.encode()) if name.endswith(".gz") else body.encode())
    corr = _correct(tmp_path, rows[1])
    for out in ("out.jsonl", "out.jsonl.gz", "out.json"):
        result = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", out])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, result.stderr
        got = json.loads(Path(out).read_text(encoding="utf-8")) if out == "out.json" else _read_jsonl(Path(out))
        _same(got, _expected(rows))


def test_records_left_alone_are_written_as_they_were(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / "talks.jsonl"
    # compact separators, an escaped non-ASCII letter, a number written with an exponent
    lines = [json.dumps(r, separators=(",", ":")) for r in rows]
    lines[0] = lines[0].replace('"views":1200', '"views":1.2e3')
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    assert runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "out.jsonl"]).exit_code == 0
    out = Path("out.jsonl").read_text(encoding="utf-8").splitlines()
    assert out[0] == lines[0] and out[2] == lines[2]
    assert json.loads(out[1])["text"].startswith("CORRECTED")


def test_export_jsonl_keeps_every_column(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(rows), encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    for out in ("out.jsonl", "outdir"):
        result = runner.invoke(main, ["export", str(data), "--corrections", str(corr), "--format", "jsonl",
                                      "--output", out])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, result.stderr
        path = Path(out) if out.endswith(".jsonl") else Path(out) / "talks.jsonl"
        _same(_read_jsonl(path), _expected(rows))


def test_reverse_restores_the_source_with_every_column(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(rows), encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    assert runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "fixed.jsonl"]).exit_code == 0
    result = runner.invoke(main, ["apply", "fixed.jsonl", "--corrections", str(corr), "--reverse", "--output", "back.jsonl"])
    assert result.exit_code == 0, result.output
    assert Path("back.jsonl").read_bytes() == data.read_bytes()


def test_malformed_and_blank_lines_do_not_shift_which_record_is_corrected(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / "talks.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    data.write_text(f"{lines[0]}\n\n{{not json\n{lines[1]}\n   \n{lines[2]}", encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    result = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "out.jsonl"])
    assert result.exit_code == 0, result.output
    assert "1 malformed record" in result.stderr
    _same(_read_jsonl(Path("out.jsonl")), _expected(rows))


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_csv_and_parquet_keep_their_extra_columns(runner, tmp_path: Path, monkeypatch, ext: str) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [{k: v for k, v in r.items() if k not in ("channel", "tags", "note", "live")} for r in _rows()]
    frame = pl.DataFrame(rows)
    data = tmp_path / f"talks.{ext}"
    frame.write_csv(data) if ext == "csv" else frame.write_parquet(data)
    corr = _correct(tmp_path, rows[1])
    out = Path(f"out.{ext}")
    result = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr, result.stderr
    got = pl.read_csv(out, infer_schema=False) if ext == "csv" else pl.read_parquet(out)
    want = pl.read_csv(data, infer_schema=False) if ext == "csv" else pl.read_parquet(data)
    assert got.columns == want.columns and got.schema == want.schema
    assert got["text"].to_list() == [r["text"] for r in _expected(rows)]
    assert got.drop("text").equals(want.drop("text"))
    # as JSON Lines, a CSV's columns are strings and a Parquet file's keep their types
    assert runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "out.jsonl"]).exit_code == 0
    lines = _read_jsonl(Path("out.jsonl"))
    assert list(lines[0]) == want.columns
    assert lines[0]["views"] == (1200 if ext == "parquet" else "1200")


def test_a_dataset_of_the_known_columns_only_is_written_as_before(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:3]]
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(rows), encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    result = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "out.jsonl"])
    assert result.exit_code == 0 and not result.stderr
    _same(_read_jsonl(Path("out.jsonl")), _expected(rows))
    assert records.load(["out.jsonl"]).frame.height == 3


def test_blank_lines_on_the_quick_path_do_not_shift_which_record_is_corrected(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    data = tmp_path / "talks.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    data.write_text(f"\n{lines[0]}\n\n\n{lines[1]}\n{lines[2]}\n\n", encoding="utf-8")
    assert records.load([data]).frame["_line"].to_list() == [2, 5, 6]
    corr = _correct(tmp_path, rows[1])
    result = runner.invoke(main, ["apply", str(data), "--corrections", str(corr), "--output", "out.jsonl"])
    assert result.exit_code == 0, result.output
    _same(_read_jsonl(Path("out.jsonl")), _expected(rows))


def test_several_inputs_are_all_written_and_one_named_twice_once(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows()
    a, b = tmp_path / "a.jsonl", tmp_path / "b.json"
    a.write_text(_jsonl(rows[:2]), encoding="utf-8")
    b.write_text(json.dumps(rows[2:]), encoding="utf-8")
    corr = _correct(tmp_path, rows[1])
    result = runner.invoke(main, ["apply", str(a), str(b), str(a), "--corrections", str(corr), "--output", "out.jsonl"])
    assert result.exit_code == 0, result.output
    want = _expected(rows)
    # (a file named twice is read once, as validate and scan read it: its records are not doubled)
    _same(_read_jsonl(Path("out.jsonl")), want)


def test_a_source_changed_after_loading_is_an_error_not_a_wrong_file(tmp_path: Path) -> None:
    from qa import rewrite
    from qa.errors import InputError
    from qa.relocate import apply_frame

    rows = _rows()
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(rows), encoding="utf-8")
    dataset = records.load([data])
    corr = _correct(tmp_path, rows[1])
    result = apply_frame(dataset.frame, CorrectionStore(corr).decisions())
    data.write_text(_jsonl(rows[:1]), encoding="utf-8")
    with pytest.raises(InputError, match="changed while being corrected"):
        rewrite.write(dataset.frame, result.frame, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()
