"""Precision (session 28): evidence that a candidate's context is chance. Each removal case below
was flagged before its rule; the catch beside it stays."""

from __future__ import annotations

from hypothesis import given, strategies as st

from qa.detect.context import SHORT_REQUIRE, _lowered_regex, _phrase_regex, unaccented_forms


def _found(det, text: str) -> dict[str, str]:
    """Terms of *text*'s asr-errors, to the heard words."""
    return {f.term: f.found for f in det.scan_text(text) if f.kind == "asr-error"}


# --- a short require word counts only as a whole word ---------------------------------------------

def test_a_short_require_word_inside_a_longer_word_is_no_context(det) -> None:
    # 'stan' (the Stan language) is a require word of Kucukelbir; 'standard' is not Stan
    assert "Alp Kucukelbir" not in _found(det, "a caliper of a fifth of a standard deviation keeps the matches close")


def test_the_short_require_word_said_whole_still_counts(det) -> None:
    assert _found(det, "the caliper rule in stan made variational inference automatic").get(
        "Alp Kucukelbir") == "caliper"


def test_a_listed_mishearing_with_its_short_require_word_said_stays(det) -> None:
    assert _found(det, "the burke encoder reads the whole text in both directions before fine tuning").get(
        "BERT") == "burke"


_SHORT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=SHORT_REQUIRE)
_TAIL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6).filter(
    lambda t: t not in ("s", "es"))


@given(_SHORT, _TAIL)
def test_short_words_match_whole_or_inflected_only(word: str, tail: str) -> None:
    lowered, phrase = _lowered_regex([word]), _phrase_regex([word])
    for said in (word, word + "s", word + "es", word + "'s"):
        assert lowered.search(f" we said {said} here") and phrase.search(f"we said {said} here")
    longer = f" we said {word}{tail} here"
    assert lowered.search(longer) is None and phrase.search(longer) is None


def test_longer_and_spaced_items_still_count_longer_words() -> None:
    # 'embed' counts 'embedding'; an item of two words ('res net') is specific enough for 'resnets'
    for items, said in ((["embed"], "embeddings"), (["res net"], "resnets"), (["model"], "modeling")):
        assert _lowered_regex(items).search(f" the {said} here")
        assert _phrase_regex(items).search(f"the {said} here")


# --- a name written without its accents is the name -----------------------------------------------

def test_a_possessive_written_without_its_accent_is_heard_right(det) -> None:
    # Hernán's is a correct form; ASR writes it in ASCII, which is no mishearing of it
    text = "the target trial framework is laid out in hernan's book with robins on causal inference"
    assert "Miguel Hernán" not in _found(det, text)


def test_the_listed_mishearing_of_the_accented_name_stays(det) -> None:
    text = "for the target trial book by miguel hernandez and robins read chapter three on emulation"
    assert _found(det, text).get("Miguel Hernán") == "miguel hernandez"


def test_unaccented_forms() -> None:
    assert unaccented_forms(["Jürgen Schmidhuber", "Schmidhuber"]) == {"jurgenschmidhuber", "juergenschmidhuber"}
    assert unaccented_forms(["Hernán's"]) == {"hernans"}
    assert unaccented_forms(["BERT", "BERT-base"]) == frozenset()
