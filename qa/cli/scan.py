"""`qa scan` and `qa eval`: thin commands over qa.detect and qa.evaluate."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from qa import config
from qa.cli import dash_is_stdout, stdout_to_devnull
from qa.errors import UsageError
from qa.findings import KINDS, METHODS, Finding

PROGRESS_BYTES = 1_000_000  # smaller inputs finish before a bar is worth drawing
WRITE_LINES = 1000  # findings per write: few calls, yet a pipe reader sees output while a long scan runs


def _csv(value: str | None, allowed: tuple[str, ...], name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    for v in items:
        if v not in allowed:
            raise UsageError(f"--{name}: unknown value {v!r} (expected: {', '.join(allowed)})")
    if not items:
        raise UsageError(f"--{name}: give at least one of {', '.join(allowed)}")
    return items


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rules", "rules", type=click.Path(), help="Glossary directory (default: [tool.qa] rules, ./rules).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "text"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(allow_dash=True), callback=dash_is_stdout,
              help="Write here (atomically) instead of stdout ('-': stdout).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Drop findings scored below this.")
@click.option("--kinds", default="asr-error", show_default=True, help="Comma list: asr-error,normalization.")
@click.option("--methods", default=None, help="Comma list of candidate methods: variant,fuzzy,phonetic (default all).")
@click.option("--fields", default="text", show_default=True, help="Comma list of fields to scan: title,text.")
@click.option("--jobs", "-j", default=None, metavar="N|auto",
              help="Processes to scan with; whole videos go to each, output is the same. 0: one per CPU; "
                   "1: this process only. Default ([tool.qa] jobs, else auto): one per CPU for inputs of "
                   "8 MB or more, 1 for smaller ones.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Scan every video again: reuse no stored findings and store none. (By default a video "
                   "scanned before with the same rules, code and options, unchanged, is not scanned again; "
                   "QA_NO_CACHE=1 also switches off the compiled glossary.)")
def scan(paths, rules, fmt, output, min_score, kinds, methods, fields, jobs, no_cache):
    """Find probable ASR mistakes of glossary terms in PATH... (files or directories).

    Prints one JSON object per finding (jsonl), a JSON array (json) or a report grouped by term
    (text). Malformed lines are skipped with a warning on stderr (`qa validate` reports every
    problem). Videos scanned before, unchanged, are not scanned again: their findings come from a
    store in the user cache (the output is the same). Exit 0 when the scan ran, whatever it found;
    2 on unusable input or rules.
    """
    from qa.records import expand_paths, refuse_overwriting_input

    method_list, kind_list = _csv(methods, METHODS, "methods"), _csv(kinds, KINDS, "kinds")
    field_list = _csv(fields, ("title", "text"), "fields")
    files = expand_paths(paths)
    refuse_overwriting_input(output, files, "findings")
    n = _jobs(jobs, files)
    skipped = _Skipped()
    with _progress(files) as advance, skipped:
        if n == 1:
            found = _scan_here(files, rules, method_list, kind_list, min_score, field_list, advance, skipped,
                               reuse=not no_cache)
            if fmt == "jsonl":
                _write_stream(output, _jsonl_chunks(found))
                return
            findings = list(found)
        else:
            from qa.detect.parallel import json_array, scan_parallel

            # the workers load the glossary (and report its errors); this process only reads and writes
            parts = scan_parallel(files, jobs=n, rules_dir=config.rules_dir(rules), methods=method_list,
                                  kinds=kind_list or ("asr-error",), min_score=min_score, fields=field_list,
                                  progress=advance, render=fmt if fmt != "text" else None, skipped=skipped,
                                  reuse=not no_cache)
            if fmt == "jsonl":
                _write_stream(output, parts)
                return
            if fmt == "json":
                _write_stream(output, [*json_array(parts), "\n"])
                return
            findings = list(parts)
    if fmt == "json":
        _write_stream(output, [json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1), "\n"])
    else:
        _write_text_report(findings, output)


def _jobs(flag: str | None, files: list[Path]) -> int:
    """--jobs, else [tool.qa] jobs, else auto (see qa.detect.parallel.auto_jobs)."""
    value = flag if flag is not None else config.config().get("jobs", "auto")
    if isinstance(value, str) and value.strip().lower() == "auto":
        from qa.detect.parallel import auto_jobs

        return auto_jobs(files)
    try:
        n = int(value)
        if isinstance(value, (bool, float)) or n < 0:
            raise ValueError
    except (TypeError, ValueError):
        where = "--jobs" if flag is not None else "[tool.qa] jobs"
        raise UsageError(f"{where}: expected a number of processes (0: one per CPU) or auto, got {value!r}") from None
    if n == 0:
        from qa.detect.parallel import cpus

        return cpus()
    return n


class _Skipped:
    """Warns on stderr of lines a scan could not read, once the scan is done: the first few by file
    and line, then a count, so a file of garbage does not bury the terminal. Said at the end, so
    that a scan that fails (bad rules, met by a worker while this process reads) says only why."""

    SHOWN = 5

    def __init__(self):
        self.count = 0
        self.first: list = []

    def __call__(self, problem) -> None:
        self.count += 1
        if self.count <= self.SHOWN:
            self.first.append(problem)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None or not self.count:
            return
        for p in self.first:
            click.echo(f"qa: warning: {p.file}:{p.line}: {p.message}; line skipped", err=True)
        if self.count > self.SHOWN:
            click.echo(f"qa: warning: {self.count - self.SHOWN} more malformed line(s) skipped", err=True)
        click.echo("qa: warning: `qa validate` lists every problem of the input", err=True)


def _scan_here(files, rules, methods, kinds, min_score, fields, advance, skipped=None, reuse=True):
    from qa.detect import scan_paths
    from qa.detect.parallel import load_quietly

    detector = load_quietly(config.rules_dir(rules), methods=methods, kinds=kinds or ("asr-error",),
                            min_score=min_score)
    return scan_paths(files, fields=fields, progress=advance, detector=detector, skipped=skipped, reuse=reuse)


def _jsonl_chunks(found, size: int = WRITE_LINES):
    """JSON Lines in chunks of *size* findings: one write call per chunk instead of one per line."""
    lines: list[str] = []
    for f in found:
        lines.append(f.to_json())
        if len(lines) >= size:
            lines.append("")
            yield "\n".join(lines)
            lines = []
    if lines:
        lines.append("")
        yield "\n".join(lines)


def _write_stream(output: str | None, chunks) -> None:
    if output:
        from qa.atomic import atomic_open

        with atomic_open(output, "w") as fh:
            for chunk in chunks:
                fh.write(chunk)
    else:
        out = sys.stdout
        for chunk in chunks:
            out.write(chunk)
        out.flush()


def _progress(files: list[Path]):
    """A records-scanned bar on stderr, for people watching a long run (never in pipes and logs)."""
    size = sum(f.stat().st_size for f in files if f.exists())
    if not sys.stderr.isatty() or size < PROGRESS_BYTES:
        return nullcontext(None)
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    @contextmanager
    def bar():
        # records are not counted up front (that would read the input twice): the total is the input
        # size over the size of the first records
        with Progress(TextColumn("scanning"), BarColumn(), TextColumn("{task.completed:,} records"),
                      TimeElapsedColumn(), console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("scan", total=max(1, size // _bytes_per_record(files[0])))
            yield lambda n: progress.advance(task, n)

    return bar()


def _bytes_per_record(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return 1000
    return max(1, len(head) // max(1, head.count(b"\n"))) if b"\n" in head else 1000


def render_text(findings: list[Finding], console) -> None:
    from rich.text import Text

    if not findings:
        console.print("no findings")
        return
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.term, []).append(f)
    for term in sorted(groups, key=lambda t: (-len(groups[t]), t.lower())):
        fs = groups[term]
        head = Text(f"{term}", style="bold")
        head.append(f"  ({fs[0].category}, {len(fs)} finding{'s' if len(fs) != 1 else ''})", style="dim")
        console.print(head)
        for f in fs:
            line = Text(f"  {f.video_id}@{f.start_second}  {f.score:.2f} {f.method:<8} ", style="dim")
            i = f.context.find(f.found)
            if i < 0:
                line.append(f.context)
            else:
                line.append(f.context[:i])
                line.append(f.found, style="bold red")
                line.append(f.context[i + len(f.found):])
            line.append(f"  → {f.suggestion}", style="green")
            if f.kind != "asr-error":
                line.append(f"  [{f.kind}]", style="yellow")
            console.print(line)
        console.print()
    console.print(f"{len(findings)} finding(s) of {len(groups)} term(s)")


def _write_text_report(findings: list[Finding], output: str | None) -> None:
    from rich.console import Console

    if output:
        from qa.atomic import atomic_open

        with atomic_open(output, "w") as fh:
            render_text(findings, Console(file=fh, no_color=True, width=200))
    else:
        class PipedConsole(Console):
            """A reader gone away (`qa scan --format text | head`) is the BrokenPipeError every qa
            command exits 0 on, as the JSON Lines output does: rich's own handler exits 1, which here
            means violations (under `set -o pipefail` a finished scan read as failed)."""

            def on_broken_pipe(self) -> None:
                self.quiet = True
                stdout_to_devnull()
                raise BrokenPipeError

        render_text(findings, PipedConsole(soft_wrap=True))


@click.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--gold", required=True, type=click.Path(), help="Gold errors, JSON Lines.")
@click.option("--negatives", type=click.Path(), help="Correct words that must not be flagged, JSON Lines.")
@click.option("--rules", "rules", type=click.Path(), help="Glossary directory.")
@click.option("--methods", default=None, help="Comma list: variant,fuzzy,phonetic (default all).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_cmd(paths, gold, negatives, rules, methods, min_score, fmt):
    """Precision, recall and F1 of `qa scan` on PATH... against hand-labelled GOLD errors.

    Recall counts high-confidence gold errors; a finding that matches no gold error is a false alarm.
    Misses, false alarms and findings on negatives are listed. Exit 0.
    """
    from qa.detect.parallel import load_quietly, quiet_gc
    from qa.evaluate import evaluate, load_gold, load_negatives
    from qa.records import iter_batches

    detector = load_quietly(config.rules_dir(rules), methods=_csv(methods, METHODS, "methods"),
                            min_score=min_score)
    gold_errors = load_gold(Path(gold))
    negs = load_negatives(Path(negatives)) if negatives else []
    quiet_gc()
    stream = detector.stream(("text",))
    texts: dict[tuple[str, str], str] = {}
    findings: list[Finding] = []
    for frame in iter_batches(paths, need=("text",)):  # (no text anywhere: unusable, as for scan)
        for vid, ss, text in frame.select("video_id", "start_second", "text").iter_rows():
            texts[(vid or "", ss or "")] = text or ""
        findings.extend(stream.feed(frame))
    findings.extend(stream.close())
    ev = evaluate(findings, gold_errors, texts, negs)
    if fmt == "json":
        click.echo(json.dumps(ev.to_dict(), ensure_ascii=False, indent=1))
        return
    high = ev.tp + ev.fn
    click.echo(f"precision {ev.precision:.3f}  recall {ev.recall:.3f}  f1 {ev.f1:.3f}  "
               f"(tp {ev.tp}, fp {ev.fp}, fn {ev.fn}; {ev.findings} findings, {high} high-confidence gold errors)")
    if ev.misses:
        click.echo(f"\nmissed ({len(ev.misses)}):")
        for g in ev.misses:
            click.echo(f"  {g.video_id}@{g.start_second}  {g.wrong!r} -> {g.right}")
    if ev.false_alarms:
        click.echo(f"\nfalse alarms ({len(ev.false_alarms)}):")
        for f in ev.false_alarms:
            click.echo(f"  {f.video_id}@{f.start_second}  {f.found!r} -> {f.suggestion}  {f.score:.2f} {f.method}  ({f.reason})")
    if negatives:
        click.echo(f"\nflagged on negatives ({len(ev.on_negatives)}):")
        for f, n in ev.on_negatives:
            click.echo(f"  {f.video_id}@{f.start_second}  {f.found!r} -> {f.suggestion}  (negative {n.text!r}: {n.why})")
