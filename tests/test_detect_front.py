"""The batch path's front end (tokens, exact forms, the words of each video) against the per-text
finder and plain oracles."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import BatchFinder
from qa.detect.tokens import tokenize


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _pieces(det: Detector) -> list[str]:
    """Words that spell exact forms across token boundaries ('L S T M', 'ls tm', 'gpt 2'), forms
    said whole, their prefixes and suffixes (a form inside a longer word is no match), and
    ordinary words."""
    out = ["the", "a", "of", "we", "and", "model", "it's", "don’t", "—", ",", "café", "300", "x", "s"]
    patterns = sorted(det.batch.exact_forms)
    for p in patterns[::23]:
        out.append(p)
        out.append(p.upper())
        for k in (1, 2, len(p) // 2, len(p) - 1):
            if 0 < k < len(p):
                out.extend([p[:k], p[k:]])
    return out


def _exact(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why)
            for c in cands if c.method in ("exact", "variant")]


def test_exact_runs_equal_the_automaton_on_split_forms(det: Detector) -> None:
    """Runs of whole tokens that spell a form are the automaton's matches on word boundaries, in
    its order (by end, the longest first), and the tokens heard right are the mentions' tokens."""
    pieces = _pieces(det)
    batch = BatchFinder(det.finder)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(pieces), max_size=25).map(" ".join), min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        toks, tok = batch._tokens(texts)
        cands = [[] for _ in texts]
        if tok.height:
            tok = tok.join(batch._facts_for(tok), on="w", how="left", maintain_order="left")
            heard = tok.filter(batch._heard_rows(tok, toks, cands)).select("rec", "pos")
            got_heard = set(heard.iter_rows())
        else:
            got_heard = set()
        want_heard = set()
        for r, text in enumerate(texts):
            ref = det.finder.exact(tokenize(text))
            assert _exact(cands[r]) == _exact(ref)
            want_heard |= {(r, i) for c in ref if c.kind == "mention" for i in range(c.first, c.last)}
        assert got_heard == want_heard

    check()


def test_exact_finds_a_form_spelled_letter_by_letter_and_not_inside_a_word(det: Detector) -> None:
    batch = BatchFinder(det.finder)
    texts = ["they trained an L S T M here", "an lstms model", "the ls tm", ""]
    toks, cands, _ = batch.find(texts)
    spans = [[(texts[r][c.start:c.end], c.form.entry.term) for c in cs if c.method in ("exact", "variant")]
             for r, cs in enumerate(cands)]
    assert ("L S T M", "LSTM") in spans[0]
    assert ("ls tm", "LSTM") in spans[2]
    assert all(term != "LSTM" or found.lower() == "lstms" for found, term in spans[1])
    assert spans[3] == []


def test_batch_tokens_equal_tokenize_whatever_the_gaps(det: Detector) -> None:
    """Words, spans, starts (read off the ends) and Token objects as `tokenize` makes them, with
    ASCII gaps (stripped) and others (the regex) in the same batch."""
    batch = BatchFinder(det.finder)
    alphabet = "ab Z9'’-.,\t\n«»—é\u00a0ü/"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.text(alphabet=alphabet, max_size=30), min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        toks, tok = batch._tokens(texts)
        for r, (text, t) in enumerate(zip(texts, toks)):
            ref = tokenize(text)
            assert t.words == ref.words
            assert t.spans == ref.spans
            assert list(t.starts) == [a for a, _ in ref.spans] == t.starts[:]
            assert [t.starts[k] for k in range(-len(t), len(t))] == [ref.starts[k] for k in range(-len(t), len(t))]
            assert t.ends == [b for _, b in ref.spans]
            assert [(x.start, x.end, x.text) for x in t] == [(x.start, x.end, x.text) for x in ref]
            rows = tok.filter(tok["rec"] == r)
            assert rows["w"].to_list() == ref.words
            assert list(zip(rows["s"].to_list(), rows["e"].to_list())) == ref.spans

    check()


# --- writing findings: values many findings share are escaped once and remembered ------------------

_SHARED = st.sampled_from(["v1", "30", "text", "BERT", 'say "hi"\\', "é\u2028", "", 5, 30, None, True])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_SHARED, _SHARED, _SHARED, _SHARED, _SHARED,
                          st.sampled_from([0.5, 0.0, -0.0, 1, True, 0.123456, 0.1 + 0.2, float("inf"), 2.0005])),
                min_size=1, max_size=12), st.sampled_from([2, 10_000]))
def test_to_json_with_remembered_values_is_json_dumps(rows, limit) -> None:
    """The same text whether a value was seen before or not, of whatever type (an int after the
    equal string, a bool, -0.0 after 0.0), and after the memory is cleared."""
    import json
    from dataclasses import asdict

    import qa.findings as F

    old_limit, F.KNOWN_LIMIT = F.KNOWN_LIMIT, limit
    try:
        for vid, sec, term, cat, file, score in rows:
            f = F.Finding(vid, sec, "text", 1, 2, "x", term, term, cat, "asr-error", "phonetic", score, "c",
                          file=file)
            d = asdict(f)
            order = ["id", "video_id", "start_second", "field", "start", "end", "found", "suggestion", "term",
                     "category", "kind", "method", "score", "context"]
            want = {k: d.pop(k) for k in order}
            want["score"] = round(float(want["score"]), 3)
            want.update(d)
            assert f.to_json() == json.dumps(want, ensure_ascii=False)
    finally:
        F.KNOWN_LIMIT = old_limit


def test_a_cut_keeps_exactly_the_candidates_across_it(det: Detector) -> None:
    """`find(texts, cut=...)` (the joins of chunks) gives the candidates without a cut that are
    exact forms or run across the cut, in the same order."""
    vocab = _pieces(det) + ["bird", "Roberto", "Alice", "T", "wave", "are", "an", "N", "Ward", "Annette", "Jeff",
                            "Fenton", "open", "the", "I", "Pisa", "CNN", "gft", "zxqv", "BERT"]
    batch = BatchFinder(det.finder)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.lists(st.sampled_from(vocab), min_size=1, max_size=6), st.integers(0, 7)),
                    min_size=1, max_size=8))
    def check(rows) -> None:
        texts = [" ".join(words) for words, _ in rows]
        cut = [k for _, k in rows]
        _, whole, _ = batch.find(texts)
        _, cutted, _ = batch.find(texts, cut=cut)
        for k, w, c in zip(cut, whole, cutted):
            keep = [x for x in w if x.method in ("exact", "variant") or x.first < k < x.last]
            assert _all(c) == _all(keep)

    check()


def _all(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
            for c in cands]
