"""SupplyChainAnalyzer over whole projects: file selection, counts, notices and evidence."""

from __future__ import annotations

import json

import pytest
from supply_project import read_text, shared_osv_folder, write_project

from tee_audit.model import FileKind, SourceFile
from tee_audit.supply.analyzer import SupplyChainAnalyzer
from tee_audit.supply.collect import supply_kind


def test_large_dependency_count_reports_number(tmp_path):
    text = "".join(f"package-{number}==1.0\n" for number in range(12))
    sources = write_project(tmp_path, {"requirements.txt": text})
    result = SupplyChainAnalyzer(large_count=10).analyze_project(str(tmp_path), sources, read_text)
    counts = [finding for finding in result.findings if finding.rule_id == "large-dependency-count"]
    assert [(finding.location.path, finding.location.line, finding.severity.value) for finding in counts] == [("requirements.txt", 0, "info")]
    assert counts[0].message == "The project installs 12 distinct third-party packages (more than 10)."


def test_analyzer_ignores_unrelated_json(tmp_path):
    sources = write_project(tmp_path, {"config/settings.json": json.dumps({"dependencies": {"x": "^1"}}), "package.json": '{"dependencies": {"left-pad": "1.3.0"}}'})
    result = SupplyChainAnalyzer().analyze_project(str(tmp_path), sources, read_text)
    assert result.findings == []
    assert result.skipped == []


def test_undecodable_file_is_left_to_pipeline(tmp_path):
    source = SourceFile(path="poetry.lock", absolute=str(tmp_path / "poetry.lock"), kind=FileKind.LOCKFILE, size=0)
    result = SupplyChainAnalyzer().analyze_project(str(tmp_path), [source], lambda file: None)
    assert result.findings == []
    assert result.skipped == []


@pytest.mark.skipif(shared_osv_folder() is None, reason="shared OSV test data not found; set TEE_AUDIT_SHARED to its folder")
def test_ecosystem_missing_from_database_is_unchecked(tmp_path):
    lock = json.dumps({"lockfileVersion": 3, "packages": {"": {}, "node_modules/left-pad": {"version": "1.3.0"}}}, indent=2)
    sources = write_project(tmp_path, {"package-lock.json": lock, "requirements.txt": "idna==3.7 --hash=sha256:" + "a" * 64 + "\n"})
    result = SupplyChainAnalyzer(vuln_db=shared_osv_folder() / "pypi").analyze_project(str(tmp_path), sources, read_text)
    assert result.notices == ["Known vulnerabilities were not checked for 1 pinned versions (npm), because no lookup source covers them."]
    assert result.failures == []
    assert sorted(item.description for item in result.evidence) == [
        f"dependencies checked for known vulnerabilities (OSV database {shared_osv_folder() / 'pypi'})",
        "package-lock.json pins the dependency versions",
    ]


def test_installed_copies_are_not_project_manifests(tmp_path):
    sources = write_project(tmp_path, {"node_modules/left-pad/package.json": '{"dependencies": {"x": "^1.0.0"}}'})
    result = SupplyChainAnalyzer().analyze_project(str(tmp_path), sources, read_text)
    assert result.findings == []


@pytest.mark.skipif(shared_osv_folder() is None, reason="shared OSV test data not found; set TEE_AUDIT_SHARED to its folder")
def test_dev_dependency_vulnerability_has_medium_confidence(tmp_path):
    lock = json.dumps({"default": {}, "develop": {"cryptography": {"version": "==41.0.5"}}}, indent=4)
    sources = write_project(tmp_path, {"Pipfile.lock": lock})
    result = SupplyChainAnalyzer(vuln_db=shared_osv_folder() / "pypi").analyze_project(str(tmp_path), sources, read_text)
    assert [(finding.rule_id, finding.location.line, finding.confidence.value) for finding in result.findings] == [
        ("known-vulnerable-dependency", 4, "medium")
    ]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("requirements.txt", FileKind.REQUIREMENTS),
        ("requirements-dev.txt", FileKind.REQUIREMENTS),
        ("docker/prod-requirements.txt", FileKind.REQUIREMENTS),
        ("requirements/base.txt", FileKind.REQUIREMENTS),
        ("constraints.txt", FileKind.REQUIREMENTS),
        ("pyproject.toml", FileKind.PYPROJECT),
        ("go.mod", FileKind.GO_MOD),
        ("go.sum", FileKind.LOCKFILE),
        ("pylock.dev.toml", FileKind.LOCKFILE),
        ("web/pnpm-lock.yaml", FileKind.LOCKFILE),
        ("notes.txt", None),
        ("package.json", None),
    ],
)
def test_supply_kind_by_file_name(path, kind):
    assert supply_kind(path) == kind
