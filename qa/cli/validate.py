"""`qa validate` and `qa checks`: thin commands over qa.validate, qa.report and qa.checks."""

from __future__ import annotations

import contextlib
import importlib
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import click

from qa import checks as C
from qa.atomic import atomic_open
from qa.cli import dash_is_stdout, verdict_on_broken_pipe
from qa.errors import OutputError, QAError, UsageError, cannot_write

FORMATS = ("text", "json", "junit", "sarif", "github")
# Modules that register checks of their own (gate checks); imported so `qa checks` lists them.
PLUGINS = ("qa.gate",)


def settings_from(gap_tolerance: float | None, disable: tuple[str, ...]) -> dict:
    """[tool.qa] with the command-line flags laid over it (flags win; --disable adds to the list)."""
    from qa.config import config

    settings = dict(config())
    if gap_tolerance is not None:
        settings["gap_tolerance"] = gap_tolerance
    configured = settings.get("disable") or []
    if isinstance(configured, str):
        configured = [configured]
    if not isinstance(configured, list):
        raise UsageError("[tool.qa] disable must be a list of check ids or names")
    settings["disable"] = [*configured, *disable]
    return settings


def emit(text: str | Iterable[str], output: Path | None) -> None:
    """Write the report (a string, or its pieces as `report.render_chunks` makes them) to stdout or,
    atomically, to *output*: piece by piece, so a report of many violations is never held whole."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        for piece in pieces:
            click.echo(piece, nl=False)
        return
    try:
        with atomic_open(output, "w") as fh:
            for piece in pieces:
                try:
                    fh.write(piece)
                except OSError as exc:  # a full disk
                    raise cannot_write(output, exc) from None
    except OutputError as exc:
        raise OutputError(exc.message.replace("cannot write", "cannot write the report", 1), file=output) from None


@contextmanager
def report_unusable(command: str, fmt: str, output: Path | None):
    """An input that cannot be used (exit 2) is said in the report too, where CI reads it (see
    `qa.report.unusable`): in the --output file, or on stdout for a CI format. Not when the report
    itself cannot be written (OutputError), and only after `refuse_overwriting_input` has passed."""
    try:
        yield
    except QAError as exc:
        if isinstance(exc, OutputError) or (output is None and fmt == "text"):
            raise
        from qa import report as R

        with contextlib.suppress(QAError, OSError):  # (the error itself is what must be said)
            emit(R.unusable(command, fmt, exc.message, exc.file, exc.line), output)
        raise


def step_summary(result) -> None:
    """The Markdown summary appended to $GITHUB_STEP_SUMMARY, when it is set. The annotations are out
    already and the exit code says the verdict; a summary file that cannot be written (a read-only
    runner, a path that is a directory) is a warning, never a traceback that turns the verdict into 1."""
    from qa import report as R

    try:
        R.write_step_summary(result)
    except OSError as exc:
        click.echo(f"qa: warning: cannot append to $GITHUB_STEP_SUMMARY: {exc.strerror or exc}", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: text for people; json, junit, sarif or github for CI.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), callback=dash_is_stdout,
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(C.SEVERITIES), default="error", show_default=True,
              help="Exit 1 when there are violations of this severity or worse.")
@click.option("--max-examples", type=click.IntRange(min=0), default=5, show_default=True,
              help="Examples shown per check in text and junit reports.")
@click.option("--coerce", is_flag=True, help="Accept integer seconds (as sister datasets store them).")
@click.option("--gap-tolerance", type=click.FloatRange(min=0), default=None,
              help="Seconds a gap or overlap between chunks may have [default: tool.qa gap_tolerance or 0].")
@click.option("--disable", multiple=True, metavar="CHECK",
              help="Switch a check off by id or name (repeatable; adds to tool.qa disable).")
def validate(paths, fmt, output, fail_on, max_examples, coerce, gap_tolerance, disable) -> None:
    """Check transcript datasets (JSONL, JSON, CSV, Parquet; files or directories).

    Exit 0 when there is nothing at the --fail-on level, 1 when there is, 2 when an input cannot
    be used at all (missing, unknown format, not UTF-8, not JSON, empty).
    """
    from qa import report as R
    from qa.records import refuse_overwriting_input
    from qa.validate import validate as run

    refuse_overwriting_input(output, paths, "report")
    with report_unusable("validate", fmt, output):
        result = run(paths, coerce=coerce, settings=settings_from(gap_tolerance, disable))
    with verdict_on_broken_pipe(result.exit_code(fail_on)):
        emit(R.render_chunks(result, fmt, max_examples, fail_on=fail_on), output)
    if fmt == "github":
        step_summary(result)
    if output is not None:
        click.echo(f"qa: {R.summary_line(result)} (report: {output})", err=True)
    sys.exit(result.exit_code(fail_on))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def checks(fmt) -> None:
    """List every check: id, name, severity (after [tool.qa] overrides) and what it requires."""
    import json

    for module in PLUGINS:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    from qa.config import config

    cfg = config()
    resolved, disabled = C.resolve(severity=cfg.get("severity") or {}, disable=cfg.get("disable") or [])
    rows = [(c.id, c.name, "off" if c.id in disabled else c.severity, c.description)
            for c in sorted(resolved.values(), key=lambda c: c.id)]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(("id", "name", "severity", "description"), r)) for r in rows], indent=1))
        return
    width = max(len(r[1]) for r in rows)
    for cid, name, severity, description in rows:
        click.echo(f"{cid}  {name:<{width}}  {severity:<7}  {description}")
