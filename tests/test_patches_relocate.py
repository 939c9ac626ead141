"""Applying decisions to changed texts: exact, relocated, already applied, conflicts, reverse."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.config import SAMPLE
from qa.patches import make_decision
from qa.relocate import ALREADY, CONFLICT, EXACT, RELOCATED, apply_text


def _record(start_second: str) -> dict:
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["start_second"] == start_second:
            return row
    raise AssertionError(start_second)


TEXT = _record("7508")["text"]


def _accept(text: str, words: str, replacement: str, nth: int = 0, fid: str = "f1"):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return make_decision(action="accept", video_id="v", start_second="1", field_name="text", start=start,
                         end=start + len(words), field_text=text, replacement=replacement, finding_id=fid,
                         term=replacement, reviewer="t", timestamp="2026-01-01T00:00:00Z")


def test_exact_apply_changes_only_the_span_and_is_idempotent_and_reversible() -> None:
    d = _accept(TEXT, "Alice T", "LSTM")
    once, outcomes = apply_text(TEXT, [d])
    assert [o.status for o in outcomes] == [EXACT]
    assert once == TEXT.replace("a baseline Alice T and gave", "a baseline LSTM and gave")
    twice, outcomes = apply_text(once, [d])
    assert twice == once and [o.status for o in outcomes] == [ALREADY]
    back, _ = apply_text(once, [d], reverse=True)
    assert back == TEXT
    assert apply_text(TEXT, [d], reverse=True)[0] == TEXT  # reversing the original is a no-op


def test_words_inserted_before_the_span_relocate() -> None:
    d = _accept(TEXT, "Alice T", "LSTM")
    edited = "so " + TEXT.replace("took a baseline Alice T", "took a very plain baseline Alice T")
    out, (o,) = apply_text(edited, [d])
    assert o.status == RELOCATED and edited[o.start:o.end] == "Alice T"
    assert "a very plain baseline LSTM and gave it some love" in out
    assert out.replace("LSTM", "Alice T", 1) == edited
    assert apply_text(out, [d])[0] == out  # applying again: already applied
    assert apply_text(out, [d], reverse=True)[0] == edited


def test_relocation_picks_the_occurrence_nearest_the_old_offset() -> None:
    text = "we fine tuned bird here. later we fine tuned bird there. and we fine tuned bird again"
    d = _accept(text, "bird", "BERT", nth=1)
    edited = "PREFIX " + text
    out, (o,) = apply_text(edited, [d])
    assert o.status == RELOCATED
    assert out == "PREFIX we fine tuned bird here. later we fine tuned BERT there. and we fine tuned bird again"


def test_words_gone_is_a_conflict_and_nothing_changes() -> None:
    d = _accept(TEXT, "Alice T", "LSTM")
    edited = TEXT.replace("Alice T", "a model")
    out, (o,) = apply_text(edited, [d])
    assert o.status == CONFLICT and "'Alice T' not found" in o.reason
    assert out == edited


def test_never_applies_inside_a_longer_word() -> None:
    text = "the bird sang"
    d = _accept(text, "bird", "BERT")
    out, (o,) = apply_text("the birdie sang", [d])
    assert o.status == CONFLICT and out == "the birdie sang"


def test_overlapping_decisions_conflict() -> None:
    a = _accept(TEXT, "Alice T", "LSTM", fid="a")
    b = _accept(TEXT, "Alice", "ALICE", fid="b")
    out, outcomes = apply_text(TEXT, [a, b])
    assert [o.status for o in outcomes] == [CONFLICT, CONFLICT]
    assert out == TEXT


def test_adjacent_decisions_apply_twice_idempotently() -> None:
    text = "we took Alice T and bird models"
    a = _accept(text, "Alice T", "LSTM", fid="a")
    b = _accept(text, "bird", "BERT", fid="b")
    once, _ = apply_text(text, [a, b])
    assert once == "we took LSTM and BERT models"
    twice, outcomes = apply_text(once, [a, b])
    assert twice == once and {o.status for o in outcomes} == {ALREADY}
    # after an unrelated edit, both still count as applied (their context holds the other's replacement)
    edited = "well " + once
    assert apply_text(edited, [a, b])[0] == edited
    assert apply_text(edited, [a, b], reverse=True)[0] == "well " + text


# --- properties ----------------------------------------------------------------------------------

WORDS = st.sampled_from(["a", "the", "bird", "BERT", "Alice", "T", "LSTM", "of", "model", "x"])


@st.composite
def text_and_spans(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=25))
    seps = draw(st.lists(st.sampled_from([" ", " ", "  ", ", "]), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps)).rstrip()
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=8))))
    pairs = list(zip(cuts, cuts[1:]))  # consecutive pairs: adjacent spans are allowed, overlaps are not
    keep = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    spans = [p for p, k in zip(pairs, keep) if k] or pairs[:1]
    reps = draw(st.lists(st.one_of(WORDS, st.text("ab T", max_size=4)), min_size=len(spans), max_size=len(spans)))
    return text, spans, reps


def _decisions(text, spans, reps):
    return [
        make_decision(action="accept", video_id="v", start_second="1", field_name="text", start=s, end=e,
                      field_text=text, replacement=r, finding_id=f"f{i}", reviewer="t",
                      timestamp="2026-01-01T00:00:00Z")
        for i, ((s, e), r) in enumerate(zip(spans, reps))
    ]


def test_two_deletions_side_by_side_both_reverse() -> None:
    # found by hypothesis: both deletions reverse to one point; they are two changes, not one twice
    text = "a  a  a a"
    ds = _decisions(text, [(4, 5), (5, 6)], ["", ""])
    once = apply_text(text, ds)[0]
    assert once == "a  aa a"
    back, outcomes = apply_text(once, ds, reverse=True)
    assert back == text
    assert [o.status for o in outcomes] == [EXACT, EXACT]


@settings(max_examples=150, deadline=None)
@given(text_and_spans())
def test_apply_then_reverse_is_identity(case) -> None:
    text, spans, reps = case
    ds = _decisions(text, spans, reps)
    once, outcomes = apply_text(text, ds)
    assert all(o.status == EXACT for o in outcomes)
    assert apply_text(once, ds)[0] == once
    assert apply_text(once, ds, reverse=True)[0] == text


@settings(max_examples=150, deadline=None)
@given(text_and_spans(), st.data())
def test_relocation_never_applies_to_different_words(case, data) -> None:
    text, spans, reps = case
    ds = _decisions(text, spans, reps)
    at = data.draw(st.integers(0, len(text)))
    inserted = data.draw(st.lists(WORDS, min_size=1, max_size=3))
    edited = text[:at] + " " + " ".join(inserted) + " " + text[at:]
    out, outcomes = apply_text(edited, ds)
    for o in outcomes:
        if o.status in (EXACT, RELOCATED):
            assert edited[o.start:o.end] == o.decision.original
    applied = sorted((o for o in outcomes if o.status in (EXACT, RELOCATED)), key=lambda o: o.start)
    rebuilt, pos = "", 0
    for o in applied:
        rebuilt += edited[pos:o.start] + o.decision.replacement
        pos = o.end
    assert out == rebuilt + edited[pos:]  # nothing but the located spans changed


def test_the_same_change_decided_on_two_versions_of_the_text_applies_once() -> None:
    a = _accept(TEXT, "Alice T", "LSTM", fid="a")
    edited = "so " + TEXT
    b = _accept(edited, "Alice T", "LSTM", fid="b")  # decided again after the source was edited
    out, outcomes = apply_text(edited, [a, b])
    assert out == edited.replace("Alice T", "LSTM")
    assert sorted(o.status for o in outcomes) == [ALREADY, EXACT]
