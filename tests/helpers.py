"""Builders for findings used across tests."""

from tee_audit.model import Confidence, Finding, Location, Severity


def make_finding(path="app.py", line=3, rule_id="eval-of-data", *, end_line=None, statement=(0, 0), code="eval(x)",
                 check="C06", severity=Severity.HIGH, column=5):
    return Finding(
        rule_id=rule_id,
        check=check,
        severity=severity,
        confidence=Confidence.HIGH,
        location=Location(path, line, column, end_line or line, column + 7),
        message="eval() runs a value that is not a literal",
        snippet=code,
        code_key=code,
        statement_lines=statement,
    )
