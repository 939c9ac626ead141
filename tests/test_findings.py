"""Finding serialisation: the hand-written to_dict/to_json/finding_id give what the generic ones did."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.findings import Finding, finding_id

ORDER = ["id", "video_id", "start_second", "field", "start", "end", "found", "suggestion", "term",
         "category", "kind", "method", "score", "context"]


def old_to_dict(f: Finding) -> dict:
    """The asdict-based version the hand-written one replaced (the reference)."""
    d = asdict(f)
    out = {k: d.pop(k) for k in ORDER}
    out["score"] = round(float(out["score"]), 3)
    out.update(d)
    return out


def old_finding_id(video_id, start_second, field_name, start, end, suggestion) -> str:
    key = "\x1f".join([video_id, str(start_second), field_name, str(start), str(end), suggestion])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


TEXT = st.text(max_size=30)  # any unicode: quotes, backslashes, control characters, surrogates excluded
OPT_TEXT = st.none() | TEXT
OPT_INT = st.none() | st.integers(min_value=-(10 ** 20), max_value=10 ** 20)

findings = st.builds(
    Finding,
    video_id=TEXT, start_second=TEXT, field=st.sampled_from(["text", "title"]),
    start=st.integers(0, 10 ** 6), end=st.integers(0, 10 ** 6), found=TEXT, suggestion=TEXT, term=TEXT,
    category=TEXT, kind=st.sampled_from(["asr-error", "normalization"]),
    method=st.sampled_from(["variant", "fuzzy", "phonetic"]),
    score=st.floats(0, 1) | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-5, 5),
    context=TEXT, reason=TEXT, safe=st.booleans(), next_start_second=OPT_TEXT, next_start=OPT_INT,
    next_end=OPT_INT, file=OPT_TEXT, line=OPT_INT,
)


@settings(max_examples=150, deadline=None)
@given(findings)
def test_to_dict_equals_the_asdict_version(f: Finding) -> None:
    new, old = f.to_dict(), old_to_dict(f)
    assert new == old
    assert list(new) == list(old)  # the documented key order too


@settings(max_examples=150, deadline=None)
@given(findings)
def test_to_json_is_json_dumps_of_to_dict(f: Finding) -> None:
    assert f.to_json() == json.dumps(old_to_dict(f), ensure_ascii=False)


def test_to_json_of_unexpected_value_types_takes_the_json_path() -> None:
    # what from_dict may hand over from a hand-edited file: ints where strings go, a bool offset, nan
    f = Finding("v", 30, "text", True, 5, "found", "S", "T", "c", "asr-error", "phonetic", float("nan"), "ctx",
                line="7", next_start=2.5)
    assert f.to_json() == json.dumps(old_to_dict(f), ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT | st.integers(), TEXT, st.integers(), st.integers(), TEXT)
def test_finding_id_is_unchanged(video_id, start_second, field_name, start, end, suggestion) -> None:
    assert finding_id(video_id, start_second, field_name, start, end, suggestion) == \
        old_finding_id(video_id, start_second, field_name, start, end, suggestion)


@settings(max_examples=60, deadline=None)
@given(findings)
def test_a_written_finding_reads_back(f: Finding) -> None:
    back = Finding.from_dict(json.loads(f.to_json()))
    assert back.to_dict() == json.loads(f.to_json())


def test_jsonl_writer_chunks_are_the_lines_in_order() -> None:
    from qa.cli.scan import _jsonl_chunks

    fs = [Finding("v", str(i), "text", i, i + 1, "x", "Y", "Y", "model", "asr-error", "variant", 0.5, "c x d")
          for i in range(2501)]
    chunks = list(_jsonl_chunks(iter(fs), size=1000))
    assert len(chunks) == 3  # one write per chunk, not per line
    assert "".join(chunks) == "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in fs)
    assert list(_jsonl_chunks(iter([]))) == []
