"""A missing Semgrep is a failure every output states, and the scan exits 2."""

import json

from click.testing import CliRunner

from tee_audit.analyzers import semgrep
from tee_audit.cli import main

TS = 'const wallet = { privateKey: process.env.KEY };\nconsole.log(wallet.privateKey);\n'
PY = "import pickle, sys\npickle.loads(sys.stdin.buffer.read())\n"


def run(tmp_path, *arguments):
    return CliRunner().invoke(main, ["scan", str(tmp_path), "--jobs", "1", "--no-cache", *arguments])


def test_missing_semgrep_reported_and_exits_two(tmp_path, monkeypatch):
    monkeypatch.setattr(semgrep, "locate_semgrep", lambda: None)
    (tmp_path / "client.ts").write_text(TS)
    (tmp_path / "worker.py").write_text(PY)

    text = run(tmp_path)
    assert text.exit_code == 2
    assert text.output.startswith("error: ")
    assert "semgrep" in text.output.splitlines()[0].lower()

    document = json.loads(run(tmp_path, "--format", "json").stdout)
    assert [f["rule_id"] for f in document["findings"]] == ["unsafe-deserialization"]
    assert len(document["failures"]) == 1

    sarif = json.loads(run(tmp_path, "--format", "sarif").stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["level"] == "error"

    markdown = run(tmp_path, "--format", "markdown").stdout
    assert "**Scan failure:**" in markdown
