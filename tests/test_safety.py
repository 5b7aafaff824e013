"""The target never runs and nothing touches the network."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tee_audit.cli import main

REPO = Path(__file__).resolve().parents[1]


def hostile_project(root: Path, marker: Path) -> Path:
    """A project whose every usual entry point would write `marker` if run."""
    payload = f"open({str(marker)!r}, 'a').write(__file__ + '\\n')\n"
    (root / "pkg").mkdir(parents=True)
    (root / "setup.py").write_text("import setuptools\n" + payload + "setuptools.setup(name='evil', version='1.0')\n")
    (root / "conftest.py").write_text(payload)
    (root / "sitecustomize.py").write_text(payload)
    (root / "evil.pth").write_text(f"import os; {payload}")
    (root / "pkg" / "__init__.py").write_text(payload)
    (root / "pyproject.toml").write_text(
        "[build-system]\nrequires = ['setuptools']\nbuild-backend = 'setuptools.build_meta'\n\n"
        "[project]\nname = 'evil'\ndynamic = ['version', 'dependencies']\n"
    )
    (root / "requirements.txt").write_text("-e .\nrequests==2.30.0\n")
    (root / "Makefile").write_text(f"all:\n\ttouch {marker}\n")
    (root / "Dockerfile").write_text(f"FROM python:3.12-slim\nRUN touch {marker}\n")
    return root


@pytest.mark.parametrize("command", [["scan"], ["sbom"], ["audit"]])
def test_target_code_never_runs(tmp_path, command):
    marker = tmp_path / "marker"
    project = hostile_project(tmp_path / "project", marker)
    arguments = [sys.executable, "-m", "tee_audit", *command, str(project), "--no-cache" if command != ["sbom"] else "-q"]
    if command == ["audit"]:
        arguments += ["--html", str(tmp_path / "report.html")]

    completed = subprocess.run(arguments, capture_output=True, text=True, timeout=600, cwd=project)

    assert completed.returncode in (0, 1, 2)
    assert "Traceback" not in completed.stderr
    assert not marker.exists(), marker.read_text()


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection, loopback included."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(None, host))
    return attempts


@pytest.mark.parametrize(
    "arguments",
    [
        ["scan", "examples/vulnerable-agent", "--jobs", "1", "--no-cache"],
        ["scan", "examples/hardened-agent", "--format", "sarif", "--jobs", "1", "--no-cache"],
        ["audit", "examples/vulnerable-agent", "--format", "json", "--jobs", "1", "--no-cache"],
        ["sbom", "examples/vulnerable-agent"],
        ["rules"],
        ["config"],
    ],
)
def test_offline_commands_open_no_connection(no_network, monkeypatch, arguments):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code in (0, 1), result.output
    assert no_network == []
