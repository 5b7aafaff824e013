"""The Semgrep packs in rules/: their annotated tests, registry entries and examples."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tee_audit.analyzers.semgrep import SemgrepAnalyzer, _offline_environment, locate_semgrep
from tee_audit.checks import CHECKS_BY_ID
from tee_audit.model import FileKind, SourceFile
from tee_audit.registry import load, semgrep_rule_files, semgrep_rules_dir

LANGUAGE_PREFIXES = {"javascript": "js-", "go": "go-", "rust": "rust-", "shell": "shell-", "makefile": "make-"}

# Where each rule language's examples are written, and the kind discovery gives them.
EXAMPLE_FILES = {
    "javascript": ("example.ts", FileKind.TYPESCRIPT),
    "go": ("example.go", FileKind.GO),
    "rust": ("example.rs", FileKind.RUST),
    "shell": ("example.sh", FileKind.SHELL),
    "makefile": ("Makefile", FileKind.MAKEFILE),
}


def pack_rules() -> list[dict]:
    rules = []
    for path in semgrep_rule_files():
        rules.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["rules"])
    return rules


def semgrep_rule_ids() -> list[str]:
    return [raw["id"] for raw in pack_rules()]


def test_packs_pass_semgrep_test_mode(tmp_path):
    completed = subprocess.run(
        [locate_semgrep(), "--test", "--metrics=off", "--disable-version-check", str(semgrep_rules_dir())],
        env=_offline_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "All tests passed" in completed.stdout


def test_pack_rule_ids_unique():
    ids = semgrep_rule_ids()

    assert len(ids) == len(set(ids))


def test_registry_includes_every_pack_rule():
    registry = load()

    for rule_id in semgrep_rule_ids():
        rule = registry.get(rule_id)
        assert rule is not None, rule_id
        assert rule.engine == "semgrep"
        assert rule.check in CHECKS_BY_ID


@pytest.mark.parametrize("rule_id", semgrep_rule_ids())
def test_pack_rule_id_has_language_prefix(rule_id):
    rule = load().get(rule_id)

    assert rule.id.startswith(LANGUAGE_PREFIXES[rule.language])


@pytest.mark.parametrize("path", semgrep_rule_files(), ids=lambda path: path.name)
def test_pack_file_has_test_file(path):
    siblings = [other for other in path.parent.glob(path.stem + ".*") if other.suffix not in (".yml", ".yaml")]

    assert siblings, f"{path} has no annotated test file beside it"


@pytest.fixture(scope="module")
def example_findings(tmp_path_factory) -> dict[str, set[str]]:
    """Scan every rule's bad and good example in one Semgrep run and return
    the rule ids found in each example folder, keyed `<rule>/bad` or `<rule>/good`."""
    root = tmp_path_factory.mktemp("examples")
    files = []
    for rule in load():
        if rule.engine != "semgrep":
            continue
        name, kind = EXAMPLE_FILES[rule.language]
        for variant in ("bad", "good"):
            path = root / rule.id / variant / name
            path.parent.mkdir(parents=True)
            path.write_text(getattr(rule, variant), encoding="utf-8")
            files.append(SourceFile(path.relative_to(root).as_posix(), str(path), kind, path.stat().st_size))

    result = SemgrepAnalyzer().analyze_project(str(root), files, lambda file: Path(file.absolute).read_text())

    assert result.failures == []
    assert result.skipped == []
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        folder = str(Path(finding.location.path).parent)
        found.setdefault(folder, set()).add(finding.rule_id)
    return found


@pytest.mark.parametrize("rule_id", semgrep_rule_ids())
def test_rule_bad_example_fires(rule_id, example_findings):
    assert rule_id in example_findings.get(f"{rule_id}/bad", set())


@pytest.mark.parametrize("rule_id", semgrep_rule_ids())
def test_rule_good_example_is_clean(rule_id, example_findings):
    assert rule_id not in example_findings.get(f"{rule_id}/good", set())


def test_supersedes_names_pack_rules():
    ids = set(semgrep_rule_ids())

    for raw in pack_rules():
        for superseded in raw["metadata"]["tee-audit"].get("supersedes", []):
            assert superseded in ids, f"{raw['id']} supersedes unknown rule {superseded}"
