"""`qa validate` end to end: the acceptance cases, the corpus of bad inputs, one case per check."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import polars as pl
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa import checks as C
from qa import schema
from qa.cli import main
from qa.config import SAMPLE
from qa.errors import InputError, UsageError
from qa.records import COLUMNS, load
from qa.validate import validate

BAD = Path(__file__).parent / "data" / "bad"
CASES = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))
CHECK_CASES = yaml.safe_load((BAD / "check_cases.yml").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# --- acceptance ----------------------------------------------------------------------------------


def test_sample_has_83_elided_thumbnails_and_nothing_else():
    code, out, _ = run("validate", str(SAMPLE), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["summary"] == {"records": 83, "errors": 83, "warnings": 0}
    assert {v["check"] for v in doc["violations"]} == {"TQ112"}
    assert sorted(v["line"] for v in doc["violations"]) == list(range(1, 84))


def test_sample_with_intact_thumbnails_passes(tmp_path):
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r["thumbnail"] = f"https://i.ytimg.com/vi/{r['video_id']}/maxresdefault.jpg"
    code, out, _ = run("validate", str(write_jsonl(tmp_path / "fixed.jsonl", rows)))
    assert code == 0, out
    assert "83 records in 1 file: 0 errors, 0 warnings" in out


# --- the corpus of bad inputs --------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['file']}{' ' + ' '.join(c.get('args', [])) if c.get('args') else ''}")
def test_bad_input(case, monkeypatch):
    monkeypatch.chdir(BAD)  # messages name files as given; and no [tool.qa] here
    code, out, err = run("validate", case["file"], "--format", "json", *case.get("args", []))
    assert code == case["exit"], (out, err)
    assert "Traceback" not in out + err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("qa: error: ")
        assert case["stderr"] in lines[0]
        return
    got = json.loads(out)["violations"]
    assert len(got) == len(case["violations"]), got
    for want, v in zip(case["violations"], got):
        assert v["check"] == want["check"]
        assert v["file"] == case["file"] and v["line"] == want["line"]
        if "field" in want:
            assert v["field"] == want["field"]
        if "message" in want:
            assert want["message"] in v["message"]


def test_malformed_line_does_not_hide_the_others(monkeypatch):
    monkeypatch.chdir(BAD)
    report = validate(["malformed-line.jsonl"], settings={})
    assert report.records == 3
    assert [v.line for v in report.violations] == [2]


def test_directory_and_several_files(tmp_path):
    base = CHECK_CASES["base"]
    write_jsonl(tmp_path / "a.jsonl", [base])
    other = dict(base, start_second="7169", end_second="7197", start_timestamp="01:59:29",
                 end_timestamp="01:59:57", url=base["url"].replace("7141", "7169"))
    (tmp_path / "sub").mkdir()
    pl.DataFrame([other]).write_csv(tmp_path / "sub" / "b.csv")
    report = validate([tmp_path], settings={})
    assert report.records == 2 and report.violations == []
    # the same file named twice is read once (its records are not duplicates of themselves)
    report = validate([tmp_path / "a.jsonl", tmp_path / "a.jsonl"], settings={})
    assert report.records == 1 and report.violations == []
    # a copy of it is another file: its records are duplicates
    write_jsonl(tmp_path / "copy.jsonl", [base])
    report = validate([tmp_path / "a.jsonl", tmp_path / "copy.jsonl"], settings={})
    assert [v.check for v in report.violations] == ["TQ301"]


# --- one case per check, through both engines ----------------------------------------------------


def _case_record(case: dict) -> dict:
    rec = dict(CHECK_CASES["base"])
    rec.update(case.get("set", {}))
    for key in case.get("drop", []):
        del rec[key]
    return rec


@pytest.mark.parametrize("case", CHECK_CASES["cases"], ids=lambda c: c["name"])
def test_check_case(case, tmp_path):
    path = write_jsonl(tmp_path / "case.jsonl", [_case_record(case)])
    report = validate([path], settings={})
    assert sorted(f"{v.check}:{v.field}" for v in report.violations) == sorted(case["expect"])
    frame = load([path]).frame
    assert schema.failures(frame).equals(schema.pandera_failures(frame))


def test_every_record_check_has_a_case():
    covered = {e.split(":")[0] for case in CHECK_CASES["cases"] for e in case["expect"]}
    record_checks = {r.check.id for r in schema.RULES if not r.window}
    assert record_checks <= covered


def test_pandera_agrees_on_the_corpus(monkeypatch):
    monkeypatch.chdir(BAD)
    for name in ["duplicate-keys.jsonl", "gap-overlap.jsonl", "nulls-and-controls.jsonl", "unicode-digits.jsonl"]:
        frame = load([name]).frame
        fast = schema.failures(frame)
        assert fast.height > 0
        assert fast.equals(schema.pandera_failures(frame)), name


def test_one_title_per_video(tmp_path):
    base = CHECK_CASES["base"]
    rows = []
    for i, start in enumerate(range(0, 90, 30)):
        rows.append(dict(base, start_second=str(start), end_second=str(start + 30),
                         start_timestamp=f"00:{start // 60:02d}:{start % 60:02d}",
                         end_timestamp=f"00:{(start + 30) // 60:02d}:{(start + 30) % 60:02d}",
                         url=f"https://www.youtube.com/watch?v={base['video_id']}&t={start}s",
                         title=base["title"] if i != 2 else "Another title"))
    report = validate([write_jsonl(tmp_path / "t.jsonl", rows[::-1])], settings={})
    assert [(v.check, v.line) for v in report.violations] == [("TQ304", 1)]
    assert "'Another title'" in report.violations[0].message


# --- configuration -------------------------------------------------------------------------------


def test_tool_qa_configuration_and_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = write_jsonl(tmp_path / "d.jsonl", [_case_record({"set": {"title": "", "thumbnail": "x…"}})])
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qa]\ndisable = ["thumbnail-elided"]\n[tool.qa.severity]\nTQ103 = "error"\n', encoding="utf-8")
    code, out, _ = run("validate", str(data), "--format", "json")
    assert code == 1
    assert [(v["check"], v["severity"]) for v in json.loads(out)["violations"]] == [("TQ103", "error")]
    code, out, _ = run("validate", str(data), "--format", "json", "--disable", "TQ103")
    assert code == 0 and json.loads(out)["violations"] == []
    code, out, _ = run("checks")
    assert "TQ103  title-empty" in out and " error " in out.split("TQ103")[1].splitlines()[0]
    assert "off" in out.split("TQ112")[1].splitlines()[0]


def test_unknown_check_in_configuration_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown check 'TQ999'"):
        validate([SAMPLE], settings={"disable": ["TQ999"]})
    with pytest.raises(UsageError, match="gap_tolerance"):
        validate([SAMPLE], settings={"gap_tolerance": "soon"})


def test_fail_on_warning(tmp_path):
    data = write_jsonl(tmp_path / "w.jsonl", [_case_record({"set": {"text": " leading"}})])
    assert run("validate", str(data))[0] == 0
    assert run("validate", str(data), "--fail-on", "warning")[0] == 1


def test_output_is_written_atomically_and_summarised_on_stderr(tmp_path):
    target = tmp_path / "out" / "report.json"
    code, out, err = run("validate", str(SAMPLE), "--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["records"] == 83
    assert "83 records" in err and str(target) in err
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temp files left


def test_checks_lists_the_registry():
    code, out, _ = run("checks", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert [c["id"] for c in listed] == [c.id for c in C.all_checks()]
    assert all(c["description"] and c["severity"] in ("error", "warning") for c in listed)


def test_register_rejects_a_reused_id():
    with pytest.raises(ValueError):
        C.register(C.Check("TQ101", "something-else", "error", "x"))
    extra = C.register(C.Check("TQ998", "test-gate-check", "warning", "registered by a test"))
    assert C.get("test-gate-check") is extra and C.get("tq998") is extra


# --- robustness ----------------------------------------------------------------------------------

values = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10, 10**12), st.booleans(), st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=2), st.sampled_from(["00:00:01", "١٢:34:5٦", "7141", "", " ", "…"]),
)
records = st.dictionaries(st.sampled_from([*COLUMNS, "extra"]), values, max_size=11)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(records, min_size=1, max_size=6), coerce=st.booleans())
def test_random_records_never_crash(rows, coerce, tmp_path):
    path = write_jsonl(tmp_path / "random.jsonl", rows)
    try:
        report = validate([path], coerce=coerce, settings={})
    except InputError as exc:
        assert exc.file == str(path)
        return
    assert report.records <= len(rows)
    assert report.exit_code() in (0, 1)
    for v in report.violations:
        assert v.check in report.checks and v.file == str(path)
        assert v.line >= 1 if v.check not in ("TQ003", "TQ004") else v.line is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(COLUMNS), value=st.one_of(st.none(), st.text(max_size=12)))
def test_an_unusable_value_is_never_silently_accepted(field, value, tmp_path):
    """Null safety: whatever a field holds, either the record is fine or the field is reported."""
    rec = dict(CHECK_CASES["base"], **{field: value})
    report = validate([write_jsonl(tmp_path / "one.jsonl", [rec])], settings={})
    fields = {v.field for v in report.violations}
    if value is None or (field.endswith("_second") and not value.isascii()):
        assert field in fields
    if value is not None and field == "start_timestamp" and any(c.isdigit() and not c.isascii() for c in value):
        assert field in fields


def test_no_traceback_for_a_directory_without_data(tmp_path):
    code, _, err = run("validate", str(tmp_path))
    assert code == 2 and "holds no .jsonl" in err


def test_github_step_summary_is_appended(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run("validate", str(SAMPLE), "--format", "github")
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and "| TQ112 thumbnail-elided | error | 83 |" in text
    assert os.environ["GITHUB_STEP_SUMMARY"] == str(summary)


@pytest.mark.parametrize("name", ["gap-overlap.jsonl", "duplicate-keys.jsonl"])
def test_dataset_rules_do_not_depend_on_record_order(name, tmp_path):
    """In-order files skip the sort (schema._in_order); the findings must be the same either way."""
    lines = (BAD / name).read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled = tmp_path / name
    shuffled.write_text("".join(lines[1:] + lines[:1]), encoding="utf-8")
    in_order, out_of_order = load([BAD / name]).frame, load([shuffled]).frame
    assert schema._in_order(schema.prepare(in_order).collect().sort("_row")) is True
    assert schema._in_order(schema.base(out_of_order).collect()) is False

    def found(path):
        return sorted((v.check, v.video_id, v.start_second, v.message.split("(line")[0].split("; first at")[0]) for v in validate([path], settings={}).violations)

    assert found(BAD / name) == found(shuffled) != []


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run("validate", str(SAMPLE), "--output", str(blocker / "report.txt"))
    assert code == 2 and err.startswith("qa: error: ") and "cannot write the report" in err
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(blocker / "summary.md"))
    code, out, err = run("validate", str(SAMPLE), "--format", "github")
    assert code == 1 and "cannot append to $GITHUB_STEP_SUMMARY" in err and out.startswith("::error ")


# Near misses of the good record, field by field: what the cheap "certainly fine" test of
# qa.schema must never wave through.
B = CHECK_CASES["base"]
NEAR = {
    "video_id": [B["video_id"], "BnpB3GrpsfX", "BnpB3Grps", "BnpB3Grps M", "BnpB3GrpsfM ", "١npB3GrpsfM", ""],
    "title": [B["title"], "", " ", "x" * 101, "é" * 60, "é" * 101, "2019"],
    "text": [B["text"], " x", "x ", "\u00a0x", "x\u3000", "tab\there", "a\x7fb", "a\u0085b", "é", "", "  ", "x"],
    "start_timestamp": [B["start_timestamp"], "01:59:02", "1:59:01", "01:59:01 ", "01:60:01", "0١:59:01", ":0:00:00",
                        "100:00:00", "99:59:59", "01-59-01", "00:00:00"],
    "end_timestamp": [B["end_timestamp"], "01:59:28", "01:59:2", "01:59:29x", "00:00:00", "99:59:59"],
    "start_second": [B["start_second"], "07141", "7142", "-1", "7169", "7170", "360000", "0", "1e3", "١٢"],
    "end_second": [B["end_second"], "7141", "7140", "07169", "359999", "360000", "1000000000", ""],
    "url": [B["url"], B["url"].replace("7141", "7142"), B["url"].replace("BnpB3GrpsfM", "BnpB3GrpsfX"),
            B["url"] + " ", B["url"].replace("https", "http"), B["url"].replace("&t=7141s", "&t=07141s"), ""],
    "thumbnail": [B["thumbnail"], B["thumbnail"].replace("maxres", "hq"), B["thumbnail"].replace("BnpB3GrpsfM", "BnpB3GrpsfX"),
                  "https://i.ytimg.com/vi/B…axresdefault.jpg", "https://i.ytimg.com/vi/BnpB3GrpsfM/.jpg",
                  "https://i.ytimg.com/vi/BnpB3GrpsfM/max...jpg", "https://i.ytimg.com/vi/BnpB3GrpsfM/maxres.png", "", " "],
}


@st.composite
def near_records(draw):
    """The good record with one to three fields changed (so the rest can still be vouched for)."""
    rec = {k: B[k] for k in NEAR}
    for key in draw(st.lists(st.sampled_from(list(NEAR)), min_size=1, max_size=3)):
        rec[key] = draw(st.one_of(st.sampled_from(NEAR[key]), st.none(), st.text(max_size=12)))
    return rec


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(near_records(), min_size=1, max_size=5))
def test_the_cheap_fine_test_never_hides_a_failure(rows):
    frame = pl.DataFrame(rows, schema={c: pl.String for c in COLUMNS}).with_columns(
        pl.lit("f").alias("_file"), pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("_line"))
    full = schema.base(frame).select("_row", *[r.valid(0).alias(r.key) for r in schema.RULES if not r.window]).collect()
    failing = full.unpivot(index="_row", variable_name="rule", value_name="ok").filter(~pl.col("ok")).select("_row", "rule")
    fast = schema.failures(frame, [r for r in schema.RULES if not r.window])
    assert fast.equals(failing.sort("_row", "rule"))


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.text(max_size=11), st.from_regex(r"[ +-]?[0-9]{1,11}[ \n]?", fullmatch=True),
                                 st.text(alphabet="0123456789١٥１ +-_.xe\t\n\x00", max_size=11)), max_size=20))
def test_seconds_are_parsed_exactly_where_seconds_re_matches(values):
    """schema._seconds skips the regex (first byte and length, then polars' integer parse): same answers."""
    frame = pl.DataFrame({"s": values}, schema={"s": pl.String})
    got = frame.select(schema._seconds("s")).to_series().to_list()
    want = [int(v) if v is not None and re.fullmatch(schema.SECONDS_RE.strip("^$"), v) and v.isascii() else None
            for v in values]
    assert got == want
