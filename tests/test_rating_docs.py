"""docs/rating.md states the same points and thresholds as the code."""

from __future__ import annotations

import re
from pathlib import Path

from tee_audit.catalog import rating as rating_rules
from tee_audit.checklist.grading import GRADE_THRESHOLDS
from tee_audit.checklist.rate import POLICIES

DOC = (Path(__file__).resolve().parent.parent / "docs" / "rating.md").read_text(encoding="utf-8")


def test_docs_list_every_component():
    documented = set(re.findall(r"^\| (C\d\d) \| `([a-z-]+)`: .* \| (\d+) \|$", DOC, re.MULTILINE))
    declared = {
        (check_id, component.key, str(component.points))
        for check_id, policy in POLICIES.items()
        for component in policy.components
    }
    assert documented == declared


def test_docs_grade_thresholds():
    for threshold, grade in GRADE_THRESHOLDS[:-1]:
        assert re.search(rf"^\| {grade.value} \| {threshold:.1f} ", DOC, re.MULTILINE), grade


def test_docs_list_rating_rules():
    for rule in (rating_rules.ATTESTATION_NOT_VERIFIED, rating_rules.ATTESTATION_SIGNATURE_SKIPPED,
                 rating_rules.KEY_SEALED_TO_ONE_MACHINE):
        assert f"| `{rule.id}` | {rule.check} | {rule.severity.value} |" in DOC
