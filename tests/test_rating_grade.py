"""The overall score, the grade thresholds and the caps."""

from __future__ import annotations

import pytest

from rating_support import finding, rate_project
from tee_audit.checklist import Grade, Status
from tee_audit.checklist.grading import grade_for
from tee_audit.model import Severity

HARDENED = {
    "LICENSE": "MIT\n",
    "Dockerfile": "FROM scratch\n",
    "app.py": "def main():\n    return 1\n",
}


@pytest.mark.parametrize(
    ("score", "grade"),
    [(10.0, Grade.A), (9.0, Grade.A), (8.99, Grade.B), (8.0, Grade.B), (6.5, Grade.C),
     (6.49, Grade.D), (5.0, Grade.D), (4.99, Grade.F), (0.0, Grade.F)],
)
def test_grade_for_thresholds(score, grade):
    assert grade_for(score) is grade


def test_score_is_weighted_mean(tmp_path):
    rating = rate_project(tmp_path, HARDENED, findings=[finding("C04", Severity.MEDIUM, "secret-in-env")])
    scored = {rated.check.id: (rated.score, rated.weight) for rated in rating.checks if rated.scored}
    assert scored == {
        "C01": (10.0, 1), "C04": (8.0, 5), "C06": (10.0, 4), "C07": (10.0, 3), "C08": (10.0, 3),
        "C09": (10.0, 3), "C16": (10.0, 2),
    }
    assert rating.score == round((10 + 40 + 40 + 30 + 30 + 30 + 20) / 21, 2)
    assert rating.grade is Grade.A
    assert rating.cap is None


def test_critical_finding_caps_at_f(tmp_path):
    leak = finding("C04", Severity.CRITICAL, "private-key-logged", line=7)
    rating = rate_project(tmp_path, HARDENED, findings=[leak])
    assert rating.score_grade is Grade.C
    assert rating.grade is Grade.F
    assert rating.cap.finding == leak
    assert rating.cap.applied is True
    assert rating.cap.reason == "a critical finding (private-key-logged at app.py:7) caps the grade at F"


def test_high_finding_caps_at_c(tmp_path):
    tls = finding("C08", Severity.HIGH, "tls-verification-disabled", line=3)
    rating = rate_project(tmp_path, HARDENED, findings=[tls])
    assert rating.score == 9.0
    assert rating.score_grade is Grade.A
    assert rating.grade is Grade.C
    assert rating.cap.finding == tls


def test_critical_cap_wins_over_high(tmp_path):
    findings = [
        finding("C08", Severity.HIGH, "tls-verification-disabled", line=1),
        finding("C06", Severity.CRITICAL, "remote-code-executed", line=9),
    ]
    rating = rate_project(tmp_path, HARDENED, findings=findings)
    assert rating.grade is Grade.F
    assert rating.cap.finding.rule_id == "remote-code-executed"


def test_suppressed_critical_does_not_cap(tmp_path):
    rating = rate_project(tmp_path, HARDENED, findings=[finding("C04", Severity.CRITICAL, suppressed=True)])
    assert rating.grade is Grade.A
    assert rating.cap is None


def test_cap_without_effect_is_named(tmp_path):
    findings = [
        finding("C04", Severity.CRITICAL, "a-leak"),
        finding("C06", Severity.CRITICAL, "b-exec"),
        finding("C08", Severity.HIGH, "c-tls"),
        finding("C16", Severity.HIGH, "d-weak-random"),
    ]
    rating = rate_project(tmp_path, HARDENED, findings=findings)
    assert rating.score_grade is Grade.F
    assert rating.grade is Grade.F
    assert rating.cap.applied is False
    assert rating.cap.finding.rule_id == "a-leak"


def test_info_findings_never_cap(tmp_path):
    rating = rate_project(tmp_path, HARDENED, findings=[finding("C04", Severity.INFO, "key-in-memory")])
    assert rating.grade is Grade.A
    assert rating.cap is None


def test_empty_project_not_graded(tmp_path):
    rating = rate_project(tmp_path, {})
    assert rating.score is None
    assert rating.grade is None
    assert {rated.status for rated in rating.checks} == {Status.MANUAL, Status.NOT_APPLICABLE}


def test_every_check_rated_once(tmp_path):
    rating = rate_project(tmp_path, HARDENED)
    assert [rated.check.id for rated in rating.checks] == [f"C{number:02d}" for number in range(1, 19)]
