"""Recall on talks nobody tuned for, where the right term is in the glossary already: mechanisms that
do not weaken as the glossary grows (a word shared by more entries), and a sounds-alike of an alias
that holds a term heard right."""

from __future__ import annotations

from qa.detect.choose import _words_extend
from qa.detect.index import ANCHOR_ENTRIES, anchor_words
from qa.glossary import Entry


def _entry(term: str, *aliases: str) -> Entry:
    return Entry(term=term, category="technique", file="t.yaml", line=1, aliases=list(aliases))


def test_a_word_of_many_entries_still_anchors_a_term_heard_with_its_other_words_misheard():
    """How many entries share a word says how often the glossary lists it, not whether it was heard:
    a new entry with 'flow' or 'cnn' must not stop 'hair flow' or 'fast are CNN' being looked up.
    Each word is judged by itself, so the set does not shift as the glossary grows: words said all
    the time in English (ANCHOR_ZIPF) and words any talk of the field says (FIELD_WORDS: 'learning',
    'benchmark') anchor nothing ('in terms of learning' is no transfer learning)."""
    entries = [_entry(f"{name} convolution") for name in ("atrous", "depthwise", "dilated", "graph")]
    assert len(entries) > ANCHOR_ENTRIES
    starts, ends = anchor_words(entries)
    assert "convolution" in ends
    starts, ends = anchor_words([_entry(f"{name} learning") for name in ("transfer", "deep", "metric")])
    assert "learning" not in ends
    starts, ends = anchor_words([_entry("the other thing"), _entry("other people")])
    assert "other" not in starts | ends  # (zipf 6: heard right every time it is said)


def test_terms_heard_with_a_shared_word_right_and_the_rest_misheard_are_found(det):
    text = ("and the dominant tool is Apache hair flow which was started at Airbnb and in Airflow you "
            "define a DAG in Python")
    assert ("Apache hair flow", "Apache Airflow") in [(f.found, f.suggestion) for f in det.scan_text(text)]
    text = ("you don't enumerate all of them you use the veteran be algorithm which is dynamic "
            "programming you keep for every position and every tag the best score")
    assert ("veteran be algorithm", "Viterbi algorithm") in [(f.found, f.suggestion) for f in det.scan_text(text)]
    text = ("thirty something map to fifty something but it was super slow like forty seconds per image "
            "because you run the cnn two thousand times so then Ross did fast are CNN in 2015 where you run "
            "the convnet once on the whole image and then for each proposal you crop out the features from "
            "the feature map using")
    assert ("fast are CNN", "Fast R-CNN") in [(f.found, f.suggestion) for f in det.scan_text(text)]


def test_an_alias_holding_the_words_heard_right_extends_them():
    assert _words_extend("grouped-query attention", ["attention"], True)
    assert _words_extend("BB-ANS", ["ANS"], True)
    assert not _words_extend("grouped-query attention", ["attention"], False)  # (not at the span's end)
    assert not _words_extend("LLMOps", ["LLM"], False)  # (a part of a word is no word of it)
    assert not _words_extend("attention", ["attention"], True)  # (the form itself was heard right)


def test_a_sounds_alike_of_an_alias_around_a_term_heard_right_is_found(det):
    """The veto of a sounds-alike that holds another term heard right lets through an extension of
    it ('GPT to' for GPT-2); the form matched may be an alias that holds it where the entry's term
    does not (grouped-query attention, an alias of GQA; BB-ANS, of bits-back coding)."""
    text = ("and that's why newer models use multi query attention or grouped carry attention where "
            "several query heads share the same key and value heads")
    assert ("grouped carry attention", "grouped query attention") in \
        [(f.found, f.suggestion) for f in det.scan_text(text)]
    text = ("so it takes bits off the stack then it encodes x given z and then z under the prior and the "
            "receiver can re encode z with q and get those bits back so the net cost is exactly the negative "
            "elbow and this became practical with baby ANS from James Townsend Tom Bird and David Barber")
    assert ("baby ANS", "BB-ANS") in [(f.found, f.suggestion) for f in det.scan_text(text)]
    assert not [f for f in det.scan_text("so we build LLM apps with retrieval and an LLM judge") if
                f.suggestion == "LLMOps"]


def test_a_names_leading_n_heard_as_in_after_a_preposition_is_found(det):
    """'en' is heard as 'in' as well as 'and' (qa.detect.leading_n); only where English says no
    'in': right after a preposition that takes no other."""
    for text in ("and then Merlin from in video for sharded embedding tables and training on gpus",
                 "the flow side there's wave glow from Ryan Prenger at in video which is a single network"):
        assert ("in video", "NVIDIA") in [(f.found, f.suggestion) for f in det.scan_text(text)], text
    for text in ("so what's going on in video models right now is diffusion on gpus",
                 "we looked at the in video ads and the click rates on gpus",
                 "and in in video generation the frames come from a gpu"):
        assert not [f for f in det.scan_text(text) if f.term == "NVIDIA"], text


def test_a_names_rest_after_its_leading_n_has_its_beats(det):
    # 'fed' has the consonants of 'vidia' (f, t), one beat for its two: a word said, not the name
    assert not [f for f in det.scan_text("to help which it's almost order of in fed some of similarly for you "
                                         "know the gpus") if f.term == "NVIDIA"]
