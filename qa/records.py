"""Load and write datasets of transcript chunks with polars, keeping where each record came from.

Every loaded record carries ``_file`` (the path it was read from) and ``_line`` (its 1-based line in a
JSONL/CSV file or a JSON array written one item a line or more, else its 1-based position in a JSON
array or Parquet file: see `array_items`). A record's key is
``(video_id, start_second)``.

A malformed record does not abort loading: it becomes a `LoadProblem` and the other records are
still returned. Input that cannot be used at all (missing file, unknown format, not UTF-8, not JSON)
raises `InputError`, which the CLI turns into one line on stderr and exit 2.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import polars as pl

from qa.atomic import atomic_open
from qa.errors import InputError, UsageError

COLUMNS: tuple[str, ...] = (
    "video_id",
    "title",
    "text",
    "start_timestamp",
    "end_timestamp",
    "start_second",
    "end_second",
    "url",
    "thumbnail",
)
META = ("_file", "_line")
SCHEMA = {c: pl.String for c in COLUMNS}

# Check ids of problems found while loading; the validation registry describes them.
MALFORMED = "TQ001"
WRONG_TYPE = "TQ002"
MISSING_COLUMN = "TQ003"
UNEXPECTED_COLUMN = "TQ004"
REPEATED_KEY = "TQ005"

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}


@dataclass(frozen=True)
class LoadProblem:
    check: str
    file: str
    line: int | None
    message: str
    field: str | None = None
    value: str | None = None
    video_id: str | None = None
    start_second: str | None = None


@dataclass
class Dataset:
    frame: pl.DataFrame
    problems: list[LoadProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Per record: its source line had a backslash (JSON escape). None when unknown (not JSON Lines).
    # Control characters need an escape in JSON, so qa.schema searches only these texts for them.
    escaped: pl.Series | None = None
    # No record can hold a control character at all: every file is JSON Lines without a backslash,
    # a DEL byte or U+0080-U+009F (qa.jsonl looks at the bytes while polars reads them).
    no_controls: bool = False
    # Files (-> their number of records) whose records were numbered 1, 2, ... without counting the
    # lines (`load(verify_lines=False)`): right unless the file has blank lines (`qa.jsonl.lines_hold`).
    unverified: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.frame.height


def detect_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    raise InputError(
        f"unknown format {path.suffix or '(no extension)'!r}; expected one of "
        + ", ".join(sorted(SUFFIXES)) + " (optionally .gz)",
        file=path,
    )


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, plus every supported file under each directory named (sorted, recursive).

    A file reached twice (named twice, or named and also under a directory named, or by another
    path to it) is read once, where it is first reached: read twice, each of its records would be
    reported as a duplicate of itself (TQ301) and scanned twice."""
    out: list[Path] = []
    seen: set[Path] = set()

    def add(f: Path) -> None:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            out.append(f)

    for raw in paths:
        p = Path(raw)
        if str(raw) == "-" and not p.exists():
            # (`cat talks.jsonl | qa validate -` said "-: no such file or directory", as if the
            # curator had mistyped a name; `--output -` is stdout, so '-' read as stdin was a fair guess)
            raise InputError("standard input is not read: a record is named by its file and line, and a format "
                             "by its extension; save it to a .jsonl file first", file=p)
        if p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and _supported(f) and not f.name.startswith(".")
            )
            if not found:
                raise InputError("directory holds no .jsonl, .json, .csv or .parquet files", file=p)
            for f in found:
                add(f)
        elif p.exists():
            add(p)
        else:
            raise InputError("no such file or directory", file=p)
    return out


def input_named(output: str | Path | None, paths: Sequence[str | Path]) -> Path | None:
    """The input file *output* would overwrite (named, or found under a directory named), or None.

    A report or a diff written over the dataset it is about replaces the data with the report: a
    typo away (`qa scan talks.jsonl -o talks.jsonl`), and gone for good once the rename lands."""
    if output is None:
        return None
    target = Path(output).resolve()
    return next((f for f in expand_paths(paths) if f.resolve() == target), None)


