import json

from tee_audit.analyzers.enclave import (
    EnclaveAppAnalyzer,
    GramineManifestAnalyzer,
    KmsPolicyAnalyzer,
    NitroCommandAnalyzer,
)
from tee_audit.model import FileKind

from helpers_images import hits, source


def test_gramine_template_with_jinja(tmp_path):
    text = (
        "# {{ comment }}\n"
        'loader.entrypoint = "file:{{ gramine.libos }}"\n'
        'libos.entrypoint = "{{ entrypoint }}"\n'
        'loader.log_level = "{{ log_level }}"\n'
        "{% for path in paths %}\n"
        "{% endfor %}\n"
        "sgx.debug = true\n"
        "sgx.max_threads = {{ threads }}\n"
        "loader.insecure__use_cmdline_argv = true\n"
        "loader.insecure__use_host_env = false\n"
        'fs.insecure__keys.default = "ffeeddccbbaa99887766554433221100"\n'
        'sgx.file_check_policy = "allow_all_but_log"\n'
        "sgx.enable_stats = true\n"
        "sgx.allowed_files = [\n"
        '  "file:/tmp/out.log",\n'
        '  "file:app/plugins/",\n'
        "]\n"
        "\n"
        "[sgx.profile]\n"
        'enable = "main"\n'
    )
    file, decoded = source(tmp_path, "app.manifest.template", text, FileKind.GRAMINE_MANIFEST)

    result = GramineManifestAnalyzer().analyze(file, decoded)

    assert hits(result) == [
        ("gramine-debug-enclave", 7),
        ("gramine-file-check-allow-all", 12),
        ("gramine-hardcoded-encryption-key", 11),
        ("gramine-insecure-option", 9),
        ("gramine-profiling-enabled", 13),
        ("gramine-profiling-enabled", 20),
    ]
    assert all("ffeedd" not in finding.snippet for finding in result.findings)


def test_gramine_allowed_code_and_log_level(tmp_path):
    text = 'loader.log_level = "trace"\nsgx.allowed_files = ["file:lib/libcrypto.so.3", "file:/tmp/out.log"]\n'
    file, decoded = source(tmp_path, "app.manifest", text, FileKind.GRAMINE_MANIFEST)

    assert hits(GramineManifestAnalyzer().analyze(file, decoded)) == [
        ("gramine-allowed-file-holds-code", 2),
        ("gramine-verbose-log-level", 1),
    ]


def test_gramine_invalid_toml_is_skipped(tmp_path):
    file, decoded = source(tmp_path, "app.manifest", "sgx.debug = = true\n", FileKind.GRAMINE_MANIFEST)

    result = GramineManifestAnalyzer().analyze(file, decoded)

    assert [item.reason.value for item in result.skipped] == ["parse-error"]


def test_nitro_debug_in_makefile_continuation(tmp_path):
    text = (
        "run:\n"
        "\tnitro-cli run-enclave --eif-path app.eif \\\n"
        "\t  --cpu-count 2 --memory 2048 \\\n"
        "\t  --debug-mode --attach-console\n"
        "prod:\n"
        "\tnitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 2048\n"
    )
    file, decoded = source(tmp_path, "Makefile", text, FileKind.MAKEFILE)

    result = NitroCommandAnalyzer().analyze(file, decoded)

    assert hits(result) == [("nitro-debug-mode", 4), ("nitro-debug-mode", 4)]
    assert result.findings[0].statement_lines == (2, 4)


def test_kms_policy_statements(tmp_path):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "enclave", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/app"},
             "Action": ["kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEqualsIgnoreCase": {"kms:RecipientAttestation:PCR0": "ab"}}},
            {"Sid": "leak", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/ops"},
             "Action": "kms:GenerateDataKey", "Resource": "*"},
            {"Sid": "describe", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/ops"},
             "Action": "kms:DescribeKey", "Resource": "*"},
        ],
    }
    text = json.dumps(policy, indent=2)
    file, decoded = source(tmp_path, "policy.json", text, FileKind.JSON)

    result = KmsPolicyAnalyzer().analyze(file, decoded)

    lines = text.splitlines()
    leak_line = lines.index('      "Sid": "leak",')
    assert hits(result) == [("kms-key-release-without-attestation", leak_line)]
    assert result.findings[0].statement_lines[1] > leak_line


