"""The quick way to read a JSON Lines file: polars' parallel reader, checked so nothing is lost.

`qa.records` loads JSON Lines files through `load_fast` first. polars reads a clean file far faster
than a line-by-line parser, but it skips blank lines (so row numbers would drift from line numbers)
and quietly turns a JSON number into a string. `load_fast` proves neither happened, cheaply, and
returns None when it cannot: then `qa.records` reads the file the careful way, naming every bad line.
"""

from __future__ import annotations

import io
import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from qa.errors import InputError
from qa.records import (
    COLUMNS,
    LoadProblem,
    _NON_STRING_VALUE,
    _NON_STRING_VALUE_COERCE,
    _finish,
    keys_read,
)

# Keys are taken from this many records; later records with other keys go the careful way only if
# they also trip a check below, so unexpected columns are named when they appear in the first ones.
INFER_ROWS = 10_000


def load_fast(path: Path, coerce: bool, count_lines: bool = True) -> tuple[pl.DataFrame, list[LoadProblem]] | None:
    """JSON Lines straight from polars' parallel reader; None when the file needs the careful path.

    The careful path (line by line in Python) names every malformed line; it is taken when polars
    refuses the file, when a known field holds a non-string somewhere, or when lines are not one
    record each (blank lines, leading spaces), whose line numbers the reader does not keep.

    A file without backslashes (the usual case) skips the pass over its raw lines, which cost as
    much as the read itself: the seconds are read strictly, the other fields are searched for
    values a non-string would have become, and the lines are only counted. The pass runs when any
    of that is in doubt. The search for backslashes and the count run in a helper thread while
    polars reads (bench/validate's `parts` line shows what load costs beyond the read).

    Without *count_lines* a plain file's lines are not counted: its records are numbered as if it
    had no blank line (polars skips them), and the frame gets an ``_unverified`` column, so that
    `qa.validate` counts them (`lines_hold`) only when it has a line number to report.
    """
    try:
        if path.stat().st_size == 0:
            raise InputError("file is empty", file=path)
        # Keys and types come from the first records; reading the rest with a fixed schema is the
        # fastest way polars has (no inference pass), and a later value of another type fails the
        # read, which sends the file the careful way.
        # Only the sample's schema: inferring it parses the lines without building their frame
        # (half the cost of reading them). Lines polars refuses fail here or in the full read.
        sample = pl.scan_ndjson(io.BytesIO(_head(path, INFER_ROWS)), infer_schema_length=None).collect_schema()
        schema: dict[str, pl.DataType] = {c: pl.String for c in COLUMNS}
        for name, dtype in sample.items():
            if name in COLUMNS:
                if dtype.is_integer() and coerce:
                    schema[name] = pl.Int64
                elif not isinstance(dtype, (pl.String, pl.Null)):
                    return None  # a non-string value: the careful path names each record
            else:
                schema[name] = dtype
        lines = pl.scan_csv(
            path, has_header=False, separator="\x1f", quote_char=None, new_columns=["l"], infer_schema=False,
            truncate_ragged_lines=True, empty_string_is_null=True,
        )
        if not coerce:
            # Seconds read as categorical: that builder refuses numbers, booleans and containers,
            # where the string one quietly turns 7 into "7". Meanwhile (polars reads without the
            # GIL) a helper thread looks for backslashes and counts lines (if asked), so the two file scans
            # use a core the reader leaves idle at times instead of following it.
            with ThreadPoolExecutor(1) as pool:
                scanned = pool.submit(_plain_lines, path, lines if count_lines else None)
                frame = pl.read_ndjson(path, schema={**schema, **dict.fromkeys(STRICT, pl.Categorical)})
                plain, no_controls, count, keys = scanned.result()
            # one chunk per column (the reader leaves ~2,000): every later pass runs faster
            frame = frame.rechunk().with_columns(pl.col(STRICT).cast(pl.String))
            # polars skips blank lines: as many lines as records means none, so row numbers hold
            # (a lone CR is no line end for either counter, and polars refuses it between records)
            numbered = count == frame.height if count_lines else True
            if plain and keys != keys_read(frame):
                return None  # a key twice in a record (or a null, a nested object): named line by line
            if plain and frame.height and numbered and not _may_be_non_string(frame):
                frame = frame.drop(
                    [c for c in COLUMNS if c not in sample and frame[c].null_count() == frame.height]
                ).with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("_line"), _escaped=pl.lit(False))
                if no_controls:
                    frame = frame.with_columns(_no_controls=pl.lit(True))
                if not count_lines:
                    frame = frame.with_columns(_unverified=pl.lit(True))
                return _finish(path, frame, [])
        else:
            frame = pl.read_ndjson(path, schema=schema)
        # One pass over the raw lines: polars skips blank lines (so row numbers would drift) and
        # quietly turns 7 into "7", which must be reported as wrong-type.
        line = pl.col("l")
        # streaming: the raw lines pass through in batches instead of all being held at once
        scan = lines.select(
            line.str.contains("\\", literal=True).fill_null(False).alias("escaped"),
            (~line.str.starts_with("{")).fill_null(True).any().alias("odd"),
            line.str.contains(_NON_STRING_VALUE_COERCE if coerce else _NON_STRING_VALUE).any().alias("non_string"),
            line.str.count_matches('":', literal=True).sum().alias("keys"),
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError:
        return None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None
    if frame.height == 0 or scan.height == 0 or scan["non_string"][0] or scan["keys"][0] != keys_read(frame):
        return None
    # a dataset column no record has is reported as missing, not as a null in every record
    absent = [c for c in COLUMNS if c not in sample and frame[c].null_count() == frame.height]
    frame = frame.drop(absent).with_columns(
        pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("_line"),
        *[pl.col(c).cast(pl.String) for c, dt in schema.items() if c in COLUMNS and dt != pl.String],
    )
    escaped = scan["escaped"]
    if scan["odd"][0]:
        # blank lines are fine; any other line must be an object ("null" would read as an empty record)
        blank, other = lines.select(
            (line.str.strip_chars().str.len_bytes().fill_null(0) == 0).alias("blank"),
            line.str.starts_with("{").fill_null(False).alias("object"),
        ).collect().get_columns()
        if not (blank | other).all():
            return None
        numbers = pl.int_range(1, len(blank) + 1, dtype=pl.Int64, eager=True).filter(~blank)
        if numbers.len() != frame.height:
            return None
        frame = frame.with_columns(numbers.alias("_line"))
        escaped = escaped.filter(~blank)
    elif scan.height != frame.height:
        return None
    return _finish(path, frame.with_columns(escaped.alias("_escaped")), [])


# Read as categorical on the quick path (see `_load_jsonl_fast`): every valid value looks like a number.
STRICT = ["start_second", "end_second"]
# What polars makes of a JSON number, boolean, array or object it reads into a string column: digits
# (a number is written out in full, never with an exponent, but the regex allows one), "true",
# "false", or JSON text starting with "[" or "{". A text that merely looks like one (a title "2019")
# only sends the file through the raw-line pass.
_NUMBER = r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"


def _stringified(name: str) -> pl.Expr:
    """True where the value could be what polars made of a non-string (null where it certainly is not).

    Comparisons with a one-byte string are decided by the first byte, which polars keeps inline in
    each string's view: asking "starts with a digit, '-', '[' or '{'" this way never reads the text
    itself, so the regex runs only on values that start like a number (a tenth of the old cost on
    texts).
    """
    c = pl.col(name)

    def first(lo: str) -> pl.Expr:  # the first byte is *lo*
        return (c >= lo) & (c < chr(ord(lo) + 1))

    if name in _SHORT:  # held whole in the view: the regex reads no buffer, masking would cost more
        number = c.str.contains(_NUMBER)
    else:
        number = pl.when(first("-") | ((c >= "0") & (c < ":"))).then(c).str.contains(_NUMBER)
    return first("[") | first("{") | (c == "true") | (c == "false") | number


# Fields whose valid values have at most 12 bytes, which polars stores inside the string's view.
_SHORT = ("video_id", "start_timestamp", "end_timestamp")


def _plain_lines(path: Path, lines: pl.LazyFrame | None) -> tuple[bool, bool, int | None, int]:
    """`_scan_bytes`, and when the file is plain its number of *lines* (else None: the raw-line pass
    counts them), and its keys."""
    plain, no_controls, keys = _scan_bytes(path)
    count = lines.select(pl.len()).collect().item() if plain and lines is not None else None
    return plain, no_controls, count, keys


def lines_hold(path: Path, records: int) -> bool:
    """The file has as many lines as *records*: no blank line, so numbering records 1, 2, ... was right.

    Counted as `load_fast` counts them (a lone CR ends no line).
    """
    lines = pl.scan_csv(
        path, has_header=False, separator="\x1f", quote_char=None, new_columns=["l"], infer_schema=False,
        truncate_ragged_lines=True, empty_string_is_null=True,
    )
    try:
        return lines.select(pl.len()).collect().item() == records
    except (pl.exceptions.PolarsError, OSError):
        return False


def _scan_bytes(path: Path) -> tuple[bool, bool, int]:
    """(no backslash anywhere in the file, nor a DEL byte or a U+0080-U+00BF lead byte, how many '":').

    Without a backslash every '"' is JSON's own, so each '":' ends a key: as many as the values read
    means no record names a key twice (`qa.records.keys_read`). Counted by bytes.count, a C search
    that skips on the ':' (0.18 s CPU per 170 MB): numpy's two compares, an `and` and a count over
    each MiB took 0.3 s more there, with 0.15 s to import numpy on top.

    Without a backslash no record holds a C0 control character (JSON needs an escape for them); with
    neither DEL nor the lead byte 0xC2 of U+0080-U+009F, none holds any control character, and
    qa.schema need not look for them. A memchr per byte looked for, each over the MiB just read
    (in cache), is far cheaper than a line pass; and each read lets go of the GIL, so this runs
    beside polars' reader (a search of a whole mapping would hold the GIL, and polars could not start).
    """
    buf = bytearray(1 << 20)
    no_controls = True
    keys, quote_last = 0, False
    try:
        with open(path, "rb", buffering=0) as fh:
            while n := fh.readinto(buf):
                if buf.find(b"\\", 0, n) >= 0:
                    return False, False, 0
                if no_controls and (buf.find(b"\x7f", 0, n) >= 0 or buf.find(b"\xc2", 0, n) >= 0):
                    no_controls = False
                keys += buf.count(b'":', 0, n) + (quote_last and buf[0] == 0x3A)  # a '":' across two reads
                quote_last = buf[n - 1] == 0x22
    except OSError:
        return False, False, 0
    return True, no_controls, keys


def _may_be_non_string(frame: pl.DataFrame) -> bool:
    """Some string value of a dataset column (other than the strict seconds) could be a stringified non-string.

    One small query per column, run together (in parallel) by collect_all. Each asks only about
    values that are not one of a run of equal values and that a cheap test cannot clear.
    """
    queries = []
    for name in COLUMNS:
        if name in STRICT or frame.schema.get(name) != pl.String:
            continue
        values = frame.lazy().select(name)
        # The cheap test first: it reads only the view, where comparing with the previous value reads
        # the text (0.026 -> 0.010 s CPU for the thumbnails at 1M). The answer is the same in either
        # order: a value equal to a cleared one is cleared too.
        if name in _CLEARED:
            values = values.filter(~_CLEARED[name](pl.col(name)).fill_null(False))
        if name in _RUNS:  # a run of equal values is one question (a leading null is no non-string)
            values = values.filter(pl.col(name).ne_missing(pl.col(name).shift(1)))
        queries.append(values.select(_stringified(name).any()))
    return any(q.item() for q in pl.collect_all(queries))


def _starts_with_h(c: pl.Expr) -> pl.Expr:
    return (c >= "h") & (c < "i")  # decided by the first byte, kept in the string's view


_COLONS_MASK, _COLONS = (0xFF << 16) | (0xFF << 40), (ord(":") << 16) | (ord(":") << 40)


def _colons(c: pl.Expr) -> pl.Expr:
    """Eight bytes with ':' third and sixth (read as one little-endian integer from the view; null otherwise)."""
    raw = c.cast(pl.Binary).bin.reinterpret(dtype=pl.UInt64, endianness="little")
    return (raw & pl.lit(_COLONS_MASK, dtype=pl.UInt64)) == pl.lit(_COLONS, dtype=pl.UInt64)


# Cheap tests that a value is no stringified non-string (those start with a digit, "-", "t", "f",
# "[" or "{" and hold no ":"), passed by every well-formed value of the field.
_CLEARED = {"url": _starts_with_h, "thumbnail": _starts_with_h, "start_timestamp": _colons, "end_timestamp": _colons}


# Fields that repeat in long runs (a video's chunks share them).
_RUNS = ("video_id", "title", "thumbnail")


def _head(path: Path, n: int) -> bytes:
    """The first *n* lines (polars' n_rows still parses far more of a big file)."""
    with open(path, "rb") as fh:
        return b"".join(itertools.islice(fh, n))
