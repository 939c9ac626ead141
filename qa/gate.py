"""The CI gate behind `qa check`: validation, glossary examples, corrections that apply, open findings.

Gate results are violations of checks registered here (TQ9xx), added to the validation report, so
`qa check` has the same report formats, severity overrides (`[tool.qa.severity]`, `disable`) and
exit codes as `qa validate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from qa import checks as C
from qa.validate import Report, Violation

RULE_EXAMPLE = C.register(C.Check(
    "TQ901", "rule-example-failed", "error",
    "Every glossary entry's flag and allow examples pass and the glossary data is clean (`qa rules test`)."))
PATCH_CONFLICT = C.register(C.Check(
    "TQ902", "patch-conflict", "error",
    "Every decision in the corrections directory applies: its words are still there and it overlaps no other."))
TOO_MANY_OPEN = C.register(C.Check(
    "TQ903", "too-many-open", "error",
    "No more than --max-open asr-error findings are left without a decision."))


def _violation(report: Report, check: C.Check, message: str, **where) -> Violation | None:
    if check.id in report.disabled:
        return None
    resolved = report.checks.get(check.id, check)
    return Violation(check.id, check.name, resolved.severity, message, **where)


def check(paths: Sequence[str | Path], *, rules_dir: Path, corrections_dir: Path, max_open: int | None = None,
          settings: dict | None = None) -> Report:
    """Validate *paths*, then add gate violations; unusable input raises InputError as validate does."""
    from qa.glossary import run_rule_tests
    from qa.patches import CorrectionStore
    from qa.records import load
    from qa.relocate import apply_frame
    from qa.validate import validate

    report = validate(paths, settings=settings)
    extra: list[Violation | None] = []
    for f in run_rule_tests(rules_dir):
        extra.append(_violation(report, RULE_EXAMPLE, f.message, file=f.file, line=f.line))

    store = CorrectionStore(corrections_dir)
    decisions = store.decisions()
    result = apply_frame(load(paths).frame, decisions)
    for o in result.conflicts:
        d = o.decision
        extra.append(_violation(report, PATCH_CONFLICT, f"{d.field}: {o.reason}", video_id=d.video_id,
                                start_second=d.start_second, field=d.field, value=d.original, file=d.file, line=d.line))

    if max_open is not None:
        from qa.detect import scan_paths

        decided = {d.finding_id for d in decisions if d.finding_id}
        open_ = [f for f in scan_paths(paths, rules_dir=rules_dir) if f.kind == "asr-error" and f.id not in decided]
        if len(open_) > max_open:
            extra.append(_violation(report, TOO_MANY_OPEN,
                                    f"{len(open_)} asr-error findings have no decision (at most {max_open} allowed); "
                                    "review them with `qa review` or `qa decide`"))
            for f in open_[:20]:
                extra.append(_violation(report, TOO_MANY_OPEN, f"open: {f.id} {f.found!r} -> {f.suggestion!r}",
                                        video_id=f.video_id, start_second=f.start_second, field=f.field,
                                        value=f.found, file=f.file, line=f.line))
    report.violations += [v for v in extra if v is not None]
    return report
