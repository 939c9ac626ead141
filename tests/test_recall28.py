"""Recall (session 28): terms the glossary has, heard in ways no candidate was made for.

A name partly said as a word and partly spelled ('EconML', 'ChatGPT') whose letters ASR wrote as a
run of consonants beside words for the rest ('icon ml'); and numbers said as they are said, not as
their tokens read: a decimal point is 'point', '.0' 'point oh', and the letter after a number that
gives its size is its word ('JFT-300M' is 'three hundred million'). Every sentence here was written for
these tests; each rule has sentences where it must not fire."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.detect.context import _letters_said, _own_letters_at_edge
from qa.detect.index import numbers_said, readings
from detecting import found_alike


def _form(text: str, acronym: str = "") -> SimpleNamespace:
    """A form as `_letters_said` reads it: its text, its letters if all capitals, its words said."""
    from qa.phonetics import spoken_words, tokens

    return SimpleNamespace(text=text, acronym=acronym,
                           spoken_words=tuple(w for t in tokens(text) for w in spoken_words(t)))


# --- a name's own letters written as consonants, beside words for the part said as a word ------------

def test_letters_written_as_consonants_beside_the_read_part_are_evidence() -> None:
    assert _own_letters_at_edge(_form("EconML"), ["icon", "ml"], "ml", "ML")
    assert _own_letters_at_edge(_form("ChatGPT"), ["chad", "gpt"], "gpt", "GPT")


@pytest.mark.parametrize("form, norms, norm, letters", [
    (_form("EconML"), ["ml", "icon"], "ml", "ML"),  # the letters at the other end than the name's
    (_form("EconML"), ["icon", "m"], "m", "ML"),  # one letter of two
    (_form("MLP", "MLP"), ["ml", "pee"], "ml", "MLP"),  # a name of letters only: not this rule's
    (_form("EconML"), ["ml"], "ml", "ML"),  # no words for the part said as a word
    (_form("EconML"), ["icon", "mel"], "mel", "ML"),  # a word with a vowel is a word, not letters
])
def test_letters_not_at_their_place_or_not_all_of_them_are_no_evidence(form, norms, norm, letters) -> None:
    assert not _own_letters_at_edge(form, norms, norm, letters)


def test_a_name_read_in_part_is_found_from_its_letters_heard_right(det) -> None:
    text = "microsoft's icon ml package estimates heterogeneous treatment effects with double machine learning"
    assert ("icon ml", "EconML") in found_alike(det, text)


@pytest.mark.parametrize("text", [
    "we dissolved five ml of the salt in water and the icon on the screen turned green",
    "the ml icon in the toolbar opens the settings of the ml pipeline",
    "google cloud auto ml trains models for you without code",
])
def test_consonants_of_units_or_letters_elsewhere_are_not_that_name(det, text) -> None:
    assert not [t for _, t in found_alike(det, text) if t in ("EconML", "OctoML")]


def test_its_own_number_written_in_digits_is_its_number_heard() -> None:
    form = _form("JFT-300M", "JFT300M")
    assert _letters_said(form, ["jeff", "t", "300", "million"], set(), ["jeff", "t", "300", "million"])
    # ... not another number in digits: no letter's name and number of its own then
    assert not _letters_said(form, ["jeff", "the", "400", "million"], set(), ["jeff", "the", "400", "million"])


# --- numbers said as they are said -------------------------------------------------------------------

@pytest.mark.parametrize("written, said", [
    ("JFT-300M", "JFT-300 million"),
    ("LAION-5B", "LAION-5 billion"),
    ("GSM8K", "GSM8 thousand"),
    ("Llama-3-8b", "Llama-3-8 billion"),
    ("GPT-3.5", "GPT-3 point 5"),
    ("wav2vec 2.0", "wav2vec 2 point oh"),
    ("Claude 3.5 Sonnet", "Claude 3 point 5 Sonnet"),
])
def test_numbers_are_read_as_said(written: str, said: str) -> None:
    assert numbers_said(written) == said


@pytest.mark.parametrize("written", ["YOLO9000", "3D", "FCN-8s", "A100s", "H100", "RN50x4", "BM25", "T5", "1.x"])
def test_numbers_that_say_no_point_or_size_are_left_as_written(written: str) -> None:
    assert numbers_said(written) == written


def test_a_number_said_is_an_extra_reading() -> None:
    # the letter's name stays a reading ('JFT three hundred M'), the word is one more
    got = readings("JFT-300M")
    assert ("jay", "ef", "tee", "three", "hundred", "em") in got
    assert ("jay", "ef", "tee", "three", "hundred", "million") in got
    assert readings("GPT-3.5")[-1] == ("jee", "pee", "tee", "three", "point", "five")


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz -", max_size=12))
def test_text_without_digits_reads_as_written(text: str) -> None:
    assert numbers_said(text) == text


def test_a_size_said_as_its_word_finds_the_name(det) -> None:
    text = "the vision transformer was pretrained on google's jeff t 300 million images before fine tuning on imagenet"
    assert ("jeff t 300 million", "JFT-300M") in found_alike(det, text)


@pytest.mark.parametrize("text", [
    "the company grew to three hundred million users and five billion dollars in revenue",
    "version two point oh of the app has three point five stars from three hundred reviewers",
])
def test_sizes_and_decimals_in_plain_speech_are_no_names(det, text) -> None:
    assert found_alike(det, text) == []


# --- a term of several words the video never says, heard with one of its words right ---------------

def _video_errors(det, texts: list[str]) -> list[tuple[str, str]]:
    """The asr-errors (heard words, term) of one video of *texts*, a record each."""
    import polars as pl

    rows = [{"video_id": "v", "start_second": str(30 * k), "title": "", "text": t} for k, t in enumerate(texts)]
    records = pl.DataFrame(rows).with_columns(_file=pl.lit("x.jsonl"), _line=pl.lit(1))
    return [(f.found, f.term) for f in det.scan_frame(records) if f.kind == "asr-error"]


_OPENING = ("today we cover causal inference with propensity score matching, instrumental variables, "
            "difference in differences and a dag")


def test_a_word_of_the_term_heard_right_says_which_term_where_the_video_never_says_it(det) -> None:
    # its context words ('causal') only in another record: the word heard right ('pearl') makes up
    # for the term never said, as its being said would
    later = "most of what we covered in the first half of today owes a great deal to judy pearl and to what he wrote"
    assert ("judy pearl", "Judea Pearl") in _video_errors(det, [_OPENING, later])


@pytest.mark.parametrize("later", [
    # the word of it not beside the rest: two people
    "most of what we covered in the first half of today owes a great deal to my aunt judy and her friend pearl",
    # the other word heard right is another name's, and nothing sounds like the term
    "most of what we covered in the first half of today owes a great deal to judy garland and what she sang",
])
def test_no_word_of_the_term_beside_words_that_sound_like_the_rest_is_no_evidence(det, later: str) -> None:
    assert not [t for _, t in _video_errors(det, [_OPENING, later]) if t == "Judea Pearl"]


def test_without_its_context_anywhere_the_word_heard_right_is_not_enough(det) -> None:
    cooking = "we talk about cooking and gardening and the recipes my grandmother kept in a box in the kitchen"
    later = "most of what we covered in the first half of today owes a great deal to judy pearl and to what he wrote"
    assert not [t for _, t in _video_errors(det, [cooking, later]) if t == "Judea Pearl"]