def refuse_overwriting_input(output: str | Path | None, paths: Sequence[str | Path], what: str) -> None:
    """An error (exit 2, before any work) when *output* is one of the input files of *paths*."""
    if input_named(output, paths) is not None:
        raise UsageError(f"--output is an input file: writing the {what} there would replace the data; "
                         "write it elsewhere", file=output)


def refuse_merging_into_input(output: str | Path | None, paths: Sequence[str | Path]) -> None:
    """An error (exit 2, before any work) when *output* is one of several input files: the corrected
    records of all of them would replace that one file (`qa apply data/ -o data/talks.jsonl` left
    talks.jsonl holding every file's records, the others' twice in the dataset, and its own gone as it
    was). One input written over itself is `qa apply` in place, and allowed."""
    if output is None or str(output) == "-":
        return
    files = expand_paths(paths)
    target = Path(output).resolve()
    if len(files) > 1 and any(f.resolve() == target for f in files):
        raise UsageError(f"--output is one of the {len(files)} input files: the records of all of them would "
                         "replace it; correct each file in place (qa apply FILE -o FILE), or write elsewhere",
                         file=output)


def _supported(path: Path) -> bool:
    try:
        detect_format(path)
        return True
    except InputError:
        return False


def load(paths: Sequence[str | Path], *, coerce: bool = False, verify_lines: bool = True) -> Dataset:
    """Load one or more files or directories into one frame of string columns plus ``_file``/``_line``.

    *verify_lines* False skips counting the lines of plain JSON Lines files (see `Dataset.unverified`):
    for a caller that needs line numbers only when it reports something, and then checks them.
    """
    files = expand_paths(paths)
    frames: list[pl.DataFrame] = []
    problems: list[LoadProblem] = []
    for path in files:
        frame, probs = load_file(path, coerce=coerce, verify_lines=verify_lines)
        frames.append(frame)
        problems.extend(probs)
    no_controls = bool(frames) and all("_no_controls" in f.columns for f in frames)
    unverified = {str(p): f.height for p, f in zip(files, frames) if "_unverified" in f.columns}
    frames = [f.drop("_no_controls", "_unverified", strict=False) for f in frames]
    escaped = None
    if any("_escaped" in f.columns for f in frames):
        frames = [f if "_escaped" in f.columns else f.with_columns(_escaped=pl.lit(True)) for f in frames]
        escaped = pl.concat([f["_escaped"] for f in frames], rechunk=False)
        frames = [f.drop("_escaped") for f in frames]
    # no rechunk: copying a million texts into one buffer costs more than reading them
    frame = frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical", rechunk=False) if frames else _empty()
    return Dataset(frame=frame, problems=problems, files=[str(f) for f in files], escaped=escaped,
                   no_controls=no_controls, unverified=unverified)


def load_file(path: Path, *, coerce: bool = False, verify_lines: bool = True) -> tuple[pl.DataFrame, list[LoadProblem]]:
    fmt = detect_format(path)
    if fmt == "parquet":
        return _no_records(path, *_load_parquet(path, coerce))
    if fmt == "jsonl" and _first_byte(path) != b"[":
        if not path.name.lower().endswith(".gz") and not _starts_with_bom(path):
            from qa.jsonl import load_fast  # (polars reads no byte order mark: such files go the careful way)  # imported here: qa.jsonl builds on this module

            fast = load_fast(path, coerce, count_lines=verify_lines)
            if fast is not None:
                return fast
        return _load_jsonl_careful(path, coerce)
    data = _read_bytes(path)
    if fmt == "csv":
        return _no_records(path, *_load_csv(path, data, coerce))
    return _no_records(path, *_load_json_array(path, _decode(path, data), coerce, lines=fmt == "jsonl"))


