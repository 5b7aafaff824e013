"""Scores, statuses and the grade.

A check's score starts from its evidence (or from 10 for hazard checks whose
files are present) and findings lower it:

- a critical finding sets it to 0;
- a high finding limits it to 3, minus 1 for each further high rule;
- each distinct medium rule takes 2 points, down to a floor of 2;
- each distinct low rule takes 1 point, down to a floor of 5 when no medium
  or high finding is present.

The floors never raise a score above its starting point. An evidence check
with findings but no evidence starts at 5, a neutral middle. Counting
distinct rules rather than occurrences keeps one noisy rule from outweighing
every other problem. Info findings never lower a score.

The overall score is the weight-weighted mean of the scored checks (manual,
not applicable and weight-0 checks are left out), and maps to a grade by
`GRADE_THRESHOLDS`. Any unsuppressed critical finding caps the grade at F,
any high one at C.
"""

from __future__ import annotations

from tee_audit.checklist.model import Cap, CheckRating, Grade, Status
from tee_audit.checklist.policy import CheckPolicy, Context
from tee_audit.checks import CHECKS_BY_ID
from tee_audit.model import Evidence, Finding, Severity

GRADE_THRESHOLDS: tuple[tuple[float, Grade], ...] = (
    (9.0, Grade.A),
    (8.0, Grade.B),
    (6.5, Grade.C),
    (5.0, Grade.D),
    (0.0, Grade.F),
)
"""Lowest score for each grade, best first: A from 9.0, B from 8.0, C from
6.5, D from 5.0, F below."""

SEVERITY_CAPS: dict[Severity, Grade] = {Severity.CRITICAL: Grade.F, Severity.HIGH: Grade.C}

PASS_SCORE = 8.0
"""An evidence check with no findings passes from this score; below it the
evidence is too thin and the check is partial."""

EXTERNAL_EVIDENCE_POINTS = 5
"""Points for evidence that other analyzers report on an evidence check,
because the collectors here cannot tell which component it matches."""

ANSWER_SCORES = {Status.PASS: 10.0, Status.PARTIAL: 5.0, Status.FAIL: 0.0}
"""Score of a reviewer answer that gives a status but no score."""


def grade_for(score: float) -> Grade:
    for threshold, grade in GRADE_THRESHOLDS:
        if score >= threshold:
            return grade
    return Grade.F


def rate_check(
    policy: CheckPolicy,
    context: Context,
    findings: list[Finding],
    evidence: list[Evidence],
    signal_keys: set[str],
) -> CheckRating:
    """Rate one check from its findings and evidence, before reviewer answers."""
    check = CHECKS_BY_ID[policy.check_id]
    counted = [finding for finding in findings if finding.severity > Severity.INFO]
    improvements = _improvements(policy, context, counted, signal_keys)

    def rated(status: Status, score: float | None, reason: str) -> CheckRating:
        return CheckRating(check, status, score, tuple(findings), tuple(evidence), reason, improvements)

    if policy.manual_only:
        return rated(Status.MANUAL, None, policy.no_evidence)

    not_applicable = policy.applies(context)
    if not_applicable and not counted and not evidence:
        return CheckRating(check, Status.NOT_APPLICABLE, None, tuple(findings), (), not_applicable, ())

    if policy.scores_evidence:
        base = _evidence_points(policy, signal_keys)
        if base == 0 and not counted:
            return rated(Status.MANUAL, None, policy.no_evidence)
        if base == 0:
            base = 5.0
    else:
        base = 10.0

    score = _apply_findings(base, counted)
    worst = max((finding.severity for finding in counted), default=None)
    if worst is not None and worst >= Severity.HIGH:
        return rated(Status.FAIL, score, _finding_reason(counted, "broken"))
    if counted:
        return rated(Status.PARTIAL, score, _finding_reason(counted, "weakened"))
    if policy.scores_evidence and score < PASS_SCORE:
        return rated(Status.PARTIAL, score, "Some positive evidence was found, but not all the practice asks for.")
    if policy.scores_evidence:
        return rated(Status.PASS, score, "Positive evidence was found and no finding counts against it.")
    return rated(Status.PASS, score, "The analyzers read the relevant files and found nothing against it.")


