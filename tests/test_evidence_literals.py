"""The literal pre-check in front of the evidence collectors' patterns.

`may_match` may return False only when the pattern cannot match, so every
string a pattern matches, generated from the pattern itself, must pass it.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tee_audit.checklist.evidence import attestation, build, keys
from tee_audit.checklist.evidence.literals import may_match, required_clauses


def _collector_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for module in (attestation, build, keys):
        for name, value in sorted(vars(module).items()):
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value))
    return found


PATTERNS = _collector_patterns()


def test_collector_patterns_found():
    assert len(PATTERNS) >= 20


@pytest.mark.parametrize("name, pattern", PATTERNS, ids=[name for name, _ in PATTERNS])
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_matching_text_passes_precheck(name, pattern, data):
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert may_match(pattern, text.casefold()), f"{name} rejects {text!r}"


def test_alternation_words_required():
    pattern = re.compile(r"(?i)\bget_?key\s*\(|\bkms\w*\.decrypt\b")
    assert required_clauses(pattern) == (frozenset({"getkey", "get_key", ".decrypt"}),)


def test_text_without_words_rejected():
    pattern = re.compile(r"(?i)\bverify_?quote\b|\bdcap[_-]qvl\b")
    assert not may_match(pattern, "def select(self): return self.query\n")


def test_text_with_word_in_other_case_accepted():
    pattern = re.compile(r"\bVerifyQuote\b")
    assert may_match(pattern, "result = VERIFYQUOTE(blob)".casefold())


def test_every_clause_required():
    pattern = re.compile(r"image:\s*\S+@sha256:[0-9a-f]{64}")
    assert not may_match(pattern, "image: nginx:latest\n")
    assert may_match(pattern, "image: nginx@sha256:" + "a" * 64)


def test_pattern_without_words_always_runs():
    pattern = re.compile(r"\b[0-9a-f]{40}\b")
    assert required_clauses(pattern) == ()
    assert may_match(pattern, "")


def test_short_words_not_required():
    pattern = re.compile(r"\bmpc\b|\bab\b")
    assert required_clauses(pattern) == ()
