"""The learning loop: turn reviewers' decisions into proposed glossary changes.

- An accepted finding whose found text no entry lists as a variant becomes a proposed variant of
  the term it was corrected to (the recogniser made that mistake once; it will again).
- A rejected finding becomes a proposed context exception of its term: the found words with one word
  of context each side, so the same phrase is not flagged again while other uses still are.

Proposals are edits of the YAML text, not a re-dump of parsed data, so comments, order and flow
style survive and the diff shows only the new items. Every edited file is parsed again to check
the proposal landed where meant; a proposal that cannot be placed is reported, never guessed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from qa.atomic import atomic_write_text
from qa.glossary import Entry, load_glossary, normalize, rule_files
from qa.patches import NEXT_PART, Decision


@dataclass
class Proposal:
    kind: str  # "variant" | "exception"
    term: str
    text: str
    file: str
    evidence: list[str] = field(default_factory=list)  # "VIDEO START: 'words'" of the decisions behind it

    def describe(self) -> str:
        return f"{self.kind} {self.text!r} for {self.term} ({len(self.evidence)} decision(s): {self.evidence[0]})"


@dataclass
class Suggestions:
    proposals: list[Proposal]
    texts: dict[str, tuple[str, str]]  # file -> (old text, new text), changed files only
    unplaced: list[Proposal]

    def diff(self, root: Path | None = None) -> str:
        out = []
        for file, (old, new) in sorted(self.texts.items()):
            name = _display(Path(file), root)
            out += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}")
        return "".join(out)

    def new_failures(self, rules_dir: Path) -> list[str]:
        """Rule-test failures the proposals would introduce (run on a scratch copy of the rules)."""
        import shutil
        import tempfile

        from qa.glossary import run_rule_tests

        if not self.texts:
            return []
        before = {f.message for f in run_rule_tests(rules_dir)}
        with tempfile.TemporaryDirectory(prefix="qa-rules-") as tmp:
            for path in rule_files(rules_dir):
                shutil.copyfile(path, Path(tmp) / path.name)
            for file, (_, new) in self.texts.items():
                (Path(tmp) / Path(file).name).write_text(new, encoding="utf-8")
            after = run_rule_tests(Path(tmp))
        return [f"{Path(f.file).name}:{f.line}: {f.message}" for f in after if f.message not in before]

    def write(self) -> list[str]:
        for file, (_, new) in sorted(self.texts.items()):
            atomic_write_text(file, new)
        return sorted(self.texts)


def _display(path: Path, root: Path | None) -> str:
    """*path* relative to *root* (the working directory); outside it, as its directory and name
    ('rules/people.yml'): an absolute path made headers like 'a//work/rules/people.yml'."""
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return f"{path.resolve().parent.name}/{path.name}"


def propose(rules_dir: Path, decisions: Iterable[Decision]) -> list[Proposal]:
    glossary = load_glossary(rules_dir)
    by_form: dict[str, Entry] = {}
    for e in glossary.entries:
        for form in e.correct_forms:
            by_form.setdefault(normalize(form), e)
    known_variants = {normalize(v.text) for e in glossary.entries for v in e.variants}
    decisions = list(decisions)
    # a cross-chunk finding's first part alone is not what was misheard; leave those out
    split = {d.finding_id.removesuffix(NEXT_PART) for d in decisions if d.finding_id and d.finding_id.endswith(NEXT_PART)}
    found: dict[tuple[str, str, str], Proposal] = {}
    for d in sorted(decisions, key=Decision.sort_key):
        if (d.finding_id or "").removesuffix(NEXT_PART) in split or not d.original.strip():
            continue
        evidence = f"{d.video_id} {d.start_second}: {d.before[-25:]}[{d.original}]{d.after[:25]}"
        if d.changes_text:
            if normalize(d.original) in known_variants:
                # the words found are a listed variant already ('analyzed systems' for NLI systems):
                # trimmed to the words that changed, they would make a new variant of an everyday
                # word ('analyzed') that flags every use of it
                continue
            original, replacement = _changed_words(d.original, d.replacement or "")
            entry = by_form.get(normalize(replacement)) or by_form.get(normalize(d.term or ""))
            key = normalize(original)
            if entry is None or not key or key in known_variants or key in by_form:
                continue
            p = found.setdefault(("variant", entry.term, key), Proposal("variant", entry.term, original, entry.file))
        else:
            entry = by_form.get(normalize(d.term or ""))
            phrase = _phrase(d)
            key = normalize(phrase)
            if entry is None or not key or _covered(key, entry):
                continue
            p = found.setdefault(("exception", entry.term, key), Proposal("exception", entry.term, phrase, entry.file))
        p.evidence.append(evidence)
    return list(found.values())


def _changed_words(original: str, replacement: str) -> tuple[str, str]:
    """*original* and *replacement* without the words they begin or end with alike: a span the
    reviewer widened ('you take burden' -> 'you take BERT') was misheard only where it changed
    ('burden'); the words kept would make a variant that corrects them away."""
    a = [(m.start(), m.end()) for m in re.finditer(r"\S+", original)]
    b = replacement.split()
    i = 0
    while i < min(len(a), len(b)) - 1 and original[slice(*a[i])] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - 1 - i and original[slice(*a[-1 - j])] == b[-1 - j]:
        j += 1
    if not a:
        return original.strip(), replacement.strip()
    return original[a[i][0]:a[len(a) - 1 - j][1]], " ".join(b[i:len(b) - j])


def _phrase(d: Decision) -> str:
    """The rejected words with one word of context each side, as an exception phrase."""
    before = d.before.split()[-1:] if d.before[-1:].isspace() else []
    after = d.after.split()[:1] if d.after[:1].isspace() else []
    words = re.sub(r"\s+", " ", " ".join([*before, d.original.strip(), *after]))
    return re.sub(r"^[^\w]+|[^\w]+$", "", words)


def _covered(key: str, entry: Entry) -> bool:
    if any(normalize(x) and normalize(x) in key for x in entry.exceptions):
        return True
    # an exception that matches one of the entry's own flag examples would break its rule test
    return any(key in normalize(ex.text) for ex in entry.flag)


def suggest(rules_dir: Path, decisions: Iterable[Decision]) -> Suggestions:
    proposals = propose(rules_dir, decisions)
    texts: dict[str, tuple[str, str]] = {}
    unplaced: list[Proposal] = []
    by_file: dict[str, list[Proposal]] = {}
    for p in proposals:
        by_file.setdefault(p.file, []).append(p)
    for file in map(str, rule_files(rules_dir)):
        if file not in by_file:
            continue
        old = Path(file).read_text(encoding="utf-8")
        new = old
        for p in by_file[file]:
            edited = _edit(new, p)
            if edited is None or not _landed(edited, p):
                unplaced.append(p)
            else:
                new = edited
        if new != old:
            texts[file] = (old, new)
    return Suggestions(proposals=[p for p in proposals if p not in unplaced], texts=texts, unplaced=unplaced)


# --- editing YAML text ---------------------------------------------------------------------------


def _flow_item(text: str) -> str:
    """*text* as an item of a YAML flow list, quoted only when YAML needs it."""
    dumped = yaml.safe_dump([text], default_flow_style=True, allow_unicode=True, width=10**6).strip()
    return dumped[1:-1]


def _entry_block(lines: list[str], term: str) -> tuple[int, int, int] | None:
    """(first line, end line, key indent) of the entry whose term is *term*."""
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)-\s+term:\s*(.+?)\s*$", line)
        if m and _scalar(m.group(2)) == term:
            dash = len(m.group(1))
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > dash
                                        or lines[end].lstrip().startswith("#")):
                end += 1
            while end > i + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1
            return i, end, line.index("term:")
    return None


def _scalar(raw: str) -> str:
    try:
        return str(yaml.safe_load(raw))
    except yaml.YAMLError:
        return raw


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _find_key(lines: list[str], lo: int, hi: int, key: str, indent: int) -> int | None:
    for i in range(lo, hi):
        if _indent(lines[i]) == indent and re.match(rf"^\s*{key}:", lines[i]):
            return i
    return None


def _append_to_list(lines: list[str], at: int, hi: int, item: str) -> bool:
    """Append to the list whose key is on line *at*: flow `[a, b]` on that line, or a block list."""
    line = lines[at]
    m = re.match(r"^(\s*\w+:\s*)\[(.*)\](\s*(#.*)?)$", line.rstrip("\n"))
    if m:
        inner = m.group(2).strip()
        lines[at] = f"{m.group(1)}[{inner + ', ' if inner else ''}{item}]{m.group(3)}\n"
        return True
    if line.split(":", 1)[1].strip():
        return False  # some other inline form; do not guess
    items = [i for i in range(at + 1, hi) if lines[i].lstrip().startswith("- ")]
    if not items:
        return False
    indent = _indent(lines[items[0]])
    last = at + 1
    for i in range(at + 1, hi):
        if lines[i].strip() and _indent(lines[i]) < indent:
            break
        if lines[i].strip():
            last = i
    lines.insert(last + 1, " " * indent + "- " + item + "\n")
    return True


def _edit(text: str, p: Proposal) -> str | None:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    block = _entry_block(lines, p.term)
    if block is None:
        return None
    lo, hi, indent = block
    item = _flow_item(p.text)
    if p.kind == "variant":
        at = _find_key(lines, lo, hi, "variants", indent)
        if at is not None:
            return "".join(lines) if _append_to_list(lines, at, hi, item) else None
        where = next((i for k in ("context", "flag", "allow") if (i := _find_key(lines, lo, hi, k, indent)) is not None), hi)
        lines.insert(where, " " * indent + f"variants: [{item}]\n")
        return "".join(lines)
    at = _find_key(lines, lo, hi, "context", indent)
    if at is None:
        where = next((i for k in ("flag", "allow") if (i := _find_key(lines, lo, hi, k, indent)) is not None), hi)
        lines[where:where] = [" " * indent + "context:\n", " " * (indent + 2) + f"exceptions: [{item}]\n"]
        return "".join(lines)
    rest = lines[at].split(":", 1)[1].strip()
    if rest.startswith("{"):  # context: {require: [...], exceptions: [...]} on one line
        line = lines[at]
        m = re.search(r"exceptions:\s*\[([^\]]*)\]", line)
        if m:
            inner = m.group(1).strip()
            lines[at] = line[:m.start(1)] + (inner + ", " if inner else "") + item + line[m.end(1):]
        else:
            close = line.rindex("}")
            lines[at] = line[:close].rstrip() + f", exceptions: [{item}]" + line[close:]
        return "".join(lines)
    end = at + 1
    while end < hi and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    sub_indent = next((_indent(lines[i]) for i in range(at + 1, end) if lines[i].strip()), indent + 2)
    sub = _find_key(lines, at + 1, end, "exceptions", sub_indent)
    if sub is None:
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        lines.insert(end, " " * sub_indent + f"exceptions: [{item}]\n")
        return "".join(lines)
    return "".join(lines) if _append_to_list(lines, sub, end, item) else None


def _landed(text: str, p: Proposal) -> bool:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    for entry in (doc or {}).get("entries") or []:
        if isinstance(entry, dict) and str(entry.get("term")) == p.term:
            if p.kind == "variant":
                values = [v.get("text") if isinstance(v, dict) else v for v in entry.get("variants") or []]
            else:
                values = (entry.get("context") or {}).get("exceptions") or []
            return p.text in [str(v) for v in values]
    return False
