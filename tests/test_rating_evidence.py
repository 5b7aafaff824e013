"""The positive-evidence collectors, one kind of evidence at a time."""

from __future__ import annotations

import importlib

import pytest

from rating_support import DIGEST, SHA, read_text, write_project
from tee_audit.audit import rate_report
from tee_audit.checklist.evidence import collect
from tee_audit.config import Config
from tee_audit.pipeline import scan


def signals(tmp_path, files, check):
    collected = collect(write_project(tmp_path, files), read_text)
    return [(signal.key, signal.evidence.path, signal.evidence.line) for signal in collected.signals
            if signal.evidence.check == check]


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("uv.lock", '[[package]]\nname = "a"\nsdist = { url = "x", hash = "sha256:' + "ab" * 32 + '" }\n', 3),
        ("poetry.lock", '[[package]]\nfiles = [\n    {file = "a.whl", hash = "sha256:' + "ab" * 32 + '"},\n]\n', 3),
        ("package-lock.json", '{\n  "packages": {\n    "node_modules/a": {\n      "integrity": "sha512-abc"\n    }\n  }\n}\n', 4),
        ("Cargo.lock", '[[package]]\nname = "a"\nchecksum = "' + "ab" * 32 + '"\n', 3),
        ("go.sum", "golang.org/x/crypto v0.1.0 h1:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=\n", 1),
        ("requirements-lock.txt", "a==1.0 \\\n    --hash=sha256:" + "ab" * 32 + "\n", 2),
    ],
)
def test_hashed_lockfile_evidence(tmp_path, name, text, line):
    assert signals(tmp_path, {name: text}, "C02") == [("hashed-lockfile", name, line)]


def test_lockfile_without_hashes_no_evidence(tmp_path):
    assert signals(tmp_path, {"requirements.txt": "a==1.0\n"}, "C02") == []


@pytest.mark.parametrize(
    "command",
    ["pip install --require-hashes -r requirements.txt", "npm ci", "uv sync --frozen",
     "cargo build --release --locked", "yarn install --frozen-lockfile"],
)
def test_frozen_install_evidence(tmp_path, command):
    dockerfile = f"FROM scratch\nRUN {command}\n"
    assert signals(tmp_path, {"Dockerfile": dockerfile}, "C02") == [("frozen-install", "Dockerfile", 2)]


def test_plain_install_no_evidence(tmp_path):
    assert signals(tmp_path, {"Dockerfile": "FROM scratch\nRUN pip install -r requirements.txt\n"}, "C02") == []


def test_source_date_epoch_evidence(tmp_path):
    build = "#!/bin/sh\nexport SOURCE_DATE_EPOCH=0\ndocker build .\n"
    assert signals(tmp_path, {"build.sh": build}, "C02") == [("source-date-epoch", "build.sh", 2)]


def test_digest_pinned_compose_image(tmp_path):
    compose = f"services:\n  app:\n    image: ghcr.io/acme/app@{DIGEST}\n  db:\n    image: postgres:16\n"
    assert signals(tmp_path, {"docker-compose.yml": compose}, "C02") == [
        ("digest-pinned-image", "docker-compose.yml", 3),
    ]


def test_tag_pinned_image_no_evidence(tmp_path):
    assert signals(tmp_path, {"Dockerfile": "FROM python:3.12-slim\n"}, "C02") == []


@pytest.mark.parametrize(
    "line",
    ["MRENCLAVE: " + "ab" * 32, "RTMR3 = 0x" + "cd" * 48, "The compose hash is `" + "ef" * 32 + "`",
     "| PCR2 | " + "01" * 48 + " |"],
)
def test_published_measurement_evidence(tmp_path, line):
    docs = f"# Releases\n\n{line}\n"
    assert signals(tmp_path, {"docs/releases.md": docs}, "C03") == [("measurement-published", "docs/releases.md", 3)]


def test_measurement_name_without_value_no_evidence(tmp_path):
    docs = "# Verify\n\nCompare MRENCLAVE with the value we will publish.\n"
    assert signals(tmp_path, {"README.md": docs}, "C03") == []


@pytest.mark.parametrize(
    "code",
    ["key = client.get_key('signing')", "key = kms.decrypt(CiphertextBlob=blob)",
     "kms = boto3.client('kms')", "secret = derive_key(path='/wallet')"],
)
def test_kms_key_evidence(tmp_path, code):
    assert signals(tmp_path, {"keys.py": f"import x\n{code}\n"}, "C11") == [("kms-key", "keys.py", 2)]


@pytest.mark.parametrize(
    "code",
    ["quote = tappd.tdx_quote(report_data=sha256(pubkey).digest())",
     "doc = nsm.get_attestation_doc(public_key=public_key_der)",
     "open('/dev/attestation/user_report_data', 'wb').write(digest)"],
)
def test_report_data_binding_evidence(tmp_path, code):
    assert signals(tmp_path, {"attest.py": f"import x\n{code}\n"}, "C12") == [("report-data-binding", "attest.py", 2)]


def test_report_data_outside_attestation_ignored(tmp_path):
    assert signals(tmp_path, {"form.py": "user_data = request.json()\n"}, "C12") == []


def test_ci_actions_pinned_evidence(tmp_path):
    workflow = f"jobs:\n  a:\n    steps:\n      - uses: actions/checkout@{SHA}\n      - uses: docker://alpine:3\n"
    assert signals(tmp_path, {".github/workflows/ci.yml": workflow}, "C17") == [
        ("ci", ".github/workflows/ci.yml", 0),
        ("ci-pinned", ".github/workflows/ci.yml", 0),
    ]


def test_test_files_evidence(tmp_path):
    files = {"src/app_test.go": "package app\n", "web/app.spec.ts": "it('x', () => {})\n", "src/app.go": "package app\n"}
    assert signals(tmp_path, files, "C17") == [("tests", "src/app_test.go", 0)]


def test_unreadable_file_skipped(tmp_path):
    files = write_project(tmp_path, {"app.py": "x = 1\n", "LICENSE": "MIT\n"})
    collected = collect(files, lambda file: None if file.path == "app.py" else read_text(file))
    assert [(signal.key, signal.evidence.path) for signal in collected.signals] == [("license", "LICENSE")]


def test_audit_reuses_scan_evidence(tmp_path, monkeypatch):
    (tmp_path / "keys.py").write_text("from dstack_sdk import TappdClient\nkey = TappdClient().get_key('wallet')\n")
    config = Config(jobs=1, cache=False)
    report = scan([str(tmp_path)], config)

    def collect_again(*args, **kwargs):
        raise AssertionError("the rating read the project again")

    # The package exports the function `rate`, which hides the module of the same name.
    monkeypatch.setattr(importlib.import_module("tee_audit.checklist.rate"), "collect", collect_again)
    rating = rate_report(report, config, None, None).rating
    [c11] = [check for check in rating.checks if check.check.id == "C11"]
    assert any("KMS" in item.description for item in c11.evidence)
