"""`qa rules suggest`: glossary changes learned from decisions, as a YAML diff (registered into the
`rules` group by qa/cli/rules.py)."""

from __future__ import annotations

import sys

import click

from qa import config
from qa.errors import EXIT_VIOLATIONS
from qa.learn import suggest as learn_suggest
from qa.patches import CorrectionStore


@click.command("suggest")
@click.option("--write", is_flag=True, help="Apply the proposed changes to the rules files.")
@click.option("--rules", "rules", type=click.Path(file_okay=False), help="Glossary directory.")
@click.option("--corrections", "corrections", type=click.Path(file_okay=False), help="Directory of patch files.")
def suggest(write, rules, corrections) -> None:
    """Propose glossary changes from decisions, printed as a unified diff of the YAML files.

    An accepted found text that no entry lists becomes a proposed variant of its term; a rejected
    one becomes a proposed context exception (the words with one word of context each side).
    --write applies the diff, unless it would make a rule test fail."""
    rules_dir = config.rules_dir(rules)
    result = learn_suggest(rules_dir, CorrectionStore(config.corrections_to_read(corrections)).decisions())
    diff = result.diff()
    if diff:
        click.echo(diff, nl=False)
    for p in result.proposals:
        click.echo(f"proposed {p.describe()}", err=True)
    for p in result.unplaced:
        click.echo(f"qa: warning: could not place {p.kind} {p.text!r} for {p.term} in {p.file}; add it by hand", err=True)
    if not result.proposals:
        click.echo("no glossary changes to propose", err=True)
    elif write:
        broken = result.new_failures(rules_dir)
        if broken:
            for line in broken:
                click.echo(f"qa: {line}", err=True)
            click.echo("qa: not written: the proposals would break the rule tests above; edit them by hand", err=True)
            sys.exit(EXIT_VIOLATIONS)
        for path in result.write():
            click.echo(f"wrote {path}", err=True)
    else:
        click.echo(f"{len(result.proposals)} proposal(s); --write applies them", err=True)
