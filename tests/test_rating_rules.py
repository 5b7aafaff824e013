"""The rules declared by the rating fire on their bad example and not on their good one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rating_support import read_text, write_project
from tee_audit.catalog import rating as rating_rules
from tee_audit.checklist import rate
from tee_audit.checklist.analyzer import ChecklistEvidenceAnalyzer
from tee_audit.checklist.evidence import collect
from tee_audit.registry import BUILTIN, Rule

RULES = [rule for rule in vars(rating_rules).values() if isinstance(rule, Rule)]
FIRST_LINE = {"attestation-not-verified": 4, "attestation-signature-skipped": 4, "key-sealed-to-one-machine": 1}


def findings_for(tmp_path, source):
    files = write_project(tmp_path, {"example.py": source})
    return collect(files, read_text).findings


def test_rating_rules_declared():
    assert sorted(rule.id for rule in RULES) == sorted(FIRST_LINE)
    assert all(BUILTIN.get(rule.id) is rule for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_bad_example(tmp_path, rule):
    found = findings_for(tmp_path, rule.bad)
    assert [(item.rule_id, item.location.path, item.location.line) for item in found] == [
        (rule.id, "example.py", FIRST_LINE[rule.id]),
    ]
    assert found[0].check == rule.check
    assert found[0].severity is rule.severity


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_rule_silent_on_good_example(tmp_path, rule):
    assert findings_for(tmp_path, rule.good) == []


def test_signature_skip_outside_attestation_ignored(tmp_path):
    source = "import jwt\n\ndef read_session(token):\n    return jwt.decode(token, options={'verify_signature': False})\n"
    assert findings_for(tmp_path, source) == []


def test_sealing_with_kms_not_reported(tmp_path):
    source = (
        "SEALED = '/dev/attestation/keys/_sgx_mrenclave'\n"
        "def wallet(client):\n"
        "    return client.get_key('wallet')\n"
    )
    assert findings_for(tmp_path, source) == []


def test_rating_finding_fingerprint_stable(tmp_path):
    first = findings_for(tmp_path / "a", "def attest(c, d):\n    return c.get_quote(d)\n")
    second = findings_for(tmp_path / "b", "\n\n\ndef attest(c, d):\n    return c.get_quote(d)\n")
    assert first[0].location.line == 2
    assert second[0].location.line == 5
    assert first[0].fingerprint == second[0].fingerprint


def test_stock_quote_not_attestation(tmp_path):
    source = "import yfinance\n\ndef price(ticker):\n    return broker.get_quote(ticker)\n"
    assert findings_for(tmp_path, source) == []


def test_analyzer_reports_rule_findings(tmp_path):
    files = write_project(tmp_path, {"app.py": "import dstack_sdk\nquote = client.get_quote(digest)\n"})
    result = ChecklistEvidenceAnalyzer().analyze_project(str(tmp_path), files, read_text)
    assert [(item.rule_id, item.location.line) for item in result.findings] == [("attestation-not-verified", 2)]
    assert [(item.check, item.line) for item in result.evidence] == [("C12", 2)]


def test_rate_keeps_pipeline_suppression(tmp_path):
    files = write_project(tmp_path, {"app.py": "import dstack_sdk\nquote = client.get_quote(digest)\n"})
    result = ChecklistEvidenceAnalyzer().analyze_project(str(tmp_path), files, read_text)
    suppressed = [replace(item, suppressed=True, suppression_reason="verifier lives in the client") for item in result.findings]
    rating = rate(files, read_text, suppressed, result.evidence)
    assert rating.rating_findings == ()
    assert rating.for_check("C13").findings == ()
    assert [item.rule_id for item in rating.suppressed] == ["attestation-not-verified"]