def _no_records(path: Path, frame: pl.DataFrame, problems: list[LoadProblem]) -> tuple[pl.DataFrame, list[LoadProblem]]:
    """A file that holds no record at all (a CSV header, "[]", a Parquet file of no rows) is unusable,
    as an empty JSON Lines file is: validating it would pass a gate on nothing. (Records that are
    all malformed are reported one by one instead.)"""
    if frame.height == 0 and not any(p.check == MALFORMED for p in problems):
        raise InputError("file holds no records", file=path)
    return frame, problems


BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark: some Windows tools begin every text file they write with it


def _open(path: Path):
    """*path* opened for reading bytes (gunzipped if .gz), past a UTF-8 byte order mark."""
    try:
        fh = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=path) from None
    return _past_bom(fh, path)


def _past_bom(fh, path: Path):
    """*fh* moved past a UTF-8 byte order mark at its start, if it has one (JSON has none: the
    first record would be lost as malformed)."""
    try:
        if fh.peek(3)[:3] == BOM:
            fh.read(3)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        fh.close()
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    return fh


def _starts_with_bom(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(3) == BOM
    except OSError:
        return False  # (the reader that opens it names the error)


def _first_byte(path: Path) -> bytes:
    """The first byte that is not whitespace ("[" means a JSON array however the file is named)."""
    with _open(path) as fh:
        try:
            while chunk := fh.read(1 << 16):
                if stripped := chunk.lstrip():
                    return stripped[:1]
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    raise InputError("file is empty", file=path)


# --- reading -------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    if not raw.strip():
        raise InputError("file is empty", file=path)
    return raw


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", file=path, line=line) from None


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={**SCHEMA, "_file": pl.String, "_line": pl.Int64})


# A known key followed by a JSON value that is not a string or null: a number, bool, object or array.
# polars turns such values into strings without telling, so the source is searched for them.
# On raw lines: the end of a key followed by such a value. An escaped quote and colon inside a text
# ('\\": 5') matches too and only sends the file the careful way.
_NON_STRING_VALUE = r'":\s*[-0-9tf\[{]'
# With --coerce integers are fine (polars reads them as strings); other numbers, booleans and
# containers still go the careful way.
_NON_STRING_VALUE_COERCE = r'":\s*(?:[tf\[{]|-?[0-9]+[.eE])'
CAREFUL_BLOCK = 20_000


def _load_jsonl_careful(path: Path, coerce: bool) -> tuple[pl.DataFrame, list[LoadProblem]]:
    """JSON Lines a block of lines at a time, naming every malformed line.

    polars reads each block it can; a block it refuses, or one holding a non-string value, is parsed
    line by line in Python. One bad line thus costs one slow block, not a slow (and, as Python
    objects, ten times larger) file.
    """
    frames: list[pl.DataFrame] = []
    problems: list[LoadProblem] = []
    nonblank = 0
    non_string = re.compile(_NON_STRING_VALUE_COERCE if coerce else _NON_STRING_VALUE)
    with _open(path) as fh:
        lineno = 0
        try:
            while raw := list(itertools.islice(fh, CAREFUL_BLOCK)):
                numbers, chunk = [], []
                for line in raw:
                    lineno += 1
                    if line.strip():
                        numbers.append(lineno)
                        chunk.append(line if line.endswith(b"\n") else line + b"\n")
                if not chunk:
                    continue
                nonblank += len(chunk)
                data = b"".join(chunk)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", file=path,
                                     line=numbers[data.count(b"\n", 0, exc.start)]) from None
                frame = None if non_string.search(text) else _block_frame(data, len(chunk), coerce)
                if frame is None:
                    frame, found = _records_from_lines(path, text.split("\n")[:-1], numbers, coerce)
                    problems.extend(found)
                else:
                    frame = frame.with_columns(pl.Series("_line", numbers, dtype=pl.Int64))
                if text.count('":') != keys_read(frame):  # a key twice, or only a null, a nested object...
                    problems.extend(duplicate_keys(path, text.split("\n")[:-1], numbers))
                escaped = [n for n, line in zip(numbers, chunk) if b"\\" in line]
                frames.append(frame.with_columns(pl.col("_line").is_in(escaped).alias("_escaped")))
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=path) from None
    if not nonblank:
        raise InputError("file is empty", file=path)
    frame = pl.concat(frames, how="diagonal_relaxed", rechunk=False)
    if frame.height == 0:
        raise InputError("not JSON Lines: no line holds a JSON object" + _first(problems), file=path,
                         line=problems[0].line if problems else None)
    return _finish(path, frame, problems)


