"""The CI gate's open defects of session 23: numbers compared as words in `qa eval`, `qa validate`'s
memory flat in the number of violations, the repeated-key count without numpy, and the span always
on screen in `qa review` at 80x24."""

from __future__ import annotations

import pytest

from qa.evaluate import GoldError, evaluate, number_readings, suggestion_matches
from qa.findings import Finding


# --- qa eval: numbers and their words ------------------------------------------------------------


@pytest.mark.parametrize("suggestion, right", [
    ("5", "five"), ("top-5", "top five"), ("GPT-3", "GPT three"), ("ResNet-50", "ResNet fifty"),
    ("2080 Ti", "twenty eighty Ti"), ("2080 Ti", "two thousand eighty ti"), ("V100", "V one hundred"),
    ("GPT-3.5", "GPT three point five"), ("1905", "nineteen oh five"), ("007", "zero zero seven"),
    ("five", "5"), ("GPT 2", "GPT-2"),
])
def test_numbers_match_their_words(suggestion, right):
    assert suggestion_matches(suggestion, right)


@pytest.mark.parametrize("suggestion, right", [
    ("GPT-2", "GPT-3"), ("5", "four"), ("top-5", "top one"), ("2080 Ti", "3090 Ti"), ("T5", "T four"),
])
def test_other_numbers_still_differ(suggestion, right):
    assert not suggestion_matches(suggestion, right)


def test_readings_are_bounded():
    # every number multiplies the readings: a text of many numbers must not explode
    assert len(number_readings(" ".join(["2080"] * 12))) <= 16


def test_a_digit_suggestion_for_a_spelt_gold_is_no_false_alarm():
    text = "we keep the top fiv results"
    f = Finding("v", "0", "text", 12, 19, "top fiv", "top-5", "top-5", "metric", "asr-error", "variant", 0.9, text)
    ev = evaluate([f], [GoldError("v", "0", "top fiv", "top five")], {("v", "0"): text})
    assert (ev.tp, ev.fp, ev.fn) == (1, 0, 0)


# --- TQ005 repeated-key: counted without numpy ---------------------------------------------------


def _record(i: int) -> dict:
    return {"video_id": "abcdefghijk", "title": "A talk", "text": f"words of chunk {i} " + "so you know " * 60,
            "start_timestamp": f"00:{i // 2 // 60 % 60:02d}:{i // 2 % 60:02d}", "end_timestamp": "",
            "start_second": str(i * 30), "end_second": str(i * 30 + 30),
            "url": f"https://www.youtube.com/watch?v=abcdefghijk&t={i * 30}s",
            "thumbnail": "https://i.ytimg.com/vi/abcdefghijk/maxresdefault.jpg"}


def test_repeated_key_in_a_big_file_is_found_without_numpy(tmp_path):
    """Files of 8 MiB or more counted '":' with numpy (0.15 s to import, 0.3 s more per 170 MB than
    bytes.count): the count is bytes.count's now, and a key written twice is still found."""
    import json
    import subprocess
    import sys

    path = tmp_path / "big.jsonl"
    with path.open("w") as fh:
        for i in range(12_000):
            line = json.dumps(_record(i))
            if i == 7000:
                line = line[:-1] + ', "title": "again"}'
            fh.write(line + "\n")
    assert path.stat().st_size >= 8 << 20
    code = ("import sys\nfrom qa.validate import validate\nr = validate([sys.argv[1]])\n"
            "print(sorted({(v.check, v.line) for v in r.violations if v.check == 'TQ005'}))\n"
            "print(any(m.split('.')[0] == 'numpy' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[('TQ005', 7001)]", "False"]


# --- qa validate: memory flat in the number of violations ----------------------------------------


def _dirty(path, n: int) -> None:
    import json

    with path.open("w") as fh:
        for i in range(n):
            r = _record(i)
            r["text"] = f"chunk {i}"
            r["thumbnail"] = "https://i.ytimg.com/vi/a…axresdefault.jpg"  # TQ112 on every record
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _python_peak(path) -> tuple[int, object]:
    import tracemalloc

    from qa import report as R
    from qa.validate import validate

    tracemalloc.start()
    try:
        result = validate([path], settings={})
        for _ in R.render_chunks(result, "json"):
            pass
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_validate_memory_does_not_grow_with_violations(tmp_path):
    """Python's peak while validating and writing the JSON report: one violation per record held
    as an object cost ~700 B each (200k records: +177 MB RSS); now they pass through a spool."""
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    _dirty(small, 3000)
    _dirty(big, 12000)
    peak_small, _ = _python_peak(small)
    peak_big, report = _python_peak(big)
    assert report.violations.by_check["TQ112"] == 12000
    assert len(report.violations) == report.errors + report.warnings == len(list(report.violations))
    assert peak_big - peak_small < 2_000_000, (peak_small, peak_big)  # (held: +15.4 MB for 9,000 more records, 27,000 violations)


