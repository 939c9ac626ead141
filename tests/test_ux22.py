"""Session 22: the review-UI and CI-gate defects a user test found, each as a reviewer or a CI job met it."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from test_tui_data import findings, records, source, sync

from qa import config
from qa.cli import main
from qa.config import SAMPLE
from qa.detect import scan_paths
from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger
from qa.tui.widgets.edit_dialog import EditDialog
from qa.tui.widgets.help_screen import HelpScreen
from qa.tui.widgets.term_list import TermList

RULES = """\
category: model
entries:
  - term: LSTM
    aliases: [LSTMs]
    variants: [Alice T]
    context:
      require: [baseline, model, modeling]
    flag:
      - {text: "they took a baseline Alice T and gave it some love for language modeling", to: LSTM}
    allow:
      - "a two layer lstm language model"
"""


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make_app(tmp_path: Path, src=None, clock=None) -> ReviewApp:
    kwargs = {"clock": clock} if clock else {}
    return ReviewApp(src or source(), Ledger(CorrectionStore(tmp_path / "corrections", reviewer="tester")),
                     opener=lambda url: False, **kwargs)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: ReviewApp) -> str:
    """What the terminal shows, as text: the exported screenshot's cells, a row a line."""
    import html

    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, cell in re.findall(r'<text [^>]*x="([0-9.]+)" y="([0-9.]+)"[^>]*>(.*?)</text>', app.export_screenshot()):
        rows.setdefault(float(y), []).append((float(x), html.unescape(cell).replace("\xa0", " ")))
    return "\n".join("".join(t for _, t in sorted(cells)) for _, cells in sorted(rows.items()))


# --- a) the edit dialog: typing replaces the suggestion ------------------------------------------


@sync
async def test_typing_in_the_edit_dialog_replaces_the_suggestion(tmp_path):
    # a reviewer who opens `e` on a wrong suggestion types the right one; it used to be appended
    # ("hard setNew"), and only Ctrl+U, said nowhere, cleared the box
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e", "N", "e", "w")
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one("#replacement").value == "New"
        hint = str(app.screen.query_one(".hint").render())
        assert "Ctrl+U" in hint and "clear" in hint
        await pilot.press("enter")
    d = CorrectionStore(tmp_path / "corrections").by_finding()[findings()[0].id]
    assert (d.action, d.replacement) == ("edit", "New")


@sync
async def test_an_arrow_keeps_the_suggestion_to_change_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("e", "right", "s")
        assert app.screen.query_one("#replacement").value == findings()[0].suggestion + "s"
        await pilot.press("ctrl+u", "X")
        assert app.screen.query_one("#replacement").value == "X"
        # the words replaced stay as they are: typing there widens the span, it does not replace it
        await pilot.press("tab", "space", "x")
        assert app.screen.query_one("#span").value == findings()[0].found + " x"


# --- b) help lists Ctrl+C and the edit box's keys ---------------------------------------------------


@sync
async def test_help_lists_ctrl_c_and_ctrl_u(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"Ctrl\+C\s+quit now.*exit 130", text)
        assert "Ctrl+U clears" in text
