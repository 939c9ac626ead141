"""Fewer false alarms on talks that are not about machine learning (session 19, bench/plain-talks:
a cooking show, a history lecture, a finance talk, a biology lecture). What makes a video say a term
(`VideoContext.mentions`, the sticky context and 'technical video') is what the words say: a
lowercase English word that is also how a term is said ('glove', 'glue', 'attention') counts only
with the entry's context near, a rarer one not beside one of its exceptions ('caffe latte'), no
name inside a longer one ('gpt' of 'chat gpt'), and no function word as a letter ('an s corp'). In a
video that is not technical, ordinary words ('answering your questions') in other chunks are no
context said elsewhere in it ('squat' is no SQuAD). Function words between a name's ends were said ('two alpha and two beta' is no
AlphaFold 2); one word for a term without its word said all the time was said as heard ('gallorum'
is no Q-learning). Each case below was counted or found without its rule; the ones beside it stay."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest

from qa.detect import Detector, _counts_as_mention, _outermost
from qa.detect.candidates import tokenize
from qa.detect.context import VideoContext, _word_lost
from qa.detect.similarity import ends_heard
from qa.records import COLUMNS

from detecting import choose_calls


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _video(texts: list[str], title: str = "") -> pl.DataFrame:
    """One video of consecutive records *texts*."""
    rows = [{c: "" for c in COLUMNS} | {"video_id": "v0", "title": title, "start_second": str(30 * k), "text": t}
            for k, t in enumerate(texts)]
    return pl.DataFrame(rows).with_columns(_file=pl.lit("x.jsonl"), _line=pl.lit(1))


def _mentions(det: Detector, texts: list[str]) -> dict[str, int]:
    """The terms the video of *texts* says, with how often (as scoring sees them)."""
    calls = choose_calls(lambda: det.scan_frame(_video(texts)))
    terms = {id(e): e.term for e in det.glossary.entries}
    video = calls[0][0][2]
    return {terms[k]: n for k, n in video.mentions.items() if n}


def _asr_errors(det: Detector, texts: list[str]) -> list[tuple[str, str]]:
    return [(f.found, f.term) for f in det.scan_frame(_video(texts)) if f.kind == "asr-error"]


def test_everyday_word_said_like_a_term_is_a_mention_only_with_its_context(det):
    cooking = ["okay grab me the oven glove the big one not the little silicone one because the pan is hot",
               "if you use a blender the starch bursts and you get glue so use a ricer and warm the milk first",
               "she was paying attention to the onions while they went brown in the butter"]
    assert _mentions(det, cooking) == {}
    talk = ["we initialise the embeddings with glove word vectors trained on common crawl",
            "on the glue benchmark the language understanding tasks are scored separately",
            "each attention head computes queries keys and values and a softmax over the tokens"]
    assert {"GloVe", "GLUE", "attention"} <= set(_mentions(det, talk))


def test_rarer_word_said_like_a_term_is_no_mention_beside_an_exception(det):
    assert "Caffe" not in _mentions(det, ["my barista friend says a caffe latte has more foam than a flat white"])
    assert "Caffe" in _mentions(det, ["we trained the network in caffe before moving the whole zoo to pytorch"])


def test_a_name_inside_a_longer_one_is_not_said_too(det):
    said = _mentions(det, ["the stock of nvidia went up and people ask what i think about chat gpt for planning"])
    assert "NVIDIA" in said and "ChatGPT" in said and "GPT" not in said
    toks = tokenize("what about chat gpt")
    found = [c for c in det.finder.find(toks) if c.kind == "mention"]
    assert {c.form.entry.term for c in found} >= {"ChatGPT", "GPT"}  # (found, then counted once)
    assert {c.form.entry.term for c in _outermost(found)} == {"ChatGPT"}


def test_a_function_word_is_no_letter_of_a_name_in_capitals(det):
    toks = tokenize("an llc versus an s corp is a whole video")
    c = next(c for c in det.finder.find(toks) if c.kind == "mention" and c.form.entry.term.startswith("asym"))
    assert _counts_as_mention("an s", c) is False


def _form(det: Detector, said: str, text: str):
    """The form written *text* that words *said* are heard as."""
    return next(c.form for c in det.finder.find(tokenize(said)) if c.form.text == text)


def test_function_words_between_a_names_ends_were_said(det):
    form = _form(det, "alpha fold two", "AlphaFold 2")
    assert ends_heard("alpha", "two", form) and ends_heard("alpha", "two", form, ["fold"])
    assert not ends_heard("alpha", "two", form, ["and"])
    bio = ["alphafold from deepmind predicts the shape of a protein from its sequence of amino acids",
           "then quaternary is when chains come together like hemoglobin which has two alpha and two beta "
           "subunits um and predicting the fold was unsolved for fifty years"]
    assert not [f for f in _asr_errors(det, bio) if f[1] == "AlphaFold"]


def test_one_word_for_a_term_without_its_everyday_word_was_said(det):
    q = next(c for c in det.finder.find(tokenize("a battle called busta gallorum"))
             if c.form.entry.term == "Q-learning")
    assert _word_lost(q.form, "gallorum") == "learning"
    assert "without its word 'learning'" in q.why
    history = ["the army had one target which was rome and the goths came back under a new king",
               "and it's finally the general narses who finishes it in 552 at a battle called busta gallorum "
               "and i want to pause on procopius because he's our main source for all of this"]
    assert not [f for f in _asr_errors(det, history) if f[1] == "Q-learning"]
    # the word held by what was heard, or a name of short parts, loses nothing
    assert _word_lost(q.form, "qlearning") == ""
    assert _word_lost(_form(det, "u net", "U-Net"), "unit") == ""


def test_ordinary_words_are_no_context_said_elsewhere_in_a_talk_about_something_else(det):
    lifting = ["welcome back today we are answering your questions about strength training for beginners and how "
               "to eat and sleep so you keep going",
               "and each session is like five exercises a squat or a leg press a hinge like a deadlift or a romanian "
               "deadlift a push a pull and then something for your core"]
    assert not [f for f in _asr_errors(det, lifting) if f[1] == "SQuAD"]
    r = det.scorer.rules(next(e for e in det.glossary.entries if e.term == "SQuAD"))
    here = tokenize("five exercises a squat or a leg press")
    plain = VideoContext(words={"answering", "questions", "squat"})
    assert not det.scorer.said_elsewhere(r, False, plain, here)
    assert det.scorer.said_elsewhere(r, False, VideoContext(words={"wikipedia", "squat"}), here)
    technical = VideoContext(words={"answering", "questions", "squat"}, mentions=Counter({1: 1, 2: 1, 3: 1}))
    assert det.scorer.said_elsewhere(r, False, technical, here)
    # ... in the candidate's own chunk they still count
    assert det.scorer.said_elsewhere(r, False, plain, tokenize("answering questions and then a squat"))
