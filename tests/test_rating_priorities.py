"""The list of what to fix first."""

from __future__ import annotations

from rating_support import finding, rate_project
from tee_audit.checklist.priorities import fix_first
from tee_audit.model import Severity

PROJECT = {"LICENSE": "MIT\n", "Dockerfile": "FROM scratch\n", "app.py": "def main():\n    return 1\n"}


def test_fix_first_starts_with_cap(tmp_path):
    rating = rate_project(tmp_path, PROJECT, findings=[
        finding("C08", Severity.HIGH, "tls-verification-disabled", line=4),
        finding("C04", Severity.LOW, "secret-in-comment", line=2),
    ])
    priorities = fix_first(rating)
    assert [(item.check, item.step) for item in priorities] == [
        ("C08", "Fix tls-verification-disabled at app.py:4, which caps the grade at C."),
        ("C08", "Fix the findings of tls-verification-disabled, worst first."),
        ("C04", "Fix the findings of secret-in-comment, worst first."),
    ]
    assert [item.points for item in priorities[1:]] == [21.0, 5.0]


def test_fix_first_empty_for_clean_project(tmp_path):
    assert fix_first(rate_project(tmp_path, PROJECT)) == ()


def test_fix_first_respects_limit(tmp_path):
    findings = [finding(check, Severity.MEDIUM, f"rule-{check}") for check in ("C04", "C06", "C07", "C08", "C16")]
    priorities = fix_first(rate_project(tmp_path, PROJECT, findings=findings), limit=2)
    assert [item.check for item in priorities] == ["C04", "C06"]
