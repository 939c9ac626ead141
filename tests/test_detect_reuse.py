"""The findings store (qa.detect.reuse): a video scanned before, unchanged, is not scanned again,
and the output is the same bytes as a scan without the store, whatever the store holds or fails at."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.cli import main
from qa.detect import reuse, scan_paths
from qa.detect.reuse import Stats

DATA = Path(__file__).parent / "data"
MIN = DATA / "rules_min"
LECTURE = DATA / "lecture-l11.jsonl"


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reuse-cache")


@pytest.fixture(autouse=True)
def store(cache_home, monkeypatch) -> Path:
    """A cache directory of this module's (the compiled glossary built once), the store emptied
    before each test."""
    monkeypatch.setenv("QA_CACHE_DIR", str(cache_home))
    monkeypatch.delenv("QA_NO_CACHE", raising=False)
    monkeypatch.delenv("QA_REUSE", raising=False)  # (tests/conftest.py switches the store off elsewhere)
    _empty(cache_home)
    return cache_home / reuse.NAME


def _empty(directory: Path) -> None:
    for old in directory.glob(reuse.NAME + "*"):
        old.rmdir() if old.is_dir() else old.unlink()


def _records() -> list[dict]:
    return [json.loads(line) for line in LECTURE.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A bench-like corpus of 300 records in 12 videos: the lecture's chunks shuffled into videos
    with titles, so each video says different things."""
    rng = random.Random(11)
    recs = _records()
    out = []
    for i in range(300):
        rec = dict(rng.choice(recs))
        video = i // 25
        rec["video_id"] = f"vid{video:03d}"
        rec["title"] = f"Lecture {video}: language models (OpenAI)"
        rec["start_second"] = str(i % 25 * 30)
        out.append(rec)
    return _write(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", out)


def _cli(runner, path: Path, *args: str) -> bytes:
    res = runner.invoke(main, ["scan", str(path), "--rules", str(MIN), *args])
    assert res.exit_code == 0, res.output
    return res.stdout_bytes


def _scan(path: Path, **kw) -> tuple[list[str], Stats]:
    stats = Stats()
    found = [f.to_json() for f in scan_paths([path], rules_dir=MIN, stats=stats, **kw)]
    return found, stats


# --- same output --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_cold_and_warm_scans_write_what_a_scan_without_the_store_writes(runner, corpus, fmt, store):
    args = ("--format", fmt, "--jobs", "1", "--fields", "title,text", "--kinds", "asr-error,normalization")
    plain = _cli(runner, corpus, *args, "--no-cache")
    assert not store.exists()  # --no-cache neither reads nor writes
    cold = _cli(runner, corpus, *args)
    warm = _cli(runner, corpus, *args)
    assert plain == cold == warm and len(plain) > 1000


def test_workers_scan_only_what_is_not_stored(runner, corpus, tmp_path, monkeypatch):
    """With --jobs 2 the main process looks videos up and sends workers the others; when every
    video is stored, no worker is started. Every output: the same bytes as one process without
    the store, whether a piece is all reused, all scanned, or both."""
    from qa.detect import parallel

    monkeypatch.setattr(parallel, "PIECE", 60)  # several pieces, a few videos each
    path = _write(tmp_path / "data.jsonl", [json.loads(line) for line in corpus.read_text().splitlines()])
    args = ("--fields", "title,text", "--kinds", "asr-error,normalization")
    kw = {"fields": ("title", "text"), "kinds": ("asr-error", "normalization")}
    assert _cli(runner, path, "--jobs", "2", *args) == _cli(runner, path, "--jobs", "1", "--no-cache", *args)
    _, warm = _scan(path, jobs=2, **kw)
    assert not warm.workers and warm.reused == 12  # (stored by the CLI's scan)
    recs = [json.loads(line) for line in path.read_text().splitlines()]
    recs[130]["text"] += " we fine tuned bird on squad"  # video 5
    recs[290]["title"] = "another title"  # video 11: the title is context, so it is scanned again
    _write(path, recs)
    found, stats = _scan(path, jobs=2, **kw)  # Finding objects (as for --format text)
    assert stats.computed == ["vid005", "vid011"] and stats.reused == 10
    assert not stats.workers  # a few records: scanned in this process (parallel.LOCAL)
    assert found == _scan(path, reuse=False, **kw)[0]
    monkeypatch.setattr(parallel, "LOCAL", 30)  # one video here, then workers
    recs[60]["text"] = "open the I trained it"
    recs[280]["text"] = "the Alice T model"
    _write(path, recs)
    found, stats = _scan(path, jobs=2, **kw)
    assert stats.workers and stats.computed == ["vid002", "vid011"]
    assert found == _scan(path, reuse=False, **kw)[0]
    monkeypatch.setattr(parallel, "LOCAL", 0)  # workers only
    for fmt, edit in (("json", 160), ("jsonl", 180)):
        recs[edit]["text"] = "open the I trained it"
        _write(path, recs)
        plain = _cli(runner, path, "--jobs", "1", "--no-cache", "--format", fmt, *args)
        assert _cli(runner, path, "--jobs", "2", "--format", fmt, *args) == plain


def test_what_workers_stored_serves_every_format(runner, corpus, store):
    """Videos stored by workers (rendering JSON Lines) are reused by a scan in one process, for
    every format, the same bytes."""
    args = ("--fields", "title,text", "--kinds", "asr-error,normalization")
    _cli(runner, corpus, "--jobs", "2", *args)
    for fmt in ("text", "json", "jsonl"):
        plain = _cli(runner, corpus, "--jobs", "1", "--no-cache", "--format", fmt, *args)
        assert _cli(runner, corpus, "--jobs", "1", "--format", fmt, *args) == plain
    assert _scan(corpus, fields=("title", "text"), kinds=("asr-error", "normalization"))[1].reused == 12


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_dev_lecture_is_reused_whole(jobs):
    """One video; with --jobs 2 the first scan starts workers, the second none."""
    plain, _ = _scan(LECTURE, reuse=False)
    cold, first = _scan(LECTURE, jobs=jobs)
    warm, second = _scan(LECTURE, jobs=jobs)
    assert plain == cold == warm and plain
    assert (first.videos, first.reused, second.reused, second.computed) == (1, 0, 1, [])
    assert first.workers == (jobs == 2) and not second.workers


def test_findings_are_placed_where_the_records_now_are(tmp_path, corpus):
    """A hit takes file and line from the current input: here another file, two lines further down."""
    _scan(corpus)
    recs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    front = [dict(recs[0], video_id="new", text="hello"), dict(recs[1], video_id="new2")]
    moved = _write(tmp_path / "moved.jsonl", front + recs)
    warm, stats = _scan(moved)
    plain, _ = _scan(moved, reuse=False)
    assert warm == plain and stats.reused == 12  # (the new videos in front are computed)
    assert all('"file": ' + json.dumps(str(moved)) in line for line in warm)


# --- what is computed again ------------------------------------------------------------------------


def test_an_edited_record_rescans_only_its_video(tmp_path, corpus):
    jobs = 1  # (--jobs 2: test_workers_scan_only_what_is_not_stored)
    recs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    path = _write(tmp_path / "data.jsonl", recs)
    _scan(path, jobs=jobs)
    recs[130]["text"] += " we fine tuned bird on squad"  # video 5
    _write(path, recs)
    warm, stats = _scan(path, jobs=jobs)
    assert stats.computed == ["vid005"] and stats.reused == 11
    assert warm == _scan(path, reuse=False)[0]
    recs[26]["title"] = "another title"  # the title is context: video 1 is scanned again
    _write(path, recs)
    assert _scan(path, jobs=jobs)[1].computed == ["vid001"]


def test_two_runs_of_one_video_stay_two_videos_when_the_one_between_is_reused(tmp_path, store):
    """Runs A B A are three videos to the stream. With B reused, the two A runs are scanned in one
    feed, but never as one video."""
    recs = _records()
    a1 = [dict(r, video_id="A") for r in recs[:40]]
    b = [dict(r, video_id="B") for r in recs[40:50]]
    a2 = [dict(r, video_id="A") for r in recs[50:]]
    joined, _ = _scan(_write(tmp_path / "aa.jsonl", a1 + a2), reuse=False)
    apart, _ = _scan(_write(tmp_path / "aba.jsonl", a1 + b + a2), reuse=False)
    assert [json.loads(x)["score"] for x in joined] != [json.loads(x)["score"] for x in apart]  # (the test can tell)
    for jobs in (1, 2):
        for old in store.parent.glob(reuse.NAME + "*"):
            old.unlink()
        _scan(_write(tmp_path / "b.jsonl", b))  # B alone: stored
        found, stats = _scan(tmp_path / "aba.jsonl", jobs=jobs)
        assert stats.computed == ["A", "A"] and stats.reused == 1
        assert [json.loads(x)["score"] for x in found] == [json.loads(x)["score"] for x in apart]
        assert [x.replace("aba.jsonl", "") for x in found] == [x.replace("aba.jsonl", "") for x in apart]


_RUNS = st.lists(st.tuples(st.sampled_from("ABC"), st.lists(st.integers(0, 82), min_size=1, max_size=3)),
                 min_size=1, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_RUNS, after=_RUNS, edit=st.integers(0, 20))
def test_whatever_was_stored_a_scan_writes_what_it_writes_without_the_store(tmp_path, store, before, after, edit):
    """Runs of a few video ids (A B A, A A, ...) of the lecture's records: scan one input, then
    another that shares some of its videos (and has one record edited): the second scan, reusing
    whatever matches, gives what it gives without the store."""
    recs = _records()

    def rows(runs):
        out = []
        for k, (vid, picks) in enumerate(runs):
            out += [dict(recs[i], video_id=vid, start_second=str(30 * j)) for j, i in enumerate(picks)]
        return out

    first, second = rows(before), rows(before + after)
    second[edit % len(second)]["text"] += " alice t"
    for name, data in (("first", first), ("second", second)):
        path = _write(tmp_path / f"{name}.jsonl", data)
        found, _ = _scan(path)
        assert found == _scan(path, reuse=False)[0]


def test_other_rules_or_options_never_reuse(tmp_path, corpus):
    base, _ = _scan(corpus)
    for kw in ({"min_score": 0.6}, {"kinds": ("asr-error", "normalization")}, {"methods": ("variant",)},
               {"fields": ("title", "text")}):
        found, stats = _scan(corpus, **kw)
        assert stats.reused == 0, kw
        assert found == _scan(corpus, reuse=False, **kw)[0]
    rules = tmp_path / "rules"
    rules.mkdir()
    for f in MIN.iterdir():
        (rules / f.name).write_bytes(f.read_bytes())
    stats = Stats()
    list(scan_paths([corpus], rules_dir=rules, stats=stats))
    assert stats.reused == 12  # the same rules elsewhere: the same detector
    with open(rules / "models.yml", "a", encoding="utf-8") as fh:
        fh.write("# an edit\n")
    stats = Stats()
    list(scan_paths([corpus], rules_dir=rules, stats=stats))
    assert stats.reused == 0
    assert _scan(corpus)[1].reused == 12  # (and the first detector's findings are still there)


def test_rules_edited_while_they_load_store_nothing(tmp_path, corpus, monkeypatch):
    """The key is made from the rule files' bytes before they are loaded: when a file changed in
    between, the detector is used for this scan but neither cached nor keyed."""
    from qa import glossary
    from qa.detect import compiled

    rules = tmp_path / "rules"
    rules.mkdir()
    for f in MIN.iterdir():
        (rules / f.name).write_bytes(f.read_bytes())
    real = glossary.load_glossary

    def edited_meanwhile(path):
        out = real(path)
        with open(rules / "models.yml", "a", encoding="utf-8") as fh:
            fh.write("# edited while loading\n")
        return out

    monkeypatch.setattr(glossary, "load_glossary", edited_meanwhile)
    det = compiled.load(rules, methods=None, kinds=("asr-error",), min_score=0.5)
    assert compiled.key_of(det) is None
    stats = Stats()
    assert list(scan_paths([corpus], detector=det, stats=stats)) and stats.videos == 0


# --- a store that fails is a miss ------------------------------------------------------------------


@pytest.mark.parametrize("env", [{"QA_NO_CACHE": "1"}, {"QA_CACHE_DIR": ""}, {"QA_REUSE": "0"}])
def test_the_cache_switches_turn_the_store_off(corpus, store, monkeypatch, env):
    plain, _ = _scan(corpus, reuse=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for _ in range(2):
        found, stats = _scan(corpus)
        assert found == plain and stats.videos == 0
    assert not store.exists()


def test_a_damaged_store_is_replaced(corpus, store):
    plain, _ = _scan(corpus, reuse=False)
    store.write_bytes(b"this is not a database" * 100)
    found, stats = _scan(corpus)
    assert found == plain and stats.reused == 0
    found, stats = _scan(corpus)
    assert found == plain and stats.reused == 12


def test_a_damaged_video_is_scanned_again(corpus, store):
    plain, _ = _scan(corpus, reuse=False)
    _scan(corpus)
    conn = sqlite3.connect(store)
    keys = [k for (k,) in conn.execute("SELECT key FROM videos ORDER BY rowid")]
    conn.execute("UPDATE videos SET findings = ? WHERE key = ?", (b"\x78\x01garbage", keys[3]))
    conn.execute("UPDATE videos SET findings = ? WHERE key = ?", (b"\x78\x01" + bytes(10), keys[7]))
    conn.commit()
    conn.close()
    found, stats = _scan(corpus)
    assert found == plain and stats.computed == ["vid003", "vid007"]
    assert _scan(corpus)[1].reused == 12  # (stored again)


def test_a_store_that_cannot_be_made_costs_only_time(corpus, store, tmp_path, monkeypatch):
    plain, _ = _scan(corpus, reuse=False)
    store.mkdir()  # the store's name taken by a directory
    found, stats = _scan(corpus)
    assert found == plain and stats.videos == 0
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("QA_CACHE_DIR", str(blocker / "cache"))  # below a file: no directory
    for jobs in (1, 2):
        found, stats = _scan(corpus, jobs=jobs)
        assert found == plain and stats.videos == 0


def test_a_store_that_cannot_be_written_is_read_only_a_miss(corpus, store, monkeypatch):
    plain, _ = _scan(corpus, reuse=False)
    _scan(corpus)  # made, and filled
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    found, stats = _scan(corpus)  # read: every video hit (marking them used fails, quietly)
    assert found == plain and stats.reused == 12
    store.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    found, stats = _scan(corpus)  # cannot even be made read-only
    assert found == plain and stats.reused == 0


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_store_failing_mid_scan_gives_the_same_findings(corpus, monkeypatch, jobs):
    plain, _ = _scan(corpus, reuse=False)

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as mp:
        mp.setattr(reuse._transaction, "__enter__", full)  # every write fails
        found, stats = _scan(corpus, jobs=jobs)
    assert found == plain and stats.reused == 0
    assert _scan(corpus)[1].reused == 0  # nothing was stored


def test_a_store_another_process_is_writing_is_not_waited_for_long(corpus, store, monkeypatch):
    plain, _ = _scan(corpus, reuse=False)
    _scan(_write(corpus.with_name("one.jsonl"), [_records()[0]]))  # the store made
    monkeypatch.setattr(reuse, "TIMEOUT", 0.05)
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another scan, writing
    try:
        found, stats = _scan(corpus)  # looked up (a reader never waits), not stored
        assert found == plain and stats.reused == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _scan(corpus)[1].reused == 0  # (nothing was stored while it was busy)
    assert _scan(corpus)[1].reused == 12


# --- bounded size --------------------------------------------------------------------------------


def test_the_store_keeps_the_most_recently_used_videos_under_its_bound(corpus, store, monkeypatch):
    _scan(corpus)
    conn = sqlite3.connect(store)
    sizes = dict(conn.execute("SELECT key, size FROM videos").fetchall())
    assert len(sizes) == 12
    conn.execute("UPDATE videos SET used = used - 100")  # all older than what is used next
    conn.commit()
    conn.close()
    bound = sum(sizes.values()) // 2
    monkeypatch.setenv("QA_CACHE_MAX_MB", str(bound / 1_000_000))
    stats = Stats()
    first_two = b"".join(line.encode() + b"\n" for line in corpus.read_text(encoding="utf-8").splitlines()[:50])
    small = corpus.with_name("two.jsonl")
    small.write_bytes(first_two)
    list(scan_paths([small], rules_dir=MIN, stats=stats))  # videos 0 and 1: hits, used now
    assert stats.reused == 2
    # a scan that writes prunes: a new video, then the least recently used go down to 3/4 of the bound
    other = corpus.with_name("other.jsonl")
    other.write_bytes(first_two.replace(b'"vid000"', b'"vid999"'))
    list(scan_paths([other], rules_dir=MIN))
    conn = sqlite3.connect(store)
    left = dict(conn.execute("SELECT key, size FROM videos").fetchall())
    conn.close()
    assert sum(left.values()) <= bound * 3 // 4 + max(sizes.values())
    assert len(left) < 13
    _, stats = _scan(small)
    assert stats.reused == 2  # the recently used stayed


def test_the_help_says_what_no_cache_does(runner):
    res = runner.invoke(main, ["scan", "--help"])
    assert "--no-cache" in res.output and "scanned before" in " ".join(res.output.split())
