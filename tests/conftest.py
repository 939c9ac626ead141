"""Shared fixtures: the bundled development data and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's cache (qa.detect.cache): a compiled glossary left there
    by other code would be loaded instead of built. One directory for the session, so the tests
    still exercise the cached path after the first build. The findings store is off (QA_REUSE=0):
    with it, a test scanning what another test scanned would get stored findings, also when it
    changed the detector in a way the store's key does not see (a monkeypatched constant);
    tests/test_detect_reuse.py switches it on for itself."""
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(tmp_path_factory.mktemp("qa-cache")))
    mp.delenv("QA_NO_CACHE", raising=False)
    mp.setenv("QA_REUSE", "0")
    yield
    mp.undo()


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


@pytest.fixture(scope="module")
def det_full():
    """A detector over the packaged glossary that reports both kinds (for equivalence tests of the
    scanning paths, which must agree on every candidate, not only on asr-errors). One per module: tests
    may fill or forget its memo tables."""
    from qa.config import PACKAGED_RULES
    from qa.detect import Detector
    from qa.glossary import load_glossary

    return Detector(load_glossary(PACKAGED_RULES), kinds=("asr-error", "normalization"))


@pytest.fixture(scope="module")
def det():
    """A detector over the repository's rules/ (asr-errors only, as `qa scan` by default); a test file
    with a glossary of its own defines its own `det`."""
    from qa.detect import load_detector

    return load_detector(Path(__file__).parent.parent / "rules")
