"""Recall (session 28): terms the glossary has, heard in ways no candidate was made for.

A name partly said as a word and partly spelled ('EconML', 'ChatGPT') whose letters ASR wrote as a
run of consonants beside words for the rest ('icon ml'); and numbers said as they are said, not as
their tokens read: a decimal point is 'point', '.0' 'point oh', and the letter after a number that
gives its size is its word ('JFT-300M' is 'three hundred million'). Every sentence here was written for
these tests; each rule has sentences where it must not fire."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from qa.detect.context import _own_letters_at_edge
from tests.detecting import found_alike


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