def test_dstack_settings(tmp_path):
    text = (
        "{\n"
        '  "name": "demo",\n'
        '  "public_logs": true,\n'
        '  "public_sysinfo": true,\n'
        '  "kms_enabled": false,\n'
        '  "allowed_envs": ["RPC_URL", "PRIVATE_KEY", "LD_PRELOAD"],\n'
        '  "pre_launch_script": "curl -s https://example.com/p.sh | bash"\n'
        "}\n"
    )
    file, decoded = source(tmp_path, "app-compose.json", text, FileKind.ENCLAVE_CONFIG)

    assert hits(EnclaveAppAnalyzer().analyze(file, decoded)) == [
        ("downloaded-script-executed", 7),
        ("dstack-kms-disabled", 5),
        ("dstack-operator-env-injection", 6),
        ("dstack-operator-env-injection", 6),
        ("dstack-public-logs", 3),
        ("dstack-public-sysinfo", 4),
    ]


def test_rofl_artifacts(tmp_path):
    text = (
        "name: app\n"
        "artifacts:\n"
        "  firmware: https://example.com/ovmf.tdx.fd#" + "a" * 64 + "\n"
        "  kernel: https://example.com/stage1.bin\n"
        "  container:\n"
        "    runtime: https://example.com/rofl-containers\n"
        "    compose: compose.yaml\n"
    )
    file, decoded = source(tmp_path, "rofl.yaml", text, FileKind.ENCLAVE_CONFIG)

    assert hits(EnclaveAppAnalyzer().analyze(file, decoded)) == [
        ("rofl-artifact-without-hash", 4),
        ("rofl-artifact-without-hash", 6),
    ]


def test_evidence_from_enclave_configuration(tmp_path):
    manifest, manifest_text = source(tmp_path, "app.manifest", "sgx.debug = false\n", FileKind.GRAMINE_MANIFEST)
    app, app_text = source(tmp_path, "app-compose.json", '{\n  "kms_enabled": true\n}\n', FileKind.ENCLAVE_CONFIG)
    rofl, rofl_text = source(
        tmp_path, "rofl.yaml", "artifacts:\n  kernel: https://example.com/k#" + "a" * 64 + "\n", FileKind.ENCLAVE_CONFIG
    )

    evidence = (
        GramineManifestAnalyzer().analyze(manifest, manifest_text).evidence
        + EnclaveAppAnalyzer().analyze(app, app_text).evidence
        + EnclaveAppAnalyzer().analyze(rofl, rofl_text).evidence
    )

    assert [(item.check, item.path, item.line) for item in evidence] == [
        ("C10", "app.manifest", 0),
        ("C11", "app-compose.json", 2),
        ("C02", "rofl.yaml", 2),
    ]


def test_kms_attested_statement_is_evidence(tmp_path):
    policy = {"Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
                             "Condition": {"StringEquals": {"kms:RecipientAttestation:ImageSha384": "ab"}}}]}
    file, text = source(tmp_path, "policy.json", json.dumps(policy, indent=2), FileKind.JSON)

    result = KmsPolicyAnalyzer().analyze(file, text)

    assert result.findings == []
    assert [(item.check, item.line) for item in result.evidence] == [("C11", 3)]


def test_gramine_inline_jinja_statement_value(tmp_path):
    text = "sgx.debug = {% if debug %}true{% else %}false{% endif %}\nloader.insecure__use_host_env = true\n"
    file, decoded = source(tmp_path, "app.manifest.template", text, FileKind.GRAMINE_MANIFEST)

    result = GramineManifestAnalyzer().analyze(file, decoded)

    assert hits(result) == [("gramine-insecure-option", 2)]
    assert result.skipped == []
