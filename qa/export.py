"""Corrected datasets out: JSONL (or any record format), SRT and WebVTT per video, a unified diff.

Subtitles are written with the `srt` and `webvtt-py` libraries rather than by hand, so timestamp
formats are theirs; WebVTT's markup characters are escaped here (webvtt-py writes text as given). The diff is of a plain text rendering, one record per line
(``VIDEO_ID START_SECOND<TAB>text``), so `patch -p1` replays it on that rendering of the source.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import sys
from bisect import bisect_right
from datetime import timedelta
from pathlib import Path

import polars as pl
import srt
import webvtt

from qa import records, rewrite
from qa.atomic import atomic_write_files, atomic_write_text
from qa.errors import InputError, UsageError

FORMATS = ("srt", "vtt", "diff", "jsonl")


def _seconds(value: str | None, timestamp: str | None) -> float | None:
    """A time in seconds a subtitle can start or end at: finite, not negative, within timedelta's
    range ("nan", "inf", "-5" or "1e400" parse as floats, but no cue can be timed by them)."""
    for raw in (value, timestamp):
        if raw is None:
            continue
        try:
            seconds = float(raw)
        except ValueError:
            m = re.fullmatch(r"(?:([0-9]+):)?([0-9]+):([0-9]+(?:\.[0-9]+)?)", raw.strip())
            if not m:
                continue
            seconds = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
        if math.isfinite(seconds) and 0 <= seconds <= _LONGEST:
            return seconds
    return None


_LONGEST = timedelta(days=99_999).total_seconds()  # far beyond any video, well within timedelta


def _cue_text(text: str) -> str:
    """*text* without blank lines: a blank line ends a cue in SRT and WebVTT alike."""
    return "\n".join(line for line in text.splitlines() if line.strip())


LAST_CUE = 5.0  # seconds a video's last cue lasts when its record's end time cannot time it


def cues(frame: pl.DataFrame, left_out: list[tuple[str | None, int | None]] | None = None
         ) -> dict[str, list[tuple[float, float, str]]]:
    """Per video, (start, end, text) in time order; records without a usable start time or with no
    text to show are skipped. A cue whose end is unusable or not after its start (end_second < or =
    start_second, which `qa validate` reports as TQ202) lasts until the video's next cue starts, or
    LAST_CUE seconds when none starts later: such cues used to end where they began, and a player
    never shows a cue of no length, so the chunk's words were missing from the subtitles. The (file,
    line) of each record skipped is appended to *left_out*, when given, for the export to name."""
    out: dict[str, list[tuple[float, float | None, str]]] = {}
    cols = ["video_id", "start_second", "end_second", "start_timestamp", "end_timestamp", "text"]
    where = [c for c in ("_file", "_line") if c in frame.columns]
    for vid, s, e, st, et, text, *at in frame.select(cols + where).iter_rows():
        start, end = _seconds(s, st), _seconds(e, et)
        text = _cue_text(text) if text is not None else ""
        if vid is None or start is None or not text:
            if left_out is not None:
                left_out.append((at[0], at[1]) if len(at) == 2 else (None, None))
            continue
        out.setdefault(vid, []).append((start, end if end is not None and end > start else None, text))
    return {vid: _timed(items) for vid, items in out.items()}


def _timed(items: list[tuple[float, float | None, str]]) -> list[tuple[float, float, str]]:
    """*items* in time order, each untimed end (None) made the next later start, else start + LAST_CUE."""
    items = sorted(items, key=lambda c: c[0])
    starts = [c[0] for c in items]
    out = []
    for start, end, text in items:
        if end is None:
            later = bisect_right(starts, start)  # (the first start after this one: starts are sorted)
            end = starts[later] if later < len(starts) else min(start + LAST_CUE, _LONGEST)
        out.append((start, end, text))
    return out


def to_srt(items: list[tuple[float, float, str]]) -> str:
    subs = [srt.Subtitle(i, timedelta(seconds=s), timedelta(seconds=e), t) for i, (s, e, t) in enumerate(items, 1)]
    return srt.compose(subs, reindex=False)


def _vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _vtt_escape(text: str) -> str:
    # WebVTT cue text is markup: '<' opens a tag, '&' a character reference, and '-->' may not
    # appear at all; a transcript's "x < y" or "a --> b" is text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(items: list[tuple[float, float, str]]) -> str:
    captions = [webvtt.Caption(start=_vtt_time(s), end=_vtt_time(e), text=_vtt_escape(t)) for s, e, t in items]
    return webvtt.WebVTT(captions=captions).content


def _escape(text: str) -> str:
    # one record per line, whatever the text holds
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def render_text(frame: pl.DataFrame, field: str = "text") -> str:
    """The plain text rendering the diff is made against: one ``VIDEO START<TAB>text`` line per record."""
    lines = [
        f"{vid} {sec}\t{_escape(text or '')}\n"
        for vid, sec, text in frame.select("video_id", "start_second", field).iter_rows()
    ]
    return "".join(lines)


def unified_diff(original: pl.DataFrame, corrected: pl.DataFrame, name: str = "transcript.txt") -> str:
    # lines end at "\n" alone, as patch and git read them: str.splitlines also breaks at U+2028, U+0085,
    # a form feed ..., which a transcript may hold, and the hunks then counted lines patch does not see
    a = _lines(render_text(original))
    b = _lines(render_text(corrected))
    return "".join(difflib.unified_diff(a, b, fromfile=f"a/{name}", tofile=f"b/{name}"))


def _lines(text: str) -> list[str]:
    return [line + "\n" for line in text.split("\n")[:-1]]  # (render_text ends every line with one)


def _stem(path: Path) -> str:
    """*path*'s name without its format suffix ("talks.2024-01.jsonl.gz" -> "talks.2024-01")."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    suffix = next((s for s in records.SUFFIXES if name.lower().endswith(s)), "")
    return name[: len(name) - len(suffix)]


