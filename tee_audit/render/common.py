"""Helpers shared by the renderers: redaction at the door and tallies."""

from __future__ import annotations

from collections import Counter

from tee_audit.model import Finding, Severity
from tee_audit.redact import redact_text


def safe(text: str) -> str:
    """Redact `text` once more before it leaves the process."""
    return redact_text(text) if text else text


def severity_counts(findings) -> dict[str, int]:
    """Count active findings per severity, every severity present, highest first."""
    counts = Counter(finding.severity for finding in findings if not finding.suppressed)
    return {severity.value: counts.get(severity, 0) for severity in reversed(list(Severity))}


def tally_line(report) -> str:
    """One line for the end of a terminal run: findings by severity,
    suppressed, baselined and skipped."""
    counts = severity_counts(report.findings)
    active = sum(counts.values())
    parts = [f"{count} {name}" for name, count in counts.items() if count]
    found = f"{active} finding{'s' if active != 1 else ''}"
    if parts:
        found += f" ({', '.join(parts)})"
    suppressed = sum(1 for finding in report.findings if finding.suppressed)
    extra = [f"{suppressed} suppressed", f"{len(report.skipped)} skipped"]
    if report.baselined:
        extra.insert(1, f"{report.baselined} in baseline")
    return f"{found}; {', '.join(extra)}; {len(report.files)} files scanned"


def at_or_above(findings, threshold: Severity) -> list[Finding]:
    return [finding for finding in findings if not finding.suppressed and finding.severity >= threshold]
