"""Bad input never crashes the image, compose and enclave analyzers."""

from hypothesis import given, settings
from hypothesis import strategies as st

import tee_audit.analyzers.dockerfile as dockerfile_module
from tee_audit.analyzers.compose import ComposeAnalyzer
from tee_audit.analyzers.dockerfile import DockerfileAnalyzer
from tee_audit.analyzers.enclave import EnclaveAppAnalyzer, GramineManifestAnalyzer, KmsPolicyAnalyzer
from tee_audit.dockerfile.parser import parse
from tee_audit.model import FileKind, SourceFile

PIECES = st.sampled_from([
    "FROM ", "from ", "RUN ", "COPY ", "ARG ", "ENV ", "USER ", "AS ", "<<EOF", "<<-'X'", "EOF", "X", "\\", "`",
    "\n", "\r\n", "# escape=`", "#", "$", "${A:-b}", "--platform=x ", "[", "]", '"', "curl | sh", "=", ":", "@",
    "sha256:", "services:", "  ", "- ", "image:", "{{", "}}", "{%", "%}", "sgx.debug = true", "\ufeff",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join)


def file(kind, name="input"):
    return SourceFile(name, "/nonexistent/" + name, kind, 0)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_parser_accepts_any_text(text):
    dockerfile = parse(text)

    for instruction in dockerfile.instructions:
        assert 1 <= instruction.first_line <= instruction.last_line


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_analyzers_never_raise(text):
    DockerfileAnalyzer().analyze(file(FileKind.DOCKERFILE, "Dockerfile"), text)
    ComposeAnalyzer().analyze(file(FileKind.COMPOSE, "compose.yaml"), text)
    GramineManifestAnalyzer().analyze(file(FileKind.GRAMINE_MANIFEST, "app.manifest"), text)
    KmsPolicyAnalyzer().analyze(file(FileKind.JSON, "policy.json"), text)
    EnclaveAppAnalyzer().analyze(file(FileKind.ENCLAVE_CONFIG, "app-compose.json"), text)
    EnclaveAppAnalyzer().analyze(file(FileKind.ENCLAVE_CONFIG, "rofl.yaml"), text)


def test_failing_check_keeps_other_findings(monkeypatch):
    def broken(context):
        raise RuntimeError("boom")

    monkeypatch.setattr(dockerfile_module, "_check_user", broken)

    result = DockerfileAnalyzer().analyze(file(FileKind.DOCKERFILE, "Dockerfile"), "FROM alpine\n")

    assert sorted(finding.rule_id for finding in result.findings) == ["image-latest-tag", "image-not-digest-pinned"]
    assert [(item.reason.value, item.detail) for item in result.skipped] == [
        ("analyzer-error", "dockerfile check 'user' failed: RuntimeError('boom')")
    ]
