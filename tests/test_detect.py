"""The detector on small hand-made texts: each candidate method, kinds, context, cross-chunk, ids, offsets."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.detect import Detector, load_detector, scan_paths
from qa.errors import UsageError
from qa.glossary import load_glossary
from qa.phonetics import consonants, phrase_key, spoken_phrase

MIN = Path(__file__).parent / "data" / "rules_min"


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(load_glossary(MIN))


def frame(*texts: str, video: str = "vid00000001", title: str = "") -> pl.DataFrame:
    n = len(texts)
    return pl.DataFrame({
        "video_id": [video] * n, "title": [title] * n, "text": list(texts),
        "start_timestamp": ["00:00:00"] * n, "end_timestamp": ["00:00:30"] * n,
        "start_second": [str(30 * i) for i in range(n)], "end_second": [str(30 * i + 30) for i in range(n)],
        "url": [""] * n, "thumbnail": [""] * n, "_file": ["x.jsonl"] * n, "_line": list(range(1, n + 1)),
    })


def pairs(findings) -> list[tuple[str, str]]:
    return [(f.found, f.suggestion) for f in findings]


def test_phonetic_keys_make_acronyms_and_mishearings_meet() -> None:
    assert spoken_phrase("LSTM") == "el es tee em"
    assert spoken_phrase("WaveRNN") == "wave ar en en"
    assert spoken_phrase("JFT-300M") == "jay ef tee three hundred em"
    assert phrase_key("bird") == phrase_key("bert")
    assert consonants(phrase_key("Ward Annette")) == consonants(phrase_key("WordNet"))
    assert consonants(phrase_key("gft")) == consonants(phrase_key("JFT"))
    assert consonants(phrase_key("Roberto")) == consonants(phrase_key("RoBERTa".lower()))


def test_known_variant_is_found_with_offsets_into_the_original_text(det: Detector) -> None:
    text = "So  we fine-tuned   bird on SQuAD, as a language model"
    [f] = det.scan_text(text)
    assert (f.found, f.suggestion, f.method, f.kind) == ("bird", "BERT", "variant", "asr-error")
    assert text[f.start:f.end] == "bird"
    assert "fine-tuned   bird on" in f.context
    assert "context word" in f.reason


def test_multiword_variant_spacing_is_ignored(det: Detector) -> None:
    [f] = det.scan_text("the researchers at open  the I trained it")
    assert (f.found, f.suggestion, f.method) == ("open  the I", "OpenAI", "variant")


def test_phonetic_finds_unlisted_mishearings(det: Detector) -> None:
    assert pairs(det.scan_text("the vocoder was a wave are an N model")) == [("wave are an N", "WaveRNN")]
    assert ("Roberto", "RoBERTa") in pairs(det.scan_text("it took a lot of compute to train Roberto"))
    found = det.scan_text("or build Ward Annette by hand")
    assert [(f.found, f.suggestion, f.method) for f in found] == [("Ward Annette", "WordNet", "phonetic")]


def test_fuzzy_finds_near_spellings_only(tmp_path: Path) -> None:
    (tmp_path / "t.yml").write_text("category: technique\nentries:\n  - term: weakly supervised\n"
                                    "    allow: ['weakly supervised learning']\n")
    det = Detector(load_glossary(tmp_path), methods=["fuzzy"])
    assert pairs(det.scan_text("it was a very large weekly supervised data set")) == [
        ("weekly supervised", "weakly supervised")]
    assert det.scan_text("we meet weekly and it is supervised by a tutor") == []


def test_methods_can_be_switched_off(det: Detector) -> None:
    only_variants = load_detector(MIN, methods=["variant"])
    assert pairs(only_variants.scan_text("the vocoder was a wave are an N model")) == []
    no_variants = load_detector(MIN, methods=["fuzzy", "phonetic"])
    assert [f.method for f in no_variants.scan_text("the researchers at open the I trained it")] != ["variant"]
    with pytest.raises(UsageError):
        load_detector(MIN, methods=["guess"])


def test_heard_right_is_normalization_not_asr_error(det: Detector) -> None:
    text = "is using a word net which is like that and bert and deep mind and LSTMs"
    assert det.scan_text(text) == []
    norm = load_detector(MIN, kinds=["normalization"]).scan_text(text)
    assert {(f.found, f.suggestion, f.kind) for f in norm} == {
        ("word net", "WordNet", "normalization"), ("deep mind", "DeepMind", "normalization")}
    # 'bert' is also an English name: BERT only near one of its require words (or said again)
    near = load_detector(MIN, kinds=["normalization"]).scan_text(text.replace("and bert", "and bert fine tuned"))
    assert ("bert", "BERT", "normalization") in {(f.found, f.suggestion, f.kind) for f in near}


def test_context_exception_and_missing_context(det: Detector) -> None:
    assert det.scan_text("this talk was at UC Berkeley and a big bird flew by") == []
    # a common word with no context word near and no mention of the term is left alone
    assert det.scan_text("a bird flew over the lake") == []


def test_sticky_context_raises_the_score(det: Detector) -> None:
    text = "and then the bird model came along"
    [alone] = [f for f in det.scan_text(text, min_score=0.0) if f.found == "bird"]
    [stuck] = [f for f in det.scan_frame(frame("BERT is great and BERT is big", text)) if f.found == "bird"]
    assert stuck.score >= alone.score + 0.1
    assert "said correctly 2x" in stuck.reason and "said correctly" not in alone.reason


def test_title_counts_as_context_and_is_scanned_on_request(det: Detector) -> None:
    text = "and then the bird model came along"
    plain = det.scan_frame(frame(text, title="Guest lecture"))
    [f] = det.scan_frame(frame(text, title="Guest lecture: BERT and friends (bird model)"))
    assert f.field == "text" and f.found == "bird" and f.score > max([p.score for p in plain] + [0])
    titled = det.scan_frame(frame(text, title="Guest lecture: BERT and friends (bird model)"), fields=("title", "text"))
    assert {(f.field, f.found) for f in titled} == {("title", "bird"), ("text", "bird")}


def test_term_split_across_chunks_carries_both_spans(det: Detector) -> None:
    first = "one of the famous examples is they took a baseline Alice"
    second = "T and gave it some love for language modeling"
    findings = det.scan_frame(frame(first, second))
    [f] = [f for f in findings if f.suggestion == "LSTM"]
    assert f.start_second == "0" and first[f.start:f.end] == "Alice" == f.found
    assert f.next_start_second == "30" and second[f.next_start:f.next_end] == "T"
    assert f.cross_chunk and "next chunk" in f.reason


def test_ids_are_stable_and_distinct(det: Detector) -> None:
    fr = frame("we fine tuned bird on squad", "and Roberto was trained on more data")
    a, b = det.scan_frame(fr), Detector(load_glossary(MIN)).scan_frame(fr)
    assert [f.id for f in a] == [f.id for f in b]
    assert len({f.id for f in a}) == len(a) >= 2


def test_videos_do_not_share_context(det: Detector) -> None:
    fr = pl.concat([frame("BERT BERT BERT", video="aaaaaaaaaaa"), frame("and then bird came along", video="bbbbbbbbbbb")])
    assert [f for f in det.scan_frame(fr) if f.found == "bird"] == []


def test_scan_paths_streams_a_file(tmp_path: Path) -> None:
    from qa.records import write

    path = tmp_path / "d.jsonl"
    write(frame("we fine tuned bird on squad", "nothing here"), path)
    seen = []
    found = list(scan_paths([path], rules_dir=MIN, progress=seen.append))
    assert pairs(found) == [("bird", "BERT")] and found[0].file == str(path) and found[0].line == 1
    assert sum(seen) == 2


WORDS = st.sampled_from(["bird", "BERT", "Alice", "T", "open", "the", "I", "wave", "are", "an", "N", "word",
                         "net", "gft", "300", "million", "Roberto", "-", "Burke", "UC", "Berkeley", "é", "’s"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(WORDS, max_size=25).map(" ".join) | st.text(max_size=80), min_size=1, max_size=3))
def test_random_text_never_crashes_and_offsets_hold(det: Detector, texts: list[str]) -> None:
    fr = frame(*texts)
    for f in det.scan_frame(fr, fields=("title", "text")):
        text = texts[int(f.start_second) // 30] if f.field == "text" else ""
        assert text[f.start:f.end] == f.found
        assert 0 <= f.score <= 1
        if f.next_start is not None:
            nxt = texts[int(f.next_start_second) // 30]
            assert 0 <= f.next_start < f.next_end <= len(nxt)


def test_letters_said_aloud_are_compared_letter_by_letter() -> None:
    from qa.detect.similarity import letter_similarity

    assert letter_similarity("LSTNS", "LSTMS") == 1.0  # M and N sound alike
    assert letter_similarity("GFT300", "JFT300M") > 0.9  # jee/jay, a swallowed last letter
    assert letter_similarity("ATI", "UDA") < 0.5  # rhyming keys, different letters


def test_joined_chunks_keep_their_words_and_spans() -> None:
    from qa.detect.tokens import tokenize

    a, b = tokenize("one ’s two’s"), tokenize("é three")
    ab = a + b
    assert ab.words == ["one", "s", "two’s", "three"]
    assert [t.text for t in ab[2:4]] == ["two’s", "three"]
    assert ab.spans[-1] == (2, 7) and b.text[2:7] == "three"


def test_a_heard_plural_gets_the_plural_spelling(tmp_path: Path) -> None:
    (tmp_path / "m.yml").write_text("category: metric\nentries:\n  - term: accuracy\n"
                                    "    aliases: [accuracies]\n    variants: [{text: a gracie, safe: true}, {text: \"a gracie's\", safe: true}]\n"
                                    "    allow: ['the accuracy']\n")
    det = Detector(load_glossary(tmp_path), methods=["variant"])
    assert pairs(det.scan_text("and a gracie dropped")) == [("a gracie", "accuracy")]
    assert pairs(det.scan_text("the a gracie's crater")) == [("a gracie's", "accuracies")]


def test_parallel_scan_gives_the_same_findings(sample_path: Path) -> None:
    one = [f.to_dict() for f in scan_paths([sample_path], rules_dir=MIN)]
    two = [f.to_dict() for f in scan_paths([sample_path], rules_dir=MIN, jobs=2)]
    assert one == two and len(one) >= 3


def test_pieces_end_where_a_video_ends() -> None:
    from qa.detect.parallel import pieces

    a = frame(*["x"] * 5, video="aaaaaaaaaaa")
    b = frame(*["y"] * 4, video="bbbbbbbbbbb")
    parts = list(pieces([a, b.slice(0, 2), b.slice(2)], size=3))
    assert [p["video_id"].to_list() for p in parts] == [["aaaaaaaaaaa"] * 5, ["bbbbbbbbbbb"] * 4]


def test_single_capitals_in_mixed_case_names_stay_letters() -> None:
    from qa.detect.index import readings

    assert readings("F1s") == [("ef", "one", "s")]  # so 'f ones' is not 'said exactly like' F1s
    assert ("open", "ai") in readings("OpenAI")
