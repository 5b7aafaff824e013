"""Rule documentation: the `rules` command and docs/rules.md, both from the registry."""

from __future__ import annotations

import json
import textwrap

from tee_audit.checks import CHECKS_BY_ID
from tee_audit.registry import Rule


def list_rules(rules: list[Rule]) -> str:
    width = max((len(rule.id) for rule in rules), default=10)
    lines = [f"{'id':<{width}}  check  severity  engine   summary"]
    for rule in rules:
        lines.append(f"{rule.id:<{width}}  {rule.check:<5}  {rule.severity.value:<8}  {rule.engine:<7}  {rule.summary}")
    lines.append(f"{len(rules)} rules; run 'tee-audit rules ID' for one rule's documentation")
    return "\n".join(lines) + "\n"


def explain_rule(rule: Rule) -> str:
    check = CHECKS_BY_ID[rule.check]
    sections = [
        f"{rule.id}: {rule.summary}",
        f"check: {rule.check} ({check.name})   severity: {rule.severity.value}   "
        f"confidence: {rule.confidence.value}   language: {rule.language}   engine: {rule.engine}",
        "",
        "Why this matters:",
        textwrap.indent(textwrap.fill(rule.rationale, 76), "  "),
        "",
        "How to fix it:",
        textwrap.indent(textwrap.fill(rule.remediation, 76), "  "),
        "",
        "Reported:",
        textwrap.indent(rule.bad.strip("\n"), "    "),
        "",
        "Not reported:",
        textwrap.indent(rule.good.strip("\n"), "    "),
    ]
    if rule.known_problems:
        sections += ["", "Known problems:", textwrap.indent(textwrap.fill(rule.known_problems, 76), "  ")]
    sections += ["", f"Suppress one occurrence with a comment: tee-audit: ignore[{rule.id}] reason", f"Docs: {rule.help_uri}"]
    return "\n".join(sections) + "\n"


def rules_json(rules: list[Rule]) -> str:
    return json.dumps([
        {
            "id": rule.id, "check": rule.check, "severity": rule.severity.value,
            "confidence": rule.confidence.value, "language": rule.language, "engine": rule.engine,
            "summary": rule.summary, "rationale": rule.rationale, "remediation": rule.remediation,
            "bad": rule.bad, "good": rule.good, "known_problems": rule.known_problems,
        }
        for rule in rules
    ], indent=2) + "\n"


def rules_markdown(rules: list[Rule]) -> str:
    """Render docs/rules.md: one section per rule, grouped by check."""
    lines = [
        "# Rules",
        "",
        "Generated from the rule registry by `python -m tee_audit.render.rules`; do not edit by hand.",
        "Each rule names the checklist item it counts against. Suppress one occurrence with",
        "`tee-audit: ignore[rule-id] reason` in a comment on any line of the flagged statement.",
        "",
    ]
    current = None
    for rule in sorted(rules, key=lambda item: (item.check, item.id)):
        if rule.check != current:
            current = rule.check
            lines += [f"## {rule.check} {CHECKS_BY_ID[rule.check].name}", ""]
        lines += [
            f"### {rule.id}",
            "",
            f"{rule.summary}",
            "",
            f"Severity **{rule.severity.value}**, confidence {rule.confidence.value}, "
            f"language `{rule.language}`, engine {rule.engine}.",
            "",
            f"**Why is this bad?** {rule.rationale}",
            "",
            f"**How to fix it.** {rule.remediation}",
            "",
            "Reported:",
            "",
            f"```{rule.language}",
            rule.bad.strip("\n"),
            "```",
            "",
            "Use instead:",
            "",
            f"```{rule.language}",
            rule.good.strip("\n"),
            "```",
            "",
        ]
        if rule.known_problems:
            lines += [f"**Known problems.** {rule.known_problems}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    from tee_audit.registry import load

    print(rules_markdown(list(load())), end="")
