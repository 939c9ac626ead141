"""Loading keeps every record's file and line, whatever the format and however the file is dirty."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa import jsonl, records
from qa.config import SAMPLE
from qa.errors import InputError

BAD = Path(__file__).parent / "data" / "bad"
GOOD = BAD / "good.jsonl"


def good_rows() -> list[dict]:
    return [json.loads(line) for line in GOOD.read_text(encoding="utf-8").splitlines()]


def lines_of(path: Path) -> list[int]:
    return records.load([path]).frame["_line"].to_list()


def test_sample_loads_with_line_numbers():
    ds = records.load([SAMPLE])
    assert ds.frame.height == 83 and ds.problems == []
    assert ds.frame.columns == [*records.COLUMNS, "_file", "_line"]
    assert ds.frame["_line"].to_list() == list(range(1, 84))
    assert ds.frame.schema["_line"] == pl.Int64


def test_blank_and_whitespace_lines_keep_line_numbers(tmp_path):
    rows = [json.dumps(r) for r in good_rows()]
    path = tmp_path / "gaps.jsonl"
    path.write_text("\n" + rows[0] + "\n\n   \n" + rows[1] + "\r\n" + rows[2] + "\n\n", encoding="utf-8")
    assert lines_of(path) == [2, 5, 6]


def test_malformed_line_among_good_ones_with_blank_lines(tmp_path):
    rows = [json.dumps(r) for r in good_rows()]
    path = tmp_path / "m.jsonl"
    path.write_text(rows[0] + "\n\n{oops\n" + rows[1] + "\n[1, 2]\n" + rows[2] + "\n", encoding="utf-8")
    ds = records.load([path])
    assert ds.frame["_line"].to_list() == [1, 4, 6]
    assert [(p.check, p.line) for p in ds.problems] == [("TQ001", 3), ("TQ001", 5)]


def test_a_number_among_strings_is_a_wrong_type(tmp_path):
    rows = good_rows()
    rows[2]["end_second"] = 85
    rows[1]["title"] = True
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ds = records.load([path])
    assert sorted((p.check, p.line, p.field) for p in ds.problems) == [("TQ002", 2, "title"), ("TQ002", 3, "end_second")]
    assert ds.frame["end_second"].to_list() == ["28", "57", "85"]


def test_integer_seconds_everywhere(tmp_path):
    rows = good_rows()
    for r in rows:
        r["start_second"], r["end_second"] = int(r["start_second"]), int(r["end_second"])
    path = tmp_path / "ints.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert {p.check for p in records.load([path]).problems} == {"TQ002"}
    ds = records.load([path], coerce=True)
    assert ds.problems == [] and ds.frame["start_second"].to_list() == ["0", "28", "57"]


def test_unexpected_key_is_named(tmp_path):
    rows = good_rows()
    rows[1]["speaker"] = "alec"
    path = tmp_path / "u.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [(p.check, p.field) for p in records.load([path]).problems] == [("TQ004", "speaker")]


@pytest.mark.parametrize("suffix", [".json", ".csv", ".parquet", ".jsonl.gz"])
def test_other_formats_round_trip(tmp_path, suffix):
    frame = records.load([GOOD]).frame
    path = tmp_path / f"copy{suffix}"
    records.write(frame, path)
    again = records.load([path])
    assert again.problems == []
    assert again.frame.select(records.COLUMNS).equals(frame.select(records.COLUMNS))
    if suffix == ".json":  # an array written one key a line: each record is named by the line it begins on
        begins = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip() == "{"]
        assert again.frame["_line"].to_list() == begins
        return
    first = 2 if suffix == ".csv" else 1  # a CSV's header is line 1
    assert again.frame["_line"].to_list() == [first, first + 1, first + 2]


def test_gzip_that_is_not_gzip(tmp_path):
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"plain")
    with pytest.raises(InputError, match="cannot read"):
        records.load([path])
    path.write_bytes(gzip.compress(b"  \n"))
    with pytest.raises(InputError, match="empty"):
        records.load([path])


def test_iter_batches_streams_the_same_records(tmp_path):
    frame = records.load([SAMPLE]).frame
    batches = list(records.iter_batches([SAMPLE], batch_size=20))
    assert [b.height for b in batches] == [20, 20, 20, 20, 3]
    assert pl.concat(batches).equals(frame)


def test_clean_jsonl_takes_the_fast_path_and_agrees_with_the_careful_one(tmp_path):
    rows = [json.dumps(r) for r in good_rows()]
    path = tmp_path / "gaps.jsonl"
    path.write_text(rows[0] + "\n\n  \n" + rows[1] + "\n" + rows[2] + "\n", encoding="utf-8")
    for p in (SAMPLE, GOOD, path):
        fast = jsonl.load_fast(Path(p), False)
        assert fast is not None, p
        careful = records._load_jsonl_careful(Path(p), False)
        assert fast[0].drop("_no_controls", strict=False).equals(careful[0]) and fast[1] == careful[1] == []
        assert fast[0]["_escaped"].to_list() == [False] * careful[0].height


def test_careful_path_reads_good_blocks_with_polars_and_names_the_bad_line(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "CAREFUL_BLOCK", 2)
    rows = good_rows() * 3
    lines = [json.dumps(r) for r in rows]
    lines[4] = lines[4][:-1]  # truncated: not JSON
    lines.insert(7, "null")  # JSON, not an object (polars would read it as an empty record)
    path = tmp_path / "blocks.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert jsonl.load_fast(path, False) is None
    frame, problems = records._load_jsonl_careful(path, False)
    assert [(p.check, p.line) for p in problems] == [("TQ001", 5), ("TQ001", 8)]
    assert frame["_line"].to_list() == [1, 2, 3, 4, 6, 7, 9, 10]
    assert frame["text"].to_list() == [r["text"] for i, r in enumerate(rows) if i != 4]


def test_escaped_marks_records_whose_line_has_a_backslash(tmp_path):
    rows = good_rows()
    rows[1]["text"] = 'he said "hi"'
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    ds = records.load([path, GOOD.with_name("missing-columns.csv")])
    assert ds.escaped.to_list() == [False, True, False, True, True]  # unknown for the CSV: search all


GOOD_LINE = json.dumps(good_rows()[0])
line_kinds = st.one_of(
    st.just(GOOD_LINE),
    st.just(""), st.sampled_from(["  ", "\t", "{", "}", "[1]", "null", '"x"', '{"video_id": 5}', "{}"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r\x1c\x1d\x1e\x85\u2028\u2029\x0b\x0c"), max_size=20),
    st.dictionaries(st.sampled_from(["video_id", "text", "x"]), st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3).map(json.dumps),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(line_kinds, min_size=1, max_size=8))
def test_every_line_is_a_record_or_a_problem(lines, tmp_path):
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        ds = records.load([path])
    except InputError as exc:
        assert exc.file == str(path)
        return
    objects = [i for i, line in enumerate(lines, 1) if not _blank(line) and isinstance(_json_or_none(line), dict)]
    malformed = [p.line for p in ds.problems if p.check == "TQ001"]
    assert ds.frame["_line"].to_list() == objects
    assert sorted(objects + malformed) == [i for i, line in enumerate(lines, 1) if not _blank(line)]


def _blank(line: str) -> bool:
    # blank as the loader reads lines, as bytes: ASCII whitespace only. Python's str.strip also strips
    # the separator \x1f and the no-break space \xa0, which are no whitespace to JSON (nor to polars):
    # a line holding one is malformed, not blank (hypothesis found both)
    return not line.encode("utf-8").strip()


@pytest.mark.parametrize("line", ["\xa0", "\x1f", " \u3000 "])
def test_a_line_of_other_than_ascii_whitespace_is_malformed_not_blank(tmp_path, line):
    path = tmp_path / "odd.jsonl"
    path.write_text(GOOD_LINE + "\n" + line + "\n" + GOOD_LINE + "\n", encoding="utf-8")
    ds = records.load([path])
    assert ds.frame["_line"].to_list() == [1, 3]
    assert [(p.check, p.line) for p in ds.problems] == [("TQ001", 2)]


def _json_or_none(line: str):
    try:
        return json.loads(line)
    except ValueError:
        return None


def test_coerce_reads_integer_seconds_on_the_fast_path(tmp_path):
    rows = good_rows()
    for r in rows:
        r["start_second"], r["end_second"] = int(r["start_second"]), int(r["end_second"])
    rows[2]["end_second"] = 85.5  # not an integer: reported even with --coerce
    path = tmp_path / "ints.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]), encoding="utf-8")
    fast = jsonl.load_fast(path, True)
    assert fast is not None and fast[0]["end_second"].to_list() == ["28", "57"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert jsonl.load_fast(path, True) is None
    ds = records.load([path], coerce=True)
    assert ds.frame["end_second"].to_list() == ["28", "57", "85.5"]



@pytest.mark.parametrize("field", ["title", "end_second", "video_id", "text", "start_timestamp", "url", "thumbnail"])
@pytest.mark.parametrize("value, wrong", [(2019, True), ("2019", False), (True, True), ("true", False),
                                          ([1], True), ("[1]", False), ({"a": 1}, True), (-1.5, True), ("-1.5", False)])
def test_a_non_string_is_wrong_type_and_a_string_that_looks_like_one_is_not(tmp_path, monkeypatch, field, value, wrong):
    monkeypatch.setattr(jsonl, "INFER_ROWS", 1)  # the value is past the records polars infers types from
    rows = good_rows()
    rows[-1][field] = value
    path = tmp_path / "types.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    problems = [(p.check, p.line, p.field) for p in records.load([path]).problems]
    assert problems == ([("TQ002", len(rows), field)] if wrong else [])


def test_quick_and_raw_line_paths_agree_with_the_careful_one(tmp_path):
    rows = [json.dumps(r) for r in good_rows()]
    quoted = json.dumps(dict(good_rows()[1], text='he said "hi"'))
    cases = {
        "crlf.jsonl": "\r\n".join(rows) + "\r\n",  # no backslash: the quick path
        "blank.jsonl": rows[0] + "\n\n" + "\n".join(rows[1:]) + "\n",  # line count differs: raw lines
        "number-like.jsonl": "\n".join(rows[:-1] + [json.dumps(dict(good_rows()[-1], title="2019"))]) + "\n",
        "escaped.jsonl": "\n".join([rows[0], quoted, rows[2]]),  # a backslash: raw lines
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        fast, careful = jsonl.load_fast(path, False), records._load_jsonl_careful(path, False)
        assert fast is not None, name
        assert fast[0].drop("_no_controls", strict=False).equals(careful[0]) and fast[1] == careful[1] == [], name


def test_an_empty_array_in_a_jsonl_file_is_a_malformed_line(tmp_path):
    """Found by hypothesis: "[]" was read as a JSON array of no records, with nothing reported."""
    path = tmp_path / "empty-array.jsonl"
    path.write_text("[]\n", encoding="utf-8")
    with pytest.raises(InputError, match="no line holds a JSON object") as exc:
        records.load([path])
    assert exc.value.line == 1


@pytest.mark.parametrize("text, no_controls", [
    ("plain words", True),
    ("caf\u00e9 na\u00efve", True),  # non-ASCII, but no byte 0xC2: no U+0080-U+009F possible
    ("a\x7fb", False),  # DEL needs no escape in JSON
    ("a\u0085b", False),  # neither does U+0085 (NEL)
    ("a\u00a0b", False),  # shares the lead byte 0xC2 with the C1 controls: looked for per record
    ("tab\there", False),  # an escape: the raw-line path, per record
])
def test_no_controls_only_when_the_bytes_rule_every_control_character_out(tmp_path, text, no_controls):
    rows = good_rows()
    rows[1]["text"] = text
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert records.load([path]).no_controls is no_controls
    assert records.load([path, path]).no_controls is no_controls
    assert records.load([path, GOOD.with_name("missing-columns.csv")]).no_controls is False


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".jsonl.gz", ".csv"])
def test_a_byte_order_mark_at_the_start_loses_no_record(tmp_path, suffix):
    # (some Windows tools begin every UTF-8 file they write with one; JSON has none, so the first
    # record was a malformed line)
    rows = good_rows()
    plain, marked = tmp_path / f"plain{suffix}", tmp_path / f"marked{suffix}"
    records.write(pl.DataFrame(rows, schema={c: pl.String for c in rows[0]}), plain)
    data = plain.read_bytes()
    if suffix.endswith(".gz"):
        data = gzip.compress(records.BOM + gzip.decompress(data))
    else:
        data = records.BOM + data
    marked.write_bytes(data)
    cols = [*records.COLUMNS, "_line"]
    want, got = records.load([plain]), records.load([marked])
    assert got.problems == [] and got.frame.select(cols).equals(want.frame.select(cols))
    assert got.frame["video_id"][0] == rows[0]["video_id"]
    streamed = pl.concat(list(records.iter_batches([marked], batch_size=2)))
    assert streamed.select(cols).equals(want.frame.select(cols))
