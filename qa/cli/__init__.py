"""The `qa` command: a thin click group whose subcommands live in their own modules.

Subcommands are imported only when run, so `qa validate` in CI never pays for the review UI
(or anything else it does not use).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from contextlib import contextmanager

import click

from qa import __version__
from qa.errors import QAError

# name -> "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "validate": "qa.cli.validate:validate",
    "checks": "qa.cli.validate:checks",
    "scan": "qa.cli.scan:scan",
    "eval": "qa.cli.scan:eval_cmd",
    "rules": "qa.cli.rules:rules",
    "decide": "qa.cli.corrections:decide",
    "fix": "qa.cli.corrections:fix",
    "apply": "qa.cli.corrections:apply_cmd",
    "export": "qa.cli.corrections:export",
    "status": "qa.cli.corrections:status",
    "check": "qa.cli.check:check",
    "review": "qa.cli.review:review",
}


def stdout_to_devnull() -> None:
    """Point stdout at /dev/null, after its reader went away (`| head`): the interpreter's last flush
    then has nowhere to fail, and no 'Exception ignored ... BrokenPipeError' follows the exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextmanager
def verdict_on_broken_pipe(code: int):
    """The reader of stdout went away (`qa validate --format json | head`, `qa apply ... -o - | head`):
    stdout pointed at /dev/null (`stdout_to_devnull`) and exit with *code*: a gate's verdict, known
    before the report was rendered (exit 0, the CLI's default for a closed pipe, let a gate with
    `set -o pipefail` pass on a dataset full of errors), or 0 for data written to a reader that had
    enough."""
    try:
        yield
    except BrokenPipeError:
        stdout_to_devnull()
        sys.exit(code)


def dash_is_stdout(ctx: click.Context, param: click.Parameter, value):
    """`--output -` is stdout, as for most Unix tools: it wrote a file named '-' (a report a CI step
    then looked for on stdout, and a file `rm -` cannot remove)."""
    return None if value is not None and str(value) == "-" else value


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError):
            return None

    def _available(self, name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except QAError as exc:
            click.echo(f"qa: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            # click would say "Aborted!" and exit 1, which here means "violations": a CI step or
            # a script could read an interrupted gate as a finished one. 130 is the shell's code
            # for SIGINT; the writes are atomic, so nothing half-written is left to mention.
            click.echo("qa: interrupted", err=True)
            sys.exit(130)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa")
def main() -> None:
    """Validate transcript datasets, detect ASR mistakes, review and apply corrections."""
