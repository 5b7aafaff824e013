"""Status and score of each check on fixture projects that pass, are partial,
fail or are not applicable."""

from __future__ import annotations

import pytest

from rating_support import DIGEST, SHA, finding, rate_project
from tee_audit.checklist import Status
from tee_audit.model import Evidence, Severity

PYTHON_APP = {"app.py": "def main():\n    return 1\n"}


def test_c01_license_and_recipe_pass(tmp_path):
    rating = rate_project(tmp_path, {"LICENSE": "MIT\n", "Dockerfile": "FROM scratch\n"})
    rated = rating.for_check("C01")
    assert rated.status is Status.PASS
    assert rated.score == 10.0
    assert {(item.path, item.description) for item in rated.evidence} == {
        ("LICENSE", "license file in the repository"),
        ("Dockerfile", "Dockerfile that builds the image is in the repository"),
    }


def test_c01_license_only_partial(tmp_path):
    rated = rate_project(tmp_path, {"LICENSE.md": "MIT\n"}).for_check("C01")
    assert rated.status is Status.PARTIAL
    assert rated.score == 5.0
    assert rated.improvements == ("Commit the Dockerfile, Nix flake or manifest that builds the image.",)


def test_c01_nothing_manual(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C01")
    assert rated.status is Status.MANUAL
    assert rated.score is None


def test_c01_high_finding_fails(tmp_path):
    rated = rate_project(
        tmp_path, {"LICENSE": "MIT\n", "Dockerfile": "FROM scratch\n"},
        findings=[finding("C01", Severity.HIGH, "recipe-missing")],
    ).for_check("C01")
    assert rated.status is Status.FAIL
    assert rated.score == 3.0


def test_c02_flake_lock_and_digest_pass(tmp_path):
    rated = rate_project(tmp_path, {
        "flake.nix": "{ outputs = { self }: { }; }\n",
        "flake.lock": "{}\n",
        "Dockerfile": f"FROM python:3.12-slim@{DIGEST}\n",
    }).for_check("C02")
    assert rated.status is Status.PASS
    assert rated.score == 9.0
    assert [(item.path, item.line, item.description) for item in rated.evidence] == [
        ("flake.nix", 0, "Nix flake with a committed flake.lock"),
        ("Dockerfile", 1, "base image pinned by sha256 digest"),
    ]


def test_c02_digest_only_partial(tmp_path):
    rated = rate_project(tmp_path, {"Dockerfile": f"FROM alpine@{DIGEST}\n"}).for_check("C02")
    assert rated.status is Status.PARTIAL
    assert rated.score == 3.0


def test_c02_flake_without_lock_advice(tmp_path):
    rated = rate_project(tmp_path, {"flake.nix": "{ }\n"}).for_check("C02")
    assert rated.status is Status.MANUAL
    assert "Commit flake.lock beside flake.nix." in rated.improvements


def test_c02_medium_finding_partial(tmp_path):
    rated = rate_project(
        tmp_path, {"Dockerfile": "FROM python:3.12\n"},
        findings=[finding("C02", Severity.MEDIUM, "base-image-unpinned", path="Dockerfile")],
    ).for_check("C02")
    assert rated.status is Status.PARTIAL
    assert rated.score == 3.0
    assert rated.improvements[0] == "Fix the findings of base-image-unpinned, worst first."


def test_c03_published_pcr_pass(tmp_path):
    readme = "# Release 1.0\n\nExpected PCR0: " + "ab" * 48 + "\n"
    rated = rate_project(tmp_path, {"README.md": readme}).for_check("C03")
    assert rated.status is Status.PASS
    assert [(item.path, item.line, item.description) for item in rated.evidence] == [
        ("README.md", 3, "documents the expected PCR0 value"),
    ]


def test_c03_ci_measurement_partial(tmp_path):
    workflow = "jobs:\n  build:\n    steps:\n      - run: nitro-cli build-enclave --docker-uri app --output-file app.eif\n"
    rated = rate_project(tmp_path, {".github/workflows/release.yml": workflow}).for_check("C03")
    assert rated.status is Status.PARTIAL
    assert rated.score == 6.0
    assert rated.evidence[0].line == 4


def test_c03_nothing_manual(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C03")
    assert rated.status is Status.MANUAL
    assert rated.reason.startswith("No published measurement")


@pytest.mark.parametrize("check", ["C04", "C06", "C07", "C16"])
def test_hazard_check_clean_code_passes(tmp_path, check):
    rated = rate_project(tmp_path, PYTHON_APP).for_check(check)
    assert rated.status is Status.PASS
    assert rated.score == 10.0
    assert rated.evidence == (Evidence(check, "", "1 file(s) analysed (python) with no finding"),)


@pytest.mark.parametrize("check", ["C04", "C06", "C07", "C16"])
def test_hazard_check_critical_fails(tmp_path, check):
    rated = rate_project(tmp_path, PYTHON_APP, findings=[finding(check, Severity.CRITICAL)]).for_check(check)
    assert rated.status is Status.FAIL
    assert rated.score == 0.0
    assert rated.evidence == ()


@pytest.mark.parametrize("check", ["C04", "C06", "C07", "C16"])
def test_hazard_check_low_partial(tmp_path, check):
    rated = rate_project(tmp_path, PYTHON_APP, findings=[finding(check, Severity.LOW)]).for_check(check)
    assert rated.status is Status.PARTIAL
    assert rated.score == 9.0


@pytest.mark.parametrize("check", ["C04", "C06", "C07", "C16"])
def test_hazard_check_docs_only_not_applicable(tmp_path, check):
    rated = rate_project(tmp_path, {"README.md": "# Notes\n"}).for_check(check)
    assert rated.status is Status.NOT_APPLICABLE
    assert rated.score is None


def test_hazard_check_counts_rules_not_occurrences(tmp_path):
    findings = [finding("C04", Severity.MEDIUM, "secret-in-env", line=n) for n in range(1, 40)]
    findings.append(finding("C04", Severity.LOW, "secret-in-comment", line=50))
    rated = rate_project(tmp_path, PYTHON_APP, findings=findings).for_check("C04")
    assert rated.status is Status.PARTIAL
    assert rated.score == 7.0
    assert rated.reason == (
        "Findings show the practice is weakened: 40 findings from 2 rules; the worst is secret-in-env "
        "(medium) at app.py:1."
    )


def test_info_finding_never_fails(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP, findings=[finding("C04", Severity.INFO, "key-in-memory")]).for_check("C04")
    assert rated.status is Status.PASS
    assert rated.score == 10.0
    assert [item.rule_id for item in rated.findings] == ["key-in-memory"]
    assert rated.evidence == (Evidence("C04", "", "1 file(s) analysed (python) with no finding"),)


def test_suppressed_finding_not_counted(tmp_path):
    rating = rate_project(tmp_path, PYTHON_APP, findings=[finding("C06", Severity.CRITICAL, suppressed=True)])
    rated = rating.for_check("C06")
    assert rated.status is Status.PASS
    assert rated.findings == ()
    assert [item.rule_id for item in rating.suppressed] == ["example-rule"]


def test_c05_without_manifest_not_applicable(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C05")
    assert rated.status is Status.NOT_APPLICABLE
    assert rated.reason == "The project declares no dependencies in a manifest or lockfile."


def test_c05_hashed_requirements_pass(tmp_path):
    requirements = "requests==2.32.3 \\\n    --hash=sha256:" + "ab" * 32 + "\n"
    rated = rate_project(tmp_path, {"requirements.txt": requirements}).for_check("C05")
    assert rated.status is Status.PASS
    assert [(item.path, item.line, item.description) for item in rated.evidence] == [
        ("", 0, "1 file(s) analysed (requirements) with no finding"),
        ("requirements.txt", 2, "requirements pinned with sha256 hashes"),
    ]


def test_c05_vulnerable_dependency_partial(tmp_path):
    rated = rate_project(
        tmp_path, {"requirements.txt": "requests==2.0.0\n"},
        findings=[finding("C05", Severity.MEDIUM, "vulnerable-dependency", path="requirements.txt")],
    ).for_check("C05")
    assert rated.status is Status.PARTIAL
    assert rated.score == 8.0


def test_c09_without_image_not_applicable(tmp_path):
    assert rate_project(tmp_path, PYTHON_APP).for_check("C09").status is Status.NOT_APPLICABLE


def test_c09_dockerfile_without_findings_passes(tmp_path):
    rated = rate_project(tmp_path, {"Dockerfile": "FROM scratch\nUSER 65532\n"}).for_check("C09")
    assert rated.status is Status.PASS


def test_c10_manifest_debug_fails(tmp_path):
    rated = rate_project(
        tmp_path, {"app.manifest.template": "sgx.debug = true\n"},
        findings=[finding("C10", Severity.HIGH, "enclave-debug-enabled", path="app.manifest.template")],
    ).for_check("C10")
    assert rated.status is Status.FAIL
    assert rated.score == 3.0


def test_c10_without_enclave_config_not_applicable(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C10")
    assert rated.status is Status.NOT_APPLICABLE


def test_c11_kms_key_passes(tmp_path):
    code = "from dstack_sdk import DstackClient\n\nkey = DstackClient().get_key('wallet')\n"
    rated = rate_project(tmp_path, {"app.py": code}).for_check("C11")
    assert rated.status is Status.PASS
    assert [(item.path, item.line) for item in rated.evidence] == [("app.py", 3)]


def test_c11_sealed_key_without_kms_partial(tmp_path):
    code = "def load():\n    return open('/dev/attestation/keys/_sgx_mrenclave', 'rb').read()\n"
    rating = rate_project(tmp_path, {"app.py": code})
    rated = rating.for_check("C11")
    assert rated.status is Status.PARTIAL
    assert [(item.rule_id, item.location.line) for item in rated.findings] == [("key-sealed-to-one-machine", 2)]
    assert [item.rule_id for item in rating.rating_findings] == ["key-sealed-to-one-machine"]


def test_c11_nothing_manual(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C11")
    assert rated.status is Status.MANUAL
    assert rated.check.questions == ("If this machine is lost, how are the application's keys recovered?",)


def test_c12_report_data_binding_passes(tmp_path):
    code = "def attest(client, pubkey_hash):\n    return client.get_quote(report_data=pubkey_hash)\n"
    rated = rate_project(tmp_path, {"app.py": code}).for_check("C12")
    assert rated.status is Status.PASS
    assert [(item.path, item.line) for item in rated.evidence] == [("app.py", 2)]


def test_c12_key_from_environment_partial(tmp_path):
    rated = rate_project(
        tmp_path, PYTHON_APP, findings=[finding("C12", Severity.MEDIUM, "key-from-environment")],
    ).for_check("C12")
    assert rated.status is Status.PARTIAL
    assert rated.score == 3.0


VERIFIER = (
    "from cryptography import x509\n"
    "from dcap_qvl import verify_quote\n"
    "\n"
    "def check(quote, collateral, nonce, now):\n"
    "    report = verify_quote(quote, collateral, now)\n"
    "    chain = x509.load_pem_x509_certificate(collateral.pck_cert)\n"
    "    if report.mr_td != EXPECTED_MRTD:\n"
    "        raise ValueError('wrong measurement')\n"
    "    if report.tcb_status != 'UpToDate':\n"
    "        raise ValueError('out of date')\n"
    "    return report.report_data[:32] == nonce\n"
)


def test_c13_full_verifier_passes(tmp_path):
    rated = rate_project(tmp_path, {"verify.py": VERIFIER}).for_check("C13")
    assert rated.status is Status.PASS
    assert rated.score == 10.0
    assert [(item.line, item.description.split(":")[0]) for item in rated.evidence] == [
        (2, "verifies a quote or attestation"),
        (6, "verifier checks the certificate chain"),
        (7, "verifier compares the measurement with an expected value"),
        (4, "verifier uses a nonce for freshness"),
    ]


def test_c13_verifier_without_checks_partial(tmp_path):
    code = "from dcap_qvl import verify_quote\n\ndef check(quote, collateral, now):\n    return verify_quote(quote, collateral, now)\n"
    rated = rate_project(tmp_path, {"verify.py": code}).for_check("C13")
    assert rated.status is Status.PARTIAL
    assert rated.score == 4.0
    assert rated.improvements[:3] == (
        "Check the certificate chain up to the vendor's root.",
        "Compare the measurement with the published value.",
        "Include a fresh nonce in the attestation and check it.",
    )


def test_c13_quote_without_verifier_partial(tmp_path):
    code = "def attest(client, digest):\n    return client.get_quote(digest)\n"
    rated = rate_project(tmp_path, {"app.py": code}).for_check("C13")
    assert rated.status is Status.PARTIAL
    assert [(item.rule_id, item.location.line) for item in rated.findings] == [("attestation-not-verified", 2)]
    assert (
        "app.py:2 produces an attestation but nothing in the project verifies it; ship a verifier for clients."
        in rated.improvements
    )


def test_c13_signature_skipped_fails(tmp_path):
    code = (
        "import jwt\n\n"
        "def verify_attestation_token(token):\n"
        "    return jwt.decode(token, options={'verify_signature': False})\n"
    )
    rated = rate_project(tmp_path, {"client.py": code}).for_check("C13")
    assert rated.status is Status.FAIL
    assert [(item.rule_id, item.location.line) for item in rated.findings] == [("attestation-signature-skipped", 4)]


def test_c13_nothing_manual(tmp_path):
    assert rate_project(tmp_path, PYTHON_APP).for_check("C13").status is Status.MANUAL


def test_c14_tcb_check_passes(tmp_path):
    rated = rate_project(tmp_path, {"verify.py": VERIFIER}).for_check("C14")
    assert rated.status is Status.PASS
    assert [item.line for item in rated.evidence] == [9]


def test_c14_verifier_without_tcb_manual(tmp_path):
    code = "from dcap_qvl import verify_quote\n\ndef check(q, c, now):\n    return verify_quote(q, c, now)\n"
    rated = rate_project(tmp_path, {"verify.py": code}).for_check("C14")
    assert rated.status is Status.MANUAL
    assert rated.reason == "Verification code was found, but no TCB status or SVN check in it."


def test_c14_without_verifier_not_applicable(tmp_path):
    assert rate_project(tmp_path, PYTHON_APP).for_check("C14").status is Status.NOT_APPLICABLE


def test_c15_encrypted_mount_passes(tmp_path):
    manifest = 'fs.mounts = [\n  { path = "/data", uri = "file:data", type = "encrypted", key_name = "kms" },\n]\n'
    rated = rate_project(tmp_path, {"app.manifest.template": manifest}).for_check("C15")
    assert rated.status is Status.PASS
    assert [(item.path, item.line) for item in rated.evidence] == [("app.manifest.template", 2)]


def test_c15_plain_write_manual(tmp_path):
    code = "def save(state):\n    with open('/data/state.json', 'w') as handle:\n        handle.write(state)\n"
    rated = rate_project(tmp_path, {"app.py": code}).for_check("C15")
    assert rated.status is Status.MANUAL
    assert rated.improvements[0] == "Encrypt what app.py:2 writes to a file or database before it reaches host storage."


def test_c15_encrypted_write_partial(tmp_path):
    code = (
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n\n"
        "def save(key, nonce, state):\n"
        "    with open('/data/state.bin', 'wb') as handle:\n"
        "        handle.write(AESGCM(key).encrypt(nonce, state, None))\n"
    )
    rated = rate_project(tmp_path, {"app.py": code}).for_check("C15")
    assert rated.status is Status.PARTIAL
    assert rated.score == 6.0


def test_c15_no_writes_not_applicable(tmp_path):
    assert rate_project(tmp_path, PYTHON_APP).for_check("C15").status is Status.NOT_APPLICABLE


def test_c17_tests_and_pinned_ci_pass(tmp_path):
    workflow = f"jobs:\n  test:\n    steps:\n      - uses: actions/checkout@{SHA}\n"
    rated = rate_project(tmp_path, {
        "tests/test_app.py": "def test_app():\n    pass\n",
        ".github/workflows/ci.yml": workflow,
    }).for_check("C17")
    assert rated.status is Status.PASS
    assert [item.description for item in rated.evidence] == [
        "1 test file(s), the first shown",
        "continuous integration configuration",
        "all 1 third-party actions pinned by commit sha",
    ]


def test_c17_unpinned_action_partial(tmp_path):
    workflow = "jobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./local\n"
    rated = rate_project(tmp_path, {
        "tests/test_app.py": "def test_app():\n    pass\n",
        ".github/workflows/ci.yml": workflow,
    }).for_check("C17")
    assert rated.status is Status.PARTIAL
    assert rated.score == 7.0
    assert rated.improvements[0] == "Pin action actions/checkout@v4 to a full commit sha (.github/workflows/ci.yml:4)."


def test_c18_always_manual(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP, findings=[finding("C18", Severity.LOW)]).for_check("C18")
    assert rated.status is Status.MANUAL
    assert rated.scored is False


def test_external_evidence_merged(tmp_path):
    reported = Evidence("C11", "docker-compose.yml", "dstack socket mounted for key derivation", 7)
    rated = rate_project(tmp_path, PYTHON_APP, evidence=[reported]).for_check("C11")
    assert rated.status is Status.PARTIAL
    assert rated.score == 5.0
    assert rated.evidence == (reported,)


def test_not_applicable_has_no_next_steps(tmp_path):
    rated = rate_project(tmp_path, PYTHON_APP).for_check("C15")
    assert rated.improvements == ()


def test_full_evidence_lists_no_missing_components(tmp_path):
    manifest = 'fs.mounts = [\n  { path = "/data", uri = "file:data", type = "encrypted" },\n]\n'
    rated = rate_project(tmp_path, {"app.manifest.template": manifest}).for_check("C15")
    assert rated.score == 10.0
    assert rated.improvements == ()


def test_verify_report_outside_attestation_ignored(tmp_path):
    code = "def verify_report(sales):\n    return sum(sales) > 0\n"
    rated = rate_project(tmp_path, {"finance.py": code}).for_check("C13")
    assert rated.status is Status.MANUAL
    assert rated.evidence == ()


def test_c05_package_json_applies(tmp_path):
    rated = rate_project(tmp_path, {"package.json": '{"dependencies": {"left-pad": "1.3.0"}}\n'}).for_check("C05")
    assert rated.status is Status.PASS
    assert rated.evidence == (Evidence("C05", "", "1 file(s) analysed (json) with no finding"),)
