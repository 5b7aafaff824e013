"""The rating's result types: a status and score per check, then a grade.

Everything here is a frozen dataclass or an enum, so renderers can read a
`Rating` without being able to change it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tee_audit.checks import Check
from tee_audit.model import Evidence, Finding


class Status(enum.Enum):
    """The verdict on a project for one check."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    MANUAL = "manual"
    NOT_APPLICABLE = "not applicable"

    @property
    def scored(self) -> bool:
        """Whether a check with this status takes part in the overall score."""
        return self not in (Status.MANUAL, Status.NOT_APPLICABLE)


class Grade(enum.Enum):
    """Letter grades, best first; `grading.GRADE_THRESHOLDS` maps scores to them."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    F = "F"

    def worse_of(self, other: "Grade") -> "Grade":
        order = list(Grade)
        return self if order.index(self) >= order.index(other) else other


@dataclass(frozen=True)
class Answer:
    """A reviewer's verdict on one check, read from an answers file."""

    check: str
    status: Status
    note: str = ""
    score: float | None = None
    """Score the reviewer gave; None means the default for the status."""


@dataclass(frozen=True)
class Answers:
    """All reviewer answers of one answers file, at most one per check."""

    answers: tuple[Answer, ...] = ()
    source: str = ""
    """Path of the file they came from, shown in the report."""

    def for_check(self, check_id: str) -> Answer | None:
        for answer in self.answers:
            if answer.check == check_id:
                return answer
        return None


@dataclass(frozen=True)
class CheckRating:
    """The verdict on one check with everything that led to it."""

    check: Check
    status: Status
    score: float | None
    """0 to 10; None when the check is manual or not applicable."""
    findings: tuple[Finding, ...]
    """Unsuppressed findings against the check, info ones included."""
    evidence: tuple[Evidence, ...]
    reason: str
    """One or two sentences on why the check got this status."""
    improvements: tuple[str, ...]
    """Steps that would raise the score, most useful first."""
    answer: Answer | None = None
    """The reviewer's answer when it decided the status."""

    @property
    def weight(self) -> int:
        return self.check.weight

    @property
    def scored(self) -> bool:
        return self.score is not None and self.weight > 0

    @property
    def reviewer_provided(self) -> bool:
        return self.answer is not None


@dataclass(frozen=True)
class Cap:
    """A grade limit set by the worst finding."""

    grade: Grade
    finding: Finding
    applied: bool
    """True when the cap lowered the grade the score alone would give."""

    @property
    def reason(self) -> str:
        where = f"{self.finding.location.path}:{self.finding.location.line}"
        return (
            f"a {self.finding.severity.value} finding ({self.finding.rule_id} at {where}) "
            f"caps the grade at {self.grade.value}"
        )


@dataclass(frozen=True)
class Rating:
    """The checklist rating of one project."""

    checks: tuple[CheckRating, ...]
    score: float | None
    """Weighted mean of the scored checks, 0 to 10; None when nothing is scored."""
    grade: Grade | None
    """The grade after caps; None when no check could be scored."""
    score_grade: Grade | None
    """The grade the score alone gives, before caps."""
    cap: Cap | None
    findings: tuple[Finding, ...]
    """Every unsuppressed finding, including those the rating rules added."""
    suppressed: tuple[Finding, ...]
    rating_findings: tuple[Finding, ...] = ()
    """Findings the rating's own rules produced; the pipeline should pass
    them to the outputs that do not read the rating (SARIF, JSON)."""
    answers_source: str = ""

    def for_check(self, check_id: str) -> CheckRating:
        for rated in self.checks:
            if rated.check.id == check_id:
                return rated
        raise KeyError(check_id)
