"""Project configuration from ``[tool.qa]`` in the working directory's pyproject.toml.

Flags override configuration; configuration overrides built-in defaults. Known keys:

    rules = "rules"                 # glossary directory
    corrections = "corrections"     # patch files directory
    reviewer = "alice"              # name written into decisions (default: the login name, else git's user.name)
    gap_tolerance = 0               # seconds a gap/overlap between chunks may have
    disable = ["TQ105"]             # validation checks switched off
    jobs = "auto"                   # qa scan processes: auto (one per CPU for inputs of 8 MB or more), or N
    [tool.qa.severity]              # severity overrides per check id or name
    TQ102 = "error"
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.errors import UsageError

SAMPLE = Path(__file__).parent / "data" / "sample.jsonl"
PACKAGED_RULES = Path(__file__).parent / "rules"
KNOWN_KEYS = frozenset({"rules", "corrections", "reviewer", "gap_tolerance", "disable", "jobs", "severity"})


@lru_cache(maxsize=8)
def _load(cwd: str) -> dict[str, Any]:
    path = Path(cwd) / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r" \(at line (\d+), column (\d+)\)$", str(exc))
        if at is None:
            raise UsageError(f"cannot read [tool.qa]: {exc}", file=path) from None
        raise UsageError(f"cannot read [tool.qa]: {str(exc)[:at.start()]} (column {at.group(2)})", file=path,
                         line=int(at.group(1))) from None
    except OSError as exc:
        raise UsageError(f"cannot read [tool.qa]: {exc}", file=path) from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read [tool.qa]: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
                         file=path) from None
    tool = data.get("tool", {})
    section = tool.get("qa", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise UsageError("[tool.qa] must be a table", file=path)
    # A misspelt key would silently leave the gate as it was ("dissable" switches nothing off)
    unknown = sorted(set(section) - KNOWN_KEYS)
    if unknown:
        line = _key_line(path, unknown[0])
        raise UsageError(f"unknown key {unknown[0]!r} in [tool.qa] (known: {', '.join(sorted(KNOWN_KEYS))})",
                         file=path, line=line)
    _check_values(path, section)
    return section


LEVELS = ("error", "warning", "off", "none", "disable", "disabled")  # as qa.checks.resolve reads them


def _check_values(path: Path, section: dict[str, Any]) -> None:
    """Every value of [tool.qa] of the wrong type or out of range, as `FILE:LINE: what is wrong`.

    Checked here, once, where the file and line are known: the commands that read a value said only
    "gap_tolerance must be a number of seconds" with no file, a check named in `disable` that does
    not exist only "unknown check", and `disable = [5]` ended in a traceback."""
    def fail(message: str, key: str, sub: str | None = None) -> UsageError:
        line = (_key_line(path, sub, table=("tool", "qa", key)) if sub is not None else None) or _key_line(path, key)
        return UsageError(f"[tool.qa] {message}", file=path, line=line)

    for key in ("rules", "corrections", "reviewer"):
        if key in section and not isinstance(section[key], str):
            raise fail(f"{key} must be a string, not {section[key]!r}", key)
    if "gap_tolerance" in section:
        value = section["gap_tolerance"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value < float("inf"):
            raise fail(f"gap_tolerance must be a number of seconds, 0 or more, not {value!r}", "gap_tolerance")
    if "jobs" in section:
        value = section["jobs"]
        auto = isinstance(value, str) and value.strip().lower() == "auto"
        if not auto and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise fail(f"jobs must be a number of processes (0: one per CPU) or \"auto\", not {value!r}", "jobs")
    from qa import checks  # (light: the registry; every check, the gate's too, is declared there)

    if "disable" in section:
        value = section["disable"]
        refs = [value] if isinstance(value, str) else value
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise fail(f"disable must be a list of check ids or names, not {value!r}", "disable")
        for ref in refs:
            try:
                checks.get(ref)
            except UsageError as exc:
                raise fail(f"disable: {exc.message}", "disable") from None
    if "severity" in section:
        table = section["severity"]
        if not isinstance(table, dict):
            raise fail(f"severity must be a table of check = level, not {table!r}", "severity")
        for ref, level in table.items():
            try:
                checks.get(ref)
            except UsageError as exc:
                raise fail(f"severity: {exc.message}", "severity", ref) from None
            if not isinstance(level, str) or level.lower() not in LEVELS:
                raise fail(f"severity of {ref} must be 'error', 'warning' or 'off', not {level!r}", "severity", ref)


def _key_line(path: Path, key: str, table: tuple[str, ...] = ("tool", "qa")) -> int | None:
    """The line a key of *table* ([tool.qa], or [tool.qa.severity]) is set on (tomllib keeps no
    positions): the first line from the table's header on that begins with the key, bare or quoted;
    None when not found (an inline table: the caller falls back to the line of the table's key)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    begin = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*[=.]""")
    head = re.compile(r"\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, table)) + r"\s*\]")
    header = next((i for i, line in enumerate(lines) if head.match(line)), None)
    if header is None:
        if table != ("tool", "qa"):
            return None
        header = 0
    return next((i for i, line in enumerate(lines[header:], header + 1) if begin.match(line)), None)


def config() -> dict[str, Any]:
    return _load(os.getcwd())


def rules_dir(flag: str | Path | None = None) -> Path:
    """--rules, else [tool.qa] rules, else ./rules, else the glossary shipped with the package."""
    if flag:
        return Path(flag)
    if value := config().get("rules"):
        return Path(value)
    if Path("rules").is_dir():
        return Path("rules")
    return PACKAGED_RULES


def corrections_dir(flag: str | Path | None = None) -> Path:
    if flag:
        return Path(flag)
    return Path(config().get("corrections", "corrections"))


def corrections_to_write(flag: str | Path | None = None) -> Path:
    """`corrections_dir`, refused when it is a file: read, it held no decisions (`qa apply` wrote the
    data unchanged, `qa check` passed), and `qa review` opened and then said "not saved" at every key."""
    path = corrections_dir(flag)
    if path.exists() and not path.is_dir():  # ([tool.qa] corrections = "talks.jsonl")
        where = "--corrections" if flag else "[tool.qa] corrections" if config().get("corrections") else "./corrections"
        raise UsageError(f"the corrections directory ({where}) is a file, not a directory", file=path)
    return path


def corrections_to_read(flag: str | Path | None = None) -> Path:
    """`corrections_dir` for a command that only reads decisions (apply, export, status, check, rules
    suggest). A directory named by --corrections that does not exist is a typo, not a directory with
    no decisions yet: `qa apply --corrections corections` wrote the data unchanged and exited 0, and a
    gate pointed at it passed TQ902 with nothing to check. (Without the flag, a missing ./corrections
    or configured directory is a project with no decisions yet: git keeps no empty directory.)"""
    path = corrections_to_write(flag)
    if flag and not path.is_dir():
        raise UsageError(f"corrections directory not found (check the --corrections path; without the flag, "
                         f"{config().get('corrections', 'corrections')!r} is read)", file=path)
    return path


def reviewer(flag: str | None = None) -> str:
    """The name written into each decision's `reviewer` field: the flag, `[tool.qa] reviewer`, or who
    is logged in. Without $USER (a container, cron, `env -i`) decisions used to say "unknown"."""
    return flag or str(config().get("reviewer") or login_name())


def login_name() -> str:
    """$USER / $USERNAME as before, else getpass (LOGNAME, then the password database: the same name
    $USER would have held), else git's user.name (a uid with no passwd entry, as in some containers;
    read from the local config files, no network), else "unknown"."""
    import getpass

    name = os.environ.get("USER") or os.environ.get("USERNAME")
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no such variable and no passwd entry for the uid
            name = _git_user_name()
    return name or "unknown"


@lru_cache(maxsize=1)  # `qa decide` asks once per decision; git is a process
def _git_user_name() -> str | None:
    import subprocess

    try:
        out = subprocess.run(["git", "config", "--get", "user.name"], capture_output=True, text=True, timeout=2)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
