"""The acceptance round trip on the bundled sample: scan, decide, apply, apply again, reverse;
relocation after edits; conflicts; fix --safe; status."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.cli import main
from qa.config import SAMPLE
from qa.gate import scan

ROOT = Path(__file__).parent.parent
RULES = ROOT / "rules"
SENTENCE = "they took a baseline LSTM and gave it some love"


@pytest.fixture(scope="module")
def findings():
    return scan([str(SAMPLE)], str(RULES))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "src.jsonl"
    shutil.copyfile(SAMPLE, path)
    return path


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _alice(findings):
    (alice,) = [f for f in findings if f.found == "Alice T" and f.suggestion == "LSTM"]
    return alice


def _other(findings):
    return next(f for f in findings if f.start_second != "7508")


def _decide(runner, src: Path, corr: Path, *args: str):
    result = runner.invoke(main, ["decide", str(src), "--rules", str(RULES), "--corrections", str(corr),
                                  "--reviewer", "tester", *args])
    assert result.exit_code == 0, result.output
    return result


def _apply(runner, path: Path, corr: Path, out: Path, *args: str):
    return runner.invoke(main, ["apply", str(path), "--corrections", str(corr), "--output", str(out), *args])


def test_round_trip_on_the_sample(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    alice, other = _alice(findings), _other(findings)
    out = _decide(runner, src, corr, "--accept", alice.id, "--reject", other.id).output
    assert f"accepted  {alice.id}" in out and f"rejected  {other.id}" in out
    (patch,) = corr.glob("*.patch.jsonl")
    assert patch.name == "BnpB3GrpsfM.patch.jsonl"
    lines = [json.loads(x) for x in patch.read_text().splitlines()[1:]]
    assert {(x["action"], x["finding_id"], x["reviewer"]) for x in lines} == {
        ("accept", alice.id, "tester"), ("reject", other.id, "tester")}

    once = tmp_path / "once.jsonl"
    result = _apply(runner, src, corr, once)
    assert result.exit_code == 0, result.output
    before, after = _rows(src), _rows(once)
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert new["start_second"] == "7508" and SENTENCE in new["text"]
    assert {k for k in old if old[k] != new[k]} == {"text"}
    assert new["text"] == old["text"].replace("baseline Alice T and", "baseline LSTM and")

    twice = tmp_path / "twice.jsonl"
    result = _apply(runner, once, corr, twice)
    assert result.exit_code == 0 and "1 already applied" in result.output
    assert twice.read_bytes() == once.read_bytes()

    back = tmp_path / "back.jsonl"
    assert _apply(runner, once, corr, back, "--reverse").exit_code == 0
    assert back.read_bytes() == src.read_bytes()


def test_inserted_words_before_the_span_still_apply(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    _decide(runner, src, corr, "--accept", _alice(findings).id)
    text = src.read_text(encoding="utf-8")
    src.write_text(text.replace("they took a baseline Alice T", "they once took a really simple baseline Alice T"),
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _apply(runner, src, corr, out)
    assert result.exit_code == 0, result.output
    assert "1 relocated" in result.output
    (row,) = [r for r in _rows(out) if r["start_second"] == "7508"]
    assert "they once took a really simple baseline LSTM and gave it some love" in row["text"]


def test_words_gone_is_a_conflict_naming_the_record(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    _decide(runner, src, corr, "--accept", _alice(findings).id)
    src.write_text(src.read_text(encoding="utf-8").replace("baseline Alice T and", "baseline model and"),
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _apply(runner, src, corr, out)
    assert result.exit_code == 1
    assert "conflict: record BnpB3GrpsfM 7508 text" in result.stderr and "'Alice T' not found" in result.stderr
    assert not out.exists()
    result = _apply(runner, src, corr, out, "--skip-conflicts")
    assert result.exit_code == 0 and _rows(out) == _rows(src)


def test_accept_with_own_replacement_and_accept_all_of(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    alice = _alice(findings)
    _decide(runner, src, corr, "--accept", f"{alice.id}=LSTMs")
    lines = (corr / "BnpB3GrpsfM.patch.jsonl").read_text().splitlines()[1:]
    assert json.loads(lines[0])["replacement"] == "LSTMs"
    burkes = [f for f in findings if f.found == "Burke"]
    _decide(runner, src, corr, "--accept-all-of", "Burke")
    decided = [json.loads(x) for x in (corr / "BnpB3GrpsfM.patch.jsonl").read_text().splitlines()[1:]]
    assert {d["finding_id"] for d in decided if d["original"] == "Burke"} == {f.id for f in burkes}


def test_unknown_id_is_a_usage_error_and_records_nothing(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    result = runner.invoke(main, ["decide", str(src), "--rules", str(RULES), "--corrections", str(corr),
                                  "--accept", _alice(findings).id, "--reject", "ffffffffffff"])
    assert result.exit_code == 2
    assert result.stderr.startswith("qa: error: no finding with id 'ffffffffffff'")
    assert not corr.exists()


def test_newer_patch_file_is_refused_by_apply(runner, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    corr.mkdir()
    (corr / "x.patch.jsonl").write_text('{"format": "transcript-qa corrections", "version": 9, "video_id": "x"}\n')
    result = _apply(runner, src, corr, tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "x.patch.jsonl:1: patch format version 9 is newer" in result.stderr
    assert "Traceback" not in result.output


def test_fix_safe_accepts_only_safe_findings_once(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    safe = {f.id for f in findings if f.safe}
    assert safe, "the glossary marks some variants safe"
    args = ["fix", "--safe", str(src), "--rules", str(RULES), "--corrections", str(corr)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert f"{len(safe)} safe fix(es) accepted" in first.output
    decided = [json.loads(x) for p in corr.glob("*.patch.jsonl") for x in p.read_text().splitlines()[1:]]
    assert {d["finding_id"].removesuffix("+next") for d in decided} == safe
    assert {d["action"] for d in decided} == {"accept"}
    again = runner.invoke(main, args)
    assert "no undecided finding is a safe fix: nothing recorded" in again.output  # (it said "0 safe fix(es) accepted, recorded in")
    assert runner.invoke(main, ["fix", str(src)]).exit_code == 2  # without --safe


def test_status_counts_open_accepted_rejected(runner, findings, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    alice, other = _alice(findings), _other(findings)
    _decide(runner, src, corr, "--accept", alice.id, "--reject", other.id)
    result = runner.invoke(main, ["status", str(src), "--rules", str(RULES), "--corrections", str(corr),
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["totals"] == {"open": len(findings) - 2, "accepted": 1, "rejected": 1, "conflict": 0}
    assert report["terms"]["LSTM"]["accepted"] == 1
    assert report["videos"]["BnpB3GrpsfM"]["rejected"] == 1
    assert report["conflicts"] == [] and report["files_not_applying"] == []
    src.write_text(src.read_text(encoding="utf-8").replace("Alice T", "Alan"), encoding="utf-8")
    report = json.loads(runner.invoke(main, ["status", str(src), "--rules", str(RULES), "--corrections",
                                             str(corr), "--format", "json"]).output)
    assert len(report["conflicts"]) == 1 and report["files_not_applying"] == [str(corr / "BnpB3GrpsfM.patch.jsonl")]


def test_edit_records_a_typed_correction_that_applies(runner, src: Path, tmp_path: Path) -> None:
    corr = tmp_path / "corrections"
    result = runner.invoke(main, ["decide", str(src), "--corrections", str(corr),
                                  "--edit", "BnpB3GrpsfM:7508:careful oblations=careful ablations"])
    assert result.exit_code == 0, result.output
    (d,) = [json.loads(x) for x in (corr / "BnpB3GrpsfM.patch.jsonl").read_text().splitlines()[1:]]
    assert (d["action"], d["finding_id"], d["original"]) == ("edit", None, "careful oblations")
    out = tmp_path / "out.jsonl"
    assert _apply(runner, src, corr, out).exit_code == 0
    assert "more careful ablations don't" in out.read_text(encoding="utf-8")
    bad = runner.invoke(main, ["decide", str(src), "--corrections", str(corr), "--edit", "BnpB3GrpsfM:7508:the=THE"])
    assert bad.exit_code == 2 and "occurs" in bad.stderr
