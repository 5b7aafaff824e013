"""Inline suppression comments: `tee-audit: ignore[rule-id] reason`.

The comment works in any comment syntax (`#`, `//`, `/* */`, `--`, `;`,
`<!-- -->`) and on any physical line of the statement that contains the
finding, but never on the line below it. A rule id is required, so a
suppression cannot silence rules that no reviewer chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tee_audit.model import Finding

_COMMENT = re.compile(
    r"(?:#|//|/\*|--|;|<!--)\s*tee-audit:\s*ignore(?P<ids>\[[^\]\n]*\])?(?P<reason>[^\n]*)"
)


@dataclass(frozen=True)
class Suppression:
    """One `ignore[...]` comment for one rule id."""

    path: str
    line: int
    rule_id: str
    reason: str


@dataclass(frozen=True)
class SuppressionProblem:
    """A suppression comment that is malformed, names no known rule, or
    suppresses nothing."""

    path: str
    line: int
    rule_id: str
    problem: str


def parse_suppressions(path: str, text: str) -> tuple[list[Suppression], list[SuppressionProblem]]:
    """Find every suppression comment in a file's text."""
    suppressions: list[Suppression] = []
    problems: list[SuppressionProblem] = []
    if "tee-audit:" not in text:
        return suppressions, problems

    for number, line in enumerate(text.splitlines(), start=1):
        if "tee-audit:" not in line:
            continue
        match = _COMMENT.search(line)
        if not match:
            continue
        reason = _clean_reason(match.group("reason"))
        if not match.group("ids"):
            problems.append(SuppressionProblem(path, number, "", "suppression without a rule id; write ignore[rule-id]"))
            continue
        for rule_id in match.group("ids")[1:-1].split(","):
            rule_id = rule_id.strip()
            if rule_id:
                suppressions.append(Suppression(path, number, rule_id, reason))
    return suppressions, problems


def _clean_reason(text: str) -> str:
    return text.strip().removesuffix("-->").removesuffix("*/").strip()


def _covered_lines(finding: Finding) -> set[int]:
    location = finding.location
    if location.line == 0:
        return {1}
    lines = set(range(location.line, max(location.end_line, location.line) + 1))
    first, last = finding.statement_lines
    if first and last:
        lines.update(range(first, last + 1))
    return lines


def apply_suppressions(
    findings: list[Finding],
    suppressions: list[Suppression],
    known_rule_ids: set[str],
    *,
    enabled: bool = True,
) -> tuple[list[Finding], list[SuppressionProblem], list[SuppressionProblem]]:
    """Mark suppressed findings and return them with unknown and unused ids.

    Suppressed findings stay in the list, flagged, so JSON and SARIF can
    show them. With `enabled` false every finding is reported as active
    (the `--no-ignores` switch), but unknown ids are still listed.
    """
    by_place: dict[tuple[str, int, str], Suppression] = {}
    unknown: list[SuppressionProblem] = []
    for suppression in suppressions:
        if suppression.rule_id not in known_rule_ids:
            unknown.append(SuppressionProblem(
                suppression.path, suppression.line, suppression.rule_id, f"unknown rule id {suppression.rule_id!r}",
            ))
            continue
        by_place[(suppression.path, suppression.line, suppression.rule_id)] = suppression

    used: set[tuple[str, int, str]] = set()
    result: list[Finding] = []
    for finding in findings:
        match = None
        for line in sorted(_covered_lines(finding)):
            key = (finding.location.path, line, finding.rule_id)
            if key in by_place:
                match = by_place[key]
                used.add(key)
                break
        if match and enabled:
            finding = replace(finding, suppressed=True, suppression_reason=match.reason)
        result.append(finding)

    unused = [
        SuppressionProblem(s.path, s.line, s.rule_id, f"unused suppression for {s.rule_id!r}")
        for key, s in sorted(by_place.items())
        if key not in used
    ]
    return result, unknown, unused
