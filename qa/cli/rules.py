"""`qa rules`: the glossary's own checks (`test`), and learning from decisions (`suggest`, if installed)."""

from __future__ import annotations

import importlib.util
import sys

import click

from qa import config


@click.group()
def rules() -> None:
    """Check and grow the glossary in rules/."""


@rules.command("test")
@click.argument("directory", required=False, type=click.Path())
def test(directory: str | None) -> None:
    """Run every entry's flag/allow examples and the hygiene checks on DIRECTORY (default: the rules dir).

    Exit 0 when clean, 1 with one FILE:LINE line per failure, 2 when a rules file is invalid.
    """
    from qa.detect import load_detector
    from qa.glossary import run_rule_tests

    rules_dir = config.rules_dir(directory)
    failures = run_rule_tests(rules_dir)
    for f in failures:
        click.echo(f"{f.file}:{f.line}: {f.message}" if f.line else f"{f.file}: {f.message}")
    # the tests just loaded this detector: from the compiled cache, not a second YAML parse
    glossary = load_detector(rules_dir).glossary
    examples = sum(len(e.flag) + len(e.allow) for e in glossary.entries)
    summary = (f"{len(glossary.entries)} entries in {len(glossary.files)} file(s), {examples} examples: "
               + (f"{len(failures)} failure(s)" if failures else "all pass"))
    click.echo(summary, err=True)
    sys.exit(1 if failures else 0)


if importlib.util.find_spec("qa.cli.rules_suggest"):
    from qa.cli.rules_suggest import suggest

    rules.add_command(suggest)
