"""Recall on talks nobody tuned for, where the right term is in the glossary already: mechanisms that
do not weaken as the glossary grows (a word shared by more entries), and a sounds-alike of an alias
that holds a term heard right."""

from __future__ import annotations

from qa.detect.index import ANCHOR_ENTRIES, anchor_words
from qa.glossary import Entry


def _entry(term: str, *aliases: str) -> Entry:
    return Entry(term=term, category="technique", file="t.yaml", line=1, aliases=list(aliases))


def test_a_word_of_many_entries_still_anchors_a_term_heard_with_its_other_words_misheard():
    """How many entries share a word says how often the field says it, not whether it was heard:
    a new entry with 'benchmark' must not stop 'st as benchmark' being looked up as STS benchmark.
    (Words said all the time in English still anchor nothing: ANCHOR_ZIPF.)"""
    entries = [_entry(f"{name} benchmark") for name in ("STS", "GLUE", "MTEB", "BEIR")]
    assert len(entries) > ANCHOR_ENTRIES
    starts, ends = anchor_words(entries)
    assert "benchmark" in ends
    starts, ends = anchor_words([_entry("the other thing"), _entry("other people")])
    assert "other" not in starts | ends  # (zipf 6: heard right every time it is said)


def test_terms_heard_with_a_shared_word_right_and_the_rest_misheard_are_found(det):
    text = ("and the way they're evaluated on sentence similarity is the st as benchmark for semantic "
            "textual similarity where you have pairs of sentences")
    assert [(f.found, f.suggestion) for f in det.scan_text(text)] == [("st as benchmark", "STS benchmark")]
    text = "the region proposals come from selective search and fast are CNN then classifies each of them"
    assert ("fast are CNN", "Fast R-CNN") in [(f.found, f.suggestion) for f in det.scan_text(text)]

