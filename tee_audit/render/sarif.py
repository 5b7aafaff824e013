"""SARIF 2.1.0 that GitHub code scanning accepts.

Beyond schema validity, code scanning rejects 0-based or empty regions,
empty URIs and schemes other than `file`. So every result has a
percent-encoded, repository-relative `uri` under `%SRCROOT%`, regions are
1-based, and a finding about a whole file carries no region at all.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from tee_audit import __version__
from tee_audit.model import Severity
from tee_audit.registry import DOCS_BASE_URL, Rule
from tee_audit.render.common import safe

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "teeAuditFingerprint/v1"

_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}

# GitHub maps security-severity to its own labels: over 9.0 critical,
# 7.0 to 8.9 high, 4.0 to 6.9 medium, below 4.0 low.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def sarif_uri(path: str) -> str:
    """Percent-encode a POSIX path for an artifact `uri`, keeping slashes."""
    return quote(path.replace("\\", "/"), safe="/-._~!$&'()*+,;=:@")


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    help_markdown = (
        f"**{rule.summary}**\n\n{rule.rationale}\n\n**Fix:** {rule.remediation}\n\n"
        f"Bad:\n\n```{rule.language}\n{rule.bad.strip()}\n```\n\nGood:\n\n```{rule.language}\n{rule.good.strip()}\n```"
    )
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.summary} {rule.remediation}", "markdown": help_markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "tags": ["security", "tee", rule.check],
            "precision": {"high": "high", "medium": "medium", "low": "low"}[rule.confidence.value],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
        },
    }


def _location(finding) -> dict[str, Any]:
    location = finding.location
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": sarif_uri(location.path), "uriBaseId": "%SRCROOT%"},
    }
    if location.path.startswith("/"):
        physical["artifactLocation"] = {"uri": "file://" + sarif_uri(location.path)}
    if location.line >= 1:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column >= 1:
            region["startColumn"] = location.column
        if location.end_line >= location.line:
            region["endLine"] = location.end_line
            if location.end_column >= 1 and (location.end_line > location.line or location.end_column > location.column):
                region["endColumn"] = location.end_column
        snippet = safe(finding.snippet)
        if snippet:
            region["snippet"] = {"text": snippet}
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": _LEVELS[finding.severity],
        "message": {"text": safe(finding.message)},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "check": finding.check,
            "severity": finding.severity.value,
            "confidence": finding.confidence.value,
        },
    }
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    if finding.suppressed:
        suppression = {"kind": "inSource", "status": "accepted"}
        if finding.suppression_reason:
            suppression["justification"] = safe(finding.suppression_reason)
        result["suppressions"] = [suppression]
    return result


def report_to_sarif(report, rules: list[Rule]) -> dict[str, Any]:
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    notifications = [
        {"level": "error", "message": {"text": safe(failure)}} for failure in report.failures
    ] + [
        {"level": "note", "message": {"text": safe(notice)}} for notice in report.notices
    ] + [
        {
            "level": "warning",
            "message": {"text": f"skipped {entry.path}: {safe(entry.describe())}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": sarif_uri(entry.path), "uriBaseId": "%SRCROOT%"}}}],
        }
        for entry in report.skipped
        if entry.path and not entry.path.startswith("/")
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.failures}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tee-audit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": DOCS_BASE_URL.rsplit("/blob/", 1)[0],
                "rules": [_rule_descriptor(rule) for rule in rules],
            }},
            "automationDetails": {"id": "tee-audit/"},
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": [_result(finding, rule_index) for finding in report.findings],
        }],
    }


def render_sarif(report, rules: list[Rule]) -> str:
    return json.dumps(report_to_sarif(report, rules), indent=2, ensure_ascii=False) + "\n"
