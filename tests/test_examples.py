"""The README's demo: both examples audited through the real command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VULNERABLE = REPO / "examples" / "vulnerable-agent"
HARDENED = REPO / "examples" / "hardened-agent"
PLANTED_KEY = "7d7d78d948eafebd5903e38c67914342cc4df564a3b78511868e695d948ab0cc"


def tee_audit(*arguments, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "tee_audit", *map(str, arguments)],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def vulnerable_audit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vulnerable")
    html = folder / "report.html"
    completed = tee_audit("audit", VULNERABLE, "--html", html, "--format", "json", "--no-cache")
    return completed, json.loads(completed.stdout), html.read_text(encoding="utf-8")


def test_vulnerable_example_fails_with_grade_f(vulnerable_audit):
    completed, document, html = vulnerable_audit
    assert completed.returncode == 1, completed.stderr
    assert document["rating"]["grade"] == "F"
    assert document["rating"]["cap"]["grade"] == "F"
    assert ">F<" in html


def test_vulnerable_example_covers_every_family(vulnerable_audit):
    _, document, _ = vulnerable_audit
    checks = {finding["check"] for finding in document["findings"]}
    for check in ("C02", "C04", "C05", "C06", "C08", "C09"):
        assert check in checks, f"no finding under {check}"


def test_planted_key_never_printed(vulnerable_audit, tmp_path):
    completed, _, html = vulnerable_audit
    assert PLANTED_KEY not in completed.stdout
    assert PLANTED_KEY not in completed.stderr
    assert PLANTED_KEY not in html
    for output_format in ("text", "sarif", "markdown"):
        other = tee_audit("audit", VULNERABLE, "--format", output_format, "-vv", "--no-cache")
        assert PLANTED_KEY not in other.stdout, output_format
        assert PLANTED_KEY not in other.stderr, output_format


def test_hardened_example_passes_with_a_or_b(tmp_path):
    html = tmp_path / "report.html"
    completed = tee_audit("audit", HARDENED, "--html", html, "--format", "json", "--no-cache")
    document = json.loads(completed.stdout)
    assert completed.returncode == 0, [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]]
    assert document["rating"]["grade"] in ("A", "B")


def test_scan_json_carries_every_documented_key():
    completed = tee_audit("scan", VULNERABLE, "--format", "json", "--no-cache")
    document = json.loads(completed.stdout)
    assert set(document) >= {"version", "tool", "root", "findings", "skipped", "summary"}
    assert set(document["tool"]) == {"name", "version"}
    expected = {"rule_id", "check", "severity", "confidence", "path", "line", "column", "end_line",
                "end_column", "message", "snippet", "fingerprint", "suppressed"}
    for finding in document["findings"]:
        assert set(finding) >= expected


def test_json_and_sarif_byte_identical_across_runs():
    for output_format in ("json", "sarif"):
        first = tee_audit("scan", VULNERABLE, "--format", output_format, "--no-cache")
        second = tee_audit("scan", VULNERABLE, "--format", output_format)
        third = tee_audit("scan", VULNERABLE, "--format", output_format, "--jobs", "1")
        assert first.stdout == second.stdout, output_format
        assert first.stdout == third.stdout, output_format
