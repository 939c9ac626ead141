"""The batch candidate finder (polars) gives what the per-text finder gives, in the same order."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector
from qa.detect.batch import SEP, BatchFinder, _joined
from qa.detect.memo import Memo
from qa.detect.tokens import tokenize


@pytest.fixture(scope="module")
def det(det_full) -> Detector:
    return det_full


def _vocabulary(det: Detector) -> list[str]:
    words = ["the", "a", "of", "to", "and", "we", "model", "train", "it's", "don’t", "1/2", "300", "GPT",
             "Alice", "T", "wave", "are", "an", "N", "bird", "Roberto", "Ward", "Annette", "open", "I", "gft",
             "café", "naïve", "—", "(", ")", ",", "LSTMs", "zxqv", "Pisa", "CNN", "Jeff", "Fenton"]
    for e in det.glossary.entries[::7]:
        words.append(e.term)
        words.extend(v.text for v in e.variants[:1])
    return words


def _cands(cands) -> list[tuple]:
    return [(c.first, c.last, c.start, c.end, id(c.form), c.method, c.kind, c.sim, c.prior, c.why, c.heard_right)
            for c in cands]


def test_batch_equals_per_text_finder_on_random_texts(det: Detector) -> None:
    vocab = _vocabulary(det)
    batch = BatchFinder(det.finder)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), max_size=40).map(" ".join), min_size=1, max_size=8))
    def check(texts: list[str]) -> None:
        toks, cands, _ = batch.find(texts)
        for text, t, c in zip(texts, toks, cands):
            ref = tokenize(text)
            assert t.words == ref.words
            assert t.spans == ref.spans
            assert _cands(c) == _cands(det.finder.find(ref))

    check()


def test_batch_windows_equal_the_per_text_windows(det: Detector) -> None:
    """The window rules as column expressions open the same n-grams as the per-text loop; words
    of a term heard right ('BERT') start no long n-gram in either."""
    vocab = _vocabulary(det) + ["BERT", "RoBERTa", "ImageNet", "zyx", "qwv", "it", "is", "in", "on"]
    batch = BatchFinder(det.finder)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), max_size=30).map(" ".join), min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        for text, got in zip(texts, batch.windows(texts)):
            toks = tokenize(text)
            heard = {i for c in det.finder.exact(toks) if c.kind == "mention" for i in range(c.first, c.last)}
            assert got == det.finder.windows(toks.infos, heard)

    check()


def test_sieve_never_rules_out_an_ngram_the_lookup_finds_something_for(det: Detector) -> None:
    vocab = _vocabulary(det) + ["bert", "net", "word", "image", "time", "pixel", "snail", "you", "know"]
    batch = BatchFinder(det.finder)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(vocab), max_size=30).map(" ".join), min_size=1, max_size=6))
    def check(texts: list[str]) -> None:
        toks, tok = batch._tokens(texts)
        if not tok.height:
            return
        tok = tok.join(batch._facts_for(tok).with_row_index("fi"), on="w", how="left", maintain_order="left")
        win = batch._windows(tok, batch._heard_rows(tok, toks, [[] for _ in texts])).unique("kh")
        new = batch._features(win.with_columns(key=_joined(win, tok["w"], det.finder.max_n)), tok["fi"])
        new = new.with_columns(n=pl.col("key").str.count_matches(SEP, literal=True) + 1)
        sounds = batch.sieve.sounds_possible(new).to_list()
        for key, n, sound, fz in zip(new["key"].to_list(), new["n"].to_list(), sounds, new["fz"].to_list()):
            words = key.split(SEP)
            toks1 = tokenize(" ".join(words))
            if not sound:  # then only a near-spelling can be found, and only where one is possible
                found = det.finder.lookup(toks1, 0, n, False, True)
                assert not found
            if not fz:
                assert not det.finder.lookup(toks1, 0, n, True, False)

    check()


def test_batch_remembers_ngrams_across_batches_and_empty_texts(det: Detector) -> None:
    batch = BatchFinder(det.finder)
    texts = ["we fine tuned bird on squad with a language model", "", "   ", "train the Alice T model"]
    first = batch.find(texts)
    again = batch.find(list(reversed(texts)))
    for (t, c), (t2, c2) in zip(zip(*first[:2]), reversed(list(zip(*again[:2])))):
        assert t.words == t2.words and _cands(c) == _cands(c2)
    assert [len(t) for t in first[0]] == [10, 0, 0, 5]
    assert any(c.form.entry.term == "LSTM" for c in first[1][3])


def test_forgetting_keeps_memory_bounded_and_candidates_unchanged(det: Detector, monkeypatch) -> None:
    import qa.detect.batch as batch_module

    monkeypatch.setattr(batch_module, "MEMO_LIMIT", 40)
    batch = BatchFinder(det.finder)
    texts = ["we fine tuned bird on squad with a language model", "train the Alice T model on image time",
             "the wave are an N vocoder", "Jeff Fenton and Roberto at open the I", "Pisa CNN gft 300 million"]
    for rnd in range(6):
        batch_texts = texts[rnd % 5:] + texts[:rnd % 5]
        toks, cands, _ = batch.find(batch_texts)
        # the n-gram memo: two generations of at most half the limit each (these texts have more keys)
        assert len(batch.memo.new) <= 20 and len(batch.memo.old) <= 20
        assert batch.facts.height <= 40 + 200
        for text, c in zip(batch_texts, cands):
            assert _cands(c) == _cands(det.finder.find(tokenize(text)))


def test_term_split_across_two_chunks_is_found_through_the_batch_path(det: Detector) -> None:
    n = 2
    frame = pl.DataFrame({
        "video_id": ["v1"] * n, "title": [""] * n, "start_second": ["0", "30"],
        "text": ["we trained a baseline Alice", "T model on the language data"],
        "_file": ["x.jsonl"] * n, "_line": [1, 2],
    })
    [f] = [f for f in det.scan_frame(frame) if f.term == "LSTM"]
    assert f.start_second == "0" and f.next_start_second == "30"
    assert (f.found, f.next_start, f.next_end) == ("Alice", 0, 1)


def test_term_split_where_one_frame_ends_and_the_next_begins(det: Detector) -> None:
    """A video fed in two frames: the join of its chunks across the frame boundary is still found,
    and the findings are those of feeding it whole."""
    texts = ["so we took a baseline", "Alice", "T and the wave are an", "N vocoder on language data", "Alice"]
    n = len(texts)
    frame = pl.DataFrame({
        "video_id": ["v1"] * (n - 1) + ["v2"], "title": ["Deep learning"] * n,
        "start_second": [str(30 * i) for i in range(n)], "text": texts,
        "_file": ["x.jsonl"] * n, "_line": list(range(1, n + 1)),
    })
    whole = det.scan_frame(frame)
    stream = det.stream(("text",))
    by_row = [*stream.feed_rows(frame.iter_rows(named=True)), *stream.close()]  # the per-text path
    assert [f.to_dict() for f in by_row] == [f.to_dict() for f in whole]
    for cut in range(1, n):
        stream = det.stream(("text",))
        parts = [*stream.feed(frame.slice(0, cut)), *stream.feed(frame.slice(cut)), *stream.close()]
        assert [f.to_dict() for f in parts] == [f.to_dict() for f in whole]
    crossing = {(f.found, f.term) for f in whole if f.next_start_second is not None}
    assert ("Alice", "LSTM") in crossing or ("T", "LSTM") in crossing


def test_memo_keeps_recent_keys_and_stays_bounded() -> None:
    m: Memo[str, int] = Memo(2)
    m["a"], m["b"] = 1, 2
    m["c"] = 3  # flips: a and b become the old generation
    assert m.get("a") == 1  # promoted on use
    m["d"] = 4  # flips again: b is forgotten, a survives
    assert m.get("b") is None and m.get("a") == 1 and m.get("d") == 4
    assert len(m.new) <= 2 and len(m.old) <= 2


def test_floor_leaves_out_only_hits_that_can_never_be_findings(det: Detector) -> None:
    """With a floor (the stream's min_score) the batch leaves out the sounds-alikes and
    near-spellings whose highest score in any video (Scorer.most) is below it, and nothing else."""
    import json
    from pathlib import Path

    lines = (Path(__file__).parent / "data" / "lecture-l11.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[:60]]
    batch = BatchFinder(det.finder)
    assert batch.most is not None  # the detector's finder takes its priors from a Scorer
    _, full, _ = batch.find(texts)
    _, floored, _ = batch.find(texts, floor=0.5)
    dropped = 0
    for a, b in zip(full, floored):
        rest = iter(b)
        nxt = next(rest, None)
        for c in a:  # b is a, less some candidates, in the same order
            if nxt is not None and _cands([c]) == _cands([nxt]):
                nxt = next(rest, None)
                continue
            dropped += 1
            assert c.kind == "asr-error" and c.method in ("phonetic", "fuzzy") and not c.heard_right
            assert det.scorer.most(c.form, c.method, c.sim, c.prior) < 0.5
        assert nxt is None
    assert dropped > 0
