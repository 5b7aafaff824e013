"""The full audit: the scan, the SBOM summary and the checklist rating together.

The CLI's `audit` command calls `run_audit` and renders its result; this
module never prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from tee_audit import registry
from tee_audit.checklist import Answers, Rating, rate
from tee_audit.config import Config
from tee_audit.pipeline import ScanReport, TextCache
from tee_audit.render.report_data import ReportData, SbomSummary, rules_version, scan_metadata


@dataclass(frozen=True)
class AuditResult:
    """A finished scan with its rating and dependency summary."""

    report: ScanReport
    rating: Rating
    sbom: SbomSummary | None


def rate_report(report: ScanReport, config: Config, answers: Answers | None, sbom: SbomSummary | None) -> AuditResult:
    """Rate a finished scan against the checklist."""
    texts = TextCache(config.max_file_size)
    rating = rate(list(report.files), texts.read, list(report.findings), list(report.evidence), answers)
    return AuditResult(report, rating, sbom)


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
    """The `rating` section of `audit --format json`."""
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
