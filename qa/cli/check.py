"""`qa check`: the CI gate in one command (thin wrapper over qa.gate)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qa import config
from qa.checks import SEVERITIES
from qa.cli import dash_is_stdout, verdict_on_broken_pipe

FORMATS = ("text", "json", "junit", "sarif", "github")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rules", "rules", type=click.Path(file_okay=False), help="Glossary directory.")
@click.option("--corrections", "corrections", type=click.Path(file_okay=False), help="Directory of patch files.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format, as for `qa validate`.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), callback=dash_is_stdout,
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--max-open", type=click.IntRange(min=0), default=None,
              help="Fail when more than N asr-error findings have no decision.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True)
@click.option("--max-examples", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--disable", multiple=True, metavar="CHECK",
              help="Switch a check off by id or name (repeatable; adds to tool.qa disable).")
def check(paths, rules, corrections, fmt, output, max_open, fail_on, max_examples, disable) -> None:
    """The CI gate: validate PATH (default: the bundled sample), run the glossary's examples, check
    every correction still applies, and optionally allow at most --max-open undecided findings.

    Same report formats and exit codes as `qa validate`: 0 clean, 1 violations, 2 unusable input."""
    from qa import gate
    from qa import report as R
    from qa.cli.validate import emit, report_unusable, settings_from, step_summary

    from qa.records import refuse_overwriting_input

    paths = list(paths) or [config.SAMPLE]
    refuse_overwriting_input(output, paths, "report")
    with report_unusable("check", fmt, output):
        result = gate.check(paths, rules_dir=config.rules_dir(rules),
                            corrections_dir=config.corrections_to_read(corrections), max_open=max_open,
                            settings=settings_from(None, disable))
    with verdict_on_broken_pipe(result.exit_code(fail_on)):
        emit(R.render_chunks(result, fmt, max_examples, fail_on=fail_on), output)
    if fmt == "github":
        step_summary(result)
    if output is not None:
        click.echo(f"qa: {R.summary_line(result)} (report: {output})", err=True)
    sys.exit(result.exit_code(fail_on))
