"""The versioned JSON output.

The shape is documented in docs/json-output.md and kept separate from the
internal classes, so those can change without breaking consumers. Keys and
lists are ordered, and nothing depends on time or the machine, so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from tee_audit import __version__
from tee_audit.render.common import safe, severity_counts

JSON_FORMAT_VERSION = "1.0"


def finding_to_json(finding) -> dict[str, Any]:
    location = finding.location
    return {
        "rule_id": finding.rule_id,
        "check": finding.check,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "message": safe(finding.message),
        "snippet": safe(finding.snippet),
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed,
        "suppression_reason": safe(finding.suppression_reason),
    }


def report_to_json(report, root_label: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the JSON document as a dict; `extra` adds audit sections such as the rating."""
    suppressed = sum(1 for finding in report.findings if finding.suppressed)
    document: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "tee-audit", "version": __version__},
        "root": root_label,
        "findings": [finding_to_json(finding) for finding in report.findings],
        "skipped": [
            {"path": entry.path, "reason": entry.reason.value, "detail": safe(entry.detail)}
            for entry in report.skipped
        ],
        "notices": [safe(notice) for notice in report.notices],
        "failures": [safe(failure) for failure in report.failures],
        "suppression_problems": [
            {"path": problem.path, "line": problem.line, "rule_id": problem.rule_id, "problem": problem.problem}
            for problem in (*report.suppression_problems, *report.unused_suppressions)
        ],
        "summary": {
            "files": len(report.files),
            "findings": len(report.findings) - suppressed,
            "by_severity": severity_counts(report.findings),
            "suppressed": suppressed,
            "baselined": report.baselined,
            "skipped": len(report.skipped),
        },
    }
    if extra:
        document.update(extra)
    return document


def render_json(report, root_label: str, extra: dict[str, Any] | None = None) -> str:
    return json.dumps(report_to_json(report, root_label, extra), indent=2, ensure_ascii=False) + "\n"