def keys_read(frame: pl.DataFrame) -> int:
    """How many keys the records of *frame* held, if none was written twice, none held an explicit
    null and none an object: one per value read. A file whose count of '":' differs is looked at
    line by line (`duplicate_keys`)."""
    names = [c for c in frame.columns if not c.startswith("_")]
    if not names or frame.height == 0:
        return 0
    return int(frame.select(pl.sum_horizontal(pl.col(c).is_not_null().sum() for c in names)).item())


def _pairs_checked(found: list[str]):
    def hook(pairs: list[tuple[str, object]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            found.extend(k for k, _ in pairs if k in seen or seen.add(k))
        return obj

    return hook


def duplicate_keys(path: Path, lines: Sequence[str], numbers: Sequence[int]) -> list[LoadProblem]:
    """A problem for each line whose JSON names a key twice. polars keeps the first value and
    Python's json (so `qa apply`, rewriting the record) the last: which one is the record's is anyone's guess."""
    out: list[LoadProblem] = []
    found: list[str] = []
    hook = _pairs_checked(found)
    for lineno, line in zip(numbers, lines):
        if line.count('":') < 2:
            continue
        found.clear()
        try:
            json.loads(line, object_pairs_hook=hook)
        except ValueError:
            continue  # (reported as malformed)
        if found:
            out.append(_duplicate(path, lineno, found))
    return out


def _duplicate(path: Path, lineno: int, keys: list[str]) -> LoadProblem:
    names = ", ".join(repr(k) for k in dict.fromkeys(keys))
    return LoadProblem(REPEATED_KEY, str(path), lineno,
                       f"key {names} given twice in one object (readers differ on which value counts: polars "
                       "keeps the first, Python's json the last); keep one", field=keys[0])


def _block_frame(data: bytes, lines: int, coerce: bool) -> pl.DataFrame | None:
    """A block of lines read by polars, or None when only the line-by-line parser can tell what is wrong."""
    try:
        frame = pl.read_ndjson(data, infer_schema_length=None)
    except pl.exceptions.PolarsError:
        return None
    if frame.height != lines or not all(line.lstrip().startswith(b"{") for line in data.splitlines()):
        return None
    casts = []
    for name, dtype in frame.schema.items():
        if name in COLUMNS and not isinstance(dtype, (pl.String, pl.Null)):
            if not (coerce and dtype.is_integer()):
                return None
            casts.append(pl.col(name).cast(pl.String))
    return frame.with_columns(casts) if casts else frame


def _records_from_lines(
    path: Path, lines: list[str], numbers: list[int], coerce: bool
) -> tuple[pl.DataFrame, list[LoadProblem]]:
    """Parse *lines* (numbered *numbers*) one by one; malformed ones become problems."""
    rows: list[dict] = []
    problems: list[LoadProblem] = []
    for lineno, line in zip(numbers, lines):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(LoadProblem(MALFORMED, str(path), lineno, f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            problems.append(LoadProblem(MALFORMED, str(path), lineno, f"expected a JSON object, got {_json_type(obj)}"))
            continue
        rows.append(_stringify(path, lineno, obj, coerce, problems))
    return _frame_from_rows(rows), problems


def _first(problems: list[LoadProblem]) -> str:
    return f" (first: {problems[0].message})" if problems else ""


def _stringify(path: Path, lineno: int, obj: dict, coerce: bool, problems: list[LoadProblem]) -> dict:
    """Keep string values; report other JSON types (or, with coerce, turn numbers into strings)."""
    row: dict = {"_line": lineno}
    for key, value in obj.items():
        if value is None or isinstance(value, str):
            row[key] = value
        elif coerce and isinstance(value, (int, float)) and not isinstance(value, bool):
            row[key] = str(int(value)) if float(value).is_integer() else str(value)
        else:
            row[key] = json.dumps(value, ensure_ascii=False)
            if key in COLUMNS:
                problems.append(
                    LoadProblem(
                        WRONG_TYPE, str(path), lineno,
                        f"{key} is a JSON {_json_type(value)}, expected a string"
                        + (" (--coerce accepts integer seconds)" if isinstance(value, int) and not isinstance(value, bool) else ""),
                        field=key, value=row[key],
                        video_id=obj.get("video_id") if isinstance(obj.get("video_id"), str) else None,
                        start_second=obj.get("start_second") if isinstance(obj.get("start_second"), str) else None,
                    )
                )
    return row


def _json_type(value: object) -> str:
    return {bool: "boolean", int: "number", float: "number", list: "array", dict: "object", str: "string",
            type(None): "null"}.get(type(value), type(value).__name__)


def _frame_from_rows(rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema={**SCHEMA, "_line": pl.Int64})
    keys: dict[str, None] = {}
    for r in rows:
        keys.update(dict.fromkeys(r))
    schema = {k: (pl.Int64 if k == "_line" else pl.String) for k in keys}
    return pl.from_dicts(rows, schema=schema)


def _load_json_array(
    path: Path, text: str, coerce: bool, *, lines: bool = False
) -> tuple[pl.DataFrame, list[LoadProblem]]:
    """A JSON array of records. With *lines* (the file is named JSON Lines) an array holding anything
    but objects is read as lines instead: "[1]" there is a malformed line, not a record 1."""
    duplicated: list[tuple[int, str]] = []
    try:
        obj, numbers = array_items(text, duplicated)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=path, line=exc.lineno) from None
    # "[]" holds no record at all: as lines, it is one malformed line (and the file has no record)
    if lines and isinstance(obj, list) and (not obj or not all(isinstance(item, dict) for item in obj)):
        return _load_jsonl_careful(path, coerce)
    if not isinstance(obj, list):
        raise InputError(f"expected a JSON array of records, got {type(obj).__name__}", file=path)
    rows: list[dict] = []
    problems: list[LoadProblem] = []
    by_item: dict[int, list[str]] = {}
    for i, k in duplicated:
        by_item.setdefault(i, []).append(k)
    problems += [_duplicate(path, numbers[i], keys) for i, keys in by_item.items() if i < len(numbers)]
    for i, (n, item) in enumerate(zip(numbers, obj), 1):
        if not isinstance(item, dict):
            problems.append(LoadProblem(MALFORMED, str(path), n, f"record {i} is a JSON {_json_type(item)}, expected an object"))
            continue
        rows.append(_stringify(path, n, item, coerce, problems))
    return _finish(path, _frame_from_rows(rows), problems)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def array_items(text: str, duplicated: list | None = None) -> tuple[object, list[int]]:
    """A JSON document's records and their numbers (``_line``): the line each item of an array begins
    on, so a report of a pretty-printed array points at the record (item 4 of an array written one
    key a line is not on line 4); its position instead when two items begin on one line (a compact
    array), as a record's number names it alone. A lone object is an array of one; anything else is
    returned as it is, with no numbers. Raises json's error on invalid JSON. Keys an object names twice
    are added to *duplicated* as (the index of its item, key)."""
    decoder = json.JSONDecoder(object_pairs_hook=_pairs_checked(duplicated) if duplicated is not None else None)
    i = _JSON_SPACE.match(text).end()
    if not text.startswith("[", i):
        obj = decoder.decode(text)
        if duplicated:
            duplicated[:] = [(0, k) for k in duplicated]
        return ([obj], [text.count("\n", 0, i) + 1]) if isinstance(obj, dict) else (obj, [])
    items: list = []
    starts: list[int] = []
    try:
        line, seen = 1, 0
        i = _JSON_SPACE.match(text, i + 1).end()
        if not text.startswith("]", i):
            while True:
                line += text.count("\n", seen, i)
                seen = i
                before = len(duplicated) if duplicated is not None else 0
                item, i = decoder.raw_decode(text, i)
                items.append(item)
                starts.append(line)
                if duplicated is not None and len(duplicated) > before:  # (this item's keys, by its index)
                    duplicated[before:] = [(len(items) - 1, k) for k in duplicated[before:]]
                i = _JSON_SPACE.match(text, i).end()
                if text.startswith(",", i):
                    i = _JSON_SPACE.match(text, i + 1).end()
                elif text.startswith("]", i):
                    break
                else:
                    raise ValueError
        if _JSON_SPACE.match(text, i + 1).end() != len(text):
            raise ValueError
    except ValueError:  # (JSONDecodeError too) json.loads says what is wrong, and where
        obj = json.loads(text)
        return obj, list(range(1, len(obj) + 1)) if isinstance(obj, list) else []
    if len(set(starts)) != len(starts):
        starts = list(range(1, len(items) + 1))
    return items, starts


def _load_csv(path: Path, data: bytes, coerce: bool) -> tuple[pl.DataFrame, list[LoadProblem]]:
    text = _decode(path, data)
    import csv

    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")), [])
    seen: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        # polars would read the second as 'text_duplicated_0', and the gate check the first alone
        if name in seen:
            raise InputError(f"column {name!r} is named twice in the header (columns {seen[name]} and {i})",
                             file=path, line=1)
        seen[name] = i
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, empty_string_is_null=False)
    except pl.exceptions.PolarsError as exc:
        _too_many_fields(path, text, len(header))
        raise InputError(f"not a readable CSV file: {str(exc).splitlines()[0]}", file=path) from None
    starts = _csv_lines(text, frame.height)
    frame = frame.with_columns(
        pl.Series("_line", starts, dtype=pl.Int64) if starts is not None
        else pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("_line")  # header is line 1
    )
    return _finish(path, frame, [], header_line=1)


def _too_many_fields(path: Path, text: str, columns: int) -> None:
    """Raise the error naming the first record with more fields than the header (polars names no
    line); return when there is none (polars refused the file for another reason)."""
    import csv

    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    start = 1
    try:
        for row in reader:
            if len(row) > columns:
                raise InputError(f"not a readable CSV file: {len(row)} fields where the header names {columns}",
                                 file=path, line=start)
            start = reader.line_num + 1
    except csv.Error:  # (a field beyond csv's size limit, say)
        return


def _csv_lines(text: str, records: int) -> list[int] | None:
    """The line each CSV record begins on, when a quoted field holds a line break (a text with a
    newline: validation flags it, and every later record must still be named by its own line);
    None when each record is one line."""
    if text.count("\n") + (not text.endswith("\n")) <= records + 1:
        return None
    import csv

    reader = csv.reader(io.StringIO(text, newline=""))
    starts, end = [], 0
    try:
        for _ in reader:
            starts.append(end + 1)
            end = reader.line_num
    except csv.Error:  # (a field beyond csv's size limit, say): polars read it; count as before
        return None
    return starts[1:] if len(starts) == records + 1 else None


@contextmanager
def parquet_file(path: Path) -> Iterator[Path]:
    """*path*, or for a gzipped Parquet file (as JSON and CSV may be) a temporary file it is
    gunzipped into a MiB at a time: polars then reads (maps) a file as it would the plain one, and
    memory holds no copy of the compressed or the decompressed bytes."""
    if not path.name.lower().endswith(".gz"):
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="qa-", suffix=".parquet") as tmp:
        try:
            with gzip.open(path, "rb") as src:
                shutil.copyfileobj(src, tmp, 1 << 20)
            tmp.flush()
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", file=path) from None
        yield Path(tmp.name)


def read_parquet(path: Path) -> pl.DataFrame:
    with parquet_file(path) as plain:
        return pl.read_parquet(plain)


def read_parquet_schema(path: Path) -> dict[str, pl.DataType]:
    with parquet_file(path) as plain:
        return pl.read_parquet_schema(plain)


def _load_parquet(path: Path, coerce: bool) -> tuple[pl.DataFrame, list[LoadProblem]]:
    try:
        frame = read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {str(exc).splitlines()[0]}", file=path) from None
    problems: list[LoadProblem] = []
    casts = []
    for name, dtype in frame.schema.items():
        if name in COLUMNS and not isinstance(dtype, pl.String):
            if not (coerce and dtype.is_integer()):
                problems.append(LoadProblem(WRONG_TYPE, str(path), None, f"column {name} has type {dtype}, expected String", field=name))
            casts.append(pl.col(name).cast(pl.String))
    frame = frame.with_columns(casts).with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias("_line"))
    return _finish(path, frame, problems)


