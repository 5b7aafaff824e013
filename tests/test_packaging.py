"""The wheel carries every subpackage, the templates, the data files and the rule packs."""

import sys
import tomllib
import zipfile
from pathlib import Path
import subprocess

REPO = Path(__file__).resolve().parents[1]


def declared_packages():
    return set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])


def test_every_subpackage_declared():
    found = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "tee_audit").rglob("__init__.py")
    }
    assert found <= declared_packages()


def test_wheel_contains_rules_templates_and_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    wheel = next(tmp_path.glob("tee_audit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tee_audit/templates/report.html.j2" in names
    assert "tee_audit/data/base_images.toml" in names
    assert "tee_audit/data/bip39_english.txt" in names
    packs = {name for name in names if name.startswith("tee_audit/semgrep_rules/") and name.endswith(".yml")}
    expected = {f"tee_audit/semgrep_rules/{path.relative_to(REPO / 'rules').as_posix()}" for path in (REPO / "rules").rglob("*.yml")}
    assert packs == expected
