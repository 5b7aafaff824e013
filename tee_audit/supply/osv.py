"""An offline OSV advisory database: a folder or a zip of OSV JSON files.

The zip layout is that of osv.dev's per-ecosystem `all.zip` exports (one
`<ID>.json` per advisory); a folder may nest the files in subfolders. Ranges
are evaluated as the OSV schema describes:
`ECOSYSTEM` and `SEMVER` ranges with `introduced`, `fixed`, `last_affected`
and `limit` events, plus the explicit `versions` list. `GIT` ranges name
commits, not releases, so they cannot match a version and are not used.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tee_audit.supply.common import as_list, as_mapping
from tee_audit.supply.cvss import base_score, severity_of_score
from tee_audit.supply.model import Advisory, Ecosystem, normalize_name
from tee_audit.supply.versions import InvalidVersionError, parse_version

_DATABASE_SEVERITIES = {"critical": "critical", "high": "high", "moderate": "medium", "medium": "medium", "low": "low"}


class OsvDatabaseError(Exception):
    """The database path is missing or unreadable, or contains no readable advisory."""


@dataclass
class OsvDatabase:
    """Advisories indexed by OSV ecosystem and normalised package name."""

    path: str
    advisories: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    """Files that were not valid OSV JSON, by name; they are reported, not fatal."""
    withdrawn: int = 0
    count: int = 0

    @classmethod
    def load(cls, path: str | Path) -> "OsvDatabase":
        path = Path(path)
        database = cls(str(path))
        try:
            if path.is_dir():
                for item in sorted(path.rglob("*.json")):
                    database._add(item.name, item.read_bytes())
            elif path.is_file() and zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    for member in sorted(archive.namelist()):
                        if member.endswith(".json"):
                            database._add(member, archive.read(member))
            elif path.exists():
                raise OsvDatabaseError(f"the vulnerability database {path} is neither a folder nor a zip file")
            else:
                raise OsvDatabaseError(f"the vulnerability database {path} does not exist")
        except (OSError, zipfile.BadZipFile) as error:
            raise OsvDatabaseError(f"the vulnerability database {path} could not be read: {error}") from error
        if database.count == 0:
            raise OsvDatabaseError(f"the vulnerability database {path} contains no OSV advisories; expected OSV JSON files or an osv.dev all.zip")
        return database

    def _add(self, name: str, data: bytes) -> None:
        try:
            advisory = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            self.unreadable.append(name)
            return
        if not isinstance(advisory, dict) or not isinstance(advisory.get("id"), str) or not isinstance(advisory.get("affected", []), list):
            self.unreadable.append(name)
            return
        self.count += 1
        if advisory.get("withdrawn"):
            self.withdrawn += 1
            return
        packages = set()
        for affected in advisory.get("affected", []):
            package = affected.get("package") if isinstance(affected, dict) else None
            if isinstance(package, dict) and isinstance(package.get("name"), str):
                ecosystem = str(package.get("ecosystem", "")).split(":", 1)[0]
                packages.add((ecosystem, _normalize(ecosystem, package["name"])))
        for key in packages:
            self.advisories.setdefault(key, []).append(advisory)

    def ecosystems(self) -> set[str]:
        return {ecosystem for ecosystem, _ in self.advisories}

    def lookup(self, ecosystem: Ecosystem, name: str, version: str) -> list[Advisory]:
        """Return the advisories that affect `name` at `version`, sorted by id."""
        osv_ecosystem = ecosystem.osv_name
        key = (osv_ecosystem, normalize_name(ecosystem, name))
        found = []
        for advisory in self.advisories.get(key, []):
            fixed = _affecting(advisory, osv_ecosystem, key[1], version)
            if fixed is not None:
                found.append(_to_advisory(advisory, fixed))
        return sorted(found, key=lambda item: item.id)


def _normalize(ecosystem: str, name: str) -> str:
    if ecosystem == "PyPI":
        return normalize_name(Ecosystem.PYPI, name)
    return name


def _affecting(advisory: dict, ecosystem: str, name: str, version: str) -> list[str] | None:
    """Return the fixed versions when the advisory affects the version, else None."""
    fixed_versions: list[str] = []
    hit = False
    for affected in as_list(advisory.get("affected")):
        if not isinstance(affected, dict):
            continue
        package = as_mapping(affected.get("package"))
        if str(package.get("ecosystem", "")).split(":", 1)[0] != ecosystem or _normalize(ecosystem, str(package.get("name", ""))) != name:
            continue
        raw_ranges = affected.get("ranges") if isinstance(affected.get("ranges"), list) else []
        ranges = [item for item in raw_ranges if isinstance(item, dict) and item.get("type") in ("ECOSYSTEM", "SEMVER")]
        for range_ in ranges:
            fixed_versions.extend(str(event["fixed"]) for event in as_list(range_.get("events")) if isinstance(event, dict) and "fixed" in event)
        versions = affected.get("versions") if isinstance(affected.get("versions"), list) else []
        if _in_versions(ecosystem, version, versions) or any(_in_range(ecosystem, version, range_) for range_ in ranges):
            hit = True
    return sorted(set(fixed_versions)) if hit else None


def _in_versions(ecosystem: str, version: str, versions: list) -> bool:
    if version in versions:
        return True
    try:
        target = parse_version(ecosystem, version)
    except InvalidVersionError:
        return False
    for item in versions:
        try:
            if parse_version(ecosystem, str(item)) == target:
                return True
        except InvalidVersionError:
            continue
    return False


def _in_range(ecosystem: str, version: str, range_: dict) -> bool:
    """Evaluate one range: the last event at or below the version decides whether it is affected."""
    try:
        current = parse_version(ecosystem, version)
    except InvalidVersionError:
        return False
    points = []
    limits = []
    for event in as_list(range_.get("events")):
        if not isinstance(event, dict) or len(event) != 1:
            continue
        kind, value = next(iter(event.items()))
        value = str(value)
        if kind == "introduced" and value == "0":
            points.append((None, 0, kind))
            continue
        if kind == "limit" and value == "*":
            continue
        try:
            parsed = parse_version(ecosystem, value)
        except InvalidVersionError:
            continue
        if kind == "limit":
            limits.append(parsed)
        elif kind in ("introduced", "fixed", "last_affected"):
            points.append((parsed, 1, kind))
    if limits and not any(current < limit for limit in limits):
        return False

    points.sort(key=lambda point: (point[1], point[0]) if point[0] is not None else (0, 0))
    affected = False
    for parsed, _, kind in points:
        if kind == "introduced" and (parsed is None or parsed <= current):
            affected = True
        elif kind == "fixed" and parsed <= current:
            affected = False
        elif kind == "last_affected" and parsed < current:
            affected = False
    return affected


def _to_advisory(advisory: dict, fixed: list[str]) -> Advisory:
    summary = str(advisory.get("summary") or advisory.get("details") or "").strip().splitlines()
    aliases = advisory.get("aliases") if isinstance(advisory.get("aliases"), list) else []
    return Advisory(
        id=str(advisory["id"]),
        aliases=tuple(sorted(str(alias) for alias in aliases)),
        summary=summary[0][:200] if summary else "",
        fixed_versions=tuple(fixed),
        severity=advisory_severity(advisory),
    )


def advisory_severity(advisory: dict) -> str:
    """Take the severity from a CVSS v3 vector, else the database's own rating; empty when neither is given.

    NOTE: CVSS v4 vectors are not scored, so an advisory that gives only a
    v4 vector falls back to the database rating or to the rule's default.
    """
    scores = []
    for item in as_list(advisory.get("severity")):
        if isinstance(item, dict) and str(item.get("type", "")).startswith("CVSS_V3"):
            score = base_score(str(item.get("score", "")))
            if score is not None:
                scores.append(score)
    if scores:
        return severity_of_score(max(scores))
    database = advisory.get("database_specific")
    if isinstance(database, dict) and isinstance(database.get("severity"), str):
        return _DATABASE_SEVERITIES.get(database["severity"].lower(), "")
    return ""
