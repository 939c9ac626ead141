"""A bounded memo that forgets gradually: two generations instead of one dict cleared when full.

Clearing a full dict throws away the corpus's common phrases together with its one-off ones, and
the next thousands of records pay to look the common ones up again. With two generations, a key
used since the last flip survives it (it is promoted on use), and memory stays bounded at two
generations.
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_not
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    __slots__ = ("limit", "new", "old")

    def __init__(self, limit: int):
        self.limit = limit
        self.new: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        v = self.new.get(key)
        if v is None:
            v = self.old.get(key)
            if v is not None:
                self[key] = v
        return v

    def get_many(self, keys: list[K]) -> list[V | None]:
        """`get` of each key, in one loop (a batch asks tens of thousands of keys at once; a
        method call per key cost more than the dict lookups)."""
        # the new generation asked by map (in C); the old one only for the keys it lacks, most of a
        # batch's (n-grams never seen), and the loop in Python only for those it has
        out: list[V | None] = list(map(self.new.get, keys))
        if self.old:
            misses = [k for k, v in enumerate(out) if v is None]
            if misses:
                olds = list(map(self.old.get, [keys[k] for k in misses]))
                promote = []
                for k, v in compress(zip(misses, olds), map(is_not, olds, repeat(None))):
                    out[k] = v
                    promote.append((keys[k], v))
                if promote:
                    self.set_many(promote, len(promote))
        return out

    def set_many(self, items, n: int | None = None) -> None:
        """`self[key] = value` for each (key, value), flipping as that would. *n*: how many items,
        when known: if the new generation has room for them all, no flip can come, and one
        `dict.update` does it (a batch sets ~20,000 keys: ~40% less)."""
        new, limit = self.new, self.limit
        if n is not None and len(new) + n <= limit:
            new.update(items)
            return
        for k, v in items:
            if len(new) >= limit:
                self.old = new
                self.new = new = {}
            new[k] = v

    def __setitem__(self, key: K, value: V) -> None:
        if len(self.new) >= self.limit:
            self.old = self.new
            self.new = {}
        self.new[key] = value

    def __contains__(self, key: K) -> bool:
        return key in self.new or key in self.old

    def __len__(self) -> int:
        return len(self.new) + len(self.old.keys() - self.new.keys())

    def clear(self) -> None:
        self.new.clear()
        self.old.clear()


class SortedKeys:
    """A bounded set of 64-bit integer keys, kept as two generations of sorted numpy arrays, as `Memo`
    keeps two dicts: 8 bytes a key where a dict entry costs ~90, and asked for a whole batch of
    keys at once (a binary search each, in C). For the n-grams that sound like nothing, nine in ten
    of those a scan meets: a dict bounded at the same memory forgot them within ~25,000 records,
    and the n-grams met again were looked up again (a sixth of the lookups of a 50,000-record
    scan). A key asked for that only the old generation holds is promoted, as `Memo.get` does."""

    __slots__ = ("limit", "new", "old")

    def __init__(self, limit: int):
        self.limit = limit
        self.new = self.old = None  # sorted uint64 arrays (None: empty; numpy is imported on first use)

    def contains(self, keys):
        """Whether each of *keys* (a uint64 numpy array) is held."""
        got = _within(self.new, keys)
        if self.old is not None:
            old = _within(self.old, keys) & ~got
            if old.any():
                self.add(keys[old])
                got |= old
        return got

    def add(self, keys) -> None:
        """Hold *keys* (a uint64 numpy array) too; when the new generation would grow past the limit,
        it becomes the old one (and the old one is forgotten)."""
        np = _numpy()
        keys = np.unique(keys)
        if self.new is not None:
            keys = keys[~_within(self.new, keys)]
        if not keys.size:
            return
        if self.new is None:
            self.new = keys
        elif self.new.size + keys.size > self.limit:
            self.old, self.new = self.new, keys
        else:
            self.new = np.insert(self.new, np.searchsorted(self.new, keys), keys)

    def __len__(self) -> int:
        return sum(a.size for a in (self.new, self.old) if a is not None)


def _within(sorted_keys, keys):
    """Whether each of *keys* is in the sorted array *sorted_keys* (None: empty)."""
    np = _numpy()
    if sorted_keys is None or not sorted_keys.size:
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(sorted_keys, keys)
    at[at == sorted_keys.size] = 0
    return sorted_keys[at] == keys


def _numpy():
    from qa.detect.bulk import _numpy as numpy  # (numpy, imported as bulk imports it: on first use)

    return numpy()
