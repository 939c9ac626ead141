"""README documents every command, and its two set-up commands are the ones CI and newcomers run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.cli import COMMANDS, main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    assert re.search(rf"`qa {name}\b", README), f"README.md does not document `qa {name}`"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_loads(name: str) -> None:
    assert main.get_command(None, name) is not None, f"qa {name} is registered but cannot be imported"


def test_readme_has_exactly_two_setup_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", quickstart, flags=re.S)
    assert len(blocks) == 2
    assert "qa review" in blocks[0] or "qa validate" in blocks[0]
    assert "pytest" in blocks[1]