def _finish(
    path: Path, frame: pl.DataFrame, problems: list[LoadProblem], header_line: int | None = None
) -> tuple[pl.DataFrame, list[LoadProblem]]:
    """Name missing and unexpected columns, add missing ones as nulls, and order columns.

    A CSV names its columns on line 1; other formats have no line for a column.
    """
    present = [c for c in frame.columns if not c.startswith("_")]
    for col in COLUMNS:
        if col not in present:
            problems.append(LoadProblem(MISSING_COLUMN, str(path), header_line, f"missing column {col!r}", field=col))
    for col in present:
        if col not in COLUMNS:
            problems.append(LoadProblem(UNEXPECTED_COLUMN, str(path), header_line, f"unexpected column {col!r}", field=col))
    frame = frame.with_columns(
        [pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS if c not in frame.columns]
        + [pl.col(c).cast(pl.String) for c in COLUMNS if c in frame.columns]
    )
    frame = frame.with_columns(pl.lit(str(path)).alias("_file"))
    hints = [c for c in ("_escaped", "_no_controls", "_unverified") if c in frame.columns]  # for `load`, see `Dataset`
    return frame.select([*COLUMNS, "_file", "_line", *hints]), problems


def iter_batches(
    paths: Sequence[str | Path], *, batch_size: int = 20_000, coerce: bool = True,
    skipped: Callable[[LoadProblem], None] | None = None, need: Sequence[str] = (),
) -> Iterator[pl.DataFrame]:
    """Stream records in frames of at most *batch_size* rows (same columns as `load`).

    JSON Lines files are read a block of lines at a time, so memory stays flat in the file size;
    other formats are loaded whole and sliced. Malformed lines are skipped (validate reports every
    problem); *skipped* is told of each, so a scan can say which lines it did not read.

    A file with no record at all (empty, or no line a JSON object) is unusable, as `load` says. So
    is one that lacks a column of *need* in every record (the fields a scan reads): scanning it
    would find nothing and say nothing, and the likely cause is the wrong file or a renamed column.
    For JSON Lines that is known only at the file's end, after its records were yielded.
    """
    for path in expand_paths(paths):
        # a JSON array is read whole whatever the file is named, as `load_file` reads it
        if detect_format(path) != "jsonl" or path.name.lower().endswith(".gz") or _first_byte(path) == b"[":
            frame, problems = load_file(path, coerce=coerce)
            _tell(skipped, problems)
            for p in problems:
                if p.check == MISSING_COLUMN and p.field in need:
                    raise InputError(f"missing column {p.field!r}: nothing to scan", file=path, line=p.line)
            for off in range(0, frame.height, batch_size):
                yield frame.slice(off, batch_size)
            continue
        yield from _iter_jsonl(path, batch_size, coerce, skipped, need)


