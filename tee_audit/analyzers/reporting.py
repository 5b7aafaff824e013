"""Building findings with the statement span, snippet and code key every rule needs."""

from __future__ import annotations

import dataclasses
import re

from tee_audit.model import Confidence, Finding, Location, Severity
from tee_audit.redact import redact_text
from tee_audit.registry import Rule

_SPACE = re.compile(r"\s+")


def make_finding(
    rule: Rule,
    path: str,
    line: int,
    message: str,
    *,
    snippet: str,
    code_key: str,
    statement: tuple[int, int] = (0, 0),
    column: int = 0,
    severity: Severity | None = None,
    confidence: Confidence | None = None,
) -> Finding:
    """Build a finding of `rule`, redacting the snippet and normalising the code key.

    Without an explicit `column` the finding spans the snippet line from its
    first non-blank character to its end (end column exclusive, as in SARIF).
    """
    first_line = snippet.split("\n", 1)[0].rstrip("\r")
    if not column and first_line.strip():
        column = len(first_line) - len(first_line.lstrip()) + 1
    end_column = len(first_line) + 1 if first_line.strip() else 0
    finding = rule.finding(
        Location(path, line, column, line, end_column),
        message,
        snippet=redact_text(snippet.rstrip("\r\n")),
        code_key=normalise(redact_text(code_key)),
        severity=severity,
        confidence=confidence,
    )
    return dataclasses.replace(finding, statement_lines=statement)


def normalise(text: str) -> str:
    """Collapse whitespace so that re-indenting code keeps its fingerprint."""
    return _SPACE.sub(" ", text).strip()
