"""A corrected dataset written from its source records: every column kept, only corrected fields replaced.

The loader keeps the nine dataset columns, as strings, which is all checking and scanning need. The
output of `qa apply` and `qa export --format jsonl` must keep everything else a record holds (a
'speaker', a 'views' number, a nested object), with its JSON type and in its place. So the corrected
values are written back into the records as their source files hold them, read again the way the
loader read them: a JSON Lines file a line at a time (a record left alone is written as its line
was, byte for byte), a JSON array whole, CSV and Parquet files with polars (their columns, types and
order kept). Records are matched by ``_line``, the loader's record number within its file.

The one thing not carried: columns beyond the nine of a JSON source written as CSV or Parquet (their
values may be objects or of mixed types, which no table column holds); `lost_columns` names them. So
does `unwritable_columns` for a Parquet source's lists, structs, bytes and durations written as CSV.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
from pathlib import Path
from typing import IO, Iterator

import polars as pl

from qa import records
from qa.atomic import atomic_open
from qa.errors import InputError

Changes = dict[int, dict[str, str | None]]  # _line -> {field: corrected value}
TABLES = ("csv", "parquet")


def write(original: pl.DataFrame, corrected: pl.DataFrame, path: str | Path | None, only: str | None = None) -> None:
    """Write *corrected* (rows as *original*, from `qa.records.load`) atomically to *path*, in the
    format its name says, from the source records: each keeps its columns, only changed fields differ.
    *path* None is stdout, as JSON Lines (`--output -`: a stream has no name to tell a format by, and
    JSON Lines is the one a pipe's next command reads a record at a time). *only* limits the output
    to the records of that source file."""
    path = None if path is None else Path(path)
    fmt = "jsonl" if path is None else records.detect_format(path)
    if only is not None:
        original, corrected = (f.filter(pl.col("_file") == only) for f in (original, corrected))
    changes = _changes(original, corrected)
    # the records of each file in turn (a file is read once however often it was named: `expand_paths`)
    runs, offset = [], 0
    for length, file in corrected["_file"].rle().struct.unnest().iter_rows():
        runs.append((file, corrected.slice(offset, length)))  # (a slice is a view: nothing copied)
        offset += length
    if fmt in TABLES:
        parts = [_table(Path(f), part["_line"], changes.get(f, {}), part) for f, part in runs]
        frame = parts[0] if len(parts) == 1 else pl.concat(parts, how="diagonal_relaxed") if parts else corrected
        if fmt == "csv":  # (named by `unwritable_columns`; polars refuses the whole file otherwise)
            frame = frame.drop([c for c, dtype in frame.schema.items() if not _csv_holds(dtype)])
        records.write(frame, path)
        return
    lines = (line for f, part in runs for line in _json_records(Path(f), part["_line"], changes.get(f, {})))
    with _sink(path) as raw:
        fh = gzip.GzipFile(fileobj=raw, mode="wb") if path is not None and path.name.lower().endswith(".gz") else raw
        if fmt == "jsonl":
            for line in lines:
                fh.write(line + b"\n")
        else:  # as `qa.records.write` writes a JSON array (the loader reads such a file whole anyway)
            fh.write(json.dumps([json.loads(line) for line in lines], ensure_ascii=False, indent=1).encode("utf-8"))
            fh.write(b"\n")
        if fh is not raw:
            fh.close()


@contextlib.contextmanager
def _sink(path: Path | None) -> Iterator[IO[bytes]]:
    """*path* opened atomically, or stdout's bytes for None (flushed at the end, not closed)."""
    if path is not None:
        with atomic_open(path, "wb", encoding=None) as fh:
            yield fh
        return
    out = sys.stdout.buffer
    yield out
    out.flush()


def lost_columns(dataset: records.Dataset, output: str | Path) -> list[str]:
    """The columns beyond the nine that writing *dataset* to *output* cannot keep (see the module doc)."""
    if records.detect_format(Path(output)) not in TABLES:
        return []
    return sorted({p.field for p in dataset.problems if p.check == records.UNEXPECTED_COLUMN and p.field
                   and records.detect_format(Path(p.file)) not in TABLES})


def _csv_holds(dtype: pl.DataType) -> bool:
    """A CSV cell can hold a value of this type (not a list, struct, bytes or duration)."""
    return not (dtype.is_nested() or isinstance(dtype, (pl.Binary, pl.Duration, pl.Object)))


def unwritable_columns(dataset: records.Dataset, output: str | Path) -> list[str]:
    """The columns of a Parquet input that a CSV *output* cannot hold (lists, structs, bytes,
    durations): written without them, as a JSON input's extra columns are (see `lost_columns`)."""
    if records.detect_format(Path(output)) != "csv":
        return []
    return sorted({c for f in dataset.files if records.detect_format(Path(f)) == "parquet"
                   for c, dtype in records.read_parquet_schema(Path(f)).items() if not _csv_holds(dtype)})


def _changes(original: pl.DataFrame, corrected: pl.DataFrame) -> dict[str, Changes]:
    """Per source file, the records whose known fields the corrections changed, and their new values."""
    fields = [c for c in records.COLUMNS if c in corrected.columns and not original[c].equals(corrected[c])]
    out: dict[str, Changes] = {}
    if not fields:
        return out
    differs = pl.select(pl.any_horizontal([original[c].ne_missing(corrected[c]) for c in fields])).to_series()
    before = original.filter(differs).select(fields).iter_rows()
    for row, old in zip(corrected.filter(differs).select("_file", "_line", *fields).iter_rows(), before):
        out.setdefault(row[0], {})[row[1]] = {c: v for c, v, was in zip(fields, row[2:], old) if v != was}
    return out


def _json_records(path: Path, numbers: pl.Series, changes: Changes) -> Iterator[bytes]:
    """The records of *path* numbered *numbers*, as JSON text: a JSON source's own objects (a JSON
    Lines record left alone is its line as it was), a table's rows as objects of their columns."""
    fmt = records.detect_format(path)
    if fmt in TABLES:
        frame = _table(path, numbers, changes, None)
        for row in frame.iter_rows(named=True):
            yield json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")
        return
    items = _array(path, fmt)
    if items is not None:
        for n in numbers:
            if n not in items:
                raise InputError(f"changed while being corrected: no record numbered {n} any more", file=path)
            yield _patched(items[n], changes.get(n))
        return
    wanted = iter(numbers)
    n = next(wanted, None)
    with records._open(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            if n is None:
                break
            if lineno != n:
                continue
            new = changes.get(n)
            if new is None:
                yield raw.strip()
            else:
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise InputError(f"changed while being corrected: {exc.msg}", file=path, line=n) from None
                yield _patched(obj, new)
            n = next(wanted, None)
    if n is not None:
        raise InputError(f"changed while being corrected: no record on line {n} any more", file=path)


def _array(path: Path, fmt: str) -> dict[int, object] | None:
    """The records of a JSON array file by their numbers, as the loader reads and numbers them; None
    when it reads the file as lines."""
    if fmt == "jsonl" and records._first_byte(path) != b"[":
        return None
    obj, numbers = records.array_items(records._decode(path, records._read_bytes(path)))
    if not isinstance(obj, list):
        return {}
    if fmt == "jsonl" and not (obj and all(isinstance(item, dict) for item in obj)):
        return None  # (an array of other things in a .jsonl file is read as lines, as `_load_json_array` does)
    return dict(zip(numbers, obj))


def _patched(obj: dict, new: dict[str, str | None] | None) -> bytes:
    if not isinstance(obj, dict):  # (the loader read it as a record: the file changed since)
        raise InputError("changed while being corrected: a record is no JSON object any more")
    if new:
        obj = {**obj, **new}  # (a field replaced keeps its place)
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _table(path: Path, numbers: pl.Series, changes: Changes, fallback: pl.DataFrame | None) -> pl.DataFrame:
    """A CSV or Parquet source read as the loader reads it, with the changed fields replaced.

    A JSON source (when a table is written) is *fallback*: the loaded columns, as before. A CSV's
    empty field is an empty string, as the loader reads it, in JSON; written as CSV it stays an empty
    field (polars would quote an empty string)."""
    fmt = records.detect_format(path)
    if fmt not in TABLES:
        assert fallback is not None
        return fallback.select([c for c in fallback.columns if not c.startswith("_")])
    if fmt == "csv":
        frame = pl.read_csv(io.BytesIO(records._read_bytes(path)), infer_schema=False,
                            empty_string_is_null=fallback is not None)
    else:
        frame = records.read_parquet(path)
    if frame.height != numbers.len():
        raise InputError(f"changed while being corrected: {frame.height} records, {numbers.len()} read before", file=path)
    if changes:
        position = {n: i for i, n in enumerate(numbers) if n in changes}
        cols = []
        for name in {c for new in changes.values() for c in new}:
            col = frame[name] if frame[name].dtype == pl.String else frame[name].cast(pl.String)
            idx = [position[n] for n, new in changes.items() if name in new]
            cols.append(col.scatter(idx, [changes[n][name] for n, new in changes.items() if name in new]))
        frame = frame.with_columns(cols)
    return frame
