"""The compiled glossary: a Detector built once per set of rules, kept in the user cache.

Reading rules/*.yml (~0.3 s), indexing them (~0.3 s) and the batch tables cost more than most
small scans; every worker of a parallel scan paid them again. The Detector, as built and before
it scanned anything (but for what its scorer asks of every entry and form whatever is heard,
`Scorer.warm`, which each process otherwise worked out again), is pickled into the cache
(qa.detect.cache) and loaded from there (~0.1 s) when nothing it was built from has changed: the rule files' paths and bytes, the arguments, the
qa source and the libraries' versions (`cache.environment`).

Invalid rules are never cached: only a Detector that was built without error is saved, and a
cached one is only used for rule files byte-identical to those it was built from. So a broken
file always goes through `load_glossary` and fails as it would without the cache.

The same inputs, less the rules directory's path, are what the findings of a detector are stored
under (qa.detect.reuse): `key_of(det)` for a loaded detector, `fingerprint(...)` without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence
from weakref import WeakKeyDictionary

from qa.detect import cache, freq, regexes
from qa.detect.similarity import form_words

KEEP = 8  # compiled glossaries kept (~3 MB each): the most recently built
# the key each Detector loaded here was built from: what a store of its findings (qa.detect.reuse)
# is keyed by. Held beside the detectors, not on them: a Detector made any other way has none, so
# nothing it finds is ever stored or reused.
_KEYS: WeakKeyDictionary = WeakKeyDictionary()


def load(rules_dir: Path, *, methods: Sequence[str] | None, kinds: Sequence[str], min_score: float):
    """The Detector for *rules_dir* and the arguments, from the cache when it holds one built from
    the same inputs, else built (and cached)."""
    from qa.detect import Detector
    from qa.glossary import load_glossary, rule_files

    args = _args(methods, kinds, min_score)
    # the rule files are read once for both keys, so the two describe the same bytes
    read = _read(rule_files(rules_dir)) if cache.cache_dir() is not None else None
    key = _full_key(rules_dir, read, args) if read is not None else None
    # one file per rules directory and arguments: an edit of the rules replaces it
    name = f"detector-{cache.digest(str(rules_dir), args)[:20]}.pickle"
    if key is not None:
        hit = cache.load(name, key)
        if isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[0], Detector):
            det, zipfs, codes = hit
            freq.remember(zipfs)
            regexes.remember(codes)
            _KEYS[det] = _content_key(read, args)
            return det
    det = Detector(load_glossary(rules_dir), methods=methods, kinds=kinds, min_score=min_score)
    if key is not None and not _unchanged(rules_dir, read):
        # a rule file changed while it was loaded: the keys may not describe what was built, so
        # neither the detector nor what it finds (qa.detect.reuse) is kept
        return det
    if key is not None and cache.writable():
        # (what scoring asks of each entry and form, worked out here once: each process that loads
        # the detector would otherwise work it out again)
        det.scorer.warm(det.glossary.entries, _forms(det.index))
        if cache.save(name, key, (det, _zipfs(det), _regex_codes(det))):
            cache.prune("detector-*.pickle", KEEP)
    if key is not None:
        _KEYS[det] = _content_key(read, args)
    return det


def key_of(det) -> str | None:
    """What *det* was built from, as `fingerprint` says it (None: not loaded by `load`, or the
    cache is off)."""
    try:
        return _KEYS.get(det)
    except TypeError:  # not weakly referable: not one of ours
        return None


def fingerprint(rules_dir: Path, *, methods: Sequence[str] | None, kinds: Sequence[str],
                min_score: float) -> str | None:
    """A hash of everything the Detector `load` gives for these arguments is built from, but the
    rules directory's path (`_content_key`), without building or loading it: a parallel scan's
    main process looks findings up while its workers load the detector. None when the cache is
    off or the rules cannot be listed or read (the workers report why)."""
    from qa.errors import QAError
    from qa.glossary import rule_files

    if cache.cache_dir() is None:
        return None
    try:
        read = _read(rule_files(rules_dir))
    except (QAError, OSError):
        return None
    return _content_key(read, _args(methods, kinds, min_score)) if read is not None else None


def _args(methods: Sequence[str] | None, kinds: Sequence[str], min_score: float) -> str:
    return repr((tuple(methods) if methods else None, tuple(kinds), float(min_score)))


def _full_key(rules_dir: Path, read: list[tuple[Path, bytes]], args: str) -> str:
    """A hash of everything the Detector is built from: the rule files *read* (`_read`: paths and
    bytes), the rules directory, the arguments, the code and libraries."""
    parts: list[bytes | str] = [cache.environment(), str(rules_dir), args]
    for path, data in read:
        parts += [str(path), data]
    return cache.digest(*parts)


def _content_key(read: list[tuple[Path, bytes]], args: str) -> str:
    """`_full_key` without the rules directory's path: what the detector finds does not depend on where
    its rules are, so a scan with `--rules rules` reuses the findings of one with `--rules $PWD/rules`
    (a parallel scan resolves the path). The files' names stay in: their order is the entries'."""
    parts: list[bytes | str] = [cache.environment(), args]
    for path, data in read:
        parts += [path.name, data]
    return cache.digest(*parts)


def _unchanged(rules_dir: Path, read: list[tuple[Path, bytes]]) -> bool:
    from qa.errors import QAError
    from qa.glossary import rule_files

    try:
        return _read(rule_files(rules_dir)) == read
    except (QAError, OSError):
        return False


def _read(files: list[Path]) -> list[tuple[Path, bytes]] | None:
    """The rule files and their bytes; None if one cannot be read (then `load_glossary` reports it)."""
    out = []
    for path in files:
        try:
            out.append((path, path.read_bytes()))
        except OSError:
            return None
    return out


def _regex_codes(det) -> list[tuple]:
    """The compiled code of every entry's require words as one regex (qa.detect.regexes): a scan
    compiles most of them, each process again."""
    # (`EntryRules.lowered` compiles with no flags; the scorer's rules search a require word that
    # names a term by its parts, `spaced_names`)
    return regexes.codes([(p.pattern, 0) for p in (det.scorer.rules(e).lowered for e in det.glossary.entries)
                          if p is not None])


def _forms(index) -> list:
    """The index's forms, each once, in index order."""
    return list({id(f): f for fs in (*index.exact.values(), *index.phonetic.values()) for f in fs}.values())


def _zipfs(det) -> dict[str, float]:
    """How common the words are that a scan asks about and `freq.zipf` would import wordfreq for
    (not plain lowercase words): the squashed correct forms ('gpt2': a mention heard in lowercase
    asks, qa.detect._counts_as_mention), the words of every form ('2', 'int8': a form's words
    missed, candidates.MISSED_ZIPF) and the words heard most of those (`freq.COMMON_OTHER`)."""
    index = det.index
    words = {w for f in _forms(index) for w in form_words(f.text)} | set(freq.COMMON_OTHER)
    return freq.known([squashed for squashed, forms in index.exact.items()
                       if any(f.correct for f in forms) and not (squashed.isascii() and squashed.isalpha())] +
                      sorted(w for w in words if not (w.isascii() and w.isalpha() and w.islower())))