def test_spooled_violations_read_back_in_report_order():
    from qa.validate import Violation
    from qa.violations import BATCH, Violations

    def v(line: int, check: str) -> Violation:
        return Violation(check, check.lower(), "warning" if check == "TQ2" else "error", f"m{line}",
                         "vid", str(line), "text", None, "a.jsonl", line)

    out = Violations(key=lambda x: (x.line, x.check))
    out.add_sorted(v(i, "TQ1") for i in range(0, 3 * BATCH + 5, 2))
    out.add_sorted(v(i, "TQ2") for i in range(1, 3 * BATCH + 5, 3))
    out.add_sorted([v(9, "TQ3"), v(2, "TQ3"), v(5, "TQ3")])  # out of order: sorted
    out += [v(1, "TQ9")]  # after the rest, as given
    whole = list(out)
    assert [x.line for x in whole[:-1]] == sorted(x.line for x in whole[:-1])
    assert whole[-1].check == "TQ9" and len(whole) == len(out) == sum(out.by_check.values())
    assert out.by_check["TQ3"] == 3 and out.by_severity["warning"] == out.by_check["TQ2"]
    assert [x.line for x in out.first("TQ3", 2)] == [2, 5]
    assert out.first("TQ1", 3) == [x for x in whole if x.check == "TQ1"][:3]
    assert out._file is not None  # (past BATCH: written out, not held)
    assert Violations([v(1, "TQ1")]) == [v(1, "TQ1")]


# --- qa review: the span stays on screen at 80x24 --------------------------------------------------

LONG_TITLE = ("L11 Language Models -- guest instructor: Alec Radford (OpenAI) --- Deep Unsupervised Learning SP20"
              " | full lecture recording with questions from the audience, slides and links to every paper"
              " discussed in the description below | recorded at the spring workshop, with the speaker notes,"
              " errata and corrections from the discussion forum added afterwards | part two of three (director"
              " cut with extra material) plus the slides of the tutorial session held the next morning")
LONG_REASON = ("sounds like 'V100' (similarity 0.86); a word of two beats said as a word for 'V100' said letter by"
               " letter; unusual word 'cheapy'; context word 'single' nearby; its topic near: 'single', 'ti';"
               " technical video (45 glossary terms)")


def _crowded_app(tmp_path):
    from test_tui_data import records

    from qa.patches import CorrectionStore
    from qa.tui.app import ReviewApp
    from qa.tui.source import FixedSource, Ledger

    recs = records()
    for r in recs:
        r["title"] = LONG_TITLE
    rec = recs[5]
    text = rec["text"]
    start = text.index(" ", len(text) * 2 // 3) + 1  # a word late in the record
    end = text.index(" ", start)
    f = Finding(rec["video_id"], rec["start_second"], "text", start, end, text[start:end], "V100", "V100",
                "hardware", "asr-error", "phonetic", 0.54, text[start - 30:end + 30], reason=LONG_REASON,
                file="lecture.jsonl", line=6)
    return ReviewApp(FixedSource([f], recs), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")),
                     subtitle="lecture.jsonl", opener=lambda url: False, clock=lambda: 0.0), f


def test_span_stays_on_screen_under_a_long_reason_and_title(tmp_path):
    """At 80x24 a reason of five lines and a title of eight left no row for the span (it sat below
    the last one): the title, then the reason, are cut short (…) until two rows are left."""
    import asyncio

    from qa.tui.widgets.finding_view import FindingView

    async def run():
        app, f = _crowded_app(tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            view = app.query_one(FindingView)
            lines = [line.plain for line in view._last.wrap(view.content_region.width)]
            row = next(i for i, line in enumerate(lines)
                       if i > 0 and (f"{f.found} →" in line or line.endswith(f" {f.found}")))
            assert row < view.parent.size.height - 1, lines  # the span's row and one more are visible
            assert any(line.endswith("…") for line in lines[:row])  # (something was cut to make room)

    asyncio.run(run())


def test_span_on_screen_snapshot(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_crowded_app(tmp_path)[0], terminal_size=(80, 24), run_before=run_before)


# --- qa check: a check switched off is not run ----------------------------------------------------


def test_gate_with_rule_examples_off_does_not_run_them(runner, tmp_path, monkeypatch):
    """`--disable TQ901` still ran every glossary example (tens of seconds on the full glossary)
    only to drop what it found."""
    import qa.glossary
    from qa.cli import main

    def boom(*a, **k):
        raise AssertionError("rule examples run with TQ901 off")

    monkeypatch.setattr(qa.glossary, "run_rule_tests", boom)
    sample = tmp_path / "talks.jsonl"
    sample.write_text((__import__("pathlib").Path(__file__).parent / "data" / "lecture-l11.jsonl").read_text())
    out = runner.invoke(main, ["check", str(sample), "--corrections", str(tmp_path), "--disable", "TQ112",
                               "--disable", "TQ901", "--format", "json"])
    assert out.exception is None or isinstance(out.exception, SystemExit), out.output
    assert '"TQ901"' not in out.stdout


def test_eval_names_the_line_of_a_gold_file_that_is_not_utf8(tmp_path) -> None:
    from click.testing import CliRunner

    from qa.cli import main

    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b'{"video_id": "a", "start_second": "1", "wrong": "x", "right": "y"}\n'
                     b'{"video_id": "a", "start_second": "2", "wrong": "\xb5", "right": "y"}\n')
    result = CliRunner().invoke(main, ["eval", "tests/data/lecture-l11.jsonl", "--gold", str(gold)])
    assert result.exit_code == 2
    assert f"{gold}:2: not UTF-8 (byte 0xb5)" in result.output
    assert "Traceback" not in result.output
