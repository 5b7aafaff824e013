"""The supply-chain project analyzer: inventory, pinning checks and vulnerability findings."""

from __future__ import annotations

from pathlib import Path

from tee_audit.analyzers.base import FileResult, ProjectAnalyzer
from tee_audit.catalog import supply as rules
from tee_audit.model import Confidence, Evidence, FileKind, Finding, Severity, SourceFile
from tee_audit.supply import vulnerabilities
from tee_audit.supply.collect import MANIFEST_NAMES, SUPPLY_KINDS, collect
from tee_audit.supply.common import make_finding
from tee_audit.supply.model import Inventory

LARGE_DEPENDENCY_COUNT = 150
"""Distinct third-party packages above which the count is reported; a judgement call, not a standard."""

_SEVERITIES = {"critical": Severity.CRITICAL, "high": Severity.HIGH, "medium": Severity.MEDIUM, "low": Severity.LOW}


INVENTORY_ARTIFACT = "supply.inventory"


class SupplyChainAnalyzer(ProjectAnalyzer):
    """Read every manifest and lockfile, then report C05 (and C04 credential) findings.

    `vuln_db` is an OSV folder or zip. With `online=True` the pinned PyPI
    versions are also sent to pip-audit's OSV service (or `service`, any
    pip-audit VulnerabilityService). With neither, a notice states that
    vulnerabilities were not checked.
    """

    name = "supply-chain"
    kinds = frozenset(SUPPLY_KINDS) | {FileKind.PACKAGE_MANIFEST}

    def __init__(self, vuln_db: Path | None = None, online: bool = False, service=None, large_count: int = LARGE_DEPENDENCY_COUNT):
        self.vuln_db = Path(vuln_db) if vuln_db is not None else None
        self.online = online
        self._service = service
        self.large_count = large_count
        self.inventory: Inventory | None = None
        """The inventory of the last run, with its vulnerability report, for the SBOM and the report."""

    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        inventory = analyze_inventory(root, files, read_text, self.vuln_db, self._online_service())
        self.inventory = inventory
        result = FileResult(
            findings=list(inventory.findings),
            skipped=list(inventory.skipped),
            notices=list(inventory.notices) + inventory.vulnerabilities.notices,
            failures=list(inventory.vulnerabilities.failures),
            artifacts={INVENTORY_ARTIFACT: inventory},
        )
        result.findings.extend(vulnerability_findings(inventory))
        count_finding = dependency_count_finding(inventory, self.large_count)
        if count_finding is not None:
            result.findings.append(count_finding)
        result.evidence.extend(_evidence(inventory))
        result.findings.sort(key=Finding.sort_key)
        return result

    def _online_service(self):
        if not self.online:
            return None
        # pip-audit's service modules take most of a second to import; only --online needs them.
        from tee_audit.supply.online import make_service

        return self._service or make_service("osv")


def analyze_inventory(root: str, files: list[SourceFile], read_text, vuln_db: Path | None, online_service=None) -> Inventory:
    """Collect the inventory and run the vulnerability lookups on it; used by the analyzer and the SBOM command."""
    relevant = [
        file
        for file in files
        if (file.kind in SUPPLY_KINDS or file.path.rsplit("/", 1)[-1] in MANIFEST_NAMES) and not _installed_copy(file.path)
    ]
    inventory = collect(root, relevant, read_text)
    inventory.vulnerabilities = vulnerabilities.check(inventory, vuln_db, online_service)
    return inventory


def _installed_copy(path: str) -> bool:
    """Tell whether a file belongs to installed packages (node_modules, a virtualenv) rather than the project."""
    parts = path.split("/")[:-1]
    return "node_modules" in parts or "site-packages" in parts


def vulnerability_findings(inventory: Inventory) -> list[Finding]:
    """Report each advisory at every line that pins an affected version."""
    findings: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    for dependency in inventory.installed:
        if not dependency.version:
            continue
        pin = (dependency.ecosystem, dependency.key, dependency.version)
        for advisory in inventory.vulnerabilities.advisories.get(pin, []):
            marker = (dependency.path, dependency.line, advisory.id)
            if marker in seen:
                continue
            seen.add(marker)
            aliases = f" ({', '.join(advisory.aliases)})" if advisory.aliases else ""
            fixed = f"; fixed in {', '.join(advisory.fixed_versions)}" if advisory.fixed_versions else "; no fixed version is listed"
            findings.append(
                make_finding(
                    rules.KNOWN_VULNERABILITY,
                    dependency.path,
                    dependency.line,
                    f"{dependency.name} {dependency.version} is affected by {advisory.id}{aliases}{fixed}.",
                    end_line=dependency.end_line,
                    snippet=dependency.snippet,
                    code_key=f"{dependency.ecosystem.value}:{dependency.key}=={dependency.version} {advisory.id}",
                    severity=_SEVERITIES.get(advisory.severity, Severity.HIGH),
                    # A development-only dependency may never reach the image.
                    confidence=Confidence.HIGH if dependency.scope == "required" else Confidence.MEDIUM,
                )
            )
    return findings


def dependency_count_finding(inventory: Inventory, threshold: int) -> Finding | None:
    components = [item for item in inventory.distinct_components()]
    names = {(ecosystem, name) for ecosystem, name, _ in components}
    if len(names) <= threshold or not inventory.manifests:
        return None
    path = sorted(inventory.manifests, key=lambda item: (not item.is_lockfile, item.path))[0].path
    return make_finding(
        rules.LARGE_DEPENDENCY_COUNT,
        path,
        0,
        f"The project installs {len(names)} distinct third-party packages (more than {threshold}).",
        code_key="large-dependency-count",
    )


def _evidence(inventory: Inventory) -> list[Evidence]:
    evidence = [
        Evidence(check="C05", path=manifest.path, description=f"{manifest.kind} pins the dependency versions")
        for manifest in inventory.manifests
        if manifest.is_lockfile
    ]
    if inventory.vulnerabilities.checked and not inventory.vulnerabilities.failures:
        evidence.append(Evidence(check="C05", path="", description=f"dependencies checked for known vulnerabilities ({inventory.vulnerabilities.source})"))
    return evidence
