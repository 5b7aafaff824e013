"""Helpers shared by the renderers: redaction at the door and tallies."""

from __future__ import annotations

import re
from collections import Counter

from tee_audit.model import Finding, Severity
from tee_audit.redact import redact_text


def safe(text: str) -> str:
    """Redact `text` once more before it leaves the process."""
    return redact_text(text) if text else text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Show control characters from scanned files as escapes, so a file
    cannot move the cursor, retitle or write to the clipboard of the
    terminal that shows the report, or fake a line with a newline."""
    if not text:
        return text
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", text)


def printable_line(text: str) -> str:
    """Like `printable`, but also escape newlines, for one-line fields such as paths."""
    return printable(text).replace("\n", "\\n")


def severity_counts(findings) -> dict[str, int]:
    """Count active findings per severity, every severity present, highest first."""
    counts = Counter(finding.severity for finding in findings if not finding.suppressed)
    return {severity.value: counts.get(severity, 0) for severity in reversed(list(Severity))}


def tally_line(report) -> str:
    """Build the last line of a terminal run: findings by severity,
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
    files = len(report.files)
    return f"{found}; {', '.join(extra)}; {files} file{'s' if files != 1 else ''} scanned"


def at_or_above(findings, threshold: Severity) -> list[Finding]:
    return [finding for finding in findings if not finding.suppressed and finding.severity >= threshold]
