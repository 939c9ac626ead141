"""The glossary in rules/*.yml: loading with file:line kept, schema validation, entry model, rule tests.

The glossary is data (a declaration); `qa.detect` is the engine that reads it. Every entry carries its
own examples — `flag` (must be flagged and corrected to `to`) and `allow` (must not be flagged) — run by
`run_rule_tests`, with codespell-style hygiene checks on the data itself.

    category: model
    entries:
      - term: BERT
        aliases: [BERTs]
        spoken: [bert]
        variants: [bird, {text: Burke, safe: false}]
        context: {require: [model, pretrain], exceptions: [UC Berkeley]}
        flag: [{text: "we fine tuned bird on squad", to: BERT}]
        allow: ["this talk was at UC Berkeley"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from qa.errors import InputError

CATEGORIES = ("model", "dataset", "technique", "organization", "person", "acronym", "tool", "hardware",
              "metric", "other")
FILE_KEYS = {"category", "entries"}
ENTRY_KEYS = {"term", "category", "aliases", "spoken", "variants", "context", "flag", "allow"}
CONTEXT_KEYS = {"require", "exceptions"}


def normalize(text: str) -> str:
    """Case, spacing, hyphenation and punctuation removed: 'Word Net' == 'word-net' == 'WordNet'."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


@dataclass(frozen=True)
class Variant:
    text: str
    safe: bool = False
    line: int | None = None


@dataclass(frozen=True)
class Example:
    text: str
    to: str | None  # None for allow examples
    line: int | None = None


@dataclass
class Entry:
    term: str
    category: str
    file: str
    line: int
    aliases: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    require: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    flag: list[Example] = field(default_factory=list)
    allow: list[Example] = field(default_factory=list)

    @property
    def correct_forms(self) -> list[str]:
        """Spellings that are right (never asr-errors): the term and its aliases."""
        return [self.term, *self.aliases]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Glossary:
    entries: list[Entry]
    files: list[str]
    root: str | None = None  # the rules directory it was loaded from

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> Entry | None:
        """The entry whose term or alias is *name*, whatever its case (`qa review --term bert`)."""
        key = name.casefold().strip()
        return next((e for e in self.entries if key in {t.casefold() for t in (e.term, *e.aliases)}), None)

    def close_terms(self, name: str, n: int = 3) -> list[str]:
        """Terms spelled like *name*, for a "did you mean" when it names none."""
        import difflib

        by_key = {e.term.casefold(): e.term for e in self.entries}
        return [by_key[k] for k in difflib.get_close_matches(name.casefold(), list(by_key), n=n, cutoff=0.6)]


@dataclass(frozen=True)
class RuleTestFailure:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


# --- YAML with line numbers ----------------------------------------------------------------------


class LineStr(str):
    """A YAML string that remembers its 1-based line."""

    line: int | None = None


class LineDict(dict):
    line: int | None = None


@lru_cache(maxsize=1)
def _loader():
    """A YAML SafeLoader that keeps line numbers; PyYAML is imported here, not with the module: a
    scan whose compiled glossary is cached (qa.detect.compiled) never reads YAML."""
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
    LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    return LineLoader


def _construct_str(loader, node):
    s = LineStr(loader.construct_scalar(node))
    s.line = node.start_mark.line + 1
    return s


def _construct_map(loader, node):
    d = LineDict(loader.construct_mapping(node, deep=True))
    d.line = node.start_mark.line + 1
    return d


def _line(obj, default: int | None = None) -> int | None:
    return getattr(obj, "line", None) or default


# --- loading and validation ----------------------------------------------------------------------


def rule_files(rules_dir: Path) -> list[Path]:
    rules_dir = Path(rules_dir)
    if not rules_dir.is_dir():
        raise InputError("rules directory not found", file=rules_dir)
    files = sorted(p for p in rules_dir.glob("*.y*ml") if p.is_file() and not p.name.startswith("."))
    if not files:
        # a glossary of nothing finds nothing and passes every gate: the wrong directory, most likely
        raise InputError("rules directory holds no .yml or .yaml files", file=rules_dir)
    return files


def load_glossary(rules_dir: Path) -> Glossary:
    """Load every rules/*.yml; the first invalid file raises InputError(file, line)."""
    entries: list[Entry] = []
    files = rule_files(rules_dir)
    for path in files:
        entries.extend(load_file(path))
    return Glossary(entries=entries, files=[str(p) for p in files], root=str(rules_dir))