def _safe(video_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", video_id)


def _no_cue(frame: pl.DataFrame, fmt: str, skipped: list[tuple[str | None, int | None]]) -> InputError:
    """The error for data no cue can be made of, naming its input (it named none: with several inputs,
    or a script's, the reader was left to guess which file was meant) and its first record."""
    files = list(dict.fromkeys(frame["_file"].to_list())) if "_file" in frame.columns else []
    file, line = skipped[0] if skipped else (files[0] if files else None, None)
    what = f"none of the {len(frame):,} record(s) of {', '.join(map(str, files))}" if files else "no record"
    return InputError(f"{what} has a video_id, a usable start time and text: no {fmt} file to write "
                      "(`qa validate` names what is wrong with them)", file=file, line=line)


def check_output(fmt: str, output: str | Path) -> None:
    """Refuse an *output* that cannot hold *fmt*, before any data is read: a JSON Lines file named as
    another format (`--format jsonl -o fixed.csv` wrote CSV, the name choosing the format over the flag)."""
    output = Path(output)
    if fmt == "jsonl" and output.suffix and not output.is_dir():
        try:
            ok = records.detect_format(output) == "jsonl"
        except InputError:
            ok = False
        if not ok:
            raise UsageError(f"--format jsonl writes JSON Lines; name the file .jsonl or .ndjson (optionally .gz), "
                             "or write other formats with qa apply", file=output)


def export(original: pl.DataFrame, corrected: pl.DataFrame, fmt: str, output: str | Path | None,
           name: str = "transcript.txt", left_out: list[tuple[str | None, int | None]] | None = None) -> list[Path]:
    """Write *corrected* as *fmt* under *output*; returns the files written. *output* None is stdout
    (diff and jsonl, which are one stream; subtitles are a file per video). The (file, line) of each
    record no subtitle cue could be made of is appended to *left_out*, when given."""
    if output is None:
        if fmt == "diff":
            sys.stdout.write(unified_diff(original, corrected, name))
            sys.stdout.flush()
            return []
        if fmt == "jsonl":
            rewrite.write(original, corrected, None)
            return []
        raise UsageError(f"--format {fmt} writes one file per video; give a directory for --output")
    # 'subs/' names a directory even before it exists: Path drops the slash, and `--format diff -o out/`
    # wrote a file named 'out'
    as_dir = isinstance(output, str) and output.endswith(("/", os.sep))
    output = Path(output)
    if fmt in ("srt", "vtt"):
        if output.suffix.lower() == f".{fmt}":
            raise UsageError(f"--format {fmt} writes one file per video; give a directory for --output", file=output)
        render = to_srt if fmt == "srt" else to_vtt
        skipped: list[tuple[str | None, int | None]] = []
        timed = cues(corrected, skipped)
        if left_out is not None:
            left_out.extend(skipped)
        if not timed:  # (nothing written and nothing said, exit 0, looked like a finished export)
            raise _no_cue(corrected, fmt, skipped)
        files = {}
        for vid in timed:
            path = output / f"{_safe(vid)}.{fmt}"
            if path in files:  # ("a/b" and "a_b" are one file name: the second replaced the first)
                raise UsageError(f"videos {files[path]!r} and {vid!r} would both be written to {path}")
            files[path] = vid
        return atomic_write_files((path, render(timed[vid])) for path, vid in files.items())
    if fmt == "diff":
        path = output / "corrections.diff" if output.is_dir() or as_dir else output
        atomic_write_text(path, unified_diff(original, corrected, name))
        return [path]
    if fmt == "jsonl":
        if output.suffix == "" or output.is_dir():
            parts = corrected.group_by("_file", maintain_order=True) if "_file" in corrected.columns else []
            targets: dict[Path, str] = {}
            for (file,), part in parts:
                path = output / (_stem(Path(file)) + ".jsonl")
                if path in targets:  # d1/talks.jsonl and d2/talks.jsonl, or talks.jsonl and talks.csv
                    raise UsageError(f"{targets[path]} and {file} would both be written to {path}; "
                                     "export them one at a time or to a file")
                targets[path] = file
            written = []
            for (file,), part in parts:
                path = output / (_stem(Path(file)) + ".jsonl")
                rewrite.write(original, corrected, path, only=file)
                written.append(path)
            return written
        check_output(fmt, output)
        rewrite.write(original, corrected, output)
        return [output]
    raise UsageError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
