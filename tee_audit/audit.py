"""The full audit: the scan, the SBOM summary and the checklist rating together.

The CLI's `audit` command calls `run_audit` and renders its result; this
module never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tee_audit import registry
from tee_audit.checklist import Answers, Rating, rate
from tee_audit.checklist.analyzer import COLLECTED_ARTIFACT
from tee_audit.config import Config
from tee_audit.pipeline import ScanReport, TextCache
from tee_audit.render.report_data import (
    Component, ReportData, SbomSummary, Vulnerability, rules_version, scan_metadata,
)


@dataclass(frozen=True)
class AuditResult:
    """A finished scan with its rating and dependency summary."""

    report: ScanReport
    rating: Rating
    sbom: SbomSummary | None


def rate_report(report: ScanReport, config: Config, answers: Answers | None, sbom: SbomSummary | None) -> AuditResult:
    """Rate a finished scan against the checklist."""
    texts = TextCache(config.max_file_size)
    rating = rate(list(report.files), texts.read, list(report.findings), list(report.evidence), answers,
                  incomplete=incompleteness(report), collected=report.artifacts.get(COLLECTED_ARTIFACT))
    return AuditResult(report, rating, sbom)


def incompleteness(report: ScanReport) -> tuple[str, ...]:
    """Say why a scan did not see the whole project, for the rating."""
    reasons = []
    skipped = report.source_skipped
    if skipped:
        names = ", ".join(entry.path for entry in skipped[:3]) + (" and more" if len(skipped) > 3 else "")
        reasons.append(f"{len(skipped)} source file(s) could not be analysed ({names})")
    if report.failures:
        reasons.append(f"{len(report.failures)} analysis step(s) could not run")
    return tuple(reasons)


def report_data(result: AuditResult, root_label: str) -> ReportData:
    """Assemble what the HTML report shows."""
    return ReportData(
        rating=result.rating,
        metadata=scan_metadata(root_label, rules_version(registry.load())),
        skipped=result.report.skipped,
        notices=result.report.notices,
        failures=result.report.failures,
        sbom=result.sbom,
    )


def rating_to_json(rating: Rating) -> dict:
    """Build the `rating` section of `audit --format json`."""
    return {
        "grade": rating.grade.value if rating.grade else None,
        "score": rating.score,
        "score_grade": rating.score_grade.value if rating.score_grade else None,
        "cap": None if rating.cap is None else {
            "grade": rating.cap.grade.value,
            "applied": rating.cap.applied,
            "rule_id": rating.cap.finding.rule_id,
            "path": rating.cap.finding.location.path,
            "line": rating.cap.finding.location.line,
            "fingerprint": rating.cap.finding.fingerprint,
        },
        "checks": [
            {
                "id": item.check.id,
                "name": item.check.name,
                "status": item.status.value,
                "score": item.score,
                "weight": item.check.weight,
                "findings": len(item.findings),
                "evidence": [
                    {"path": evidence.path, "line": evidence.line, "description": evidence.description}
                    for evidence in item.evidence
                ],
                "reason": item.reason,
                "improvements": list(item.improvements),
                "reviewer_answer": None if item.answer is None else {"status": item.answer.status.value, "note": item.answer.note},
            }
            for item in rating.checks
        ],
    }


def inventory_of(report: ScanReport):
    """Return the dependency inventory the supply-chain analyzer left, if it ran."""
    from tee_audit.supply.analyzer import INVENTORY_ARTIFACT

    return report.artifacts.get(INVENTORY_ARTIFACT)


def sbom_summary(report: ScanReport, read_text) -> SbomSummary | None:
    """Summarise components, base images included, and their known
    vulnerabilities for the report."""
    inventory = inventory_of(report)
    if inventory is None:
        return None
    status = _vulnerability_status(inventory.vulnerabilities)
    components = [
        Component(
            name=image["name"],
            version=image["digest"] or image["tag"] or "untagged",
            ecosystem="container",
            source_file=f"{image['path']}:{image['line']}",
        )
        for image in image_records(report.files, read_text)
    ]
    for ecosystem, name, version in inventory.distinct_components():
        advisories = inventory.vulnerabilities.advisories.get((ecosystem, name, version or ""), [])
        sources = sorted({d.path for d in inventory.installed if d.identity == (ecosystem, name, version)})
        components.append(Component(
            name=name,
            version=version or "",
            purl=_purl_of(inventory, ecosystem, name, version),
            ecosystem=ecosystem.value,
            source_file=", ".join(sources),
            vulnerabilities=tuple(
                Vulnerability(advisory.id, advisory.aliases, advisory.fixed_versions, advisory.severity)
                for advisory in advisories
            ),
        ))
    return SbomSummary(components=tuple(components), vulnerability_status=status)


def _purl_of(inventory, ecosystem, name, version) -> str:
    for dependency in inventory.installed:
        if dependency.identity == (ecosystem, name, version):
            return dependency.purl.to_string()
    return ""


def _vulnerability_status(vulnerabilities) -> str:
    if vulnerabilities.failures:
        return "lookup failed: " + "; ".join(vulnerabilities.failures)
    if not vulnerabilities.checked:
        return "not checked: no vulnerability database given and online lookups off"
    status = f"checked against {vulnerabilities.source}"
    if vulnerabilities.unchecked:
        status += f"; {len(vulnerabilities.unchecked)} pinned versions could not be checked"
    return status


def image_records(files, read_text) -> list[dict]:
    """Container base images named by Dockerfiles and compose files, for the SBOM."""
    from tee_audit.images import collect_images

    return [
        {
            "name": use.reference.repository,
            "tag": use.reference.tag or "",
            "digest": use.reference.digest or "",
            "path": use.path,
            "line": use.line,
        }
        for use in collect_images(list(files), read_text)
    ]


@dataclass(frozen=True)
class SbomOutput:
    """A serialised SBOM with the notices and failures of the dependency analysis."""

    text: str
    notices: tuple[str, ...]
    failures: tuple[str, ...]


def project_sbom(path: str, config: Config, output_format: str, *, reproducible: bool) -> SbomOutput:
    """Build the CycloneDX SBOM of the project at `path`, running only the
    dependency readers and the image parser, not the whole scan."""
    from tee_audit.discover import discover
    from tee_audit.supply.analyzer import SupplyChainAnalyzer
    from tee_audit.supply.sbom import build_bom, serialize_bom

    discovery = discover([path], excludes=config.exclude)
    texts = TextCache(config.max_file_size)
    analyzer = SupplyChainAnalyzer(Path(config.vuln_db) if config.vuln_db else None, config.online)
    result = analyzer.analyze_project(str(discovery.root), discovery.files, texts.read)
    bom = build_bom(analyzer.inventory, discovery.root.name or "project",
                    images=image_records(discovery.files, texts.read), reproducible=reproducible)
    return SbomOutput(serialize_bom(bom, output_format), tuple(result.notices), tuple(result.failures))


def sbom_to_json(summary: SbomSummary | None) -> dict | None:
    """Build the `sbom` section of `audit --format json`: component count,
    the vulnerability lookup's status and the components it found affected."""
    if summary is None:
        return None
    return {
        "components": len(summary.components),
        "vulnerability_status": summary.vulnerability_status,
        "vulnerable_components": [
            {
                "name": component.name,
                "version": component.version,
                "ecosystem": component.ecosystem,
                "purl": component.purl,
                "advisories": [vulnerability.id for vulnerability in component.vulnerabilities],
            }
            for component in summary.components
            if component.vulnerabilities
        ],
    }
