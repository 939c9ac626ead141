"""Defects found by using qa as its users do (session 18): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import srt
import webvtt

from qa.cli import main
from qa.config import SAMPLE


def _rows(n: int = 3) -> list[dict]:
    return [json.loads(x) for x in SAMPLE.read_text(encoding="utf-8").splitlines()[:n]]


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --- a JSON array saved as .jsonl: validate read it, scan and review did not -----------------------


def test_scan_reads_a_json_array_named_jsonl_as_validate_does(runner, tmp_path: Path) -> None:
    rows = _rows(83)
    lines, array = tmp_path / "lines.jsonl", tmp_path / "array.jsonl"
    lines.write_text(_jsonl(rows), encoding="utf-8")
    array.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(main, ["validate", str(array)]).exit_code == 1  # (read: TQ112 thumbnails)
    want = runner.invoke(main, ["scan", str(lines), "--jobs", "1", "--no-cache"])
    got = runner.invoke(main, ["scan", str(array), "--jobs", "1", "--no-cache"])
    assert got.exit_code == 0, got.output
    strip = lambda out: [{k: v for k, v in json.loads(x).items() if k != "file"} for x in out.splitlines()]
    assert strip(got.stdout) and strip(got.stdout) == strip(want.stdout)


def test_review_source_reads_a_json_array_named_jsonl(tmp_path: Path) -> None:
    from qa.records import iter_batches

    array = tmp_path / "array.jsonl"
    array.write_text(json.dumps(_rows(5)), encoding="utf-8")
    frames = list(iter_batches([array], need=("text",)))
    assert sum(f.height for f in frames) == 5
    assert frames[0]["_line"].to_list() == [1, 2, 3, 4, 5]


# --- an output that cannot be written: one line and exit 2, not a traceback ------------------------


def test_unwritable_output_is_a_clear_error_for_every_writer(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # (no corrections/ here)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_rows(3)), encoding="utf-8")
    blocker = tmp_path / "a-file"  # a file where a directory is needed: fails for root too
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ["scan", str(data), "--output", str(blocker / "out.jsonl")],
        ["apply", str(data), "--output", str(blocker / "out.jsonl")],
        ["export", str(data), "--format", "srt", "--output", str(blocker / "subs")],
        ["export", str(data), "--format", "diff", "--output", str(blocker / "x.diff")],
        ["export", str(data), "--format", "jsonl", "--output", str(blocker / "x.jsonl")],
        ["decide", str(data), "--edit", f"{_rows(1)[0]['video_id']}:{_rows(1)[0]['start_second']}:analyzed systems=NLI",
         "--corrections", str(blocker / "corrections")],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert not isinstance(result.exception, OSError), args
        assert "qa: error: " in result.stderr and str(blocker) in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output


# --- subtitles: any text and any time value gives files that parse back, never a traceback --------


def _subtitle_rows() -> list[dict]:
    base = _rows(1)[0]

    def rec(second: str, end: str, text: str, video: str = "v1") -> dict:
        return {**base, "video_id": video, "start_second": second, "end_second": end, "text": text,
                "start_timestamp": None, "end_timestamp": None}

    return [
        rec("0", "5", "line one\n\nline two --> arrow <b>not markup</b> & x < y"),
        rec("5", "10", " \n\n "),  # nothing to show
        rec("10.5", "12.25", "fractional\r\nseconds"),
        rec("nan", "inf", "no usable start", "v2"),
        rec("-5", "3", "negative start", "v2"),
        rec("1e400", "1e400", "overflowing start", "v2"),
        rec("20", "-1", "end unusable: the cue ends where it starts", "v2"),
    ]


def test_subtitles_of_awkward_text_and_times_parse_back(runner, tmp_path: Path, monkeypatch) -> None:
    import html

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_subtitle_rows()), encoding="utf-8")
    for fmt in ("srt", "vtt"):
        result = runner.invoke(main, ["export", str(data), "--format", fmt, "--output", str(tmp_path / fmt)])
        assert result.exit_code == 0, (fmt, result.output, result.exception)
        if fmt == "srt":
            v1 = [(s.start.total_seconds(), s.end.total_seconds(), s.content)
                  for s in srt.parse((tmp_path / fmt / "v1.srt").read_text(encoding="utf-8"))]
            v2 = [(s.start.total_seconds(), s.end.total_seconds(), s.content)
                  for s in srt.parse((tmp_path / fmt / "v2.srt").read_text(encoding="utf-8"))]
        else:
            v1 = [(c.start_in_seconds + c.start_time.milliseconds / 1000, c.end_in_seconds + c.end_time.milliseconds / 1000,
                   html.unescape(c.text)) for c in webvtt.read(str(tmp_path / fmt / "v1.vtt")).captions]
            v2 = [(c.start_in_seconds, c.end_in_seconds, html.unescape(c.text))
                  for c in webvtt.read(str(tmp_path / fmt / "v2.vtt")).captions]
        assert v1 == [(0, 5, "line one\nline two --> arrow <b>not markup</b> & x < y"),
                      (10.5, 12.25, "fractional\nseconds")], fmt
        assert v2 == [(20, 25, "end unusable: the cue ends where it starts")], fmt  # (5 s: the last cue, session 27)
    vtt = (tmp_path / "vtt" / "v1.vtt").read_text(encoding="utf-8")
    assert "<b>" not in vtt and "-->" not in vtt.split("\n\n")[1].splitlines()[1]  # text, not markup


# --- export --format jsonl into a directory: one output per input, none written over another ------


def test_jsonl_export_to_a_directory_keeps_every_input_file(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows(5)
    data = tmp_path / "data"
    data.mkdir()
    (data / "talks.2024-01.jsonl").write_text(_jsonl(rows[:2]), encoding="utf-8")
    (data / "talks.2024-02.jsonl").write_text(_jsonl(rows[2:]), encoding="utf-8")
    result = runner.invoke(main, ["export", str(data), "--format", "jsonl", "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert out == ["talks.2024-01.jsonl", "talks.2024-02.jsonl"]
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (tmp_path / "out").iterdir()) == 5


def test_jsonl_export_refuses_two_inputs_of_one_name(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _rows(4)
    for sub, part in (("a", rows[:2]), ("b", rows[2:])):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "talks.jsonl").write_text(_jsonl(part), encoding="utf-8")
    result = runner.invoke(main, ["export", "a", "b", "--format", "jsonl", "--output", "out"])
    assert result.exit_code == 2, result.output
    assert "talks.jsonl" in result.stderr and not (tmp_path / "out").exists()


# --- CSV: a text with a line break inside quotes moved every later record's line number -----------


def test_csv_line_numbers_count_line_breaks_inside_quoted_fields(runner, tmp_path: Path) -> None:
    import polars as pl

    rows = _rows(3)
    rows[1]["text"] = "first line\nsecond line"  # (TQ1xx flags the control character)
    rows[2]["start_second"] = "not a number"
    path = tmp_path / "talks.csv"
    pl.DataFrame(rows).write_csv(path)
    assert path.read_text(encoding="utf-8").count("\n") == 5  # header, 1, 2 (two lines), 3
    result = runner.invoke(main, ["validate", str(path), "--format", "json"])
    lines = {(v["start_second"], v["line"]) for v in json.loads(result.stdout)["violations"] if v["check"] != "TQ112"}
    assert ("not a number", 5) in lines, lines
    assert all(line != 4 for _, line in lines), lines


# --- a rules directory with no rules file: unusable, not a glossary of nothing that passes the gate -


def test_a_rules_directory_without_rules_files_is_unusable(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_rows(3)), encoding="utf-8")
    empty = tmp_path / "rulez"  # (the glossary is in rules/, say: a typo, or a checkout without it)
    empty.mkdir()
    (empty / "README.md").write_text("the glossary\n", encoding="utf-8")
    for args in (["rules", "test", str(empty)], ["scan", str(data), "--rules", str(empty)],
                 ["check", str(data), "--rules", str(empty)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert f"qa: error: {empty}: " in result.stderr and ".yml" in result.stderr, (args, result.stderr)


# --- [tool.qa] of the wrong type: one line naming pyproject.toml, not a traceback -----------------


def test_tool_qa_values_of_the_wrong_type_are_a_clear_error(runner, tmp_path: Path, monkeypatch) -> None:
    from qa import config

    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_rows(3)), encoding="utf-8")
    cases = [
        ('[tool.qa]\nrules = 5\n', ["scan", str(data)], "rules"),
        ('[tool.qa]\ncorrections = ["c"]\n', ["check", str(data)], "corrections"),
        ('[tool.qa]\nseverity = 3\n', ["validate", str(data)], "severity"),
        ('[tool.qa]\nreviewer = 3\n', ["status", str(data)], "reviewer"),
        (b'\xff[tool.qa]\n', ["validate", str(data)], "UTF-8"),
    ]
    for text, args, words in cases:
        config._load.cache_clear()
        (tmp_path / "pyproject.toml").write_bytes(text if isinstance(text, bytes) else text.encode())
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (text, result.output, result.exception)
        # (the file and, since session 27, the line: a value of the wrong type is set on line 2)
        where = f"{tmp_path / 'pyproject.toml'}: " if words == "UTF-8" else f"{tmp_path / 'pyproject.toml'}:2: "
        assert result.stderr.startswith(f"qa: error: {where}") and words in result.stderr, result.stderr
    config._load.cache_clear()


# --- qa decide --accept ID= : an empty replacement deletes the words; the review app refuses it ----


def test_decide_refuses_an_empty_replacement_as_the_review_app_does(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(_rows(3)), encoding="utf-8")
    found = [json.loads(x) for x in runner.invoke(main, ["scan", str(data)]).stdout.splitlines()]
    ident = found[0]["id"]
    for spec in (f"{ident}=", f"{ident}=  "):  # (a shell variable that was empty)
        result = runner.invoke(main, ["decide", str(data), "--accept", spec])
        assert result.exit_code == 2, result.output
        assert "empty" in result.stderr and "--reject" in result.stderr
        assert not (tmp_path / "corrections").exists()
    assert runner.invoke(main, ["decide", str(data), "--accept", f"{ident}=NLI"]).exit_code == 0


# --- a byte order mark (Notepad's UTF-8) is skipped in patch and gold files as in data files -------


def test_patch_and_gold_files_with_a_byte_order_mark_are_read(runner, tmp_path: Path, monkeypatch) -> None:
    from qa.patches import CorrectionStore, make_decision

    monkeypatch.chdir(tmp_path)
    row = _rows(1)[0]
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl([row]), encoding="utf-8")
    start = row["text"].index("analyzed systems")
    store = CorrectionStore(tmp_path / "corrections")
    store.record(make_decision(action="accept", video_id=row["video_id"], start_second=row["start_second"],
                               field_name="text", start=start, end=start + len("analyzed systems"),
                               field_text=row["text"], replacement="NLI", finding_id="x", reviewer="t"))
    (patch,) = store.files()
    patch.write_bytes(b"\xef\xbb\xbf" + patch.read_bytes())  # saved again by an editor that adds one
    result = runner.invoke(main, ["apply", str(data), "--output", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert "these NLI that" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"\xef\xbb\xbf" + json.dumps({"video_id": row["video_id"], "start_second": row["start_second"],
                                                   "wrong": "analyzed systems", "right": "NLI",
                                                   "confidence": "high"}).encode() + b"\n")
    result = runner.invoke(main, ["eval", str(data), "--gold", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output


# --- apply dropped columns the schema does not know: now kept; a warning only where they cannot be ---


def test_apply_says_which_extra_columns_are_not_in_the_output(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [{**r, "speaker": "alec"} for r in _rows(3)]
    data = tmp_path / "talks.jsonl"
    data.write_text(_jsonl(rows), encoding="utf-8")
    for args in (["apply", str(data), "--output", "out.jsonl"],
                 ["export", str(data), "--format", "jsonl", "--output", "out2.jsonl"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr, (args, result.stderr)
        assert all(json.loads(x)["speaker"] == "alec" for x in Path(args[-1]).read_text(encoding="utf-8").splitlines())
    # a table keeps only the nine columns of a JSON input (its values may be objects)
    result = runner.invoke(main, ["apply", str(data), "--output", "out.csv"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "'speaker'" in result.stderr, result.stderr
    plain = tmp_path / "plain.jsonl"
    plain.write_text(_jsonl(_rows(3)), encoding="utf-8")
    assert "warning" not in runner.invoke(main, ["apply", str(plain), "--output", "out3.csv"]).stderr


# --- rules suggest: a widened edit teaches the misheard words, not the words around them -----------


def test_a_widened_edit_proposes_only_the_words_that_changed(tmp_path: Path) -> None:
    from qa.learn import propose
    from qa.patches import make_decision

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "models.yml").write_text(
        "category: model\nentries:\n  - term: BERT\n    variants: [bird]\n"
        "    flag:\n      - {text: \"we fine tuned bird on squad\", to: BERT}\n", encoding="utf-8")
    text = "a wikipedia sentence and you take burden which we've already talked about"

    def edit(words: str, replacement: str, fid: str):
        start = text.index(words)
        return make_decision(action="edit", video_id="v", start_second="10", field_name="text", start=start,
                             end=start + len(words), field_text=text, replacement=replacement,
                             finding_id=fid, term="BERT", reviewer="t")

    # the review app's `e`: the reviewer typed more words around 'burden' and kept them
    got = propose(rules, [edit("you take burden", "you take BERT", "f1")])
    assert [(p.kind, p.term, p.text) for p in got] == [("variant", "BERT", "burden")]
    got = propose(rules, [edit("burden which", "BERT which", "f2")])
    assert [(p.kind, p.term, p.text) for p in got] == [("variant", "BERT", "burden")]


# --- a CSV of a header only, a JSON "[]", a Parquet file of no rows: unusable, as an empty JSONL is -


def test_a_file_of_no_records_is_unusable_in_every_format(runner, tmp_path: Path) -> None:
    import polars as pl

    from qa.records import COLUMNS

    header = tmp_path / "header-only.csv"
    header.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    array = tmp_path / "none.json"
    array.write_text("[]\n", encoding="utf-8")
    parquet = tmp_path / "none.parquet"
    pl.DataFrame(schema={c: pl.String for c in COLUMNS}).write_parquet(parquet)
    for path in (header, array, parquet):
        for command in ("validate", "scan"):
            result = runner.invoke(main, [command, str(path)])
            assert result.exit_code == 2, (command, path.name, result.output)
            assert result.stderr.startswith(f"qa: error: {path}") and "no record" in result.stderr, result.stderr
