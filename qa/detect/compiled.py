"""The compiled glossary: a Detector built once per set of rules, kept in the user cache.

Reading rules/*.yml (~0.3 s), indexing them (~0.3 s) and the batch tables cost more than most
small scans; every worker of a parallel scan paid them again. The Detector, as built and before
it scanned anything, is pickled into the cache (qa.detect.cache) and loaded from there (~0.1 s)
when nothing it was built from has changed: the rule files' paths and bytes, the arguments, the
qa source and the libraries' versions (`cache.environment`).

Invalid rules are never cached: only a Detector that was built without error is saved, and a
cached one is only used for rule files byte-identical to those it was built from. So a broken
file always goes through `load_glossary` and fails as it would without the cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from qa.detect import cache, freq

KEEP = 8  # compiled glossaries kept (~3 MB each): the most recently built


def load(rules_dir: Path, *, methods: Sequence[str] | None, kinds: Sequence[str], min_score: float):
    """The Detector for *rules_dir* and the arguments, from the cache when it holds one built from
    the same inputs, else built (and cached)."""
    from qa.detect import Detector
    from qa.glossary import load_glossary, rule_files

    args = repr((tuple(methods) if methods else None, tuple(kinds), float(min_score)))
    key = _key(rules_dir, rule_files(rules_dir), args) if cache.cache_dir() is not None else None
    # one file per rules directory and arguments: an edit of the rules replaces it
    name = f"detector-{cache.digest(str(rules_dir), args)[:20]}.pickle"
    if key is not None:
        hit = cache.load(name, key)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Detector):
            det, zipfs = hit
            freq.remember(zipfs)
            return det
    det = Detector(load_glossary(rules_dir), methods=methods, kinds=kinds, min_score=min_score)
    if key is not None and cache.writable() and cache.save(name, key, (det, _zipfs(det))):
        cache.prune("detector-*.pickle", KEEP)
    return det


def _key(rules_dir: Path, files: list[Path], args: str) -> str | None:
    """A hash of everything the Detector is built from; None if a rule file cannot be read (then
    `load_glossary` reports it)."""
    parts: list[bytes | str] = [cache.environment(), str(rules_dir), args]
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        parts += [str(path), data]
    return cache.digest(*parts)


def _zipfs(det) -> dict[str, float]:
    """How common the squashed correct forms that are not plain lowercase words are ('gpt2'):
    a mention heard in lowercase asks (qa.detect._counts_as_mention), and for them `freq.zipf`
    would import wordfreq."""
    return freq.known([squashed for squashed, forms in det.index.exact.items()
                       if any(f.correct for f in forms) and not (squashed.isascii() and squashed.isalpha())])
