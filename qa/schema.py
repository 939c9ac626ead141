"""The dataset schema: every row-level and dataset-level check as one polars expression, declared once.

Each `Rule` says, as a boolean polars expression, when a record PASSES one check on one field
(True = fine). The same declarations feed two engines:

* `pandera_schema()` builds a pandera (polars backend) `DataFrameSchema`: one-field rules become
  column checks, the others dataframe checks. It is what a pandera user would write, and the test
  suite runs it against the fast engine to prove both agree.
* `failures()` evaluates the same expressions itself: all record rules in ONE lazy polars
  `select`, all dataset rules in another over a narrow frame sorted by (video, start), run
  together by `collect_all`; only failing rows come back. Measured by bench/validate (200,000
  records): 0.35 s against 0.66 s for pandera's ``validate(lazy=True)``, which runs every check
  as its own query over the frame and turns each failing row
  of a dataframe check into JSON. Validation must cost well under the read itself, so pandera
  holds the declaration and proves it (tests), and the single select does the daily work.

Null safety: pandera passes nulls through custom checks and polars comparisons with null yield null.
Here every rule decides nulls explicitly. A missing value is reported once, by TQ100; a value
that does not parse is reported by its own field check; cross-field rules compare only values that
parsed (so a broken value is reported once, never twice and never silently). Regexes use
``[0-9]``, never ``\\d``, because the Rust regex engine treats ``\\d`` as any Unicode digit and
"١٢:34:5٦" must fail.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

import polars as pl

from qa import checks as C
from qa.records import COLUMNS

VIDEO_ID_RE = r"^[A-Za-z0-9_-]{11}$"
TIMESTAMP_RE = r"^[0-9]{2}:[0-5][0-9]:[0-5][0-9]$"
SECONDS_RE = r"^[0-9]{1,9}$"  # 9 digits is 31 years of video; more would overflow nothing but sense
URL_RE = r"^https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})&t=([0-9]{1,9})s$"
THUMBNAIL_RE = r"^https://i\.ytimg\.com/vi/([A-Za-z0-9_-]{11})/[A-Za-z0-9_]+\.jpg$"
# the same without capture groups, for yes/no questions (cheaper for the regex engine)
URL_MATCH = URL_RE.replace("(", "(?:")
THUMBNAIL_MATCH = THUMBNAIL_RE.replace("(", "(?:")
CONTROL_RE = r"[\x00-\x1F\x7F-\x9F]"
TITLE_MAX = 100

Row = dict  # one failing record: its columns plus the rule's detail values


@dataclass(frozen=True)
class Rule:
    check: C.Check
    field: str | None  # the field reported; None for whole-record rules
    fields: tuple[str, ...]  # fields the rule reads (a file missing one of them skips the rule)
    valid: Callable[[float], pl.Expr]  # gap tolerance -> True where the record passes
    message: Callable[[Row], str]
    details: dict[str, pl.Expr] = field(default_factory=dict)  # extra values for messages
    window: bool = False  # compares records with each other (a dataframe check in pandera)

    @property
    def key(self) -> str:
        return f"{self.check.id}:{self.field or '*'}"


def col(name: str) -> pl.Expr:
    return pl.col(name)


def _matches(name: str, pattern: str) -> pl.Expr:
    return col(name).str.contains(pattern)


def _stripped_length(name: str) -> pl.Expr:
    # Bytes left after stripping whitespace: one strip is cheaper than a regex per question.
    return col(name).str.strip_chars().str.len_bytes()


def _blank(name: str) -> pl.Expr:
    return _stripped_length(name) == 0


def _seconds(name: str) -> pl.Expr:
    """Seconds as an integer, null when the field is not 1-9 ASCII digits (SECONDS_RE; TQ108 reports it).

    Not the regex: a first byte that is a digit (a comparison decided by the byte polars keeps in the
    string's view) rules out a sign, and polars' integer parse refuses anything else but ASCII
    digits; a test holds this equal to SECONDS_RE. A third of the regex's cost, on every record.
    """
    c = col(name)
    return pl.when((c >= "0") & (c < ":") & (c.str.len_bytes() <= 9)).then(c.cast(pl.Int64, strict=False))


def _timestamp_seconds(name: str) -> pl.Expr:
    """HH:MM:SS as seconds, null when it is not well formed (TQ107 reports it)."""
    c = col(name).str
    total = (
        c.slice(0, 2).cast(pl.Int64, strict=False) * 3600
        + c.slice(3, 2).cast(pl.Int64, strict=False) * 60
        + c.slice(6, 2).cast(pl.Int64, strict=False)
    )
    return pl.when(_matches(name, TIMESTAMP_RE)).then(total)


def _ok(expr: pl.Expr) -> pl.Expr:
    """Null means "could not be compared"; the rule's docstring says which check reports it instead."""
    return expr.fill_null(True)


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


# --- the rules -----------------------------------------------------------------------------------


def _field_rules() -> list[Rule]:
    rules = [
        Rule(C.FIELD_MISSING, f, (f,), lambda t, f=f: col(f).is_not_null(),
             lambda r, f=f: f"{f} is missing (null or absent key)")
        for f in ("video_id", "title", "text", "start_timestamp", "end_timestamp", "start_second",
                  "end_second", "url", "thumbnail")
    ]
    rules += [
        Rule(C.VIDEO_ID, "video_id", ("video_id",),
             lambda t: _ok(_matches("video_id", VIDEO_ID_RE)),
             lambda r: f"video_id {_short(r['video_id'])} is not 11 characters of A-Z a-z 0-9 _ -"),
        Rule(C.TITLE_LONG, "title", ("title",),
             lambda t: _ok(col("title").str.len_chars() <= TITLE_MAX),
             lambda r: f"title is {len(r['title'])} characters long (at most {TITLE_MAX})"),
        Rule(C.TITLE_EMPTY, "title", ("title",), lambda t: _ok(~_blank("title")),
             lambda r: "title is empty"),
        Rule(C.TEXT_EMPTY, "text", ("text",), lambda t: _ok(_stripped_length("text") != 0),
             lambda r: "text is empty"),
        Rule(C.TEXT_CONTROL, "text", ("text",), lambda t: _ok(~_control()),
             lambda r: "text contains control character " + _first_control(r["text"])),
        Rule(C.TEXT_SPACE, "text", ("text",),
             lambda t: _ok((_stripped_length("text") == 0) | (_stripped_length("text") == col("text").str.len_bytes())),
             lambda r: "text has " + _which_space(r["text"])),
    ]
    for f in ("start_timestamp", "end_timestamp"):
        rules.append(Rule(C.TIMESTAMP, f, (f,), lambda t, f=f: _ok(_matches(f, TIMESTAMP_RE)),
                          lambda r, f=f: f"{f} {_short(r[f])} is not HH:MM:SS with ASCII digits and MM, SS < 60"))
    for f in ("start_second", "end_second"):
        rules.append(Rule(C.SECONDS, f, (f,), lambda t, f=f: _ok(_matches(f, SECONDS_RE)),
                          lambda r, f=f: f"{f} {_short(r[f])} is not a string of 1-9 ASCII digits"))
    rules += [
        Rule(C.URL, "url", ("url",), lambda t: _ok(_matches("url", URL_MATCH)),
             lambda r: f"url {_short(r['url'])} is not https://www.youtube.com/watch?v=<video_id>&t=<seconds>s"),
        # empty and elided thumbnails have checks of their own
        Rule(C.THUMBNAIL, "thumbnail", ("thumbnail",),
             lambda t: _ok(_blank("thumbnail") | _elided() | _matches("thumbnail", THUMBNAIL_MATCH)),
             lambda r: f"thumbnail {_short(r['thumbnail'])} is not https://i.ytimg.com/vi/<video_id>/<name>.jpg"),
        Rule(C.THUMBNAIL_EMPTY, "thumbnail", ("thumbnail",), lambda t: _ok(~_blank("thumbnail")),
             lambda r: "thumbnail is empty"),
        Rule(C.THUMBNAIL_ELIDED, "thumbnail", ("thumbnail",), lambda t: _ok(~_elided()),
             lambda r: f"thumbnail {_short(r['thumbnail'])} is elided (shortened with an ellipsis)"),
    ]
    return rules


def _control() -> pl.Expr:
    """text holds a control character.

    The regex is the slowest check by far (it reads every character of every text), so it runs only
    on texts that can hold one: JSON forbids raw U+0000-U+001F, so from a JSON Lines file they need
    an escape (``_escaped``: the record's line has a backslash, see qa.records); U+007F is looked
    for literally and U+0080-U+009F are not ASCII. Other texts are replaced by "" before matching.
    """
    return pl.when(_may_control()).then(col("text")).otherwise(pl.lit("")).str.contains(CONTROL_RE)


def _may_control() -> pl.Expr:
    text = col("text")
    return col("_escaped") | (text.str.len_bytes() != text.str.len_chars()) | text.str.contains("\x7f", literal=True)


def _elided() -> pl.Expr:
    # two literal searches beat one Aho-Corasick automaton here
    return col("thumbnail").str.contains("…", literal=True) | col("thumbnail").str.contains("...", literal=True)


def _first_control(text: str) -> str:
    for i, ch in enumerate(text):
        if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            return f"U+{ord(ch):04X} at character {i + 1}"
    return "(none found)"


def _which_space(text: str) -> str:
    lead, trail = text[:1].isspace(), text[-1:].isspace()
    return "leading and trailing whitespace" if lead and trail else "leading whitespace" if lead else "trailing whitespace"


def _record_rules() -> list[Rule]:
    rules = []
    for ts, sec in (("start_timestamp", "start_second"), ("end_timestamp", "end_second")):
        rules.append(Rule(
            C.TIMESTAMP_SECONDS, ts, (ts, sec),
            lambda t, ts=ts, sec=sec: _ok(_timestamp_seconds(ts) == col(HELPER_OF[sec])),
            lambda r, ts=ts, sec=sec: f"{ts} {r[ts]} is {r['_ts']} s but {sec} is {r[sec]}",
            details={"_ts": _timestamp_seconds(ts)},
        ))
    rules += [
        Rule(C.END_AFTER_START, "end_second", ("start_second", "end_second"),
             lambda t: _ok(col("_end") > col("_start")),
             lambda r: f"end_second {r['end_second']} is not after start_second {r['start_second']}"),
        # Comparing with the URL the record should have is one concatenation instead of two regex
        # extractions; the extraction runs only for failing rows, to word the message.
        Rule(C.URL_MATCHES, "url", ("url", "video_id", "start_second"),
             lambda t: _ok(~_matches("url", URL_MATCH) | ((_url_video() == col("video_id")) & (_url_second() == col("start_second")))),
             lambda r: f"url points to video {r['_v']} at {r['_t']} s, but the record is "
                       f"{r['video_id']} at {r['start_second']} s",
             details={"_v": _url_part(1), "_t": _url_part(2)}),
        Rule(C.THUMBNAIL_MATCHES, "thumbnail", ("thumbnail", "video_id"),
             lambda t: _ok(~_matches("thumbnail", THUMBNAIL_MATCH)
                           | (col("thumbnail").str.slice(len(THUMBNAIL_PREFIX), 11) == col("video_id"))),
             lambda r: f"thumbnail is for video {r['_v']}, but the record is {r['video_id']}",
             details={"_v": col("thumbnail").str.extract(THUMBNAIL_RE, 1)}),
    ]
    return rules


URL_PREFIX = "https://www.youtube.com/watch?v="
THUMBNAIL_PREFIX = "https://i.ytimg.com/vi/"
HELPER_OF = {"start_second": "_start", "end_second": "_end"}


# Slices of a URL already matched by URL_MATCH (so ASCII: characters are bytes); cheaper than
# building the expected URL or extracting regex groups for every record.
def _url_video() -> pl.Expr:
    return col("url").str.slice(len(URL_PREFIX), 11)


def _url_second() -> pl.Expr:
    start = len(URL_PREFIX) + 11 + len("&t=")
    return col("url").str.slice(start, col("url").str.len_bytes() - start - 1)


def _url_part(group: int) -> pl.Expr:
    return col("url").str.extract(URL_RE, group)


# Dataset rules run on `prepare`d frames: sorted by video, then start, so "the previous chunk" is
# the previous row. One sort replaces a window sort per rule (see bench/validate).
KEY = ["video_id", "start_second"]
SORT = ["video_id", "_start", "start_second", "_row"]


def _same_video() -> pl.Expr:
    return (col("video_id") == col("video_id").shift(1)).fill_null(False)


def _gap() -> pl.Expr:
    """Seconds missing before this chunk (negative: seconds told twice); null when not comparable."""
    start, prev_start = col("_start"), col("_start").shift(1)
    return pl.when(_same_video() & (prev_start != start)).then(start - col("_end").shift(1))


def _video_title() -> pl.Expr:
    """The title of the video's first chunk (in start order)."""
    first = pl.when(~_same_video()).then(pl.int_range(pl.len(), dtype=pl.UInt32)).forward_fill()
    return col("title").gather(first)


def _prev(r: Row) -> str:
    """Where the previous chunk is: its line, with its file when that is another one."""
    return f"line {r['_prev_line']}" if r["_prev_file"] == r["_file"] else f"{r['_prev_file']}:{r['_prev_line']}"


def _dataset_rules() -> list[Rule]:
    prev = {"_prev_end": col("_end").shift(1), "_prev_file": col("_file").shift(1), "_prev_line": col("_line").shift(1),
            "_gap": _gap()}
    return [
        Rule(C.DUPLICATE_KEY, None, tuple(KEY),
             lambda t: ~(_same_video() & (col("start_second") == col("start_second").shift(1)).fill_null(False)),
             lambda r: f"duplicate key ({r['video_id']}, {r['start_second']}); first at {r['_first_file']}:{r['_first_line']}",
             details={"_first_file": col("_file").first().over(KEY), "_first_line": col("_line").first().over(KEY)},
             window=True),
        Rule(C.GAP, "start_second", ("video_id", "start_second", "end_second"),
             lambda t: _ok(_gap() <= t),
             lambda r: f"gap of {r['_gap']} s before this chunk: the previous one ({_prev(r)}) "
                       f"ends at {r['_prev_end']}, this one starts at {r['start_second']}",
             details=prev, window=True),
        Rule(C.OVERLAP, "start_second", ("video_id", "start_second", "end_second"),
             lambda t: _ok(-_gap() <= t),
             lambda r: f"overlap of {-r['_gap']} s with the previous chunk ({_prev(r)}), which ends at "
                       f"{r['_prev_end']} while this one starts at {r['start_second']}",
             details=prev, window=True),
        Rule(C.TITLE_PER_VIDEO, "title", ("video_id", "title"),
             lambda t: _ok(col("title") == _video_title()),
             lambda r: f"title {_short(r['title'], 60)} differs from the title of this video's first chunk "
                       f"{_short(r['_title'], 60)}",
             details={"_title": _video_title()}, window=True),
    ]


RULES: list[Rule] = _field_rules() + _record_rules() + _dataset_rules()


# --- engines -------------------------------------------------------------------------------------

# Computed once per frame and read by several rules (common subexpressions are not always shared).
# `failures` adds them to the frame before its two queries, so they are parsed once, not twice.
HELPERS = {"_start": _seconds("start_second"), "_end": _seconds("end_second")}
NARROW = ["_row", "_file", "_line", "video_id", "start_second", "end_second", "title", "_start", "_end"]
_NO_FAILURES = {"_row": pl.UInt32, "rule": pl.String}


def base(frame: pl.DataFrame, escaped: pl.Series | None = None) -> pl.LazyFrame:
    """The frame with its row position and parsed seconds, which rules share instead of re-parsing.

    *escaped* (from `qa.records.Dataset.escaped`) says which records' source lines had a backslash;
    without it every text is searched for control characters.
    """
    hint = pl.lit(escaped.alias("_escaped")) if escaped is not None else pl.lit(True).alias("_escaped")
    missing = {name: expr for name, expr in HELPERS.items() if name not in frame.columns}
    return frame.lazy().with_row_index("_row").with_columns(hint, **missing)


def prepare(frame: pl.DataFrame, columns: list[str] | None = NARROW) -> pl.LazyFrame:
    """What dataset rules run on: sorted by (video, start); only the columns they read, by default.

    Datasets usually come grouped by video in start order already; then the sort is skipped.
    """
    lf = base(frame)
    if columns is not None:
        lf = lf.select(columns)
    # the end of a chunk whose start is unknown cannot be compared with anything
    narrow = lf.with_columns(_end=pl.when(col("_start").is_not_null()).then(col("_end"))).collect()
    return (narrow if _in_order(narrow) else narrow.sort(SORT, nulls_last=False)).lazy()


def _in_order(frame: pl.DataFrame) -> bool:
    """Each video's records are contiguous and in (start, start_second) order, without nulls."""
    if frame.height == 0:
        return True
    start, ss = col("_start"), col("start_second")
    step_ok = ~_same_video() | (start > start.shift(1)) | ((start == start.shift(1)) & (ss >= ss.shift(1)))
    first = ~_same_video()  # the first record of each run of one video
    return all(frame.select(
        ((col("video_id").null_count() == 0) & (start.null_count() == 0) & (ss.null_count() == 0)).alias("a"),
        # no video has two runs: hashing the runs' ids, not a million records' ids
        (first.sum() == col("video_id").filter(first).n_unique()).alias("b"),
        step_ok.fill_null(False).all().alias("c"),
    ).row(0))


TIMESTAMP_LIMIT = 100 * 3600  # HH:MM:SS ends at 99:59:59


@functools.cache
def _timestamp_table() -> pl.Series:
    """`_canonical_timestamp` of every second below TIMESTAMP_LIMIT (2.9 MB, built in ~20 ms)."""
    return pl.select(_canonical_timestamp(pl.int_range(0, TIMESTAMP_LIMIT, dtype=pl.Int64))).to_series()


def _canonical_timestamp(seconds: pl.Expr) -> pl.Expr:
    """The bytes of HH:MM:SS for *seconds* (< 100 hours) as a little-endian integer."""
    digits = [seconds // 36000, seconds // 3600 % 10, None, seconds % 3600 // 600, seconds % 600 // 60, None,
              seconds % 60 // 10, seconds % 10]
    total = pl.lit(0, dtype=pl.Int64)
    for i, d in enumerate(digits):
        total = total + ((d + ord("0")) if d is not None else pl.lit(ord(":"), dtype=pl.Int64)) * (1 << (8 * i))
    return total


def _fine(no_controls: bool = False) -> pl.Expr:
    """True only where every record rule certainly passes; `failures` runs the rules on the other rows."""
    return pl.all_horizontal(_fine_parts(no_controls)).fill_null(False)


def _fine_parts(no_controls: bool = False) -> list[pl.Expr]:
    """The parts of `_fine`: all True (no null) where every record rule certainly passes.

    Each part implies some rules' pass, cheaper than the rules themselves: the url equal to the one
    built from the (valid) video id and start second passes the url format and agreement rules; a
    timestamp whose 8 bytes equal those of its seconds written HH:MM:SS passes the timestamp format
    and agreement rules; and so on. A row it cannot vouch for is simply checked in full.
    *no_controls*: the loader saw that no text can hold a control character (`Dataset.no_controls`).
    """
    text = col("text")
    last = text.str.tail(1)
    parts = [pl.all_horizontal(pl.col(list(COLUMNS)).is_not_null()),
             _per_run(_video_fine),
             col("_start").is_not_null() & col("_end").is_not_null() & (col("_end") > col("_start")),
             col("url") == pl.concat_str([pl.lit(URL_PREFIX), col("video_id"), pl.lit("&t="), col("start_second"), pl.lit("s")]),
             # Text starting and ending with printable ASCII has no whitespace to strip and is not
             # empty. A comparison with a one-byte string is decided by the first byte, which polars
             # keeps in the string's view; only the last character is read from the text itself.
             (text >= "!") & (text < "\x7f") & (last >= "!") & (last < "\x7f")
             & (pl.lit(True) if no_controls else ~_may_control())]
    for ts, sec in (("start_timestamp", "_start"), ("end_timestamp", "_end")):
        raw = col(ts).cast(pl.Binary).bin.reinterpret(dtype=pl.UInt64, endianness="little").cast(pl.Int64, strict=False)
        # looked up, not worked out: one gather instead of some thirty arithmetic passes (null past 99:59:59)
        parts.append(raw == pl.lit(_timestamp_table()).gather(pl.when(col(sec) < TIMESTAMP_LIMIT).then(col(sec))))
    return parts


def _video_fine(c: Callable[[str], pl.Expr]) -> pl.Expr:
    """video_id, title and thumbnail certainly pass their rules (columns read through *c*)."""
    vid, thumb, title = c("video_id"), c("thumbnail"), c("title")
    return (vid.str.contains(VIDEO_ID_RE)
            & thumb.str.starts_with(pl.concat_str([pl.lit(THUMBNAIL_PREFIX), vid, pl.lit("/")]))
            & thumb.str.slice(len(THUMBNAIL_PREFIX) + 12).str.contains(r"^[A-Za-z0-9_]+\.jpg$")
            & (title.str.len_bytes() <= TITLE_MAX) & (title.str.strip_chars().str.len_bytes() > 0))


def _per_run(test: Callable[[Callable[[str], pl.Expr]], pl.Expr]) -> pl.Expr:
    """*test* worked out once per run of records alike in `RUN_FIELDS` (``_run`` marks each run's start).

    A video's hundreds of chunks share video id, title and thumbnail, so the test runs on a few
    thousand run starts instead of a million records, and is exact: every record of a run has the
    values its start was tested with.
    """
    start = col("_run")
    result = test(lambda n: col(n).filter(start)).fill_null(False)
    return result.gather(start.cum_sum() - 1)


RUN_FIELDS = ("video_id", "title", "thumbnail")


def _run_starts() -> pl.Expr:
    """The first record, and each record whose `RUN_FIELDS` differ from the previous record's."""
    changed = [col(n).ne_missing(col(n).shift(1)) for n in RUN_FIELDS]
    return pl.any_horizontal(changed) | (pl.int_range(pl.len()) == 0)


def _vouched(frame: pl.DataFrame, rules: list[Rule]) -> bool:
    """`_fine` covers *rules* (record rules of this module) and *frame* has their string columns."""
    known = {id(r) for r in RULES}
    return all(id(r) in known for r in rules) and all(frame.schema.get(c) == pl.String for c in COLUMNS)


def failures(
    frame: pl.DataFrame, rules: list[Rule] = RULES, *, gap_tolerance: float = 0, escaped: pl.Series | None = None,
    no_controls: bool = False,
) -> pl.DataFrame:
    """Failing (row, rule) pairs as a frame of ``_row`` (u32 position in *frame*) and ``rule`` (Rule.key).

    All record rules in one lazy select, all dataset rules in another over the sorted narrow frame,
    run together; only the (usually few) failing rows come back and are unpivoted. The record rules
    see only the rows `_fine` cannot vouch for (on clean data: none): at 1M clean records the cheap
    test costs ~0.3 s CPU where the rules themselves cost ~1.8 s (bench/validate's file, loaded machine).
    *escaped* and *no_controls* are the loader's hints (`qa.records.Dataset`) on control characters.
    """
    if not rules or frame.height == 0:
        return pl.DataFrame(schema=_NO_FAILURES)
    frame = frame.with_columns(**HELPERS)  # parsed once for both queries (`base` adds only what is missing)
    queries, groups = [], []
    for window in (False, True):
        group = [r for r in rules if r.window == window]
        if not group:
            continue
        keys = [r.key for r in group]
        lf = prepare(frame) if window else base(frame, escaped)
        if not window and _vouched(frame, group):
            # The rules run only on the rows the cheap test cannot vouch for. Its parts are columns
            # of one with_columns, which polars works out in parallel (as inputs of one expression
            # they were worked out one after the other).
            parts = {f"_fine{i}": part for i, part in enumerate(_fine_parts(no_controls))}
            lf = lf.with_columns(_run=_run_starts()).with_columns(**parts).filter(
                ~pl.all_horizontal(list(parts)).fill_null(False))
        queries.append(lf.select("_row", *[r.valid(gap_tolerance).alias(r.key) for r in group])
                       .filter(~pl.all_horizontal(keys)))
        groups.append(keys)
    parts = [
        wide.unpivot(index="_row", on=keys, variable_name="rule", value_name="ok").filter(~col("ok")).select("_row", "rule")
        for wide, keys in zip(pl.collect_all(queries), groups)
        if wide.height
    ]
    if not parts:
        return pl.DataFrame(schema=_NO_FAILURES)
    return pl.concat(parts).sort("_row", "rule")


def details(frame: pl.DataFrame, rule: Rule, rows: pl.Series) -> pl.DataFrame:
    """The failing *rows* of *frame* with the columns messages need."""
    wanted = col("_row").is_in(rows.implode())
    if rule.window:  # windows must see every record before the failing ones are picked
        return prepare(frame).with_columns(**rule.details).filter(wanted).sort("_row").collect()
    return base(frame).filter(wanted).with_columns(**rule.details).collect()


def pandera_schema(rules: list[Rule] = RULES, *, gap_tolerance: float = 0):
    """The same rules as a pandera polars `DataFrameSchema`, for frames made by ``prepare(frame, None)``.

    One-field rules are column checks, the others dataframe checks; each check's error is its rule key.
    """
    import pandera.polars as pa

    from qa.records import COLUMNS

    def check(rule: Rule) -> "pa.Check":
        expr = rule.valid(gap_tolerance)
        return pa.Check(lambda data, e=expr: data.lazyframe.select(e), name=rule.check.name, error=rule.key)

    columns = {
        name: pa.Column(pl.String, nullable=True,
                        checks=[check(r) for r in rules if not r.window and r.fields == (name,)])
        for name in COLUMNS
    }
    columns.update(_row=pa.Column(pl.UInt32), _file=pa.Column(pl.String), _line=pa.Column(pl.Int64),
                   _start=pa.Column(pl.Int64, nullable=True), _end=pa.Column(pl.Int64, nullable=True),
                   _escaped=pa.Column(pl.Boolean))
    frame_checks = [check(r) for r in rules if r.window or r.fields != (r.field,)]
    return pa.DataFrameSchema(columns, checks=frame_checks, strict=True)


def pandera_failures(frame: pl.DataFrame, rules: list[Rule] = RULES, *, gap_tolerance: float = 0) -> pl.DataFrame:
    """`failures`, computed by pandera's own lazy validation from its failure cases."""
    from pandera.errors import SchemaErrors

    prepared = prepare(frame, None).collect()
    try:
        pandera_schema(rules, gap_tolerance=gap_tolerance).validate(prepared, lazy=True)
    except SchemaErrors as exc:
        keys = [r.key for r in rules]
        cases = exc.failure_cases.filter(col("check").is_in(keys))
        return (
            pl.DataFrame({"_row": prepared["_row"].gather(cases["index"].cast(pl.UInt32)), "rule": cases["check"]})
            .unique()
            .sort("_row", "rule")
        )
    return pl.DataFrame(schema=_NO_FAILURES)
