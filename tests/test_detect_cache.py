"""The compiled-glossary cache (qa.detect.compiled, qa.detect.cache) and the frequency table
(qa.detect.freq): a cached Detector scans exactly like a fresh one, any change of the rules is
seen, bad rules fail as without a cache, and a damaged or unwritable cache only costs time."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa import glossary
from qa.cli import main
from qa.detect import Detector, cache, compiled, freq, load_detector
from qa.errors import InputError
from qa.records import load

DATA = Path(__file__).parent / "data"
MIN = DATA / "rules_min"


@pytest.fixture
def rules(tmp_path) -> Path:
    d = tmp_path / "rules"
    shutil.copytree(MIN, d)
    return d


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("QA_CACHE_DIR", str(d))
    return d


def _no_yaml(monkeypatch):
    """Fail if the rules are read: the Detector must then come from the cache."""
    def refuse(*_a, **_k):
        raise AssertionError("rules were read, not loaded from the cache")

    monkeypatch.setattr(glossary, "load_glossary", refuse)


def _found(det: Detector, text: str) -> list[tuple[str, str]]:
    return [(f.found, f.suggestion) for f in det.scan_text(text)]


def test_second_load_comes_from_the_cache_and_scans_the_same(rules, cache_dir, monkeypatch, sample_path):
    built = load_detector(rules, kinds=("asr-error", "normalization"))
    assert len(list(cache_dir.glob("detector-*.pickle"))) == 1
    with monkeypatch.context() as mp:
        _no_yaml(mp)
        cached = load_detector(rules, kinds=("asr-error", "normalization"))
    assert cached is not built
    frame = load([sample_path]).frame
    a = [f.to_dict() for f in built.scan_frame(frame, fields=("title", "text"))]
    b = [f.to_dict() for f in cached.scan_frame(frame, fields=("title", "text"))]
    assert a and a == b
    assert _found(cached, "we fine tuned bird on squad") == [("bird", "BERT")]


def test_the_cached_full_glossary_scans_like_a_fresh_one(cache_dir, monkeypatch, sample_path, det_full):
    """Anything keyed by id() when a Detector is built would be wrong after unpickling: the packaged
    glossary, both kinds, titles and texts, through the batch and the per-text paths."""
    from qa.config import PACKAGED_RULES

    kinds = ("asr-error", "normalization")
    fresh = det_full  # built from the YAML, never pickled
    assert fresh.kinds == set(kinds)
    load_detector(PACKAGED_RULES, kinds=kinds)  # builds and caches
    with monkeypatch.context() as mp:
        _no_yaml(mp)
        cached = load_detector(PACKAGED_RULES, kinds=kinds)
    frame = load([sample_path]).frame
    want = [f.to_dict() for f in fresh.scan_frame(frame, fields=("title", "text"))]
    assert want and [f.to_dict() for f in cached.scan_frame(frame, fields=("title", "text"))] == want
    stream = cached.stream(("title", "text"))
    assert [f.to_dict() for f in [*stream.feed_small(frame), *stream.close()]] == want


def test_other_arguments_are_another_detector(rules, cache_dir):
    load_detector(rules)
    det = load_detector(rules, methods=["variant"], min_score=0.9)
    assert det.methods == {"variant"} and det.min_score == 0.9
    assert len(list(cache_dir.glob("detector-*"))) == 2


def test_only_the_most_recent_detectors_are_kept(rules, cache_dir, monkeypatch):
    monkeypatch.setattr(compiled, "KEEP", 2)
    for score in (0.5, 0.6, 0.7):
        load_detector(rules, min_score=score)
    assert len(list(cache_dir.glob("detector-*"))) == 2
    with monkeypatch.context() as mp:  # the newest is among them
        _no_yaml(mp)
        assert load_detector(rules, min_score=0.7).min_score == 0.7


def test_an_edit_of_the_rules_is_seen(rules, cache_dir):
    assert _found(load_detector(rules), "we fine tuned burden on squad") == []
    models = rules / "models.yml"
    models.write_text(models.read_text().replace("variants: [bird,", "variants: [burden, bird,"))
    assert _found(load_detector(rules), "we fine tuned burden on squad") == [("burden", "BERT")]
    # the file was replaced, not added to
    assert len(list(cache_dir.glob("detector-*"))) == 1


def test_a_new_rules_file_is_seen(rules, cache_dir):
    load_detector(rules)
    (rules / "tools.yml").write_text(
        "category: tool\nentries:\n  - term: PyTorch\n    variants: [pie torch]\n"
        "    flag:\n      - {text: \"we wrote it in pie torch\", to: PyTorch}\n")
    assert _found(load_detector(rules), "we wrote it in pie torch") == [("pie torch", "PyTorch")]


def test_invalid_rules_fail_with_file_and_line_after_a_cached_build(rules, cache_dir):
    load_detector(rules)
    models = rules / "models.yml"
    good = models.read_text()
    bad = good.replace("  - term: LSTM\n", "  - term: LSTM\n    colour: red\n")
    models.write_text(bad)
    for _ in range(2):  # and the failure is not cached as a success either
        with pytest.raises(InputError) as err:
            load_detector(rules)
        assert err.value.file is not None and Path(err.value.file).name == "models.yml"
        assert err.value.line == bad.splitlines().index("    colour: red") + 1
        assert "colour" in str(err.value)
    models.write_text(good)
    assert _found(load_detector(rules), "we fine tuned bird on squad") == [("bird", "BERT")]


def test_cli_exits_2_on_invalid_rules_with_a_cache(rules, cache_dir, runner, tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps({"video_id": "v", "start_second": "0", "start": "0:00", "end": "0:05",
                                "title": "t", "text": "we fine tuned bird on squad", "url": "u",
                                "thumbnail": "x", "channel": "c"}) + "\n")
    ok = runner.invoke(main, ["scan", str(data), "--rules", str(rules)])
    assert ok.exit_code == 0 and '"suggestion": "BERT"' in ok.output
    (rules / "datasets.yml").write_text("category: dataset\nentries:\n  - term: [unclosed\n")
    res = runner.invoke(main, ["scan", str(data), "--rules", str(rules)])
    assert res.exit_code == 2
    assert re.search(r"qa: error: \S*datasets\.yml:\d+: invalid YAML", res.output)
    assert "Traceback" not in res.output


def test_a_damaged_cache_file_is_rebuilt(rules, cache_dir, monkeypatch):
    load_detector(rules)
    (path,) = cache_dir.glob("detector-*")
    good = path.read_bytes()
    for damage in (b"", good[:len(good) // 2], good[:200] + b"\x00" * 500, b"not a cache at all"):
        path.write_bytes(damage)
        assert _found(load_detector(rules), "we fine tuned bird on squad") == [("bird", "BERT")]
        with monkeypatch.context() as mp:  # rewritten whole: the next load is a hit
            _no_yaml(mp)
            load_detector(rules)


def test_a_foreign_object_under_the_right_key_is_not_used(rules, cache_dir):
    load_detector(rules)
    (path,) = cache_dir.glob("detector-*")
    key = path.read_bytes()[len(cache.FORMAT):len(cache.FORMAT) + cache.KEY_LEN].decode()
    assert cache.save(path.name, key, {"not": "a detector"})
    assert _found(load_detector(rules), "we fine tuned bird on squad") == [("bird", "BERT")]


def test_an_unwritable_cache_only_costs_time(rules, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would go")
    monkeypatch.setenv("QA_CACHE_DIR", str(blocker / "cache"))
    assert not cache.writable()
    for _ in range(2):
        assert _found(load_detector(rules), "we fine tuned bird on squad") == [("bird", "BERT")]


@pytest.mark.parametrize("env", [{"QA_CACHE_DIR": ""}, {"QA_NO_CACHE": "1"}])
def test_the_cache_can_be_switched_off(rules, cache_dir, monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert cache.cache_dir() is None
    assert _found(load_detector(rules), "we fine tuned bird on squad") == [("bird", "BERT")]
    assert not cache_dir.exists()


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.delenv("QA_CACHE_DIR", raising=False)
    monkeypatch.delenv("QA_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "transcript-qa"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "transcript-qa"
    monkeypatch.setenv("QA_NO_CACHE", "0")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "transcript-qa"

    def homeless():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(homeless))
    assert cache.cache_dir() is None
    assert cache.load("x", "0" * 64) is None and not cache.save("x", "0" * 64, 1) and not cache.writable()


def test_the_key_covers_the_code_and_the_arguments(rules):
    read = compiled._read(glossary.rule_files(rules))
    base = compiled._full_key(rules, read, "a")
    assert base == compiled._full_key(rules, read, "a")
    assert base != compiled._full_key(rules, read, "b")
    names = {d.split("-")[0].lower() for d in cache._distributions()}
    assert {"polars", "rapidfuzz", "wordfreq", "pyahocorasick", "jellyfish"} <= names
    cache.environment.cache_clear()
    try:
        env = cache.environment()
        assert re.fullmatch(r"[0-9a-f]{64}", env)
    finally:
        cache.environment.cache_clear()


# --- word frequencies ------------------------------------------------------------------------------


def _vocabulary() -> set[str]:
    words: set[str] = set()
    sources = [DATA / "lecture-l11.jsonl", Path(__file__).parent.parent / "qa" / "data" / "sample.jsonl",
               *sorted((Path(__file__).parent.parent / "rules").glob("*.yml"))]
    for path in sources:
        for w in re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", path.read_text(encoding="utf-8")):
            words.update({w, w.lower(), w.lower().replace("'", "").replace("’", "")})
    return words


@pytest.fixture(scope="module")
def table():
    """A fresh table, as built into the cache."""
    freq._table, freq._dicts = None, {}
    yield
    freq._table, freq._dicts = None, {}


def test_zipf_is_wordfreqs_on_the_corpus_vocabulary(table):
    from wordfreq import get_frequency_list, zipf_frequency

    words = _vocabulary()
    listed = [w for bucket in get_frequency_list("en") for w in bucket]
    words.update(listed[::40])  # every 40th word of the list, all frequency bands
    assert len(words) > 10_000
    bad = {w: (freq.zipf(w), zipf_frequency(w, "en")) for w in words if freq.zipf(w) != zipf_frequency(w, "en")}
    assert bad == {}
    assert freq._table  # the table answered (not wordfreq for every word)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzAZ09'é -", max_size=12))
def test_zipf_is_wordfreqs_on_any_string(table, word):
    from wordfreq import zipf_frequency

    assert freq.zipf(word) == zipf_frequency(word, "en")


def test_words_of_digits_and_apostrophes_are_answered_without_wordfreq(table, monkeypatch):
    """Importing wordfreq mid-scan kept ~40 MB more in that process to its end: words of letters and
    digits (smashed and weighed as wordfreq does) and of letters and apostrophes come from the table."""
    from wordfreq import get_frequency_list, zipf_frequency

    rng = random.Random(3)
    words = ["nan's", "bert's", "it'll", "y'all", "a'a", "don't", "rock'n'roll", "ai's", "f1's", "i've", "x12's", "bert\u2019s", "O'Neil", "Bert", "GPT2", "ImageNet", "gpt2", "l2", "x86", "v100", "a100s", "resnet50",
             "2019", "1990", "2045", "0007", "12345", "jft300m", "cifar100", "3090"]
    words += [str(rng.randint(0, 10 ** rng.randint(1, 7))) for _ in range(500)]
    words += [rng.choice(["gpt", "v", "resnet", "t", "x", "19", ""]) + str(rng.randint(0, 99999)) +
              rng.choice(["", "s", "m", "b", "x"]) for _ in range(500)]
    words += [w for bucket in get_frequency_list("en") for w in bucket
              if ("'" in w or any(c.isdigit() for c in w)) and re.fullmatch(r"[a-z0-9']+", w)][::7]
    expected = {w: zipf_frequency(w, "en") for w in words}
    monkeypatch.setattr(freq, "_other", {})
    monkeypatch.setattr(freq, "_wordfreq", lambda w: pytest.fail(f"wordfreq asked about {w!r}"))
    got = {w: freq.zipf(w) for w in words
           if any(p.fullmatch(w.replace("\u2019", "'").lower()) for p in (freq._QUOTED, freq._ALNUM))}
    assert len(got) > 2000
    assert got == {w: expected[w] for w in got}


def test_a_rebuild_asks_wordfreq_nothing_it_answered_before(rules, cache_dir, monkeypatch):
    """Correct forms with digits ('JFT-300M') are outside the table; wordfreq's answers for them are
    kept, so compiling the glossary again after an edit does not import wordfreq."""
    first = load_detector(rules)
    assert "jft300m" in freq._other
    monkeypatch.setattr(freq, "_other", {})
    monkeypatch.setattr(freq, "_wordfreq", lambda w: pytest.fail(f"wordfreq asked about {w!r} again"))
    models = rules / "models.yml"
    models.write_text(models.read_text().replace("variants: [bird,", "variants: [burt, bird,"))
    again = load_detector(rules)
    assert again is not first and freq._other["jft300m"] == freq.zipf("jft300m")


def test_the_frequency_table_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(freq, "_table", None)
    monkeypatch.setattr(freq, "_dicts", {})
    assert freq.zipf("bird") == 4.63
    assert (tmp_path / freq.NAME).is_file()
    monkeypatch.setattr(freq, "_table", None)
    monkeypatch.setattr(freq, "_dicts", {})
    monkeypatch.setattr(freq, "build_table", lambda: pytest.fail("the table was built again"))
    assert freq.zipf("bird") == 4.63


# --- small inputs --------------------------------------------------------------------------------


def test_small_slices_scanned_text_by_text_give_the_batchs_findings(monkeypatch, sample_path):
    """scan_paths scans slices of fewer than SMALL_FRAME records text by text (Stream.feed_small):
    the same findings as the batch path, whichever way each slice goes."""
    import qa.detect as detect

    det = load_detector(MIN, kinds=("asr-error", "normalization"))
    runs = []
    for small, slice_ in ((0, 2000), (10 ** 9, 2000), (30, 37)):  # the last: batch, batch, small
        monkeypatch.setattr(detect, "SMALL_FRAME", small)
        monkeypatch.setattr(detect, "PROGRESS_SLICE", slice_)
        runs.append([f.to_dict() for f in detect.scan_paths([sample_path], detector=det, fields=("title", "text"))])
    assert runs[0] and runs[0] == runs[1] == runs[2]
