"""Metric math of `qa eval` on a tiny hand-made gold set, and the command's outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.cli import main
from qa.errors import InputError
from qa.evaluate import GoldError, Negative, evaluate, load_gold, suggestion_matches
from qa.findings import Finding

MIN = Path(__file__).parent / "data" / "rules_min"
TEXTS = {("v", "0"): "we fine tuned bird on squad and Alice T too", ("v", "30"): "open the I and word net"}


def finding(ss: str, start: int, end: int, suggestion: str, kind: str = "asr-error") -> Finding:
    text = TEXTS[("v", ss)]
    return Finding("v", ss, "text", start, end, text[start:end], suggestion, suggestion, "model", kind,
                   "variant", 0.9, text)


def test_suggestion_matching_rule() -> None:
    assert suggestion_matches("BERT", "bert")
    assert suggestion_matches("Yann LeCun", "Yann LeCun's cake analogy")  # one contains the other
    assert suggestion_matches("GPT-2", "GPT 2")
    assert not suggestion_matches("GPT-2", "GPT-3")


def test_precision_recall_f1_by_hand() -> None:
    gold = [GoldError("v", "0", "bird", "BERT"), GoldError("v", "0", "Alice T", "LSTM"),
            GoldError("v", "30", "open the I", "OpenAI", confidence="medium")]
    findings = [
        finding("0", 14, 18, "BERT"),          # tp: matches 'bird'
        finding("0", 32, 37, "LSTM"),          # tp: overlaps 'Alice T' ('Alice')
        finding("30", 0, 4, "OpenAI"),         # matches a medium gold error: correct, not counted in recall
        finding("30", 15, 23, "WordNet"),      # false alarm
        finding("0", 22, 27, "SQuAD", kind="normalization"),  # not an asr-error: ignored
    ]
    negs = [Negative("v", "30", "word net")]
    ev = evaluate(findings, gold, TEXTS, negs)
    assert (ev.tp, ev.fp, ev.fn, ev.findings) == (2, 1, 0, 4)
    assert ev.precision == pytest.approx(3 / 4) and ev.recall == 1.0
    assert ev.f1 == pytest.approx(2 * 0.75 / 1.75)
    assert [f.found for f in ev.false_alarms] == ["word net"]
    assert [(f.found, n.text) for f, n in ev.on_negatives] == [("word net", "word net")]


def test_wrong_suggestion_or_place_is_a_miss() -> None:
    gold = [GoldError("v", "0", "bird", "BERT")]
    ev = evaluate([finding("0", 14, 18, "BART"), finding("0", 0, 2, "BERT")], gold, TEXTS)
    assert (ev.tp, ev.fp, ev.fn) == (0, 2, 1) and ev.recall == 0.0 and ev.precision == 0.0
    assert [g.wrong for g in ev.misses] == ["bird"]


def test_gold_file_errors_name_the_line(tmp_path: Path) -> None:
    p = tmp_path / "gold.jsonl"
    p.write_text('{"video_id": "v", "start_second": "0", "wrong": "x", "right": "y"}\n{"video_id": "v"}\n')
    with pytest.raises(InputError) as err:
        load_gold(p)
    assert err.value.line == 2 and "start_second" in err.value.message


def test_eval_command_on_dev_data(runner, sample_path, gold_path, negatives_path) -> None:
    res = runner.invoke(main, ["eval", str(sample_path), "--gold", str(gold_path), "--negatives",
                               str(negatives_path), "--rules", str(MIN), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert data["tp"] + data["fn"] == 55 and data["tp"] >= 3
    text = runner.invoke(main, ["eval", str(sample_path), "--gold", str(gold_path), "--rules", str(MIN)])
    assert text.exit_code == 0 and text.output.startswith("precision") and "missed (" in text.output


def test_eval_of_records_without_text_is_an_error_not_all_misses(runner, tmp_path, gold_path) -> None:
    # a renamed column would score every gold error a miss, as if detection had failed
    data = tmp_path / "renamed.jsonl"
    data.write_text('{"video_id": "BnpB3GrpsfM", "start_second": "7196", "transcript": "burden"}\n')
    res = runner.invoke(main, ["eval", str(data), "--gold", str(gold_path), "--rules", str(MIN)])
    assert res.exit_code == 2
    assert res.output == f"qa: error: {data}: no record has a 'text' field: nothing to scan " \
                         "(fields: start_second, transcript, video_id)\n"
