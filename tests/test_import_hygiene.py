"""Importing qa's core must not load Textual: CI gates (`qa validate`, `qa check`) never pay for the UI.

Runs in a fresh interpreter, harlequin-style, because this test process has long since imported textual.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import qa

UI = ("qa.tui", "qa.cli.review")


def core_modules() -> list[str]:
    names = ["qa"]
    for mod in pkgutil.walk_packages(qa.__path__, "qa."):
        if not mod.name.startswith(UI):
            names.append(mod.name)
    return sorted(names)


def test_core_has_modules_to_check():
    mods = core_modules()
    assert {"qa.records", "qa.findings", "qa.cli"} <= set(mods)
    assert not any(m.startswith(UI) for m in mods)


def test_importing_the_core_does_not_load_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"core modules loaded textual: {out.stdout.strip()}"


def test_the_review_command_module_loads_textual_only_when_run():
    # qa/cli/review.py imports the app inside the command, so `qa --help` stays light as well
    code = "import sys, qa.cli.review; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
