"""A person's name misheard in part, with a word of it heard right that ASR writes only where it heard
it (`context.name_heard`): that word is context of the name as much as a `require` word near it. A
word rare in English counts where the whole sounds like the name ('Oriol vinyals', 'Andre Karpathy');
one that is only no everyday word where the rest is the name said by sound ('Dario a mode'); a first
name said all the time never ('Hugo'). Each test of a catch fails with the rule off (the name then
takes the penalty of no context word near: 0.26 to 0.47)."""

from __future__ import annotations

import pytest

from qa.detect import Detector, choose
from qa.detect.context import Nearby
from qa.glossary import load_glossary

from detecting import choose_calls, detector_of, found_alike
from test_detect_score import reference_choose

RULES = """\
category: person
entries:
  - term: Oriol Vinyals
    variants: [Oriol Vinyls]
    context:
      require: [deepmind, seq2seq, alphastar, starcraft, pointer]
    allow:
      - "oriol vinyals led alphastar"
  - term: Andrej Karpathy
    context:
      require: [tesla, openai, cs231n, autopilot]
    allow:
      - "andrej karpathy taught cs231n"
  - term: Dario Amodei
    context:
      require: [anthropic, openai, safety, scaling]
    allow:
      - "dario amodei runs anthropic"
  - term: Hugo Larochelle
    aliases: [Larochelle]
    context:
      require: [nade, mila, montreal]
    allow:
      - "larochelle and murray 2011"
  - term: Ilya Sutskever
    aliases: [Sutskever]
    context:
      require: [openai, alexnet, seq2seq]
    allow:
      - "sutskever co-founded openai"
  - term: Jascha Sohl-Dickstein
    context:
      require: [diffusion, thermodynamics]
    allow:
      - "jascha sohl-dickstein's diffusion paper"
  - term: Yan Duan
    context:
      require: [rl2, reinforcement, meta-learning]
    allow:
      - "yan duan's rl squared"
  - term: Yann LeCun
    aliases: [LeCun]
    context:
      require: [convolutional, mnist, lenet]
    allow:
      - "yann lecun's lenet"
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> Detector:
    return detector_of(tmp_path_factory, "people.yml", RULES)


def _reasons(det: Detector, text: str) -> dict[str, str]:
    return {f.found: f.reason for f in det.scan_text(text) if f.kind == "asr-error"}


def test_a_rare_first_name_heard_right_is_context(people: Detector) -> None:
    # no require word near: 0.44 with the rule off
    text = "the talk on recurrent models by Oriol vinyls was great"
    assert found_alike(people, text) == [("Oriol vinyls", "Oriol Vinyals")]
    assert "'Oriol' of Oriol Vinyals heard right" in _reasons(people, text)["Oriol vinyls"]
    # 'Yann' (zipf 2.47) with the surname spelled by sound: 0.36 with the rule off
    assert found_alike(people, "the talk by Yann Lacoon was great") == [("Yann Lacoon", "Yann LeCun")]


def test_a_rare_surname_heard_right_is_context(people: Detector) -> None:
    # 'Karpathy' is no correct form of its own (no alias): 0.39 with the rule off
    assert found_alike(people, "that blog post by Andre Karpathy was great") == \
        [("Andre Karpathy", "Andrej Karpathy")]


def test_an_uncommon_first_name_counts_with_the_surname_said_by_sound(people: Detector) -> None:
    # 'Dario' (zipf 2.92) is no everyday word, but not rare: the rest must be the name said by
    # sound (0.99 alike as a whole; 0.37 with the rule off) ...
    assert found_alike(people, "in his essay Dario a mode wrote about it") == [("Dario a mode", "Dario Amodei")]
    assert found_alike(people, "the talk by Ilya suit skiver was great") == [("Ilya suit skiver", "Ilya Sutskever")]
    # ... not another surname that only sounds somewhat like it (0.93 alike)
    assert found_alike(people, "in his essay Dario Amato wrote about it") == []


def test_a_first_name_said_all_the_time_is_no_context(people: Detector) -> None:
    # 'Hugo' (zipf 3.76) is many people's name: another Hugo's surname, not said like the name's,
    # stays unflagged
    assert found_alike(people, "the talk by Hugo Lambert was great") == []
    assert found_alike(people, "the talk by Hugo Laroche was great") == []
    # ... but a surname ASR wrote as a name, no English word, with the whole name said alike, is the
    # name misheard (session 26, recall26: 'David Bly' for David Blei; c20k's 'Jan Lika' for Jan Leike)
    assert found_alike(people, "the talk by Hugo Laroshel was great") == [("Hugo Laroshel", "Hugo Larochelle")]


def test_the_name_word_next_to_a_function_word_is_no_context(people: Detector) -> None:
    # 'in Duan' sounds like Yan Duan (0.91), its rare surname heard right: but the span is that name
    # after a preposition, as said ('Duan et al'), not the name misheard
    assert found_alike(people, "the recurrent policy was meta trained as in Duan et al 2016") == []
    # ... and the longer reading with a function word after the name does not win over the name
    assert found_alike(people, "if you know these are doing Jascha Sol Dickstein a great job") == \
        [("Jascha Sol Dickstein", "Jascha Sohl-Dickstein")]


def test_other_people_of_the_same_first_name_stay_unflagged(people: Detector) -> None:
    for text in ("the paper by Yann Dubois was about it", "the paper by Oriol Romero was about it",
                 "then Oriol said the model was fine", "the talk by Hugo Larochelle was great",
                 "Yann LeCun and Andrej Karpathy were both there"):
        assert found_alike(people, text) == [], text


def test_a_listed_variant_with_a_rare_word_heard_right_is_found(tmp_path) -> None:
    # with known variants too: 'Oriol Vinyls' is listed (0.7 before context), and took the penalty
    # of no context word near (0.3) with the rule off
    (tmp_path / "people.yml").write_text(RULES)
    det = Detector(load_glossary(tmp_path))
    found = [(f.found, f.method) for f in det.scan_text("the talk by Oriol Vinyls was great") if f.kind == "asr-error"]
    assert found == [("Oriol Vinyls", "variant")]


TEXTS = [
    "the talk on recurrent models by Oriol vinyls was great and then Dario a mode spoke",
    "that blog post by Andre Karpathy was great says Ilya suit skiver at openai",
    "the recurrent policy was meta trained as in Duan et al 2016 by Hugo Laroshel",
    "if you know these are doing Jascha Sol Dickstein a great job on diffusion",
    "Yann Lacoon and Oriol Vinyls and the talk by Yann LeCun",
]


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    """Every choose_video call of a scan of TEXTS (all methods, both kinds), with its arguments."""
    d = tmp_path_factory.mktemp("rules")
    (d / "people.yml").write_text(RULES)
    det = Detector(load_glossary(d), kinds=("asr-error", "normalization"))
    return choose_calls(lambda: [det.scan_text(t) for t in TEXTS])


def test_bounds_hold_for_names_heard_in_part(calls) -> None:
    # `Scorer.upper` and `Scorer.most` count a require word near: the name word heard right adds no more
    n = 0
    for (scorer, records, video, _, _), _ in calls:
        for rec in records:
            for fld in rec.fields:
                near = Nearby(fld.toks.words)
                for c in fld.cands:
                    if c.kind != "asr-error" or c.next_start is not None:
                        continue
                    up, exact = scorer.upper(c, video)
                    v = scorer.value(c, fld.toks, video, near)
                    assert v <= up <= scorer.most(c.form, c.method, c.sim, c.prior)
                    if exact:
                        assert v == up
                    n += 1
    assert n > 10  # (enough candidates checked: the bound is asserted on each)


@pytest.mark.parametrize("min_score", [0.0, 0.5, 0.8])
def test_choose_equals_scoring_everything_for_names(calls, min_score) -> None:
    # choose's inline scoring and `Scorer.value`/`reasons` agree, reasons included
    for (scorer, records, video, kinds, _), _ in calls:
        got = choose.choose_video(scorer, records, video, kinds, min_score)
        want = reference_choose(scorer, records, video, kinds, min_score)
        assert [f.to_dict() for f in got] == [f.to_dict() for f in want]
