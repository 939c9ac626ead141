"""Patch files: format, stable order, version refusal, the store's locking and atomic writes."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.findings import Finding
from qa.patches import NEXT_PART, SUFFIX, CorrectionStore, decide, decide_all, make_decision, read_file

TEXT = "there's a one of the famous examples here is they took a baseline Alice T and gave it some love"


def _finding(text: str = TEXT, found: str = "Alice T", suggestion: str = "LSTM", second: str = "7508") -> Finding:
    start = text.index(found)
    return Finding(video_id="vid", start_second=second, field="text", start=start, end=start + len(found),
                   found=found, suggestion=suggestion, term=suggestion, category="model", kind="asr-error",
                   method="variant", score=0.9, context="")


def test_decision_carries_words_context_hash_reviewer() -> None:
    f = _finding()
    d = decide(f, TEXT, "accept", reviewer="ann")
    assert (d.action, d.original, d.replacement, d.finding_id, d.term) == ("accept", "Alice T", "LSTM", f.id, "LSTM")
    assert d.before == "they took a baseline " and d.after == " and gave it some"
    assert d.reviewer == "ann" and d.timestamp.endswith("Z") and d.text_hash.startswith("sha256:")
    r = decide(f, TEXT, "reject", reviewer="ann")
    assert r.replacement is None


def test_decide_refuses_a_finding_that_does_not_match_the_text() -> None:
    with pytest.raises(InputError, match="not at"):
        decide(_finding(), TEXT.replace("Alice T", "Alice Q"), "accept")


def test_file_has_header_and_stable_sorted_lines(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    late = _finding(second="7600")
    early = _finding(second="90")
    store.record(decide(late, TEXT, "accept", reviewer="a"))
    store.record(decide(early, TEXT, "reject", reviewer="b"))
    (path,) = store.files()
    assert path.name == "vid" + SUFFIX
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": "transcript-qa corrections", "version": 1, "video_id": "vid"}
    assert [json.loads(x)["start_second"] for x in lines[1:]] == ["90", "7600"]  # by number, not by string
    before = path.read_text(encoding="utf-8")
    store.record(read_file(path)[0])  # rewriting the same decisions gives the same bytes
    assert path.read_text(encoding="utf-8") == before


def test_a_later_decision_replaces_the_earlier_one_and_forget_undoes(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    f = _finding()
    store.record(decide(f, TEXT, "accept"))
    store.record(decide(f, TEXT, "reject"))
    assert [d.action for d in store.decisions()] == ["reject"]
    assert store.by_finding()[f.id].action == "reject"
    assert store.forget(f.id).action == "reject"
    assert store.decisions() == [] and store.files() == []
    assert store.forget(f.id) is None


def test_union_merged_duplicates_keep_the_latest(tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    f = _finding()
    store.record(decide(f, TEXT, "accept"))
    (path,) = store.files()
    old = json.loads(path.read_text().splitlines()[1])
    newer = dict(old, action="reject", replacement=None, timestamp="2999-01-01T00:00:00Z")
    path.write_text(path.read_text() + json.dumps(newer) + "\n")  # what `merge=union` leaves behind
    assert [d.action for d in store.decisions()] == ["reject"]


def test_newer_format_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / ("vid" + SUFFIX)
    path.write_text(json.dumps({"format": "transcript-qa corrections", "version": 2, "video_id": "vid"}) + "\n")
    with pytest.raises(InputError) as err:
        CorrectionStore(tmp_path).decisions()
    assert "version 2 is newer" in str(err.value) and str(err.value).startswith(f"{path}:1:")


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("{not json\n", "not valid JSON", 2),
        ('{"action": "accept"}\n', "decision lacks", 2),
    ],
)
def test_bad_lines_are_named_by_file_and_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    path = tmp_path / ("vid" + SUFFIX)
    path.write_text(json.dumps({"format": "transcript-qa corrections", "version": 1, "video_id": "vid"}) + "\n" + body)
    with pytest.raises(InputError, match=message) as err:
        read_file(path)
    assert err.value.line == line


def _decide_many(directory: str, worker: int, count: int) -> None:
    store = CorrectionStore(directory)
    for i in range(count):
        f = _finding(second=str(worker * 1000 + i))
        store.record(decide(f, TEXT, "accept", reviewer=f"w{worker}"))


def test_two_processes_deciding_at_once_lose_no_line(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_decide_many, args=(str(tmp_path), w, 25)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    assert [p.exitcode for p in procs] == [0, 0]
    seconds = {d.start_second for d in CorrectionStore(tmp_path).decisions()}
    assert seconds == {str(w * 1000 + i) for w in (1, 2) for i in range(25)}


def test_two_threads_deciding_at_once_lose_no_line(tmp_path: Path) -> None:
    threads = [threading.Thread(target=_decide_many, args=(str(tmp_path), w, 20)) for w in (3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(CorrectionStore(tmp_path).decisions()) == 40


def test_interrupted_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    store = CorrectionStore(tmp_path)
    store.record(decide(_finding(), TEXT, "accept"))
    (path,) = store.files()
    before = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.record(decide(_finding(second="9"), TEXT, "reject"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".qa.lock") == [path.name]


def test_edit_decisions_have_no_finding_and_are_keyed_by_span(tmp_path: Path) -> None:
    start = TEXT.index("love")
    d = make_decision(action="edit", video_id="vid", start_second="7508", field_name="text", start=start,
                      end=start + 4, field_text=TEXT, replacement="care")
    store = CorrectionStore(tmp_path)
    store.record(d)
    store.record(d)
    (only,) = store.decisions()
    assert only.finding_id is None and only.key == f"edit:text:{start}:{start + 4}"


# --- the file format as data ---------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qa.patches import Decision, render  # noqa: E402

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def decisions(draw) -> Decision:
    action = draw(st.sampled_from(["accept", "reject", "edit"]))
    start = draw(st.integers(0, 500))
    return Decision(
        action=action, video_id="vid", start_second=str(draw(st.integers(0, 20000))),
        field=draw(st.sampled_from(["text", "title"])), start=start, end=start + draw(st.integers(0, 30)),
        # (an accept's replacement is never empty: the loader refuses one as a hand edit, tests/test_user28.py)
        original=draw(_TEXT), replacement=None if action == "reject" else draw(_TEXT.filter(str.strip) if action == "accept"
                                                                               else _TEXT), before=draw(_TEXT),
        after=draw(_TEXT), text_hash="sha256:0123456789abcdef",
        finding_id=None if action == "edit" else draw(st.text("0123456789abcdef", min_size=12, max_size=12)),
        term=draw(st.one_of(st.none(), _TEXT)), reviewer=draw(_TEXT), timestamp="2026-01-01T00:00:00Z",
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(decisions(), max_size=8), st.randoms())
def test_files_round_trip_one_line_each_in_an_order_that_does_not_depend_on_input_order(tmp_path_factory, ds, rnd):
    path = tmp_path_factory.mktemp("p") / ("vid" + SUFFIX)
    # one decision per (record, key), as the store keeps them
    unique = list({(d.start_second, d.key): d for d in ds}.values())
    text = render("vid", unique)
    shuffled = unique[:]
    rnd.shuffle(shuffled)
    assert render("vid", shuffled) == text
    assert text.count("\n") == len(unique) + 1  # newlines inside values are escaped
    path.write_text(text, encoding="utf-8")
    assert read_file(path) == sorted(unique, key=Decision.sort_key)


def test_two_reviewers_branches_merge_with_git_union(tmp_path: Path) -> None:
    import shutil
    import subprocess

    repo = tmp_path / "repo"
    corr = repo / "corrections"
    corr.mkdir(parents=True)
    shutil.copyfile(Path(__file__).parent.parent / "corrections" / ".gitattributes", corr / ".gitattributes")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                              check=True, capture_output=True, text=True).stdout

    store = CorrectionStore(corr)
    git("init", "-q", "-b", "main")
    store.record_many([decide(_finding(second="100"), TEXT, "accept"), decide(_finding(second="300"), TEXT, "accept")])
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "ann")
    store.record(decide(_finding(second="200"), TEXT, "accept", reviewer="ann"))
    git("commit", "-q", "-am", "ann")
    git("checkout", "-q", "main")
    store.record(decide(_finding(second="150"), TEXT, "reject", reviewer="bob"))
    git("commit", "-q", "-am", "bob")
    git("merge", "-q", "--no-edit", "ann")  # both added a line at the same place: no conflict
    assert {d.start_second: d.reviewer for d in store.decisions() if d.reviewer in ("ann", "bob")} == {
        "150": "bob", "200": "ann"}
    assert len(store.decisions()) == 4


def test_a_killed_writer_leaves_whole_files(tmp_path: Path) -> None:
    import signal
    import time

    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=_decide_many, args=(str(tmp_path), 5, 100_000))
    proc.start()
    path = tmp_path / ("vid" + SUFFIX)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not path.exists() or path.read_text().count("\n") < 30):
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # no cleanup, no finally: the worst interruption there is
    proc.join()
    decisions = read_file(path)  # parses: every line whole, header intact
    assert len(decisions) >= 29
    assert all(d.reviewer == "w5" for d in decisions)



def _in_video(f: Finding, video_id: str) -> Finding:
    return Finding.from_dict({**f.to_dict(), "video_id": video_id, "id": ""})


def test_forget_many_removes_across_video_files_with_second_parts_and_rewrites_only_changed_files(
        tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path)
    first, second = "they took a baseline Alice", "T and gave it some love"
    split = Finding(video_id="vid", start_second="0", field="text", start=first.index("Alice"), end=len(first),
                    found="Alice", suggestion="LSTM", term="LSTM", category="model", kind="asr-error",
                    method="phonetic", score=0.7, context="", next_start_second="30", next_start=0, next_end=1)
    texts = {("vid", "0", "text"): first, ("vid", "30", "text"): second}
    kept = _finding(second="90")
    other = _in_video(_finding(second="5"), "other")
    third = _in_video(_finding(second="9"), "third")
    store.record_many(decide_all(split, texts, "accept") + [
        decide(kept, TEXT, "accept"), decide(other, TEXT, "reject"), decide(third, TEXT, "accept")])
    assert len(store.decisions()) == 5
    third_file = tmp_path / ("third" + SUFFIX)
    inode = third_file.stat().st_ino

    gone = store.forget_many([split.id, other.id, "no-such-id"])
    assert sorted(d.finding_id for d in gone) == sorted([split.id, split.id + NEXT_PART, other.id])
    assert {d.finding_id for d in store.decisions()} == {kept.id, third.id}
    assert not (tmp_path / ("other" + SUFFIX)).exists()  # its only decision gone: the file goes
    assert third_file.stat().st_ino == inode  # atomic writes replace a file; this one was not rewritten

    # limited to one video's file: the same ids in other videos' files are left alone
    assert [d.finding_id for d in store.forget_many([kept.id, third.id], videos=["third"])] == [third.id]
    assert {d.finding_id for d in store.decisions()} == {kept.id}
    assert store.forget_many([]) == [] and store.forget_many([third.id]) == []