def load_file(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read rules file: {exc}", file=path) from None
    import yaml

    try:
        doc = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        ctx, ctx_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if ctx and ctx_mark is not None and (mark is None or ctx_mark.line != mark.line):
            problem += f" ({ctx} at line {ctx_mark.line + 1})"
        raise InputError(f"invalid YAML: {problem}", file=path, line=mark.line + 1 if mark else None) from None
    if doc is None:
        return []
    return _entries_from(path, doc)


def _fail(path: Path, line: int | None, message: str):
    raise InputError(message, file=path, line=line)


def _entries_from(path: Path, doc) -> list[Entry]:
    if not isinstance(doc, dict):
        _fail(path, 1, "a rules file must be a mapping with 'category' and 'entries'")
    unknown = set(doc) - FILE_KEYS
    if unknown:
        _fail(path, _line(doc, 1), f"unknown top-level key {sorted(unknown)[0]!r} (expected: category, entries)")
    default_cat = doc.get("category", "other")
    _check_category(path, _line(default_cat, _line(doc, 1)), default_cat)
    raw = doc.get("entries")
    if raw is None:
        _fail(path, _line(doc, 1), "missing 'entries' (a list of glossary entries)")
    if not isinstance(raw, list):
        _fail(path, _line(doc, 1), "'entries' must be a list")
    return [_entry(path, item, str(default_cat)) for item in raw]


def _check_category(path: Path, line, value) -> None:
    if not isinstance(value, str) or value not in CATEGORIES:
        _fail(path, line, f"unknown category {value!r} (expected one of: {', '.join(CATEGORIES)})")


def _entry(path: Path, item, default_cat: str) -> Entry:
    if not isinstance(item, dict):
        _fail(path, _line(item), f"an entry must be a mapping with at least 'term', got {type(item).__name__}")
    line = _line(item, 1)
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        key = sorted(unknown)[0]
        _fail(path, _line(key, line), f"unknown key {key!r} in entry (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    term = item.get("term")
    if not isinstance(term, str) or not term.strip():
        _fail(path, line, "entry has no 'term' (a non-empty string)")
    category = item.get("category", default_cat)
    _check_category(path, _line(category, line), category)
    context = item.get("context") or {}
    if not isinstance(context, dict):
        _fail(path, line, f"{term}: 'context' must be a mapping with 'require' and/or 'exceptions'")
    if set(context) - CONTEXT_KEYS:
        _fail(path, _line(context, line), f"{term}: unknown context key {sorted(set(context) - CONTEXT_KEYS)[0]!r} "
              "(allowed: require, exceptions)")
    entry = Entry(
        term=str(term), category=str(category), file=str(path), line=line,
        aliases=_strings(path, item, "aliases", term, line),
        spoken=_strings(path, item, "spoken", term, line),
        variants=[_variant(path, v, term, line) for v in _list(path, item, "variants", term, line)],
        require=_strings(path, context, "require", term, line),
        exceptions=_strings(path, context, "exceptions", term, line),
        flag=[_flag(path, ex, term, line) for ex in _list(path, item, "flag", term, line)],
        allow=[_allow(path, ex, term, line) for ex in _list(path, item, "allow", term, line)],
    )
    for pattern in entry.require:
        if _looks_like_regex(pattern):
            try:
                re.compile(pattern)
            except re.error as exc:
                _fail(path, _line(pattern, line), f"{term}: invalid regex in context.require {pattern!r}: {exc}")
    return entry


def _list(path: Path, mapping: dict, key: str, term: str, line: int) -> list:
    value = mapping.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(path, _line(value, line), f"{term}: {key!r} must be a list")
    return value


def _strings(path: Path, mapping: dict, key: str, term: str, line: int) -> list[str]:
    out = []
    for v in _list(path, mapping, key, term, line):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)  # `[resnet, 50]`: a number is meant as its digits
        if isinstance(v, bool):
            _fail(path, _line(mapping, line), f"{term}: {key!r} holds a YAML boolean ({v}); quote words like "
                  "'yes', 'no', 'on', 'off'")
        if not isinstance(v, str) or not v.strip():
            _fail(path, _line(v, line), f"{term}: every item of {key!r} must be a non-empty string, got {v!r}")
        out.append(v)
    return out


def _variant(path: Path, v, term: str, line: int) -> Variant:
    if isinstance(v, str) and v.strip():
        return Variant(text=str(v), safe=False, line=_line(v, line))
    if isinstance(v, dict):
        extra = set(v) - {"text", "safe"}
        if extra:
            _fail(path, _line(v, line), f"{term}: unknown key {sorted(extra)[0]!r} in variant (allowed: text, safe)")
        text, safe = v.get("text"), v.get("safe", False)
        if not isinstance(text, str) or not text.strip():
            _fail(path, _line(v, line), f"{term}: variant needs 'text' (a non-empty string)")
        if not isinstance(safe, bool):
            _fail(path, _line(v, line), f"{term}: variant 'safe' must be true or false, got {safe!r}")
        return Variant(text=str(text), safe=safe, line=_line(v, line))
    _fail(path, _line(v, line), f"{term}: a variant is a string or {{text: ..., safe: true|false}}, got {v!r}")
    raise AssertionError  # unreachable


def _flag(path: Path, ex, term: str, line: int) -> Example:
    if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not isinstance(ex.get("to"), str):
        _fail(path, _line(ex, line), f"{term}: a flag example is {{text: ..., to: ...}} (both strings), got {ex!r}")
    extra = set(ex) - {"text", "to"}
    if extra:
        _fail(path, _line(ex, line), f"{term}: unknown key {sorted(extra)[0]!r} in flag example (allowed: text, to)")
    return Example(text=str(ex["text"]), to=str(ex["to"]), line=_line(ex, line))


def _allow(path: Path, ex, term: str, line: int) -> Example:
    if not isinstance(ex, str) or not ex.strip():
        _fail(path, _line(ex, line), f"{term}: an allow example is a non-empty string, got {ex!r}")
    return Example(text=str(ex), to=None, line=_line(ex, line))


def _looks_like_regex(pattern: str) -> bool:
    return any(ch in pattern for ch in "\\[]()^$*+?|{}")


# --- rule tests ----------------------------------------------------------------------------------


def hygiene(glossary: Glossary) -> list[RuleTestFailure]:
    """codespell-style checks of the data itself: duplicates, loops, order, examples present."""
    failures: list[RuleTestFailure] = []
    terms: dict[str, Entry] = {}
    correct: dict[str, Entry] = {}
    for e in glossary.entries:
        key = normalize(e.term)
        if key in terms:
            failures.append(RuleTestFailure(e.file, e.line, f"duplicate term {e.term!r} (also at {terms[key].where()})"))
        terms.setdefault(key, e)
        for form in e.correct_forms:
            correct.setdefault(normalize(form), e)
    variants: dict[str, tuple[Entry, Variant]] = {}
    for e in glossary.entries:
        for v in e.variants:
            key = normalize(v.text)
            line = v.line or e.line
            if key in correct:
                other = correct[key]
                failures.append(RuleTestFailure(
                    e.file, line, f"{e.term}: variant {v.text!r} equals the correct spelling of "
                    f"{other.term!r} ({other.where()}) up to case/spacing/hyphens: a loop"))
            if key in variants:
                oe, ov = variants[key]
                failures.append(RuleTestFailure(
                    e.file, line, f"{e.term}: duplicate variant {v.text!r} (also under {oe.term!r} at "
                    f"{oe.file}:{ov.line or oe.line})"))
            variants.setdefault(key, (e, v))
        if not e.flag and not e.allow:
            failures.append(RuleTestFailure(e.file, e.line, f"{e.term}: entry has no flag or allow example"))
    by_file: dict[str, list[Entry]] = {}
    for e in glossary.entries:
        by_file.setdefault(e.file, []).append(e)
    for entries in by_file.values():
        for prev, cur in zip(entries, entries[1:]):
            if cur.term.lower() < prev.term.lower():
                failures.append(RuleTestFailure(
                    cur.file, cur.line, f"entries not sorted by term: {cur.term!r} should come before {prev.term!r}"))
    return failures


def run_rule_tests(rules_dir: Path) -> list[RuleTestFailure]:
    """Hygiene checks plus every entry's examples run through the detector (all methods)."""
    from qa.detect import load_detector  # the engine reads the declarations, not the other way round

    # the compiled glossary from the user cache when these rule files were compiled before (its
    # glossary is the one load_glossary gives); an invalid file raises InputError as load_glossary does
    detector = load_detector(Path(rules_dir))
    glossary = detector.glossary
    failures = hygiene(glossary)
    for e in glossary.entries:
        for ex in e.flag:
            findings = [f for f in detector.scan_text(ex.text) if f.kind == "asr-error"]
            want = normalize(ex.to or "")
            if not any(normalize(f.suggestion) == want or normalize(f.term) == want for f in findings):
                got = ", ".join(f"{f.found!r}->{f.suggestion!r} ({f.score:.2f})" for f in findings) or "nothing"
                weak = [f for f in detector.scan_text(ex.text, min_score=0.0)
                        if normalize(f.suggestion) == want or normalize(f.term) == want]
                hint = f"; best candidate scored {max(f.score for f in weak):.2f}: {weak[0].reason}" if weak else ""
                failures.append(RuleTestFailure(
                    e.file, ex.line or e.line,
                    f"{e.term}: flag example not corrected to {ex.to!r}: {ex.text!r} (found {got}){hint}"))
        for ex in e.allow:
            bad = [f for f in detector.scan_text(ex.text) if f.kind == "asr-error" and f.term == e.term]
            if bad:
                f = bad[0]
                failures.append(RuleTestFailure(
                    e.file, ex.line or e.line,
                    f"{e.term}: allow example flagged: {f.found!r} -> {f.suggestion!r} "
                    f"({f.method}, score {f.score:.2f}) in {ex.text!r}"))
    return failures
