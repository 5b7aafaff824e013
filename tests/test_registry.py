"""The registry, the generated rule docs and the checklist agree."""

from pathlib import Path

from tee_audit import registry
from tee_audit.checks import CHECKS_BY_ID
from tee_audit.render.rules import explain_rule, rules_markdown

REPO = Path(__file__).resolve().parents[1]


def test_docs_page_generated_from_registry():
    expected = rules_markdown(list(registry.load()))
    actual = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run python -m tee_audit.render.rules > docs/rules.md"


def test_every_rule_names_a_scored_or_listed_check():
    for rule in registry.load():
        assert rule.check in CHECKS_BY_ID, rule.id


def test_rule_ids_unique_and_kebab_case():
    ids = [rule.id for rule in registry.load()]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert rule_id == rule_id.lower() and "_" not in rule_id and " " not in rule_id


def test_every_family_has_rules():
    checks = {rule.check for rule in registry.load()}
    for check in ("C02", "C04", "C05", "C06", "C07", "C08", "C09", "C10", "C12", "C16"):
        assert check in checks, check


def test_explanation_shows_examples_and_suppression():
    rule = registry.load().get("eval-of-data")
    text = explain_rule(rule)
    assert rule.bad.strip().splitlines()[0] in text
    assert "tee-audit: ignore[eval-of-data]" in text

