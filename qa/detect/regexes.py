"""Compiling the glossary's context regexes without parsing them again in every process.

`re.compile` parses a pattern and generates its matcher code in Python: ~0.35 ms for an entry's
require words as one alternation (`context._lowered_regex`), and a scan compiles some 600 of them
(~0.2 s, 1.5% of a scan of 20k records; in every worker of a parallel scan). A compiled pattern
cannot be pickled as such (pickle compiles it again), so the compiled glossary (qa.detect.compiled)
keeps the generated code of each instead (`codes`), and `compile` hands it back to the regex
engine when the pattern is compiled (`remember`): some 5 us a pattern.

That uses CPython's own compiler steps (re._parser, re._compiler, _sre.compile: the same calls
`re.compile` makes, in the same order). The code is only ever used by the interpreter that made it
(a cached glossary is keyed by Python's version, `cache.environment`), and `compile` falls back to
`re.compile` when anything about those steps is not as expected: then it is only slower.
"""

from __future__ import annotations

import re
from array import array

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # (another implementation of Python: `compile` is re.compile)
    _sre = None
# (the engine's code words in an array of machine words: "I" is their size on every platform known)
_USABLE = _sre is not None and getattr(_sre, "CODESIZE", 0) == array("I").itemsize

# (pattern, flags asked for) -> what _sre.compile takes besides them: flags, code, groups, group
# index, index group. Patterns of this process's cached glossary only: a constant ~1 MB
_known: dict[tuple[str, int], tuple] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name, on purpose
    """`re.compile(pattern, flags)`, from its remembered code when there is one (an equal Pattern:
    same pattern, flags and code)."""
    made = _known.get((pattern, flags))
    if made is not None:
        full, code, groups, groupindex, indexgroup = made
        try:
            return _sre.compile(pattern, full, code.tolist(), groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 - not the code this engine takes: compile it as always
            del _known[(pattern, flags)]
    return re.compile(pattern, flags)


def codes(patterns: list[tuple[str, int]]) -> list[tuple]:
    """What `remember` needs to compile each (pattern, flags) without parsing it: as `re.compile`
    makes it (re._compiler.compile), its code as an array of machine words (what the engine reads;
    a list of ints pickles and loads slower). [] when this Python compiles otherwise."""
    if _sre is None:
        return []
    out = []
    try:
        for pattern, flags in patterns:
            p = _parser.parse(pattern, flags)
            code = array("I", _compiler._code(p, flags))
            groupindex = p.state.groupdict
            indexgroup = [None] * p.state.groups
            for k, i in groupindex.items():
                indexgroup[i] = k
            out.append((pattern, flags, flags | p.state.flags, code, p.state.groups - 1, dict(groupindex),
                        tuple(indexgroup)))
    except Exception:  # noqa: BLE001 - the private steps differ in this version: no codes, no harm
        return []
    return out


def remember(made: list[tuple]) -> None:
    """Compile the patterns of *made* (from `codes`) from their code from now on."""
    if not _USABLE:
        return
    for pattern, flags, *rest in made:
        _known[(pattern, flags)] = tuple(rest)
