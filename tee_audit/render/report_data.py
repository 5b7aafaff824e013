"""The inputs of the HTML report besides the rating.

The supply-chain analysis builds the SBOM. The report accepts it in the small
shape below (`SbomSummary` of `Component` records), so the renderer does not
depend on CycloneDX objects.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tee_audit import __version__
from tee_audit.checklist.model import Rating
from tee_audit.model import Skipped
from tee_audit.registry import Registry

_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


@dataclass(frozen=True)
class Vulnerability:
    """A known vulnerability of one component."""

    id: str
    aliases: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    """Versions that fix it; empty when no fix is known."""
    severity: str = ""
    """The database's severity text, such as `HIGH` or a CVSS vector; empty when unknown."""


@dataclass(frozen=True)
class Component:
    """One dependency listed in the SBOM."""

    name: str
    version: str
    purl: str = ""
    ecosystem: str = ""
    source_file: str = ""
    """The manifest or lockfile that declares it, relative to the scan root."""
    vulnerabilities: tuple[Vulnerability, ...] = ()


@dataclass(frozen=True)
class SbomSummary:
    """The SBOM's components and how their vulnerabilities were looked up."""

    components: tuple[Component, ...] = ()
    vulnerability_status: str = "not checked: no database given"
    """Outcome of the vulnerability lookup, for example `checked against OSV database 2026-12-01`."""


@dataclass(frozen=True)
class ScanMetadata:
    """The scanned root, the scan time, and the versions of the tool and its rules."""

    tool_version: str
    rules_version: str
    scanned_at: str
    """ISO 8601 time in UTC."""
    root: str
    git_commit: str = ""
    git_ref: str = ""


@dataclass(frozen=True)
class ReportData:
    """Everything the HTML report shows."""

    rating: Rating
    metadata: ScanMetadata
    skipped: tuple[Skipped, ...] = ()
    notices: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    sbom: SbomSummary | None = None
    extra: dict = field(default_factory=dict)


def scan_metadata(root: str | Path, rules_version: str, now: datetime | None = None) -> ScanMetadata:
    """Describe a scan of `root`, reading its git commit from the .git files."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    commit, ref = read_git_head(Path(root))
    return ScanMetadata(__version__, rules_version, moment.isoformat(), str(root), commit, ref)


def rules_version(registry: Registry) -> str:
    """Name the rule set by its size and a digest of each rule's id, check and severity.

    Two scans with the same text here ran the same rules at the same
    severities, which makes their reports comparable.
    """
    digest = hashlib.sha256()
    for rule in sorted(registry, key=lambda rule: rule.id):
        digest.update(f"{rule.id}\0{rule.check}\0{rule.severity.value}\0{rule.engine}\n".encode("utf-8"))
    return f"{len(registry)} rules, sha256 {digest.hexdigest()[:12]}"


def read_git_head(root: Path) -> tuple[str, str]:
    """Return the commit and ref of the checkout at `root`, or empty strings.

    The .git files are read as text: running git on a scanned checkout could
    run its hooks or configured commands, and reading needs no git install.
    """
    git_dir = _git_dir(root)
    if git_dir is None:
        return "", ""
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return "", ""
    if _SHA.match(head):
        return head, ""
    if not head.startswith("ref:"):
        return "", ""

    ref = head[4:].strip()
    common = _common_dir(git_dir)
    for base in dict.fromkeys((git_dir, common)):
        candidate = base / ref
        if ".." in Path(ref).parts or Path(ref).is_absolute() or not candidate.is_file():
            continue
        try:
            value = candidate.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        if _SHA.match(value):
            return value, ref
    return _packed_ref(common, ref), ref


def _git_dir(root: Path) -> Path | None:
    """Find the .git of the checkout that contains `root`, looking upwards as git does,
    so a scan of a subfolder (examples/vulnerable-agent) still names its commit."""
    root = root.resolve()
    for folder in (root, *root.parents):
        found = _dot_git_of(folder)
        if found is not None:
            return found
    return None


def _dot_git_of(root: Path) -> Path | None:
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    if dot_git.is_file():
        try:
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return None
        if text.startswith("gitdir:"):
            target = Path(text[7:].strip())
            target = target if target.is_absolute() else root / target
            return target if target.is_dir() else None
    return None


def _common_dir(git_dir: Path) -> Path:
    """Find the shared .git folder of a linked worktree, which contains the refs."""
    pointer = git_dir / "commondir"
    if pointer.is_file():
        try:
            target = Path(pointer.read_text(encoding="utf-8", errors="replace").strip())
        except OSError:
            return git_dir
        target = target if target.is_absolute() else git_dir / target
        if target.is_dir():
            return target
    return git_dir


def _packed_ref(git_dir: Path, ref: str) -> str:
    try:
        lines = (git_dir / "packed-refs").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1] == ref and _SHA.match(parts[0]):
            return parts[0]
    return ""
