"""A Markdown summary of the rating for pull request comments and CI job summaries.

Text from the scanned project is redacted, and characters that Markdown or
the HTML that GitHub allows in comments would interpret are escaped, so a
hostile file name renders as text.
"""

from __future__ import annotations

from collections import Counter

from tee_audit.checklist.model import Rating
from tee_audit.checklist.priorities import fix_first
from tee_audit.model import Finding, Severity
from tee_audit.redact import redact_text

TOP_FINDINGS = 10

_ESCAPES = {
    "\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "#": "\\#", "!": "\\!",
}


def escape(text: str) -> str:
    """Redact `text` and make it inert inside a Markdown table cell or paragraph."""
    flat = " ".join(redact_text(str(text)).split())
    return "".join(_ESCAPES.get(character, character) for character in flat)


def render_markdown(
    rating: Rating,
    notices: tuple[str, ...] = (),
    failures: tuple[str, ...] = (),
    top: int = TOP_FINDINGS,
) -> str:
    """Render the rating: grade, score, cap, the checks table, top findings and notices."""
    lines: list[str] = []
    grade = rating.grade.value if rating.grade else "not graded"
    score = f"{rating.score:.1f} / 10" if rating.score is not None else "no scored checks"
    lines.append(f"## tee-audit: grade {grade} ({score})")
    lines.append("")

    for failure in failures:
        lines.append(f"> **Scan failure:** {escape(failure)}")
    for notice in notices:
        lines.append(f"> **Notice:** {escape(notice)}")
    if failures or notices:
        lines.append("")

    counts = Counter(finding.severity for finding in rating.findings)
    tally = ", ".join(f"{counts[severity]} {severity.value}" for severity in reversed(Severity))
    lines.append(f"Findings: {tally}; {len(rating.suppressed)} suppressed.")
    lines.append("")
    if rating.cap:
        effect = "" if rating.cap.applied else " (no effect: the score's grade is already at or below it)"
        lines.append(f"**Grade cap{effect}:** {escape(rating.cap.reason)}.")
        lines.append("")

    priorities = fix_first(rating)
    if priorities:
        lines.append("**Fix first:**")
        lines.append("")
        for number, priority in enumerate(priorities, start=1):
            lines.append(f"{number}. {priority.check}: {escape(priority.step)}")
        lines.append("")

    lines.append("| Check | Status | Score | Weight |")
    lines.append("| --- | --- | ---: | ---: |")
    for rated in rating.checks:
        status = rated.status.value + (" (reviewer)" if rated.reviewer_provided else "")
        score_text = "–" if rated.score is None else f"{rated.score:.1f}"
        lines.append(f"| {rated.check.id} {rated.check.name} | {status} | {score_text} | {rated.weight} |")
    lines.append("")

    worst = _top_findings(rating.findings, top)
    if worst:
        lines.append(f"### Top findings ({len(worst)} of {len(rating.findings)})")
        lines.append("")
        lines.append("| Severity | Rule | Check | Location | Message |")
        lines.append("| --- | --- | --- | --- | --- |")
        for finding in worst:
            where = _where(finding)
            lines.append(
                f"| {finding.severity.value} | {escape(finding.rule_id)} | {finding.check} | "
                f"{escape(where)} | {escape(finding.message)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _top_findings(findings: tuple[Finding, ...], top: int) -> list[Finding]:
    counted = [finding for finding in findings if finding.severity > Severity.INFO]
    counted.sort(key=lambda finding: (-finding.severity.rank, -finding.confidence.rank, finding.sort_key()))
    return counted[:top]


SCAN_TABLE_LIMIT = 50


def render_markdown_scan(report) -> str:
    """Render a scan without a rating: tally, notices and the worst findings, for `scan --format markdown`."""
    active = [finding for finding in report.findings if not finding.suppressed]
    counts = Counter(finding.severity for finding in active)
    tally = ", ".join(f"{counts[severity]} {severity.value}" for severity in reversed(Severity))
    lines = [f"## tee-audit scan: {len(active)} findings", ""]
    for failure in report.failures:
        lines.append(f"> **Scan failure:** {escape(failure)}")
    for notice in report.notices:
        lines.append(f"> **Notice:** {escape(notice)}")
    if report.failures or report.notices:
        lines.append("")
    suppressed = len(report.findings) - len(active)
    lines += [f"Findings: {tally}; {suppressed} suppressed; {len(report.skipped)} files skipped.", ""]

    worst = _top_findings(tuple(active), SCAN_TABLE_LIMIT)
    if worst:
        lines += [
            "| Severity | Rule | Check | Location | Message |",
            "| --- | --- | --- | --- | --- |",
        ]
        for finding in worst:
            where = _where(finding)
            lines.append(
                f"| {finding.severity.value} | {escape(finding.rule_id)} | {finding.check} | "
                f"{escape(where)} | {escape(finding.message)} |"
            )
        if len(active) > len(worst):
            lines.append(f"\n{len(active) - len(worst)} more findings are in the JSON or SARIF output.")
        lines.append("")
    return "\n".join(lines)


def _where(finding) -> str:
    """Return `path:line`, or the path alone for a finding about the whole file (line 0)."""
    location = finding.location
    return f"{location.path}:{location.line}" if location.line else location.path
