"""The learning loop: decisions become proposed variants and exceptions, as a minimal YAML diff."""

from __future__ import annotations

from pathlib import Path

from qa.cli import main
from qa.detect import Detector
from qa.glossary import load_glossary
from qa.patches import CorrectionStore, make_decision

RULES = """\
# models we care about
category: model
entries:
  - term: BERT
    aliases: [BERTs]
    variants:
      - bird  # the classic
      - {text: Burke, safe: false}
    context:
      require: [model, pretrain, fine]
      exceptions:
        - UC Berkeley
    flag:
      - {text: "we fine tuned bird on squad", to: BERT}

  - term: LSTM
    variants: [Alice T]
    context: {require: [baseline, model]}
    flag:
      - {text: "a baseline Alice T model", to: LSTM}

  - term: ResNet
    flag:
      - {text: "a resnet model", to: ResNet}
"""


def _decision(action: str, text: str, words: str, replacement: str | None, term: str, fid: str):
    start = text.index(words)
    return make_decision(action=action, video_id="v", start_second="10", field_name="text", start=start,
                         end=start + len(words), field_text=text, replacement=replacement, finding_id=fid,
                         term=term, reviewer="t")


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "models.yml").write_text(RULES, encoding="utf-8")
    corr = tmp_path / "corrections"
    CorrectionStore(corr).record_many([
        _decision("accept", "we took a baseline Alice tea model", "Alice tea", "LSTM", "LSTM", "a1"),
        _decision("accept", "we took a baseline Alice T model", "Alice T", "LSTM", "LSTM", "a2"),  # known
        _decision("accept", "the rest net model won", "rest net", "ResNet", "ResNet", "a3"),
        _decision("reject", "the early bird model catches the worm", "bird", None, "BERT", "r1"),
        _decision("reject", "read the Alice T of wonderland", "Alice T", None, "LSTM", "r2"),
    ])
    return rules, corr


def test_suggest_prints_a_minimal_yaml_diff_and_write_applies_it(runner, tmp_path: Path, monkeypatch) -> None:
    rules, corr = _setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["rules", "suggest", "--rules", str(rules), "--corrections", str(corr)])
    assert result.exit_code == 0, result.output
    diff = result.stdout
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert diff.startswith("--- a/rules/models.yml\n+++ b/rules/models.yml\n")
    assert sorted(added) == sorted([
        "        - early bird model",
        "    variants: [Alice T, Alice tea]",
        "    context: {require: [baseline, model], exceptions: [the Alice T of]}",
        "    variants: [rest net]",
    ])
    assert sorted(removed) == sorted(["    variants: [Alice T]", "    context: {require: [baseline, model]}"])
    assert (rules / "models.yml").read_text() == RULES  # printing changes nothing

    result = runner.invoke(main, ["rules", "suggest", "--write", "--rules", str(rules), "--corrections", str(corr)])
    assert result.exit_code == 0, result.output
    text = (rules / "models.yml").read_text()
    assert "# models we care about" in text and "- bird  # the classic" in text  # comments survive
    entries = {e.term: e for e in load_glossary(rules).entries}
    assert [v.text for v in entries["LSTM"].variants] == ["Alice T", "Alice tea"]
    assert entries["BERT"].exceptions == ["UC Berkeley", "early bird model"]
    assert [v.text for v in entries["ResNet"].variants] == ["rest net"]

    # the learned exception silences the rejected phrase, the learned variant finds the new mishearing
    det = Detector(load_glossary(rules))
    assert not [f for f in det.scan_text("the early bird model catches the worm") if f.term == "BERT"]
    assert [f.suggestion for f in det.scan_text("we took a baseline Alice tea model") if f.term == "LSTM"] == ["LSTM"]

    again = runner.invoke(main, ["rules", "suggest", "--rules", str(rules), "--corrections", str(corr)])
    assert again.stdout == "" and "no glossary changes" in again.stderr


def test_cross_chunk_and_flag_breaking_proposals_are_left_out(tmp_path: Path) -> None:
    from qa.learn import propose

    rules, _ = _setup(tmp_path)
    text = "we fine tuned bird on squad"
    ds = [_decision("reject", text, "bird", None, "BERT", "x1")]  # exception would silence a flag example
    first = _decision("accept", "state of the art", "art", "RETRO model", "LSTM", "x2")
    second = _decision("accept", "models if you", "models ", "", "LSTM", "x2+next")
    assert propose(rules, [*ds, first, second]) == []


def test_write_refuses_a_proposal_that_breaks_a_rule_test(runner, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    # accepting "tree" for BERT once would make the entry flag its own allow example
    (rules / "models.yml").write_text(RULES.replace(
        '''      - {text: "we fine tuned bird on squad", to: BERT}\n''',
        '''      - {text: "we fine tuned bird on squad", to: BERT}\n    allow:\n      - "a tree model of the parse"\n'''),
        encoding="utf-8")
    before = (rules / "models.yml").read_text()
    corr = tmp_path / "corrections"
    CorrectionStore(corr).record(_decision("accept", "a tree model was pretrained", "tree", "BERT", "BERT", "t1"))
    result = runner.invoke(main, ["rules", "suggest", "--write", "--rules", str(rules), "--corrections", str(corr)])
    assert result.exit_code == 1
    assert "allow example flagged" in result.stderr and "not written" in result.stderr
    assert (rules / "models.yml").read_text() == before
