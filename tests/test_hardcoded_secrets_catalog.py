"""Each hard-coded-secret rule fires on its own `bad` example and not on its `good` one."""

from __future__ import annotations

import pytest

from tee_audit.analyzers.secrets import SecretsAnalyzer
from tee_audit.catalog import hardcoded_secrets
from tee_audit.model import FileKind, SourceFile
from tee_audit.registry import Rule, load

RULES = [value for value in vars(hardcoded_secrets).values() if isinstance(value, Rule)]


def scan_example(tmp_path, rule: Rule, text: str) -> list[tuple[str, int]]:
    path = tmp_path / "example.py"
    path.write_text(text, encoding="utf-8")
    source = SourceFile("example.py", str(path), FileKind(rule.language), path.stat().st_size)
    findings = SecretsAnalyzer().analyze(source, path.read_text(encoding="utf-8")).findings
    return [(finding.rule_id, finding.location.line) for finding in findings]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_fires_on_bad_example(tmp_path, rule):
    assert scan_example(tmp_path, rule, rule.bad) == [(rule.id, 1)]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_quiet_on_good_example(tmp_path, rule):
    assert scan_example(tmp_path, rule, rule.good) == []


def test_rules_registered_under_c04():
    registry = load()

    assert sorted(rule.id for rule in RULES) == [
        "credentials-in-url",
        "hardcoded-api-key",
        "hardcoded-mnemonic",
        "hardcoded-pem-private-key",
        "hardcoded-private-key",
        "hardcoded-secret-assignment",
    ]
    for rule in RULES:
        assert registry.get(rule.id) is rule
        assert rule.check == "C04"
