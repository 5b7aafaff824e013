"""Configuration from `.tee-audit.toml` or `[tool.tee-audit]` in `pyproject.toml`.

Command-line options override the file. Every key is validated: an unknown
key or a value of the wrong type is an error that names it, because a typo
in a security gate must not silently turn a check off.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tee_audit.model import Confidence, Severity

CONFIG_FILE_NAME = ".tee-audit.toml"


class ConfigError(Exception):
    """The configuration file or an option has an invalid value."""


@dataclass(frozen=True)
class Config:
    """The effective settings of one run."""

    select: tuple[str, ...] = ()
    """Rule ids or check ids to report; empty means all."""
    ignore: tuple[str, ...] = ()
    """Rule ids or check ids never to report."""
    fail_on: Severity = Severity.LOW
    """Lowest severity that makes the run exit 1."""
    min_confidence: Confidence = Confidence.LOW
    """Findings below this confidence are dropped."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of paths to leave out of discovery."""
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Glob pattern to rule or check ids ignored in matching files."""
    vuln_db: str = ""
    """Folder or zip of OSV advisories for offline vulnerability lookups."""
    online: bool = False
    """Query pip-audit's online service for known vulnerabilities."""
    baseline: str = ""
    """Baseline file whose findings are not reported again."""
    allow_skipped: bool = False
    """Exit 0 or 1 even when some source files could not be analysed."""
    report_unused_ignores: bool = False
    jobs: int = 0
    """Worker processes; 0 means one per CPU core."""
    cache: bool = True
    max_file_size: int = 5_000_000
    """Files larger than this many bytes are skipped as too large."""
    max_file_seconds: int = 60
    """Seconds one analyzer may spend on one file before the file is skipped as timed out; 0 means no limit."""
    source: str = ""
    """Path of the file the settings came from, shown by `tee-audit config`."""

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, (Severity, Confidence)):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = {key: list(ids) for key, ids in sorted(value.items())}
            result[item.name.replace("_", "-")] = value
        return result


_LIST_KEYS = {"select", "ignore", "exclude"}
_BOOL_KEYS = {"online", "allow_skipped", "report_unused_ignores", "cache"}
_STRING_KEYS = {"vuln_db", "baseline"}
_INT_KEYS = {"jobs", "max_file_size", "max_file_seconds"}
KNOWN_KEYS = _LIST_KEYS | _BOOL_KEYS | _STRING_KEYS | _INT_KEYS | {"fail_on", "min_confidence", "per_path_ignores"}


def find_config_file(start: Path) -> Path | None:
    """Return the nearest `.tee-audit.toml`, or `pyproject.toml` with a
    `[tool.tee-audit]` table, looking in `start` and its parents."""
    for directory in [start, *start.parents]:
        candidate = directory / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (directory / ".git").exists():
            break
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "tee-audit" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return True  # Report the broken file when it is loaded, not silently skip it.


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read configuration file {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML in configuration file {path}: {error}") from error


def load_config(path: Path | None) -> Config:
    """Read and validate a configuration file; None gives the defaults."""
    if path is None:
        return Config()
    document = _read_toml(path)
    if path.name != "pyproject.toml":
        return parse_table(document, source=str(path))
    tools = document.get("tool", {})
    for misspelled in ("tee_audit", "teeaudit", "tee-audit-config"):
        if misspelled in tools:
            raise ConfigError(f"unknown table [tool.{misspelled}] in {path}; the table is named [tool.tee-audit]")
    return parse_table(tools.get("tee-audit", {}), source=str(path))


def parse_table(table: dict, *, source: str) -> Config:
    """Validate a configuration table and build a `Config` from it."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key in values:
            raise ConfigError(f"key {raw_key!r} is set twice in {source} (as {key.replace('_', '-')!r} and {key!r})")
        if key not in KNOWN_KEYS:
            known = ", ".join(sorted(name.replace("_", "-") for name in KNOWN_KEYS))
            raise ConfigError(f"unknown key {raw_key!r} in {source}; known keys: {known}")
        values[key] = _convert(raw_key, key, value, source)
    return Config(**values, source=source)


def _convert(raw_key: str, key: str, value: Any, source: str) -> Any:
    where = f"{raw_key!r} in {source}"
    if key in _LIST_KEYS:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ConfigError(f"invalid value for {where}: expected a list of strings")
        return tuple(value)
    if key in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise ConfigError(f"invalid value for {where}: expected true or false")
        return value
    if key in _STRING_KEYS:
        if not isinstance(value, str):
            raise ConfigError(f"invalid value for {where}: expected a string")
        return value
    if key in _INT_KEYS:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"invalid value for {where}: expected a non-negative integer")
        return value
    if key == "fail_on":
        return _parse_enum(Severity, value, where)
    if key == "min_confidence":
        return _parse_enum(Confidence, value, where)
    return _parse_per_path(value, where)


def _parse_enum(enum_type, value: Any, where: str):
    if not isinstance(value, str):
        raise ConfigError(f"invalid value for {where}: expected a string")
    try:
        return enum_type.parse(value)
    except ValueError as error:
        raise ConfigError(f"{error} (in {where})") from None


def _parse_per_path(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"invalid value for {where}: expected a table of glob = [ids]")
    result = {}
    for pattern, ids in value.items():
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise ConfigError(f"invalid value for {pattern!r} of {where}: expected a list of rule or check ids")
        result[pattern] = tuple(ids)
    return result


def override(config: Config, **options: Any) -> Config:
    """Apply command-line options; None means the option was not given."""
    given = {key: value for key, value in options.items() if value is not None and value != ()}
    return replace(config, **given)
