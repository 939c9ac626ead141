"""A user cache of things that are slow to build and only change when their inputs do.

Each cache file holds a key (a hash of everything the content was built from) and a pickle. A
file whose key differs from the one asked for is a miss and is overwritten; a file that cannot be
read or unpickled is a miss too. Writes are atomic, and a cache that cannot be written is simply
not used: a cache never makes a run fail, only faster.

Where: $QA_CACHE_DIR if set (empty: no cache), else $XDG_CACHE_HOME/transcript-qa, else
~/.cache/transcript-qa. QA_NO_CACHE=1 switches it off too.

Pickles are only read from the user's own cache directory (made private, 0700): the same trust
as the user's own files. The findings store of qa.detect.reuse lives in the same directory (one
SQLite file of JSON, no pickle) and is switched off with it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

FORMAT = b"qa-cache 1\n"
KEY_LEN = 64  # hex digits of a sha256
# libraries whose behaviour (or pickled objects) a cached result depends on
LIBRARIES = ("polars", "rapidfuzz", "wordfreq", "jellyfish", "pyahocorasick", "pyyaml", "numpy", "msgpack")


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is switched off."""
    if os.environ.get("QA_NO_CACHE", "") not in ("", "0"):
        return None
    if "QA_CACHE_DIR" in os.environ:
        value = os.environ["QA_CACHE_DIR"]
        return Path(value).expanduser() if value else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "transcript-qa"
    try:
        return Path.home() / ".cache" / "transcript-qa"
    except (RuntimeError, KeyError):  # no home directory (a bare container user): no cache
        return None


@lru_cache(maxsize=1)
def environment() -> str:
    """What every cached result depends on besides its own inputs: the qa package's source (any
    code change may change what is built), Python's version and the libraries' versions."""
    h = hashlib.sha256()
    h.update(sys.version.encode())
    root = Path(__file__).resolve().parent.parent  # the qa package
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as fh:
                    h.update(fh.read())
                h.update(b"\0")
    for dist in _distributions():
        h.update(dist.encode() + b"\0")
    return h.hexdigest()


def _distributions() -> list[str]:
    """The installed distributions of LIBRARIES, as their metadata directories are named
    ('polars-2.1.0.dist-info'): one directory listing per import path instead of a metadata
    query per library."""
    wanted = {name.replace("-", "_").lower() for name in LIBRARIES}
    found = []
    for entry in sys.path:
        if os.path.basename(entry.rstrip(os.sep)) not in ("site-packages", "dist-packages"):
            continue  # not where distributions live (and '' is the working directory: maybe huge)
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                dist = name.rsplit(".", 1)[0].split("-", 1)[0].replace("-", "_").lower()
                if dist in wanted:
                    found.append(name)
    return sorted(found)


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\0")
    return h.hexdigest()


def load(name: str, key: str):
    """The object cached under *name* if it was built for *key*, else None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(directory / name, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(FORMAT) + KEY_LEN + 1
    if data[:len(FORMAT)] != FORMAT or data[len(FORMAT):head - 1].decode("ascii", "replace") != key:
        return None
    # the cyclic collector would run many times over the objects being made (they are all alive):
    # half the load time of a compiled glossary
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(memoryview(data)[head:])
    except Exception:  # noqa: BLE001 - a damaged or foreign file is a miss, whatever it holds
        return None
    finally:
        if enabled:
            gc.enable()


def save(name: str, key: str, obj) -> bool:
    """Cache *obj* under *name* for *key*; False (and no error) if it cannot be written."""
    directory = cache_dir()
    if directory is None:
        return False
    from qa.atomic import atomic_write_bytes

    try:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write_bytes(directory / name, FORMAT + key.encode("ascii") + b"\n" + data)
    except Exception:  # noqa: BLE001 - unwritable, full, or unpicklable: run without the cache
        return False
    return True


def prune(pattern: str, keep: int) -> None:
    """Delete all but the *keep* most recently written files matching *pattern* (one compiled
    glossary per rules directory and arguments: a user of many would otherwise collect them)."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        files = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink()
    except OSError:
        pass


def writable() -> bool:
    """Whether the cache can be written (so that building something only to cache it pays off)."""
    directory = cache_dir()
    if directory is None:
        return False
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return False
    return os.access(directory, os.W_OK | os.X_OK)
