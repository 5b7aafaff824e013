"""Every rule of the Python analyzer fires on its own bad example and not on its good one."""

import pytest

from tee_audit.analyzers.python import analyze_summaries, summarize_file
from tee_audit.catalog import (
    python_crypto, python_dynamic_code, python_enclave, python_external_data, python_root_of_trust,
    python_secrets, python_transport,
)
from tee_audit.registry import Rule

PYTHON_CATALOGS = (
    python_crypto, python_dynamic_code, python_enclave, python_external_data, python_root_of_trust,
    python_secrets, python_transport,
)
PYTHON_RULES = [value for module in PYTHON_CATALOGS for value in vars(module).values() if isinstance(value, Rule)]


def _rule_ids(text: str) -> set[str]:
    return {finding.rule_id for finding in analyze_summaries([summarize_file("example.py", text)]).findings}


def test_python_rules_declared():
    assert len(PYTHON_RULES) == 27


@pytest.mark.parametrize("rule", PYTHON_RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_bad_example(rule):
    assert rule.id in _rule_ids(rule.bad)


@pytest.mark.parametrize("rule", PYTHON_RULES, ids=lambda rule: rule.id)
def test_rule_quiet_on_good_example(rule):
    assert rule.id not in _rule_ids(rule.good)
