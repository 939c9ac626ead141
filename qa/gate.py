"""The state of the corrections against the data: review progress (`qa status`) and the CI gate
(`qa check`: validation, glossary examples, corrections that apply, open findings).

Gate results are violations of the gate's checks (TQ9xx, declared in qa.checks), added to the validation report, so
`qa check` has the same report formats, severity overrides (`[tool.qa.severity]`, `disable`) and
exit codes as `qa validate`. Heavy modules (validation, detection) are imported only when used, so
`qa decide` does not pay for pandera.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from qa import checks as C
from qa import config, records
from qa.findings import Finding
from qa.patches import NEXT_PART, CorrectionStore
from qa.relocate import ABSENT, STALE, Outcome, apply_frame, decided_findings

if TYPE_CHECKING:
    from qa.validate import Report, Violation

RULE_EXAMPLE, PATCH_CONFLICT, TOO_MANY_OPEN = C.RULE_EXAMPLE, C.PATCH_CONFLICT, C.TOO_MANY_OPEN


def _violation(report: "Report", check: C.Check, message: str, **where) -> "Violation | None":
    from qa.validate import Violation

    if check.id in report.disabled:
        return None
    resolved = report.checks.get(check.id, check)
    return Violation(check.id, check.name, resolved.severity, message, **where)


def check(paths: Sequence[str | Path], *, rules_dir: Path, corrections_dir: Path, max_open: int | None = None,
          settings: dict | None = None) -> "Report":
    """Validate *paths*, then add gate violations; unusable input raises InputError as validate does."""
    from qa.glossary import run_rule_tests
    from qa.validate import validate_dataset

    report, dataset = validate_dataset(paths, settings=settings)
    extra: list = []
    # (the glossary's examples are a scan of thousands of texts: not run when their check is off)
    for f in run_rule_tests(rules_dir) if RULE_EXAMPLE.id not in report.disabled else ():
        extra.append(_violation(report, RULE_EXAMPLE, f.message, file=f.file, line=f.line))

    store = CorrectionStore(corrections_dir)
    decisions = store.decisions()
    frame = dataset.frame  # (read once: validation's load)
    result = apply_frame(frame, decisions)
    for o in result.conflicts:
        d = o.decision
        extra.append(_violation(report, PATCH_CONFLICT, f"{d.field}: {o.reason}", video_id=d.video_id,
                                start_second=d.start_second, field=d.field, value=d.original, file=d.file, line=d.line))

    if max_open is not None:
        found = scan(paths, rules_dir)
        done = decided(found, frame, decisions)
        open_ = [f for f in found if f.kind == "asr-error" and f.id not in done]
        if len(open_) > max_open:
            # One violation per open finding, each saying the total: a headline violation beside the first
            # 20 made the report count 21 (84 open on the sample) and say "… and 16 more".
            tally = f"{len(open_)} open, --max-open {max_open}"
            for f in open_:
                extra.append(_violation(report, TOO_MANY_OPEN,
                                        f"{f.id} {f.found!r} -> {f.suggestion!r} has no decision ({tally})",
                                        video_id=f.video_id, start_second=f.start_second, field=f.field,
                                        value=f.found, file=f.file, line=f.line))
    report.violations += [v for v in extra if v is not None]
    report.command = "check"
    return report


# --- review progress ------------------------------------------------------------------------------


def scan(paths: Sequence[str], rules: str | None) -> list[Finding]:
    """Findings of *paths*; remembered while neither the data nor the rules files change, so
    several commands in one process (tests, scripts using the API) scan once."""
    from qa.detect import scan_paths  # the detector is only loaded by commands that need it
    from qa.glossary import rule_files

    rules_dir = config.rules_dir(rules)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in [*records.expand_paths(paths), *rule_files(rules_dir)])
    if stamp not in _SCANS:
        if len(_SCANS) >= 8:
            _SCANS.pop(next(iter(_SCANS)))
        _SCANS[stamp] = list(scan_paths(paths, rules_dir=rules_dir))
    return list(_SCANS[stamp])


_SCANS: dict[tuple, list[Finding]] = {}


def decided(found: Sequence[Finding], frame, decisions: Sequence) -> dict:
    """Finding id -> its decision (`qa.relocate.decided_findings`), reading the texts of only the
    records where a decision no longer names a finding by id."""
    ids = {f.id for f in found}
    loose = {(d.video_id, str(d.start_second)) for d in decisions if d.finding_id and d.finding_id not in ids}
    need = [f for f in found if (f.video_id, f.start_second) in loose]
    return decided_findings(found, field_texts(frame, need) if need else {}, decisions)


def field_texts(frame, findings: Sequence[Finding]) -> dict[tuple[str, str, str], str]:
    """Field texts by (video_id, start_second, field) for the records the findings are in."""
    wanted = {(f.video_id, f.start_second) for f in findings} | {
        (f.video_id, str(f.next_start_second)) for f in findings if f.cross_chunk
    }
    fields = sorted({f.field for f in findings} or {"text"})
    out: dict[tuple[str, str, str], str] = {}
    for row in frame.select(["video_id", "start_second", *fields]).iter_rows(named=True):
        if (row["video_id"], row["start_second"]) in wanted:
            for name in fields:
                if row[name] is not None:
                    out.setdefault((row["video_id"], row["start_second"], name), row[name])
    return out


def conflict_lines(outcomes: Sequence[Outcome]) -> list[str]:
    out = []
    for o in outcomes:
        d = o.decision
        where = f"{d.file}:{d.line}: " if d.file else ""
        # the review and the docs say `qa decide --forget ID` drops one, and no line said which ID
        fid = d.finding_id.removesuffix(NEXT_PART) if d.finding_id else None
        drop = f" (drop it: qa decide --forget {fid})" if fid else ""
        out.append(f"{where}conflict: record {d.video_id} {d.start_second} {d.field}: {o.reason}{drop}")
    return out


STATES = ("open", "accepted", "rejected", "conflict")


def progress(paths: Sequence[str], rules: str | None, corrections: str | None) -> dict:
    """Counts behind `qa status` (also used by `qa check --max-open`)."""
    store = CorrectionStore(config.corrections_to_read(corrections))
    decisions = store.decisions()
    found = scan(paths, rules)
    dataset = records.load(paths)
    by_finding = decided(found, dataset.frame, decisions)
    result = apply_frame(dataset.frame, decisions)
    # A decision whose words are gone from the data (edited upstream since) is no accepted finding:
    # `qa apply` refuses it. Counted as accepted, `qa status` said all was decided while it failed.
    conflicting = {id(o.decision) for o in result.conflicts}
    terms: dict[str, Counter] = defaultdict(Counter)
    videos: dict[str, Counter] = defaultdict(Counter)

    def state_of(d) -> str:
        if id(d) in conflicting:
            return "conflict"
        return "rejected" if d.action == "reject" else "accepted"

    seen: set[str] = set()  # ids of the decisions counted with their findings
    for f in found:
        d = by_finding.get(f.id)
        state = "open" if d is None else state_of(d)
        if d is None and f.kind != "asr-error":
            continue
        seen.add(f.id if d is None else d.finding_id)
        terms[f.term][state] += 1
        videos[f.video_id][state] += 1
    present = set(dataset.frame.get_column("video_id").drop_nulls().unique().to_list())
    for d in decisions:
        # decided findings the scan no longer reports (typically: accepted and already applied)
        if d.finding_id and d.finding_id not in seen and d.video_id in present and not d.finding_id.endswith(NEXT_PART):
            state = state_of(d)
            terms[d.term or "?"][state] += 1
            videos[d.video_id][state] += 1
    totals = Counter()
    for c in videos.values():
        totals.update(c)

    def table(rows: dict[str, Counter]) -> dict[str, dict[str, int]]:
        return {k: {s: rows[k][s] for s in STATES} for k in sorted(rows, key=str.lower)}

    return {
        "terms": table(terms),
        "videos": table(videos),
        "totals": {s: totals[s] for s in STATES},
        "conflicts": conflict_lines(result.conflicts),
        "stale_rejects": result.count(STALE),
        "files_not_applying": sorted({o.decision.file for o in result.conflicts if o.decision.file}),
        "not_in_input": result.count(ABSENT),
    }
