"""Plain text for terminals and logs: one block per finding, then a tally."""

from __future__ import annotations

from tee_audit.render.common import printable, printable_line, safe, tally_line


def render_text(report, *, show_suppressed: bool = False) -> str:
    lines: list[str] = []
    for failure in report.failures:
        lines.append(f"error: {printable_line(safe(failure))}")
    for notice in report.notices:
        lines.append(f"note: {printable_line(safe(notice))}")

    for finding in report.findings:
        if finding.suppressed and not show_suppressed:
            continue
        location = finding.location
        path = printable_line(location.path)
        place = path if not location.line else f"{path}:{location.line}:{location.column or 1}"
        status = " (suppressed)" if finding.suppressed else ""
        lines.append(
            f"{place}: {finding.severity.value.upper()} [{finding.rule_id}] {finding.check}"
            f" {printable_line(safe(finding.message))} (confidence: {finding.confidence.value}){status}"
        )
        for snippet_line in safe(finding.snippet).splitlines()[:5]:
            lines.append(f"    {printable(snippet_line.rstrip())}")

    for entry in report.skipped:
        lines.append(f"skipped: {printable_line(entry.path)}: {printable_line(safe(entry.describe()))}")
    for problem in (*report.suppression_problems, *report.unused_suppressions):
        lines.append(f"{printable_line(problem.path)}:{problem.line}: suppression: {printable_line(problem.problem)}")

    lines.append(tally_line(report))
    return "\n".join(lines) + "\n"
