"""Defects found by using qa as its users do, on the CI-gate and export side (session 20): each test
failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

from qa.cli import main
from qa.config import SAMPLE

CORRECTIONS = Path(__file__).resolve().parents[1] / "corrections"


def _rows(n: int = 3) -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:n]]


# --- a pretty-printed JSON array: reports named the record's position as its line -------------------


def test_a_json_arrays_violations_point_at_the_line_the_record_begins_on(runner, tmp_path: Path) -> None:
    rows = _rows(6)
    rows[3]["video_id"] = "BAD!"
    path = tmp_path / "talks.json"
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    begins = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == "  {"]
    got = runner.invoke(main, ["validate", str(path), "--disable", "TQ112", "--format", "github"])
    assert got.exit_code == 1
    lines = {x.split("title=")[1].split("::")[0]: x for x in got.stdout.splitlines() if x.startswith("::error")}
    assert f"line={begins[3]}," in lines["TQ101"]  # (was line=4: the record's position in the array)


def test_a_json_array_with_its_records_on_their_own_lines_is_still_corrected(runner, tmp_path: Path) -> None:
    rows = _rows(83)
    pretty, plain = tmp_path / "talks.json", tmp_path / "talks.jsonl"
    pretty.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    plain.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for src in (pretty, plain):
        got = runner.invoke(main, ["apply", str(src), "--corrections", str(CORRECTIONS),
                                   "--output", str(tmp_path / f"out-{src.suffix[1:]}.jsonl")])
        assert got.exit_code == 0, got.output
    read = lambda p: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
    out = read(tmp_path / "out-json.jsonl")
    assert out == read(tmp_path / "out-jsonl.jsonl")
    assert out != rows  # (decisions applied)


# --- JUnit: a control character in a record made the whole report unreadable XML -------------------


def test_junit_stays_well_formed_xml_when_a_record_holds_control_characters(runner, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    rows = _rows(4)
    rows[1]["text"] = "a bell \x01 and a nul \x00 in the text"
    rows[2]["video_id"] = "bad\x1bid"
    rows[3]["title"] = "not a character \ufffe here"
    path, report = tmp_path / "talks.jsonl", tmp_path / "report.xml"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for command in ("validate", "check"):
        got = runner.invoke(main, [command, str(path), "--format", "junit", "--output", str(report)])
        assert got.exit_code == 1, got.output
        root = ET.parse(report).getroot()  # (was: not well-formed (invalid token))
        failures = {c.get("name").split()[0]: c.find("failure") for c in root.iter("testcase")}
        assert "U+0001" in failures["TQ105"].get("message") + failures["TQ105"].text
        assert "bad\\x1bid" in failures["TQ101"].text


# --- Parquet: a row number was written as a line of a binary file -----------------------------------


def test_a_parquet_files_row_is_said_in_words_not_as_a_line(runner, tmp_path: Path) -> None:
    import polars as pl

    rows = _rows(5)
    rows[3]["video_id"] = "BAD!"
    path = tmp_path / "talks.parquet"
    pl.DataFrame(rows).write_parquet(path)
    args = ["validate", str(path), "--disable", "TQ112", "--format"]
    gh = [x for x in runner.invoke(main, [*args, "github"]).stdout.splitlines() if "title=TQ101::" in x][0]
    assert "line=" not in gh and gh.endswith("::row 4 (BAD!, 7220) video_id 'BAD!' is not 11 characters of A-Z a-z 0-9 _ -")
    result = json.loads(runner.invoke(main, [*args, "sarif"]).stdout)["runs"][0]["results"][0]
    assert "region" not in result["locations"][0]["physicalLocation"]
    assert result["message"]["text"].startswith("row 4: ")


# --- [tool.qa]: a misspelt key was ignored, so the gate ran as if it were not there -----------------


def test_an_unknown_tool_qa_key_is_named_with_its_line(runner, tmp_path: Path, monkeypatch) -> None:
    from qa import config

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _rows(3)), encoding="utf-8")
    cases = [
        ('[tool.qa]\n# the sample\'s thumbnails are cut upstream\n  dissable = ["TQ112"]\n', 3, "unknown key 'dissable'"),
        ('[tool.qa]\nrules = "rules"\n"fail_on" = "warning"\n', 3, "unknown key 'fail_on'"),
        ('[tool.qa\ndisable = []\n', 1, "cannot read [tool.qa]: Expected ']'"),
    ]
    for text, line, words in cases:
        config._load.cache_clear()
        (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
        got = runner.invoke(main, ["validate", str(data)])
        assert got.exit_code == 2, (text, got.output)  # (was 1: TQ112 reported, the key ignored)
        assert got.stderr.startswith(f"qa: error: {tmp_path / 'pyproject.toml'}:{line}: {words}"), got.stderr
    config._load.cache_clear()


# --- Parquet with list/struct columns written as CSV: a polars traceback ----------------------------


def test_a_parquet_inputs_nested_columns_are_left_out_of_a_csv_output_and_named(runner, tmp_path: Path) -> None:
    import polars as pl

    rows = _rows(83)
    source = tmp_path / "talks.parquet"
    pl.DataFrame(rows).with_columns(views=pl.lit(7), tags=pl.lit(["a", "b"]),
                                    meta=pl.struct(pl.lit(1).alias("x"))).write_parquet(source)
    out = tmp_path / "fixed.csv"
    got = runner.invoke(main, ["apply", str(source), "--corrections", str(CORRECTIONS), "--output", str(out)])
    assert got.exit_code == 0, got.output  # (was: polars' ComputeError traceback, nothing written)
    assert "column(s) 'meta', 'tags' of the Parquet input are not in the fixed.csv output" in got.stderr
    back = pl.read_csv(out, infer_schema=False)
    assert back.columns == [*rows[0], "views"] and back.height == 83
    assert back["text"].to_list() != [r["text"] for r in rows]  # (corrected)
    assert back["title"].to_list() == [r["title"] for r in rows]


# --- SARIF on a big dataset: 130 s and 2.1 GB for 595k violations of 200k records -------------------


def test_sarif_resolves_each_files_uri_once_and_keeps_its_shape(monkeypatch, tmp_path: Path) -> None:
    from qa import report as R
    from qa.validate import validate

    rows = _rows(20)
    path = tmp_path / "talks.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = validate([str(path)], settings={})
    calls = []
    real = R._uri
    monkeypatch.setattr(R, "_uri", lambda f: calls.append(f) or real(f))
    doc = json.loads(R.sarif(result))
    assert len(calls) == 1  # (was once per violation: resolving a path is several syscalls, 80% of the time)
    run = doc["runs"][0]
    assert len(run["results"]) == len(result.violations) == 20  # (TQ112 on each)
    assert run["results"][0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": real(str(path))}, "region": {"startLine": 1}}
    assert list(run) == ["tool", "artifacts", "results"]


# --- SARIF: GitHub's upload refuses a file with a result of no location ------------------------------


def test_every_sarif_result_has_a_location(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    got = runner.invoke(main, ["check", str(data), "--corrections", str(tmp_path),
                               "--disable", "TQ112", "--disable", "TQ901", "--max-open", "0", "--format", "sarif"])
    assert got.exit_code == 1, got.output
    results = json.loads(got.stdout)["runs"][0]["results"]
    assert results and results[0]["ruleId"] == "TQ903" and "has no decision" in results[0]["message"]["text"]
    # (was: the count had no "locations": "locationFromSarifResult: expected at least one location";
    # since session 22 there is no count result, each open finding is one, at its record's line)
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)


# --- CSV: a column named twice passed as 'text_duplicated_0'; a ragged row named no line --------------


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def test_a_csv_header_naming_a_column_twice_is_unusable(runner, tmp_path: Path) -> None:
    rows = _rows(3)
    cols = list(rows[0])
    path = tmp_path / "talks.csv"
    _csv(path, [*cols, "text"], [[r[c] for c in cols] + ["other words"] for r in rows])
    got = runner.invoke(main, ["validate", str(path)])
    assert got.exit_code == 2  # (was 1 for TQ112 with a warning of an "unexpected column 'text_duplicated_0'")
    assert got.stderr == f"qa: error: {path}:1: column 'text' is named twice in the header (columns 3 and 10)\n"


def test_a_csv_record_with_more_fields_than_the_header_is_named_by_its_line(runner, tmp_path: Path) -> None:
    rows = _rows(4)
    rows[0]["text"] = "a text\nof two lines"
    cols = list(rows[0])
    path = tmp_path / "talks.csv"
    _csv(path, cols, [[r[c] for c in cols] + (["extra"] if i == 2 else []) for i, r in enumerate(rows)])
    for command in ("validate", "scan"):
        got = runner.invoke(main, [command, str(path)])
        assert got.exit_code == 2 and "Traceback" not in got.output
        # (was "qa: error: FILE: not a readable CSV file: found more fields than defined in 'Schema'")
        assert got.stderr == f"qa: error: {path}:5: not a readable CSV file: 10 fields where the header names 9\n"


# --- the diff: a text holding U+2028 or a form feed made a corrupt patch ------------------------------


def test_the_diff_applies_when_a_text_holds_characters_python_splits_lines_at(runner, tmp_path: Path) -> None:
    import subprocess

    from qa import records
    from qa.export import render_text

    rows = _rows(83)
    rows[1]["text"] = rows[1]["text"].replace("Glockner", "Glockner\x0cpage", 1)
    rows[2]["text"] = rows[2]["text"].replace("squad", "squad\u2028next\x85and", 1)  # (record 3: a decision)
    data = tmp_path / "talks.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    diff = tmp_path / "fix.diff"
    got = runner.invoke(main, ["export", str(data), "--corrections", str(CORRECTIONS), "--format", "diff",
                               "--output", str(diff)])
    assert got.exit_code == 0, got.output
    work = tmp_path / "work"
    work.mkdir()
    (work / "talks.txt").write_bytes(render_text(records.load([data]).frame).encode("utf-8"))
    done = subprocess.run(["patch", "-p1", "-d", str(work), "-i", str(diff)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr  # (was: malformed patch at line 10)
    fixed = tmp_path / "fixed.jsonl"
    assert runner.invoke(main, ["apply", str(data), "--corrections", str(CORRECTIONS), "--output", str(fixed)]).exit_code == 0
    assert (work / "talks.txt").read_bytes() == render_text(records.load([fixed]).frame).encode("utf-8")
