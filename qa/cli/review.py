"""`qa review`: the interactive review of findings (a thin wrapper over `qa.tui.app.ReviewApp`)."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any, Callable

import click

from qa.errors import UsageError


@click.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("--rules", "rules", type=click.Path(), help="Glossary directory (default: [tool.qa] rules, ./rules, bundled).")
@click.option("--corrections", "corrections", type=click.Path(), help="Patch files directory (default: [tool.qa] corrections or ./corrections).")
@click.option("--term", help="Review only findings of this glossary term.")
@click.option("--video", help="Review only this video id.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True, help="Skip findings scored lower.")
@click.option("--reviewer", help="Name written into decisions (default: [tool.qa] reviewer, else the login name, else git user.name); kept in each decision's reviewer field.")
def review(path, rules, corrections, term, video, min_score, reviewer):
    """Review findings one key at a time; every decision is written to the patch files at once.

    PATH is a dataset file or directory (default: the bundled sample). Keys: a accept, x reject,
    space skip, u undo, e edit, A / X accept / reject all alike, o open video, / filter, ? help, q quit.
    """
    from qa import config
    from qa.detect import load_detector
    from qa.patches import CorrectionStore
    from qa.tui.source import Ledger, ScanSource

    paths = [path] if path else [config.SAMPLE]
    # Everything that can fail on bad input fails here, as one line on stderr, before the screen opens.
    detector = load_detector(config.rules_dir(rules), min_score=min_score)
    if term is not None:
        # a term no entry has would review nothing, shown as "no findings": say so instead
        entry = detector.glossary.entry(term)
        if entry is None:
            close = detector.glossary.close_terms(term)
            hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
            raise UsageError(f"--term {term!r}: no glossary term or alias of that name{hint}")
        term = entry.term
    source = ScanSource(paths, detector, term=term, video=video)
    store = CorrectionStore(config.corrections_to_write(corrections), reviewer=config.reviewer(reviewer))
    store.decisions()
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # without a terminal the app would wait forever for keys (a CI job, a pipe)
        raise UsageError("qa review is interactive and needs a terminal; in scripts use `qa scan` and `qa decide`")

    source.warm_up()
    from qa.tui.app import INTERRUPTED, ReviewApp  # Textual is imported only once the review really starts

    app = ReviewApp(source, Ledger(store), subtitle=" ".join(str(p) for p in paths))
    # A loop of our own: asyncio.run() would end by joining the scan's thread, holding `q` until the
    # scan finishes its slice of records (seconds on a big corpus, with the screen already gone).
    loop = asyncio.new_event_loop()
    app.run(loop=loop)
    if app.error is not None:
        raise app.error
    interrupted = app.return_code == INTERRUPTED
    if interrupted and app.scanning:
        click.echo("qa: interrupted", err=True)  # leave() ends the process itself, with code 130
    leave(app)
    loop.close()
    if interrupted:
        raise KeyboardInterrupt  # the CLI's one line and exit 130


def leave(app: Any, exit: Callable[[int], Any] | None = None) -> None:
    """Quit now, not when the background scan ends its slice of records (seconds on a big corpus,
    with the screen already gone). Nothing is lost: every decision was written, synced and renamed
    into place when its key was pressed, and the scan keeps nothing worth finishing."""
    if getattr(app, "scanning", False):
        sys.stdout.flush()
        sys.stderr.flush()
        (exit or os._exit)(app.return_code or 0)
