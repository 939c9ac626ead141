"""Defects found by using the review-and-correct flow as its users do (session 19): each test failed
before its fix."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from test_tui_data import findings, records, sync

from qa.patches import CorrectionStore
from qa.tui.app import ReviewApp
from qa.tui.source import FixedSource, Ledger
from qa.tui.widgets.term_list import TermList

SIZE = (100, 30)


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- a big corpus: the sidebar's counts of thousands wrapped its rows onto two lines ---------------


@sync
async def test_term_rows_stay_one_line_with_thousands_of_findings(tmp_path: Path) -> None:
    one = findings()[0]
    # 1,200 findings of one term (distinct spans, so distinct ids), and one each of 40 others: more
    # rows than the screen has lines, so the sidebar shows its scrollbar
    many = [dataclasses.replace(one, start=one.start + i, end=one.end + i, id="") for i in range(1200)]
    many += [dataclasses.replace(one, start=i, end=i + 1, term=f"T{i:02}", id="") for i in range(40)]
    app = ReviewApp(FixedSource(many, records()), Ledger(CorrectionStore(tmp_path / "c", reviewer="t")))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        terms = app.query_one(TermList)
        assert terms.option_count == 42
        # one line per option: "all terms 1240/1240" and the term's "1200/1200" fit beside the scrollbar
        assert terms.virtual_size.height == terms.option_count
        rows = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
        assert rows[0].startswith("all terms") and "1240/1240" in rows[0]
        assert rows[1].index("/") == rows[2].index("/")  # the term rows still line up