def _tell(skipped: Callable[[LoadProblem], None] | None, problems: list[LoadProblem]) -> None:
    if skipped is not None:
        for p in problems:
            if p.check == MALFORMED:
                skipped(p)


def _iter_jsonl(path: Path, batch_size: int, coerce: bool,
                skipped: Callable[[LoadProblem], None] | None = None,
                need: Sequence[str] = ()) -> Iterator[pl.DataFrame]:
    try:
        fh = _past_bom(open(path, "rb"), path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    rows, first, columns = 0, None, set()  # for the unusable-file checks at the end (see iter_batches)
    with fh:
        lineno = 0
        while True:
            chunk: list[bytes] = []
            numbers: list[int] = []
            for raw in fh:
                lineno += 1
                if not raw.isspace():  # (the ASCII whitespace bytes.strip() strips, without a copy)
                    chunk.append(raw)
                    numbers.append(lineno)
                    if len(chunk) >= batch_size:
                        break
            if not chunk:
                break
            if not chunk[-1].endswith(b"\n"):  # only a file's last line may lack one
                chunk[-1] += b"\n"
            data = b"".join(chunk)
            text = _decode(path, data)
            try:
                frame = pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
                frame = frame.with_columns(pl.Series("_line", numbers, dtype=pl.Int64))
            except pl.exceptions.PolarsError:
                frame, problems = _records_from_lines(path, text.split("\n")[:-1], numbers, coerce)
                _tell(skipped, problems)
                first = first or (problems[0] if problems else None)
            rows += frame.height
            columns.update(frame.columns)
            frame, _ = _finish(path, frame, [])
            yield frame
    if not lineno or (rows == 0 and first is None):
        raise InputError("file is empty", file=path)
    if rows == 0:
        raise InputError("not JSON Lines: no line holds a JSON object" + _first([first]), file=path, line=first.line)
    for col in need:
        if col not in columns:
            keys = ", ".join(sorted(c for c in columns if not c.startswith("_"))) or "none"
            raise InputError(f"no record has a {col!r} field: nothing to scan (fields: {keys})", file=path)


# --- writing -------------------------------------------------------------------------------------


def write(frame: pl.DataFrame, path: str | Path) -> None:
    """Write the dataset columns of *frame* atomically, in the format named by *path*'s extension."""
    path = Path(path)
    fmt = detect_format(path)
    out = frame.select([c for c in frame.columns if not c.startswith("_")])
    if path.name.lower().endswith(".gz"):
        buf = io.BytesIO()
        _write_to(out, buf, fmt)
        payload = gzip.compress(buf.getvalue())
        with atomic_open(path, "wb", encoding=None) as fh:
            fh.write(payload)
        return
    with atomic_open(path, "wb", encoding=None) as fh:
        _write_to(out, fh, fmt)


def _write_to(frame: pl.DataFrame, fh, fmt: str) -> None:
    if fmt == "jsonl":
        for line in iter_json_lines(frame):
            fh.write(line.encode("utf-8"))
    elif fmt == "json":
        fh.write(json.dumps(frame.to_dicts(), ensure_ascii=False, indent=1).encode("utf-8"))
        fh.write(b"\n")
    elif fmt == "csv":
        frame.write_csv(fh)
    else:
        frame.write_parquet(fh)


def iter_json_lines(frame: pl.DataFrame) -> Iterable[str]:
    """One JSON object per record, fields in dataset order, as the source dataset writes them."""
    cols = [c for c in frame.columns if not c.startswith("_")]
    for row in frame.select(cols).iter_rows(named=True):
        yield json.dumps(row, ensure_ascii=False) + "\n"
