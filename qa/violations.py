"""The violations of a report, in report order, without holding them all in memory.

A violation as a Python object with its strings took ~700-900 B: `qa validate` on 200k records with
one violation each peaked 177 MB above the same records clean, and the gap grew with N. Here each
check's violations arrive as a stream already in report order (a rule's failing rows come in row
order), are kept as tuples in batches and, past `BATCH`, written to an anonymous temporary file
(marshal: tuples of str/int/None, read back by this process only). Only the counts by check and by
severity stay in memory; the report is a merge of the streams read back a batch at a time, and a
check's first examples are the head of the merge of its own streams.
"""

from __future__ import annotations

import heapq
import itertools
import marshal
import tempfile
from collections import Counter
from typing import IO, Callable, Iterable, Iterator

BATCH = 2000  # violations per batch written to (and read back from) the spool


class _Stream:
    """Violations of one source in report order: written batches (offset, size) and the last few in memory."""

    __slots__ = ("segments", "pending", "checks")

    def __init__(self) -> None:
        self.segments: list[tuple[int, int]] = []
        self.pending: list[tuple] = []
        self.checks: set[str] = set()


class Violations:
    """A sequence-like collection of `qa.validate.Violation`: iterate it, count it, compare it with a list.

    `add_sorted` takes a stream already in the order of *key*; the streams are merged by *key*.
    Anything added with `extend` (or given to the constructor) follows the merged streams as given.
    """

    def __init__(self, items: Iterable = (), *, key: Callable | None = None) -> None:
        self._key = key
        self._sorted: list[_Stream] = []
        self._tail: list[_Stream] = []
        self._file: IO[bytes] | None = None
        self.by_check: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.extend(items)

    # --- adding ----------------------------------------------------------------------------------

    def add_sorted(self, items: Iterable) -> None:
        """A stream in the order of the key (sorted here, in memory, should it not be: no stream of
        validate is out of order, as a rule's failing rows come in row order)."""
        it = iter(items)
        stream, out_of_order = self._fill(_Stream(), it, check_order=self._key is not None)
        if out_of_order is not None:
            from qa.validate import Violation

            held = [Violation(*t) for t in self._rows(stream)]
            for t in held:
                self.by_check[t.check] -= 1
                self.by_severity[t.severity] -= 1
            stream, _ = self._fill(_Stream(), sorted([*held, out_of_order, *it], key=self._key), check_order=False)
        self._sorted.append(stream)

    def extend(self, items: Iterable) -> "Violations":
        self._tail.append(self._fill(_Stream(), iter(items), check_order=False)[0])
        return self

    __iadd__ = extend

    def _fill(self, stream: _Stream, items: Iterator, *, check_order: bool) -> tuple[_Stream, object]:
        """*stream* filled from *items*; with *check_order*, stops at the first item out of order and
        returns it as well (else None)."""
        last = None
        for v in items:
            if check_order:
                k = self._key(v)
                if last is not None and k < last:
                    return stream, v
                last = k
            stream.pending.append((v.check, v.name, v.severity, v.message, v.video_id, v.start_second, v.field,
                                   v.value, v.file, v.line))
            stream.checks.add(v.check)
            self.by_check[v.check] += 1
            self.by_severity[v.severity] += 1
            if len(stream.pending) >= BATCH:
                self._flush(stream)
        return stream, None

    def _flush(self, stream: _Stream) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="qa-violations-")
        data = marshal.dumps(stream.pending)
        self._file.seek(0, 2)
        stream.segments.append((self._file.tell(), len(data)))
        self._file.write(data)
        stream.pending = []

    # --- reading ---------------------------------------------------------------------------------

    def _rows(self, stream: _Stream) -> Iterator[tuple]:
        for offset, size in stream.segments:
            self._file.seek(offset)
            batch = marshal.loads(self._file.read(size))
            yield from batch
        yield from list(stream.pending)

    def _objects(self, stream: _Stream) -> Iterator:
        from qa.validate import Violation

        return (Violation(*t) for t in self._rows(stream))

    def _iter(self, sorted_streams: list[_Stream], tail: list[_Stream]) -> Iterator:
        # (the spool is shared: each stream's generator seeks before it reads, and reads a batch whole)
        if len(sorted_streams) == 1 or self._key is None:
            merged: Iterable = itertools.chain.from_iterable(self._objects(s) for s in sorted_streams)
        else:
            merged = heapq.merge(*(self._objects(s) for s in sorted_streams), key=self._key)
        return itertools.chain(merged, *(self._objects(s) for s in tail))

    def __iter__(self) -> Iterator:
        return self._iter(self._sorted, self._tail)

    def first(self, check: str, n: int) -> list:
        """The first *n* violations of *check* in report order (reading only the streams that hold it)."""
        if n <= 0 or not self.by_check.get(check):
            return []
        mine = lambda streams: [s for s in streams if check in s.checks]  # noqa: E731
        found = (v for v in self._iter(mine(self._sorted), mine(self._tail)) if v.check == check)
        return list(itertools.islice(found, n))

    def __len__(self) -> int:
        return sum(self.by_check.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, index):
        return list(self)[index]

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, Violations)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Violations({len(self)} in {len(self.by_check)} checks)"

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
