"""Defects found by using qa as its users do (session 28): each test failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.config import SAMPLE


def _data(tmp_path: Path, name: str = "talks.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(SAMPLE.read_bytes())
    return path


def _accept_first(runner, data: Path, corrections: Path) -> dict:
    """Accept the first finding of *data* with `qa decide`; returns the finding."""
    scanned = runner.invoke(main, ["scan", str(data), "--no-cache"])
    assert scanned.exit_code == 0, scanned.output
    finding = json.loads(scanned.stdout.splitlines()[0])
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corrections), "--accept", finding["id"]])
    assert got.exit_code == 0, got.output
    return finding


# --- `qa apply -o -` and `qa export -o -`: a file or a directory named '-' -------------------------


def test_apply_to_dash_writes_the_corrected_records_to_stdout(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    finding = _accept_first(runner, data, corrections)
    got = runner.invoke(main, ["apply", str(data), "--corrections", str(corrections), "-o", "-"])
    assert got.exit_code == 0, (got.output, got.exception)
    assert not (tmp_path / "-").exists()
    rows = [json.loads(line) for line in got.stdout.splitlines()]  # every stdout line is a record
    assert len(rows) == len(data.read_text(encoding="utf-8").splitlines())
    fixed = next(r for r in rows if r["start_second"] == finding["start_second"])
    assert finding["suggestion"] in fixed["text"]
    assert "1 applied" in got.stderr and "wrote stdout" in got.stderr


@pytest.mark.parametrize("fmt", ["diff", "jsonl"])
def test_export_to_dash_writes_stdout(runner, tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    finding = _accept_first(runner, data, corrections)
    got = runner.invoke(main, ["export", str(data), "--corrections", str(corrections), "--format", fmt, "-o", "-"])
    assert got.exit_code == 0, (got.output, got.exception)
    assert not (tmp_path / "-").exists()
    if fmt == "diff":
        assert got.stdout.startswith("--- a/talks.txt\n+++ b/talks.txt\n")
        assert any(line.startswith("+") and finding["suggestion"] in line for line in got.stdout.splitlines())
    else:
        rows = [json.loads(line) for line in got.stdout.splitlines()]
        assert any(finding["suggestion"] in r["text"] for r in rows if r["start_second"] == finding["start_second"])
    assert not any(line.startswith("wrote ") for line in got.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitles_to_dash_are_refused(runner, tmp_path: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    data = _data(tmp_path)
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", fmt, "-o", "-"])
    assert got.exit_code == 2
    assert "one file per video" in got.stderr and "not -" in got.stderr
    assert not (tmp_path / "-").exists()


# --- `qa fix --safe` with nothing to fix said it recorded in a directory it had not made ----------


@pytest.mark.parametrize("dry_run", [False, True])
def test_fix_safe_with_nothing_safe_says_nothing_was_recorded(runner, tmp_path: Path, monkeypatch, dry_run) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "talks.jsonl"
    data.write_text(json.dumps({
        "video_id": "abcdefghijk", "title": "A talk", "text": "we trained a small model on the data",
        "start_timestamp": "00:00:00", "end_timestamp": "00:00:05", "start_second": "0", "end_second": "5",
        "url": "https://www.youtube.com/watch?v=abcdefghijk&t=0s", "thumbnail": "https://i.ytimg.com/vi/x/a.jpg",
    }) + "\n", encoding="utf-8")
    got = runner.invoke(main, ["fix", "--safe", str(data), "--corrections", "corr"] + (["--dry-run"] if dry_run else []))
    assert got.exit_code == 0, got.output
    assert not (tmp_path / "corr").exists()
    assert "recorded in" not in got.stdout
    assert "nothing " + ("would be " if dry_run else "") + "recorded" in got.stdout


# --- an empty replacement deleted the words with nothing said ---------------------------------------


def _record(data: Path, index: int = 0) -> dict:
    return json.loads(data.read_text(encoding="utf-8").splitlines()[index])


def test_decide_edit_with_an_empty_replacement_is_refused_and_names_delete(runner, tmp_path: Path) -> None:
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    rec = _record(data)
    words = " ".join(rec["text"].split()[2:4])
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corrections),
                               "--edit", f"{rec['video_id']}:{rec['start_second']}:{words}="])
    assert got.exit_code == 2
    assert "the replacement is empty" in got.stderr and f"--delete '{rec['video_id']}:{rec['start_second']}:{words}'" in got.stderr
    assert not corrections.exists()  # nothing recorded


def test_decide_delete_records_a_deletion_with_its_space_and_apply_leaves_one_space(runner, tmp_path: Path) -> None:
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    rec = _record(data)
    words = rec["text"].split()
    gone = " ".join(words[2:4])
    assert rec["text"].count(gone) == 1 and f" {gone} " in rec["text"]
    got = runner.invoke(main, ["decide", str(data), "--corrections", str(corrections),
                               "--delete", f"{rec['video_id']}:{rec['start_second']}:{gone}"])
    assert got.exit_code == 0, got.output
    assert f"deleted   {rec['video_id']} {rec['start_second']} text: {gone + ' '!r}" in got.stdout
    lines = (corrections / f"{rec['video_id']}.patch.jsonl").read_text(encoding="utf-8").splitlines()
    decision = json.loads(lines[1])
    assert (decision["action"], decision["original"], decision["replacement"]) == ("edit", gone + " ", "")
    out = tmp_path / "out.jsonl"
    applied = runner.invoke(main, ["apply", str(data), "--corrections", str(corrections), "-o", str(out)])
    assert applied.exit_code == 0, applied.output
    text = _record(out)["text"]
    assert text == rec["text"].replace(gone + " ", "", 1) and "  " not in text


@pytest.mark.parametrize(("text", "words", "left"), [
    ("so um we go", "um", "so we go"),
    ("um we go", "um", "we go"),
    ("we go um", "um", "we go"),
    ("we go um, then", "um", "we go, then"),
    ("we go um  then", "um ", "we go  then"),  # a space typed with the words: as typed
])
def test_a_deletion_takes_one_space_beside_its_words(text: str, words: str, left: str) -> None:
    from qa.cli.corrections import _with_a_space

    start = text.index(words)
    start, end = _with_a_space(text, start, start + len(words))
    assert text[:start] + text[end:] == left


def _hand_edited(tmp_path: Path, runner, change: dict) -> tuple[Path, Path]:
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    _accept_first(runner, data, corrections)
    path = next(corrections.glob("*.patch.jsonl"))
    lines = path.read_text(encoding="utf-8").splitlines()
    decision = json.loads(lines[1]) | change
    path.write_text("\n".join([lines[0], json.dumps(decision), *lines[2:]]) + "\n", encoding="utf-8")
    return data, path


@pytest.mark.parametrize("replacement", ["", "  "])
def test_an_accept_edited_by_hand_to_an_empty_replacement_is_refused_with_file_and_line(
        runner, tmp_path: Path, replacement: str) -> None:
    data, path = _hand_edited(tmp_path, runner, {"replacement": replacement})
    out = tmp_path / "out.jsonl"
    for args in (["apply", str(data), "-o", str(out)], ["export", str(data), "--format", "diff", "-o", str(out)]):
        got = runner.invoke(main, [*args, "--corrections", str(path.parent)])
        assert got.exit_code == 2, (args, got.output)
        assert got.stderr.startswith(f"qa: error: {path}:2: accept of ") and "empty replacement" in got.stderr
        assert not out.exists()


def test_the_empty_accept_of_a_split_terms_second_part_still_loads(tmp_path: Path) -> None:
    from qa.patches import read_file

    path = tmp_path / "v.patch.jsonl"
    decision = {"action": "accept", "video_id": "v", "start_second": "5", "field": "text", "start": 0, "end": 4,
                "original": "net ", "replacement": "", "before": "", "after": "works", "text_hash": "sha256:0",
                "finding_id": "abc123+next", "term": "ResNet", "reviewer": "ann", "timestamp": "2026-11-28T10:00:00Z"}
    path.write_text('{"format": "transcript-qa corrections", "version": 1, "video_id": "v"}\n' + json.dumps(decision) + "\n")
    assert [d.replacement for d in read_file(path)] == [""]


# --- an export with no cue to write named no input file; records left out were not mentioned -----

_UNTIMED = {"video_id": "abcdefghijk", "title": "t", "text": "words", "start_second": "soon", "end_second": "later",
            "start_timestamp": "", "end_timestamp": ""}


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_an_export_with_nothing_to_time_names_the_input_and_its_first_record(runner, tmp_path: Path, fmt) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(_UNTIMED) + "\n", encoding="utf-8")
    b.write_text(json.dumps(_UNTIMED | {"start_second": "3", "text": ""}) + "\n", encoding="utf-8")
    got = runner.invoke(main, ["export", str(b), str(a), "--corrections", str(tmp_path), "--format", fmt,
                               "-o", str(tmp_path / "subs")])
    assert got.exit_code == 2
    assert got.stderr.startswith(f"qa: error: {b}:1: none of the 2 record(s) of {b}, {a} has a video_id, "
                                 "a usable start time and text"), got.stderr
    assert not (tmp_path / "subs").exists()


def test_records_left_out_of_subtitles_are_counted_and_the_first_named(runner, tmp_path: Path) -> None:
    data, odd = _data(tmp_path), tmp_path / "odd.jsonl"
    odd.write_text(json.dumps(_UNTIMED | {"video_id": "zzzzzzzzzzz"}) + "\n" + json.dumps(_UNTIMED) + "\n",
                   encoding="utf-8")
    got = runner.invoke(main, ["export", str(data), str(odd), "--corrections", str(tmp_path), "--format", "srt",
                               "-o", str(tmp_path / "subs")])
    assert got.exit_code == 0, got.output
    assert f"qa: warning: 2 record(s) left out of the srt files: no video_id, usable start time or text (first: {odd}:1" \
        in got.stderr
    assert sorted(p.name for p in (tmp_path / "subs").iterdir()) == [f"{_record(data)['video_id']}.srt"]


# --- `qa export --format jsonl -o fixed.csv` wrote CSV ---------------------------------------------


@pytest.mark.parametrize("name", ["fixed.csv", "fixed.json", "fixed.parquet", "fixed.csv.gz"])
def test_a_jsonl_export_to_a_file_named_as_another_format_is_refused_before_reading(runner, tmp_path: Path,
                                                                                    name: str) -> None:
    data, out = _data(tmp_path), tmp_path / name
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", "jsonl", "-o", str(out)])
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(f"qa: error: {out}: --format jsonl writes JSON Lines"), got.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["fixed.jsonl", "fixed.ndjson", "fixed.jsonl.gz"])
def test_a_jsonl_export_to_a_json_lines_name_is_json_lines(runner, tmp_path: Path, name: str) -> None:
    import gzip

    data, out = _data(tmp_path), tmp_path / name
    got = runner.invoke(main, ["export", str(data), "--corrections", str(tmp_path), "--format", "jsonl", "-o", str(out)])
    assert got.exit_code == 0, got.output
    raw = gzip.decompress(out.read_bytes()) if name.endswith(".gz") else out.read_bytes()
    assert raw == data.read_bytes()  # no decision: every line as it was


# --- `qa apply` counted the malformed records it left out but named none ---------------------------


@pytest.mark.parametrize("command", [["apply"], ["export", "--format", "jsonl"]])
def test_records_left_out_as_malformed_are_named_by_file_and_line(runner, tmp_path: Path, command) -> None:
    data = _data(tmp_path)
    lines = data.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4][:-3]  # a record cut short
    lines[9] = "not json"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    got = runner.invoke(main, [*command, str(data), "--corrections", str(tmp_path), "-o", str(out)])
    assert got.exit_code == 0, got.output
    assert (f"qa: warning: 2 malformed record(s) could not be read and are not in the output (first: {data}:5;"
            in got.stderr), got.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(lines) - 2


# --- a hand-edited decision on 'video_id' or 'start_second' rewrote the record's key ---------------


@pytest.mark.parametrize(("field", "words", "after"), [
    ("video_id", "Bnp", "B3GrpsfM"),  # the sample's video id: BnpB3GrpsfM
    ("start_second", "71", "41"),  # its first record starts at 7141
    ("url", "https", "://www.youtube.com/watch?v=BnpB3GrpsfM&t=7141s"),
])
def test_a_decision_on_a_key_or_other_field_is_refused_not_applied(runner, tmp_path: Path, field: str, words: str,
                                                                   after: str) -> None:
    data = _data(tmp_path)
    rec = _record(data)
    assert rec[field].startswith(words + after[:4])  # (so relocation by its words would find them)
    data, path = _hand_edited(tmp_path, runner, {"start_second": rec["start_second"], "field": field, "start": 0,
                                                  "end": len(words), "original": words, "replacement": "XY",
                                                  "before": "", "after": after})
    out = tmp_path / "out.jsonl"
    got = runner.invoke(main, ["apply", str(data), "--corrections", str(path.parent), "-o", str(out)])
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(f"qa: error: {path}:2: field must be one of text, title, not {field!r}"), got.stderr
    assert not out.exists()


# --- a conflict said `qa decide --forget ID` drops it, and no line said which ID --------------------


def test_a_conflict_names_the_id_that_forgets_it_and_forgetting_it_lets_apply_run(runner, tmp_path: Path) -> None:
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    finding = _accept_first(runner, data, corrections)
    lines = data.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if json.loads(line)["start_second"] == finding["start_second"])
    rec = json.loads(lines[index])
    rec["text"] = rec["text"].replace(finding["found"], "something else entirely")  # edited upstream since
    lines[index] = json.dumps(rec)
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    hint = f"(drop it: qa decide --forget {finding['id']})"
    status = runner.invoke(main, ["status", str(data), "--corrections", str(corrections)])
    applied = runner.invoke(main, ["apply", str(data), "--corrections", str(corrections), "-o", str(out)])
    assert applied.exit_code == 1 and not out.exists()
    assert hint in status.stdout and hint in applied.stderr, (status.stdout, applied.stderr)
    forgot = runner.invoke(main, ["decide", str(data), "--corrections", str(corrections), "--forget", finding["id"]])
    assert forgot.exit_code == 0, forgot.output
    again = runner.invoke(main, ["apply", str(data), "--corrections", str(corrections), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert out.read_bytes() == data.read_bytes()


# --- an unusable input left the last run's passing report in place for CI to read -----------------

QUIET = ["--disable", "TQ112", "--disable", "TQ901"]


def _gate_args(command: str, data: Path, tmp_path: Path) -> list[str]:
    return [command, str(data)] + (QUIET + ["--corrections", str(tmp_path)] if command == "check" else QUIET[:2])


@pytest.mark.parametrize("command", ["validate", "check"])
@pytest.mark.parametrize("fmt", ["junit", "sarif", "json", "github", "text"])
def test_an_unusable_input_replaces_the_last_report_with_one_that_says_so(runner, tmp_path: Path, command: str,
                                                                         fmt: str) -> None:
    import xml.etree.ElementTree as ET

    data, report = _data(tmp_path), tmp_path / f"report.{fmt}"
    passed = runner.invoke(main, [*_gate_args(command, data, tmp_path), "--format", fmt, "-o", str(report)])
    assert passed.exit_code == 0, passed.output
    data.write_text("this is not json\n", encoding="utf-8")  # the next push breaks the data
    got = runner.invoke(main, [*_gate_args(command, data, tmp_path), "--format", fmt, "-o", str(report)])
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith(f"qa: error: {data}:1: not JSON Lines"), got.stderr
    body = report.read_text(encoding="utf-8")
    if fmt == "junit":
        root = ET.fromstring(body)
        assert (root.get("errors"), root.get("failures")) == ("1", "0")
        error = root.find("testsuite/testcase/error")
        assert error is not None and error.get("message").startswith(f"{data}:1: not JSON Lines")
    elif fmt == "sarif":
        run = json.loads(body)["runs"][0]
        assert run["results"] == [] and run["invocations"][0]["executionSuccessful"] is False
        note = run["invocations"][0]["toolExecutionNotifications"][0]
        assert note["level"] == "error" and note["message"]["text"].startswith("not JSON Lines")
        assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    elif fmt == "json":
        doc = json.loads(body)
        assert doc["summary"]["errors"] == 1 and doc["violations"] == []
        assert (doc["error"]["file"], doc["error"]["line"], doc["error"]["exit_code"]) == (str(data), 1, 2)
    elif fmt == "github":
        assert body.startswith(f"::error file={data},line=1,title=qa {command}%3A unusable input::not JSON Lines")
    else:
        assert body.startswith(f"qa {command}: unusable input, no check ran: {data}:1: not JSON Lines")


@pytest.mark.parametrize("fmt", ["junit", "sarif", "json", "github"])
def test_an_unusable_input_is_said_on_stdout_in_a_ci_format(runner, tmp_path: Path, fmt: str) -> None:
    data = tmp_path / "talks.jsonl"
    data.write_text("", encoding="utf-8")
    got = runner.invoke(main, ["validate", str(data), "--format", fmt])
    assert got.exit_code == 2
    assert "unusable input" in got.stdout or '"error"' in got.stdout or "executionSuccessful" in got.stdout
    assert "file is empty" in got.stdout and "file is empty" in got.stderr


def test_a_report_path_that_is_an_input_is_still_never_written(runner, tmp_path: Path) -> None:
    data = _data(tmp_path)
    before = data.read_bytes()
    got = runner.invoke(main, ["validate", str(data), "--format", "junit", "-o", str(data)])
    assert got.exit_code == 2 and data.read_bytes() == before


# --- `qa apply data/ -o data/talks.jsonl` put every file's records into talks.jsonl ---------------


def _shards(tmp_path: Path) -> Path:
    """The sample as a dataset kept in two files of one directory."""
    folder = tmp_path / "data"
    folder.mkdir()
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "a.jsonl").write_text("".join(lines[:40]), encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(lines[40:]), encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [["apply"], ["export", "--format", "jsonl"]])
def test_one_of_several_inputs_as_the_output_is_refused_and_left_as_it_was(runner, tmp_path: Path, command) -> None:
    folder = _shards(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for inputs in ([folder], [folder / "a.jsonl", folder / "b.jsonl"]):
        got = runner.invoke(main, [*command, *map(str, inputs), "--corrections", str(tmp_path), "-o",
                                   str(folder / "a.jsonl")])
        assert got.exit_code == 2, got.output
        assert got.stderr.startswith(f"qa: error: {folder / 'a.jsonl'}: --output is one of the 2 input files"), got.stderr
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_one_input_written_over_itself_is_still_apply_in_place(runner, tmp_path: Path) -> None:
    folder = _shards(tmp_path)
    a = folder / "a.jsonl"
    _accept_first(runner, a, tmp_path / "corrections")
    got = runner.invoke(main, ["apply", str(a), "--corrections", str(tmp_path / "corrections"), "-o", str(a)])
    assert got.exit_code == 0, got.output
    assert "1 applied" in got.stdout and len(a.read_text(encoding="utf-8").splitlines()) == 40


# --- `cat talks.jsonl | qa validate -` said "-: no such file or directory" -------------------------


@pytest.mark.parametrize("command", [["validate"], ["scan"], ["check"], ["apply", "-o", "x.jsonl"], ["status"]])
def test_dash_as_an_input_says_stdin_is_not_read(runner, tmp_path: Path, monkeypatch, command) -> None:
    monkeypatch.chdir(tmp_path)
    got = runner.invoke(main, [command[0], "-", *command[1:]], input=SAMPLE.read_text(encoding="utf-8"))
    assert got.exit_code == 2, got.output
    assert got.stderr.startswith("qa: error: -: standard input is not read"), got.stderr


def test_a_file_named_dash_is_still_read(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_bytes(SAMPLE.read_bytes())
    got = runner.invoke(main, ["validate", "-", "--disable", "TQ112"])
    assert got.exit_code == 2 and "unknown format" in got.stderr  # (a name without an extension, as before)


# --- `qa export --format diff -o out/` wrote a file named 'out' -----------------------------------


def test_a_diff_to_a_new_directory_named_with_a_slash_goes_inside_it(runner, tmp_path: Path) -> None:
    data, corrections = _data(tmp_path), tmp_path / "corrections"
    _accept_first(runner, data, corrections)
    out = tmp_path / "out"
    got = runner.invoke(main, ["export", str(data), "--corrections", str(corrections), "--format", "diff",
                               "-o", str(out) + "/"])
    assert got.exit_code == 0, got.output
    assert out.is_dir() and (out / "corrections.diff").read_text(encoding="utf-8").startswith("--- a/talks.txt")
    assert got.stdout.strip() == f"wrote {out / 'corrections.diff'}"
