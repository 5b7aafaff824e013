"""Report inputs shared by the HTML tests: a vulnerable, a hardened and a
5,000-finding project, each rated from real files in a temporary folder."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from rating_support import DIGEST, SHA, finding, rate_project
from tee_audit.model import Confidence, Finding, Location, Severity, SkipReason, Skipped
from tee_audit.render.report_data import Component, ReportData, SbomSummary, ScanMetadata, Vulnerability

HOSTILE_NAME = "<img src=x onerror=alert(1)>.py"
LEAKED_KEY = "0x" + "4f" * 32
FIXED_TIME = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def metadata(root: Path) -> ScanMetadata:
    return ScanMetadata("0.1.0", "test rules", FIXED_TIME.isoformat(), str(root), "", "")


def vulnerable_report(root: Path) -> ReportData:
    files = {
        HOSTILE_NAME: f"import logging\nPRIVATE_KEY = '{LEAKED_KEY}'\nlogging.info(PRIVATE_KEY)\n",
        "app.py": "def attest(client, digest):\n    return client.get_quote(digest)\n",
        "Dockerfile": "FROM python:latest\nRUN pip install -r requirements.txt\n",
        "requirements.txt": "requests==2.19.0\n",
    }
    leak = Finding(
        rule_id="private-key-logged", check="C04", severity=Severity.CRITICAL, confidence=Confidence.HIGH,
        location=Location(HOSTILE_NAME, 3, 1, 3, 25), message="The private key is written to the log.",
        snippet=f"logging.info('{LEAKED_KEY}')", code_key="logging.info(PRIVATE_KEY)",
    )
    findings = [
        leak,
        finding("C08", Severity.HIGH, "tls-verification-disabled", line=9),
        finding("C02", Severity.LOW, "base-image-latest-tag", path="Dockerfile", line=1),
        finding("C05", Severity.MEDIUM, "vulnerable-dependency", path="requirements.txt", line=1),
    ]
    rating = rate_project(root, files, findings=findings)
    sbom = SbomSummary(
        (Component("requests", "2.19.0", "pkg:pypi/requests@2.19.0", "PyPI", "requirements.txt",
                   (Vulnerability("GHSA-x84v-xcm2-53pg", ("CVE-2018-18074",), ("2.20.0",), "MEDIUM"),)),),
        "checked against an OSV database snapshot",
    )
    return ReportData(
        rating, metadata(root),
        skipped=(Skipped(f"vendor/{HOSTILE_NAME}", SkipReason.PARSE_ERROR, "invalid syntax at line 3"),),
        notices=("Vulnerabilities were checked offline; the database may be out of date.",),
        failures=("semgrep could not run: executable not found",),
        sbom=sbom,
    )


def hardened_report(root: Path) -> ReportData:
    verifier = (
        "from cryptography import x509\n"
        "from dcap_qvl import verify_quote\n\n"
        "def check(quote, collateral, nonce, now):\n"
        "    report = verify_quote(quote, collateral, now)\n"
        "    x509.load_pem_x509_certificate(collateral.pck_cert)\n"
        "    if report.mr_td != EXPECTED_MRTD or report.tcb_status != 'UpToDate':\n"
        "        raise ValueError('untrusted platform')\n"
        "    return report.report_data[:32] == nonce\n"
    )
    files = {
        "LICENSE": "Apache-2.0\n",
        "README.md": "# Wallet enclave\n\nRelease 1.0 compose hash: " + "9a" * 32 + "\n",
        "flake.nix": "{ outputs = { self }: { }; }\n",
        "flake.lock": "{}\n",
        "Dockerfile": f"FROM gcr.io/distroless/python3@{DIGEST}\nENV SOURCE_DATE_EPOCH=0\n",
        "requirements.txt": "cryptography==44.0.0 \\\n    --hash=sha256:" + "cd" * 32 + "\n",
        "wallet.py": (
            "def wallet(client):\n"
            "    key = client.get_key('wallet')\n"
            "    quote = client.get_quote(report_data=key.public_hash())\n"
            "    return key, quote\n"
        ),
        "verify.py": verifier,
        "tests/test_verify.py": "def test_verify():\n    pass\n",
        ".github/workflows/ci.yml": f"jobs:\n  test:\n    steps:\n      - uses: actions/checkout@{SHA}\n",
    }
    rating = rate_project(root, files)
    sbom = SbomSummary(
        (Component("cryptography", "44.0.0", "pkg:pypi/cryptography@44.0.0", "PyPI", "requirements.txt"),),
        "checked against an OSV database snapshot",
    )
    return ReportData(rating, metadata(root), sbom=sbom)


def large_report(root: Path, count: int = 5000) -> ReportData:
    checks = ["C04", "C06", "C07", "C08", "C09", "C16"]
    severities = [Severity.LOW, Severity.MEDIUM, Severity.INFO, Severity.LOW, Severity.MEDIUM]
    findings = [
        finding(checks[number % len(checks)], severities[number % len(severities)],
                f"synthetic-rule-{number % 25:02d}", path=f"src/module_{number % 400:03d}.py", line=number % 300 + 1)
        for number in range(count)
    ]
    files = {f"src/module_{number:03d}.py": "def f():\n    return 1\n" for number in range(5)}
    files["Dockerfile"] = "FROM scratch\n"
    rating = rate_project(root, files, findings=findings)
    return ReportData(rating, metadata(root), sbom=SbomSummary((), "not checked: no database given"))
