"""The entry point of the checklist rating."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from tee_audit.checklist import hardening, operations, provenance, trust
from tee_audit.checklist.evidence import Collected, collect
from tee_audit.checklist.grading import ANSWER_SCORES, final_grade, overall_score, rate_check
from tee_audit.checklist.model import Answers, CheckRating, Rating, Status
from tee_audit.checklist.policy import CheckPolicy, Context
from tee_audit.checks import CHECKS
from tee_audit.model import Evidence, Finding, Severity, SourceFile

POLICIES: dict[str, CheckPolicy] = {
    policy.check_id: policy
    for module in (provenance, hardening, trust, operations)
    for policy in module.POLICIES
}


def rate(
    files: list[SourceFile],
    read_text: Callable[[SourceFile], str | None],
    findings: list[Finding],
    evidence: list[Evidence],
    answers: Answers | None = None,
    incomplete: tuple[str, ...] = (),
    collected: Collected | None = None,
) -> Rating:
    """Rate the project against every check of the checklist.

    `incomplete` lists why the scan did not see everything (source files
    skipped, an analyzer that could not run). A hazard check cannot pass on
    the absence of findings then: it is rated partial, at most 5, and the
    reason names the gap.

    `findings` are the analyzers' findings after suppression (suppressed ones
    are kept aside and never count); `evidence` is what analyzers reported
    as positive evidence. `collected` is the collectors' output when the
    scan already ran them; otherwise they read the files here as text. Their
    rules may add findings, and a rule finding whose fingerprint is already
    in `findings` is not added again.
    """
    if collected is None:
        collected = collect(files, read_text)
    known = {finding.fingerprint for finding in findings}
    rating_findings = tuple(finding for finding in collected.findings if finding.fingerprint not in known)
    everything = list(findings) + list(rating_findings)
    active = sorted((finding for finding in everything if not finding.suppressed), key=Finding.sort_key)
    suppressed = tuple(sorted((finding for finding in everything if finding.suppressed), key=Finding.sort_key))

    context = Context(tuple(files), collected)
    checks = [
        _rate_one(check.id, context, active, collected, evidence, answers, incomplete)
        for check in CHECKS
    ]
    score = overall_score(checks)
    grade, score_grade, cap = final_grade(score, active)
    return Rating(
        checks=tuple(checks),
        score=score,
        grade=grade,
        score_grade=score_grade,
        cap=cap,
        findings=tuple(active),
        suppressed=suppressed,
        rating_findings=rating_findings,
        answers_source=answers.source if answers else "",
    )


INCOMPLETE_SCORE = 5.0
"""Highest score a hazard check gets when part of the project went unanalysed."""


def _rate_one(check_id, context, active, collected, reported, answers, incomplete=()) -> CheckRating:
    signals = [signal for signal in collected.signals if signal.evidence.check == check_id]
    external = [item for item in reported if item.check == check_id]
    evidence = _unique([signal.evidence for signal in signals] + external)
    keys = {signal.key for signal in signals}
    if any(item not in {signal.evidence for signal in signals} for item in external):
        keys.add("external")

    policy = POLICIES[check_id]
    findings = [finding for finding in active if finding.check == check_id]
    if not policy.scores_evidence and not policy.manual_only:
        evidence = _scope_evidence(policy, context, findings) + evidence
    rated = rate_check(policy, context, findings, evidence, keys)
    if incomplete and rated.status is Status.PASS and not policy.scores_evidence and not policy.manual_only:
        rated = replace(
            rated, status=Status.PARTIAL, score=min(rated.score or 0.0, INCOMPLETE_SCORE),
            reason="No finding counts against it, but the scan was incomplete: " + "; ".join(incomplete) + ".",
        )

    answer = answers.for_check(check_id) if answers else None
    if answer is None:
        return rated
    score = answer.score if answer.score is not None else ANSWER_SCORES.get(answer.status)
    reason = f"Reviewer answer: {answer.note}" if answer.note else "Set by a reviewer answer."
    return replace(rated, status=answer.status, score=score, reason=reason, answer=answer)


def _scope_evidence(policy: CheckPolicy, context: Context, findings: list[Finding]) -> list[Evidence]:
    """Describe what the analyzers read for a hazard check, as its evidence of absence."""
    scoped = [file for file in context.files if policy.in_scope(file)]
    if not scoped or any(finding.severity > Severity.INFO for finding in findings):
        return []
    kinds = sorted({file.kind.value for file in scoped})
    return [Evidence(policy.check_id, "", f"{len(scoped)} file(s) analysed ({', '.join(kinds)}) with no finding")]


def _unique(items: list[Evidence]) -> list[Evidence]:
    seen: set[Evidence] = set()
    unique = []
    for item in items:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique
