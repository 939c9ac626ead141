"""Render a validation `Report` for people (text) and for CI systems (json, junit, sarif, github).

Every renderer returns a string; the CLI writes it to stdout or, atomically, to --output.
`qa check` reuses these renderers with extra gate violations.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import re
from pathlib import Path
from typing import Iterator
from urllib.parse import quote
from xml.etree import ElementTree as ET

from qa import __version__
from qa.validate import Report, Violation

FORMATS = ("text", "json", "junit", "sarif", "github")
GITHUB_PER_CHECK = 10
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: Report, fmt: str = "text", max_examples: int = 5, *, fail_on: str = "error",
           width: int | None = None) -> str:
    return "".join(render_chunks(report, fmt, max_examples, fail_on=fail_on, width=width))


def render_chunks(report: Report, fmt: str = "text", max_examples: int = 5, *, fail_on: str = "error",
                  width: int | None = None) -> Iterator[str]:
    """The report in pieces to be written as they come: JSON and SARIF list every violation, and
    built whole they took 3-4 times their size on top of the violations (+131 and +260 MiB for
    200k violations, 44 and 65 MiB of output)."""
    if fmt == "json":
        return json_chunks(report)
    if fmt == "sarif":
        return sarif_chunks(report)
    return iter([_render_whole(report, fmt, max_examples, fail_on=fail_on, width=width)])


def _render_whole(report: Report, fmt: str, max_examples: int, *, fail_on: str, width: int | None) -> str:
    if fmt == "text":
        return text(report, max_examples, width=width)
    if fmt == "json":
        return to_json(report)
    if fmt == "junit":
        return junit(report, max_examples, fail_on=fail_on)
    if fmt == "sarif":
        return sarif(report)
    if fmt == "github":
        return github(report)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


def example(v: Violation) -> str:
    """``file:line (video_id, start_second): message`` (without the key when there is none)."""
    return " ".join(x for x in (where(v), key(v)) if x) + f": {v.message}"


def where(v: Violation) -> str:
    if v.file is None:
        return "-"
    return f"{v.file}:{v.line}" if v.line is not None else v.file


def _row(v: Violation) -> int | None:
    """The record's row when its file is a table with no lines (Parquet): its number is no line a
    CI can show, so annotations and SARIF name the file and say the row in words."""
    return v.line if v.file is not None and v.line is not None and v.file.lower().endswith(".parquet") else None


def key(v: Violation) -> str:
    return f"({v.video_id}, {v.start_second})" if v.video_id is not None or v.start_second is not None else ""


def summary_line(report: Report) -> str:
    files = len(report.files)
    return (f"{report.records:,} records in {files} file{'s' if files != 1 else ''}: "
            f"{report.errors:,} error{'s' if report.errors != 1 else ''}, "
            f"{report.warnings:,} warning{'s' if report.warnings != 1 else ''}")


# --- text ----------------------------------------------------------------------------------------


def text(report: Report, max_examples: int = 5, *, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    width = width or max(100, shutil.get_terminal_size((120, 24)).columns)
    buf = io.StringIO()
    console = Console(file=buf, width=width, no_color=True, highlight=False, soft_wrap=False)
    console.print(summary_line(report))
    groups = report.groups(max_examples)
    if groups:
        table = Table(show_lines=True)
        table.add_column("check", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("count", justify="right", no_wrap=True)
        table.add_column("first examples (file:line record: message)")
        for cid, count, items in groups:
            first = items[0]
            examples = "\n".join(example(v) for v in items[:max_examples])
            if count > max_examples:
                examples += f"\n… and {count - max_examples:,} more"
            table.add_row(f"{cid} {first.name}", first.severity, f"{count:,}", examples)
        console.print(table)
    return buf.getvalue()


# --- json ----------------------------------------------------------------------------------------


CHUNK = 2000  # violations encoded per piece written


def to_json(report: Report) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: Report) -> Iterator[str]:
    """One violation per line: greppable, diffable, and written by json's C encoder (indent= is
    pure Python and takes seconds on a million violations)."""
    summary = {"records": report.records, "errors": report.errors, "warnings": report.warnings}
    head = f'{{"summary": {json.dumps(summary)},\n"violations": '
    if not report.violations:
        yield head + "[]}\n"
        return
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield head + "[\n"
    violations = iter(report.violations)
    first = True
    while batch := list(itertools.islice(violations, CHUNK)):
        yield ("" if first else ",\n") + ",\n".join(encode(v.to_dict()) for v in batch)
        first = False
    yield "\n]}\n"



# --- junit ---------------------------------------------------------------------------------------


# Characters XML 1.0 cannot hold at all, escaped or not (a control character in a record's text or
# key, which TQ105 reports, would otherwise make the whole report unreadable to a JUnit parser).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(s: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", s)


def junit(report: Report, max_examples: int = 5, *, fail_on: str = "error") -> str:
    """One testcase per known check: failed if it has violations at the fail-on level, else passed."""
    groups = {cid: (count, items) for cid, count, items in report.groups(max_examples)}
    suite = ET.Element("testsuite", name=f"qa {report.command}")
    failures = skipped = 0
    for cid, check in sorted(report.checks.items()):
        case = ET.SubElement(suite, "testcase", classname=f"qa.{report.command}", name=f"{cid} {check.name}")
        n, items = groups.get(cid, (0, []))
        if cid in report.disabled:
            ET.SubElement(case, "skipped", message="disabled by configuration")
            skipped += 1
            continue
        if not n:
            continue
        body = _xml_text("\n".join(example(v) for v in items[:max_examples]))
        if n > max_examples:
            body += f"\n... and {n - max_examples} more"
        count = _xml_text(f"{n} {check.severity}{'s' if n != 1 else ''}: {check.description}")
        if check.severity == "error" or fail_on == "warning":
            failure = ET.SubElement(case, "failure", message=count, type=check.severity)
            failure.text = body
            failures += 1
        else:
            ET.SubElement(case, "system-out").text = count + "\n" + body
    suite.set("tests", str(len(report.checks)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="qa", tests=str(len(report.checks)), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- sarif ---------------------------------------------------------------------------------------


def _uri(path: str) -> str:
    p = Path(path)
    return p.resolve().as_uri() if p.is_absolute() else quote(p.as_posix())


def sarif(report: Report) -> str:
    return "".join(sarif_chunks(report))


def sarif_chunks(report: Report) -> Iterator[str]:
    checks = sorted(report.checks.values(), key=lambda c: c.id)
    index = {c.id: i for i, c in enumerate(checks)}
    rules = [
        {
            "id": c.id,
            "name": c.name,
            "shortDescription": {"text": c.description},
            "defaultConfiguration": {"level": c.severity, "enabled": c.id not in report.disabled},
        }
        for c in checks
    ]
    # a file's URI once, not per result (resolving a path is syscalls: 80% of the time on 600k results)
    uri = {f: _uri(f) for f in report.files}
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def results() -> Iterator[str]:  # encoded one at a time: 600k results as dicts took GBs
        for v in report.violations:
            row = _row(v)
            result: dict = {
                "ruleId": v.check,
                "ruleIndex": index[v.check],
                "level": v.severity,
                "message": {"text": v.message if row is None else f"row {row}: {v.message}"},
            }
            # GitHub's upload-sarif refuses a whole file with one result of no location ("expected at
            # least one location"): a result about the run as a whole (TQ903's count) is located at
            # the first data file, without a region
            file = v.file if v.file is not None else report.files[0] if report.files else None
            if file is not None:
                if file not in uri:
                    uri[file] = _uri(file)
                physical: dict = {"artifactLocation": {"uri": uri[file]}}
                if v.line is not None and row is None:
                    physical["region"] = {"startLine": v.line}
                result["locations"] = [{"physicalLocation": physical}]
            if v.video_id is not None or v.start_second is not None:
                result["properties"] = {"video_id": v.video_id, "start_second": v.start_second, "field": v.field}
            yield encode(result)

    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "qa", "fullName": f"transcript-qa {report.command}", "version": __version__,
                                "informationUri": "https://pypi.org/project/transcript-qa/", "rules": rules}},
            "artifacts": [{"location": {"uri": uri[f]}} for f in report.files],
            "results": [],
        }],
    }
    head = json.dumps(doc, ensure_ascii=False)  # no indent: the C encoder, fast on big runs
    cut = head.rindex('"results": []') + len('"results": [')
    yield head[:cut]
    batch: list[str] = []
    first = True
    for encoded in results():
        batch.append(encoded)
        if len(batch) == CHUNK:
            yield ("" if first else ", ") + ", ".join(batch)
            batch, first = [], False
    if batch:
        yield ("" if first else ", ") + ", ".join(batch)
    yield head[cut:] + "\n"


# --- github --------------------------------------------------------------------------------------


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """Workflow commands: at most 10 annotations per check, then one line counting the rest."""
    lines = []
    for cid, count, items in report.groups(GITHUB_PER_CHECK):
        level = "error" if items[0].severity == "error" else "warning"
        for v in items[:GITHUB_PER_CHECK]:
            props = []
            if v.file is not None:
                props.append(f"file={_gh_prop(v.file)}")
                if v.line is not None and _row(v) is None:
                    props.append(f"line={v.line}")
            props.append(f"title={_gh_prop(cid)}")
            row = f"row {_row(v)} " if _row(v) is not None else ""
            lines.append(f"::{level} {','.join(props)}::{_gh_data(f'{row}{key(v)} {v.message}'.strip())}")
        lines.append(f"::notice title={cid}::{_gh_data(f'{count} {items[0].name} {level}(s) in total')}"
                     + (f"{_gh_data(f', first {GITHUB_PER_CHECK} annotated')}" if count > GITHUB_PER_CHECK else ""))
    lines.append(f"::notice title=qa {report.command}::{_gh_data(summary_line(report))}")
    return "\n".join(lines) + "\n"


# --- a run that could not check anything ---------------------------------------------------------


def unusable(command: str, fmt: str, message: str, file: str | None = None, line: int | None = None) -> str:
    """The report of a run whose input could not be used at all (exit 2), in *fmt*.

    Written where the report would have gone: a CI step that reads the report after a failed gate
    (a JUnit step run always, `upload-sarif` under `if: always()`) read the last run's report instead,
    still in place and passing, or a `> report.xml` the shell had emptied. Each says the run failed in
    its format's own terms: a JUnit error (not a failure of a check), a SARIF invocation whose
    execution did not succeed (with no results, as no check ran), a GitHub error annotation, and JSON
    with the error beside an empty list of violations."""
    where = f"{file}:{line}: " if file is not None and line is not None else f"{file}: " if file is not None else ""
    if fmt == "json":
        summary = {"records": 0, "errors": 1, "warnings": 0}  # (the one error: the input; no check ran)
        error = {"message": message, "file": file, "line": line, "exit_code": 2}
        return json.dumps({"summary": summary, "error": error, "violations": []}, ensure_ascii=False) + "\n"
    if fmt == "junit":
        suite = ET.Element("testsuite", name=f"qa {command}", tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=f"qa.{command}", name="unusable input")
        ET.SubElement(case, "error", message=_xml_text(f"{where}{message}"), type="unusable-input").text = \
            _xml_text(f"{where}{message}\nno check ran (exit 2)")
        root = ET.Element("testsuites", name="qa", tests="1", failures="0", errors="1")
        root.append(suite)
        ET.indent(root)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    if fmt == "sarif":
        note: dict = {"level": "error", "message": {"text": message}}
        if file is not None:
            physical: dict = {"artifactLocation": {"uri": _uri(file)}}
            if line is not None:
                physical["region"] = {"startLine": line}
            note["locations"] = [{"physicalLocation": physical}]
        doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "qa", "fullName": f"transcript-qa {command}", "version": __version__,
                                "informationUri": "https://pypi.org/project/transcript-qa/"}},
            "invocations": [{"executionSuccessful": False, "exitCode": 2, "toolExecutionNotifications": [note]}],
            "results": [],
        }]}
        return json.dumps(doc, ensure_ascii=False) + "\n"
    if fmt == "github":
        props = [f"file={_gh_prop(file)}"] if file is not None else []
        if file is not None and line is not None:
            props.append(f"line={line}")
        props.append(f"title={_gh_prop(f'qa {command}: unusable input')}")
        return f"::error {','.join(props)}::{_gh_data(message)}\n"
    return f"qa {command}: unusable input, no check ran: {where}{message}\n"


def markdown(report: Report, max_examples: int = 3) -> str:
    """The GitHub job summary: counts per check and the first examples."""
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    out = [f"## qa {report.command}", "", summary_line(report), ""]
    groups = report.groups(max_examples)
    if groups:
        out += ["| check | severity | count | first examples |", "|---|---|---:|---|"]
        for cid, count, items in groups:
            ex = "<br>".join(cell(f"`{where(v)}` {v.message}") for v in items[:max_examples])
            out.append(f"| {cid} {items[0].name} | {items[0].severity} | {count:,} | {ex} |")
    else:
        out.append("No violations.")
    return "\n".join(out) + "\n"


def write_step_summary(report: Report, path: str | None = None) -> bool:
    """Append the Markdown summary to $GITHUB_STEP_SUMMARY (or *path*); False when there is none."""
    path = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as fh:  # appended, as GitHub expects: other steps write too
        fh.write(markdown(report) + "\n")
    return True
