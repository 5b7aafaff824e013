"""Every image and enclave rule fires on its own `bad` example and not on its `good` one."""

import pytest

from tee_audit.analyzers.compose import ComposeAnalyzer
from tee_audit.analyzers.dockerfile import DockerfileAnalyzer
from tee_audit.analyzers.enclave import (
    EnclaveAppAnalyzer,
    GramineManifestAnalyzer,
    KmsPolicyAnalyzer,
    NitroCommandAnalyzer,
)
from tee_audit.catalog import enclave, images
from tee_audit.model import FileKind
from tee_audit.registry import Rule

from helpers_images import source

RULES = [value for module in (images, enclave) for value in vars(module).values() if isinstance(value, Rule)]


def _setup(rule: Rule):
    if rule.language == "dockerfile":
        return DockerfileAnalyzer(), "Dockerfile", FileKind.DOCKERFILE
    if rule.language == "compose":
        return ComposeAnalyzer(), "compose.yaml", FileKind.COMPOSE
    if rule.language == "gramine-manifest":
        return GramineManifestAnalyzer(), "app.manifest.template", FileKind.GRAMINE_MANIFEST
    if rule.language == "shell":
        return NitroCommandAnalyzer(), "run-enclave.sh", FileKind.SHELL
    if rule.language == "json":
        return KmsPolicyAnalyzer(), "key-policy.json", FileKind.JSON
    name = "rofl.yaml" if rule.id.startswith("rofl-") else "app-compose.json"
    return EnclaveAppAnalyzer(), name, FileKind.ENCLAVE_CONFIG


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_bad_example_fires(rule, tmp_path):
    analyzer, name, kind = _setup(rule)
    (tmp_path / "app.env").write_text("LOG_LEVEL=info\n")
    file, text = source(tmp_path, name, rule.bad, kind)

    result = analyzer.analyze(file, text)

    assert rule.id in {finding.rule_id for finding in result.findings}
    assert result.skipped == []


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_good_example_is_quiet(rule, tmp_path):
    analyzer, name, kind = _setup(rule)
    file, text = source(tmp_path, name, rule.good, kind)

    result = analyzer.analyze(file, text)

    assert rule.id not in {finding.rule_id for finding in result.findings}
    assert result.skipped == []


def test_rules_load_into_registry():
    from tee_audit.registry import load

    registry = load()

    for rule in RULES:
        assert registry.get(rule.id) is rule