def _evidence_points(policy: CheckPolicy, signal_keys: set[str]) -> float:
    points = sum(component.points for component in policy.components if component.key in signal_keys)
    if "external" in signal_keys:
        points += EXTERNAL_EVIDENCE_POINTS
    return float(min(points, 10))


def _apply_findings(base: float, counted: list[Finding]) -> float:
    rules_by_severity: dict[Severity, set[str]] = {}
    for finding in counted:
        rules_by_severity.setdefault(finding.severity, set()).add(finding.rule_id)

    if Severity.CRITICAL in rules_by_severity:
        return 0.0
    if Severity.HIGH in rules_by_severity:
        return max(0.0, min(base, 3.0) - (len(rules_by_severity[Severity.HIGH]) - 1))

    medium = len(rules_by_severity.get(Severity.MEDIUM, ()))
    low = len(rules_by_severity.get(Severity.LOW, ()))
    score = base - 2 * medium - low
    floor = 2.0 if medium else 5.0
    return max(min(base, floor), score)


def _finding_reason(counted: list[Finding], verdict: str) -> str:
    worst = max(counted, key=lambda finding: (finding.severity, finding.confidence))
    rules = {finding.rule_id for finding in counted}
    findings = "1 finding" if len(counted) == 1 else f"{len(counted)} findings"
    rule_count = "1 rule" if len(rules) == 1 else f"{len(rules)} rules"
    return (
        f"Findings show the practice is {verdict}: {findings} from {rule_count}; the worst is "
        f"{worst.rule_id} ({worst.severity.value}) at {worst.location.path}:{worst.location.line}."
    )


def _improvements(policy: CheckPolicy, context: Context, counted: list[Finding], keys: set[str]) -> tuple[str, ...]:
    notes: list[str] = []
    if counted:
        rules = sorted(sorted({finding.rule_id for finding in counted}),
                       key=lambda rule: max(f.severity for f in counted if f.rule_id == rule), reverse=True)
        notes.append("Fix the findings of " + ", ".join(rules[:5]) + (" and more" if len(rules) > 5 else "")
                     + ", worst first.")
    notes.extend(policy.explain(context))
    if _evidence_points(policy, keys) < 10:
        notes.extend(component.advice for component in policy.components if component.key not in keys)
    notes.extend(policy.advice)
    return tuple(notes)


def overall_score(checks: list[CheckRating]) -> float | None:
    scored = [rated for rated in checks if rated.scored]
    total_weight = sum(rated.weight for rated in scored)
    if not total_weight:
        return None
    return round(sum(rated.score * rated.weight for rated in scored) / total_weight, 2)


def find_cap(findings: list[Finding]) -> tuple[Grade, Finding] | None:
    """Return the grade limit set by the worst unsuppressed finding, and that finding."""
    capping = [finding for finding in findings if not finding.suppressed and finding.severity in SEVERITY_CAPS]
    if not capping:
        return None
    worst = min(capping, key=lambda finding: (-finding.severity.rank, -finding.confidence.rank, finding.sort_key()))
    return SEVERITY_CAPS[worst.severity], worst


def final_grade(score: float | None, findings: list[Finding]) -> tuple[Grade | None, Grade | None, Cap | None]:
    """Return the capped grade, the grade of the score alone and the cap."""
    score_grade = grade_for(score) if score is not None else None
    capped = find_cap(findings)
    if capped is None:
        return score_grade, score_grade, None
    cap_grade, finding = capped
    grade = cap_grade if score_grade is None else score_grade.worse_of(cap_grade)
    applied = score_grade is None or grade != score_grade
    return grade, score_grade, Cap(cap_grade, finding, applied)
