"""`validate(paths)`: load datasets, run every enabled check, and return a `Report` of violations.

The Python API behind `qa validate` (and reused by `qa check`). Configuration comes from
``[tool.qa]`` (severity overrides, disabled checks, gap tolerance); the CLI overrides it with flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import polars as pl

from qa import checks as C
from qa import schema
from qa.errors import UsageError
from qa.jsonl import lines_hold
from qa.records import MISSING_COLUMN, Dataset, load
from qa.violations import Violations


@dataclass(slots=True)
class Violation:
    check: str
    name: str
    severity: str  # "error" | "warning"
    message: str
    video_id: str | None = None
    start_second: str | None = None
    field: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape (the check's name is left out: `qa checks` has it)."""
        # built by hand: dataclasses.asdict deep-copies, which dominates on a million violations
        return {"check": self.check, "severity": self.severity, "video_id": self.video_id,
                "start_second": self.start_second, "field": self.field, "value": self.value,
                "message": self.message, "file": self.file, "line": self.line}


@dataclass
class Report:
    records: int
    violations: Violations  # (a list is taken too, and wrapped)
    files: list[str] = field(default_factory=list)
    checks: dict[str, C.Check] = field(default_factory=dict)  # every known check, severities resolved
    disabled: set[str] = field(default_factory=set)
    command: str = "validate"  # the command whose report this is: named in the JUnit suite, SARIF tool, summaries

    def __post_init__(self) -> None:
        if not isinstance(self.violations, Violations):
            self.violations = Violations(self.violations)

    @property
    def errors(self) -> int:
        return self.violations.by_severity["error"]

    @property
    def warnings(self) -> int:
        return self.violations.by_severity["warning"]

    def exit_code(self, fail_on: str = "error") -> int:
        """0: nothing at the fail-on level or above; 1: violations (2, unusable input, is raised instead)."""
        if fail_on not in C.SEVERITIES:
            raise UsageError(f"--fail-on must be 'error' or 'warning', not {fail_on!r}")
        failing = self.errors + (self.warnings if fail_on == "warning" else 0)
        return 1 if failing else 0

    def groups(self, examples: int) -> list[tuple[str, int, list[Violation]]]:
        """(check id, how many, its first *examples*) for each check with violations, in id order:
        what the summaries show, without holding the violations."""
        counts = self.violations.by_check
        return [(cid, counts[cid], self.violations.first(cid, max(1, examples)))
                for cid in sorted(c for c in counts if counts[c])]


def validate(paths: Sequence[str | Path], *, coerce: bool = False, settings: dict | None = None) -> Report:
    """Load *paths* (files or directories) and check them; unusable input raises `InputError`."""
    return validate_dataset(paths, coerce=coerce, settings=settings)[0]


def validate_dataset(paths: Sequence[str | Path], *, coerce: bool = False,
                     settings: dict | None = None) -> tuple[Report, Dataset]:
    """`validate`, with the dataset it loaded (the gate goes on with it rather than reading it again)."""
    if settings is None:
        from qa.config import config

        settings = config()
    checks, disabled = C.resolve(severity=settings.get("severity") or {}, disable=settings.get("disable") or [])
    tolerance = gap_tolerance(settings.get("gap_tolerance", 0))
    # Lines are counted only when there is something to report: a clean file's report names no line
    # (counting costs ~0.2 s CPU at 1M records, beside the read). Should a file have blank lines
    # after all, its records were numbered wrongly and it is loaded again, counting.
    dataset = load(paths, coerce=coerce, verify_lines=False)
    violations = _violations(dataset, checks, disabled, tolerance)
    if violations and dataset.unverified and not all(
        lines_hold(Path(f), n) for f, n in dataset.unverified.items()
    ):
        violations.close()
        dataset = load(paths, coerce=coerce)
        violations = _violations(dataset, checks, disabled, tolerance)
    return Report(dataset.frame.height, violations, dataset.files, checks, disabled), dataset


def _violations(dataset: Dataset, checks: dict[str, C.Check], disabled: set[str], tolerance: float) -> Violations:
    """In report order: by file (in load order), line, check id and field. Each rule's violations are
    one stream, merged as the report is written (`qa.violations`): none is held in memory."""
    order = {f: i for i, f in enumerate(dataset.files)}
    out = Violations(key=lambda v: (order.get(v.file, -1), v.line or 0, v.check, v.field or ""))
    out.add_sorted(sorted((_from_problem(p, checks[p.check]) for p in dataset.problems if p.check not in disabled),
                          key=out._key))
    for stream in rule_streams(dataset, checks=checks, disabled=disabled, tolerance=tolerance):
        out.add_sorted(stream)
    return out


def gap_tolerance(value: Any) -> float:
    try:
        tol = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"gap_tolerance must be a number of seconds, not {value!r}") from None
    if tol < 0:
        raise UsageError(f"gap_tolerance must not be negative, got {value!r}")
    return tol


def _from_problem(p, check: C.Check) -> Violation:
    return Violation(check.id, check.name, check.severity, p.message, p.video_id, p.start_second,
                     p.field, p.value, p.file, p.line)


def rule_streams(
    dataset: Dataset, *, checks: dict[str, C.Check], disabled: set[str], tolerance: float = 0
) -> Iterator[Iterator[Violation]]:
    """One iterator of violations per failing rule, each in row order, made one row at a time."""
    frame = dataset.frame
    rules = [r for r in schema.RULES if r.check.id not in disabled]
    failed = schema.failures(frame, rules, gap_tolerance=tolerance, escaped=dataset.escaped,
                             no_controls=dataset.no_controls)
    if failed.height == 0:
        return
    # A column a file lacks is reported once (TQ003), not once per record.
    missing: dict[str, set[str]] = {}
    for p in dataset.problems:
        if p.check == MISSING_COLUMN and p.field:
            missing.setdefault(p.field, set()).add(p.file)
    by_key = {r.key: r for r in rules}
    for (key,), part in failed.partition_by("rule", maintain_order=True, as_dict=True).items():
        rule = by_key[key]
        check = checks[rule.check.id]
        detail = schema.details(frame, rule, part.get_column("_row"))
        skip = set().union(*(missing.get(f, set()) for f in rule.fields))
        if skip:
            detail = detail.filter(~pl.col("_file").is_in(list(skip)))
        # only what the message needs: turning every text into a Python str would cost more than the check
        wanted = dict.fromkeys(["video_id", "start_second", "_file", "_line", *rule.fields, *rule.details])
        if rule.field:
            wanted[rule.field] = None
        yield _rows_of(detail.select(list(wanted)), check, rule)


def _rows_of(detail: pl.DataFrame, check: C.Check, rule) -> Iterator[Violation]:
    cid, name, severity, fld, message = check.id, check.name, check.severity, rule.field, rule.message
    for row in detail.iter_rows(named=True):
        yield Violation(cid, name, severity, message(row), row["video_id"], row["start_second"], fld,
                        row[fld] if fld else None, row["_file"], row["_line"])
