"""The self-contained HTML report a security reviewer reads.

One file with inline CSS and SVG and one small inline script (which opens
every <details> before printing). A Content-Security-Policy meta tag forbids
every network request and every other script, so even an escaping mistake
could not load or run anything. Jinja2 autoescaping escapes all text from
the scanned project, and every snippet and message also passes through
`redact_text` here, in case an analyzer missed a secret.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2

from tee_audit.checklist.model import CheckRating, Status
from tee_audit.checklist.priorities import fix_first
from tee_audit.model import Finding, Severity
from tee_audit.redact import redact_text
from tee_audit.render.report_data import ReportData

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

OPEN_GROUPS_UP_TO = 20
"""Findings groups start expanded only when the report has at most this many findings."""

PRINT_SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;d.dataset.printOpened='1';});});"
    "window.addEventListener('afterprint',function(){"
    "document.querySelectorAll('details[data-print-opened]').forEach(function(d){d.open=false;"
    "delete d.dataset.printOpened;});});"
)


@dataclass(frozen=True)
class RuleGroup:
    """The findings of one rule against one check, shown as one collapsed block."""

    rule_id: str
    severity: Severity
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class CheckFindings:
    rated: CheckRating
    groups: tuple[RuleGroup, ...]


def render_html(report: ReportData) -> str:
    """Render the report as one HTML document."""
    environment = _environment()
    template = environment.get_template("report.html.j2")
    rating = report.rating
    counts = Counter(finding.severity for finding in rating.findings)
    script_hash = base64.b64encode(hashlib.sha256(PRINT_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    manual = [rated for rated in rating.checks if rated.status is Status.MANUAL and not rated.answer]
    return template.render(
        report=report,
        rating=rating,
        meta=report.metadata,
        severities=list(reversed(Severity)),
        counts=counts,
        by_check=_group_findings(rating.checks),
        open_groups=len(rating.findings) <= OPEN_GROUPS_UP_TO,
        manual=manual,
        priorities=fix_first(rating),
        answer_template=_answer_template(manual),
        print_script=PRINT_SCRIPT,
        script_hash=script_hash,
    )


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["redact"] = lambda text: redact_text(str(text))
    environment.filters["score"] = lambda value: "–" if value is None else f"{value:.1f}"
    environment.filters["slug"] = lambda text: "".join(ch if ch.isalnum() else "-" for ch in str(text).lower())
    return environment


def _group_findings(checks: tuple[CheckRating, ...]) -> list[CheckFindings]:
    grouped = []
    for rated in checks:
        if not rated.findings:
            continue
        by_rule: dict[str, list[Finding]] = {}
        for finding in rated.findings:
            by_rule.setdefault(finding.rule_id, []).append(finding)
        groups = [
            RuleGroup(rule_id, max(finding.severity for finding in items), tuple(items))
            for rule_id, items in by_rule.items()
        ]
        groups.sort(key=lambda group: (-group.severity.rank, group.rule_id))
        grouped.append(CheckFindings(rated, tuple(groups)))
    return grouped


def _answer_template(manual: list[CheckRating]) -> str:
    """Write a TOML answers file a reviewer can fill in and pass to `load_answers`."""
    blocks = []
    for rated in manual:
        questions = "".join(f"# {question}\n" for question in rated.check.questions)
        blocks.append(
            f"[[answer]]\n{questions}check = \"{rated.check.id}\"\n"
            f"status = \"manual\"  # pass, partial, fail or \"not applicable\"\nnote = \"\"\n"
        )
    return "\n".join(blocks)
