"""Each supply-chain rule fires on its own bad example and stays quiet on its good one."""

from __future__ import annotations

import pytest
from supply_project import read_text, shared_osv_folder, write_project

from tee_audit.catalog import supply as rules
from tee_audit.registry import BUILTIN
from tee_audit.supply.analyzer import SupplyChainAnalyzer

FILE_FOR_LANGUAGE = {"requirements": "requirements.txt", "toml": "pyproject.toml"}
SUPPLY_RULES = [rule for rule in BUILTIN if rule.id in {value.id for value in vars(rules).values() if hasattr(value, "id")}]


def rule_ids(tmp_path, rule, example):
    sources = write_project(tmp_path, {FILE_FOR_LANGUAGE[rule.language]: example})
    shared = shared_osv_folder()
    analyzer = SupplyChainAnalyzer(vuln_db=shared / "pypi" if shared else None, large_count=200)
    return {finding.rule_id for finding in analyzer.analyze_project(str(tmp_path), sources, read_text).findings}


@pytest.mark.parametrize("rule", SUPPLY_RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_bad_example(tmp_path, rule):
    if rule is rules.KNOWN_VULNERABILITY and shared_osv_folder() is None:
        pytest.skip("shared OSV test data not found; set TEE_AUDIT_SHARED to its folder")
    assert rule.id in rule_ids(tmp_path, rule, rule.bad)


@pytest.mark.parametrize("rule", SUPPLY_RULES, ids=lambda rule: rule.id)
def test_rule_quiet_on_good_example(tmp_path, rule):
    assert rule.id not in rule_ids(tmp_path, rule, rule.good)


def test_every_supply_rule_is_covered():
    assert sorted(rule.id for rule in SUPPLY_RULES) == sorted(
        [
            "index-url-credentials",
            "known-vulnerable-dependency",
            "large-dependency-count",
            "local-path-dependency",
            "manifest-without-lockfile",
            "requirement-missing-hashes",
            "requirements-include-cycle",
            "requirements-without-hashes",
            "stray-requirement-option",
            "unpinned-requirement",
            "url-dependency-without-hash",
            "vcs-dependency-without-commit",
        ]
    )
