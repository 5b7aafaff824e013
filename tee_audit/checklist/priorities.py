"""The short list of what to fix first, for the top of the report."""

from __future__ import annotations

from dataclasses import dataclass

from tee_audit.checklist.model import Rating


@dataclass(frozen=True)
class Priority:
    """One recommended step and the check it improves."""

    check: str
    step: str
    points: float
    """Weighted points the check loses now: weight × (10 − score)."""


def fix_first(rating: Rating, limit: int = 5) -> tuple[Priority, ...]:
    """List the steps that would gain the most, starting with the finding that caps the grade.

    Checks are ordered by the weighted points they lose, so a weight-5 check
    at 6 comes before a weight-1 check at 0.
    """
    priorities: list[Priority] = []
    if rating.cap is not None:
        finding = rating.cap.finding
        priorities.append(Priority(
            finding.check,
            f"Fix {finding.rule_id} at {finding.location.path}:{finding.location.line}, which caps the grade "
            f"at {rating.cap.grade.value}.",
            float("inf"),
        ))

    losing = [rated for rated in rating.checks if rated.scored and rated.score < 10 and rated.improvements]
    losing.sort(key=lambda rated: (-(rated.weight * (10 - rated.score)), rated.check.id))
    for rated in losing:
        priorities.append(Priority(rated.check.id, rated.improvements[0], rated.weight * (10 - rated.score)))
    return tuple(priorities[:limit])
