"""Shared fixtures: the bundled development data and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def sample_path() -> Path:
    return DATA / "lecture-l11.jsonl"


@pytest.fixture
def gold_path() -> Path:
    return DATA / "lecture-l11.gold.jsonl"


@pytest.fixture
def negatives_path() -> Path:
    return DATA / "lecture-l11.negatives.jsonl"


@pytest.fixture
def rules_path() -> Path:
    return ROOT / "rules"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
