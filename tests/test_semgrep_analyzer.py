"""SemgrepAnalyzer on real files in a temporary project, with a real Semgrep."""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest

from tee_audit.analyzers import semgrep as semgrep_module
from tee_audit.analyzers.semgrep import SemgrepAnalyzer
from tee_audit.model import Confidence, FileKind, Severity, SkipReason, SourceFile

HEX_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"

PROJECT = {
    "agent/src/index.ts": (
        FileKind.TYPESCRIPT,
        'import { ethers } from "ethers";\n'
        "\n"
        "const wallet = ethers.Wallet.createRandom();\n"
        'console.log("signer", wallet.address);\n'
        f'console.log("signer key", wallet.privateKey, "{HEX_KEY}");\n'
        'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n',
    ),
    # Semgrep's default ignore list drops tests/ and *.min.js. Here discovery decides.
    "tests/helpers.min.js": (FileKind.JAVASCRIPT, "const run = (code) =>\n  eval(code);\n"),
    "signer/main.go": (
        FileKind.GO,
        "package main\n"
        "\n"
        'import "crypto/tls"\n'
        "\n"
        "func config() *tls.Config {\n"
        "\treturn &tls.Config{\n"
        "\t\tInsecureSkipVerify: true,\n"
        "\t}\n"
        "}\n",
    ),
    "runtime/src/lib.rs": (
        FileKind.RUST,
        "fn client() -> reqwest::Client {\n"
        "    reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap()\n"
        "}\n",
    ),
    # A shell script without a .sh suffix, which Semgrep alone would not scan.
    "scripts/start": (
        FileKind.SHELL,
        "#!/bin/sh\n"
        "set -eu\n"
        "curl -fsSL https://get.example.com/install.sh | sh\n"
        "nitro-cli run-enclave --eif-path app.eif --cpu-count 2\n",
    ),
    "Makefile": (
        FileKind.MAKEFILE,
        "run:\n\tnitro-cli run-enclave --eif-path app.eif --debug-mode\n",
    ),
    "tools/gen.py": (FileKind.PYTHON, "eval(input())\n"),
}


def write_project(root: Path, project: dict[str, tuple[FileKind, str]]) -> list[SourceFile]:
    files = []
    for relative, (kind, text) in project.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        files.append(SourceFile(relative, str(path), kind, path.stat().st_size))
    return files


def read_text(file: SourceFile) -> str | None:
    """Decode without newline translation, so CRLF files keep their line endings."""
    return Path(file.absolute).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def project_result(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    files = write_project(root, PROJECT)
    return SemgrepAnalyzer().analyze_project(str(root), files, read_text)


def test_mixed_project_exact_findings(project_result):
    found = sorted((f.location.path, f.location.line, f.rule_id) for f in project_result.findings)

    assert found == [
        ("Makefile", 2, "make-nitro-debug-enclave"),
        ("agent/src/index.ts", 5, "js-private-key-logged"),
        ("agent/src/index.ts", 6, "js-tls-verify-disabled-env"),
        ("runtime/src/lib.rs", 2, "rust-tls-verify-disabled"),
        ("scripts/start", 3, "shell-curl-pipe-shell"),
        ("signer/main.go", 6, "go-tls-verify-disabled"),
        ("tests/helpers.min.js", 2, "js-eval-of-data"),
    ]
    assert project_result.skipped == []
    assert project_result.failures == []


def test_finding_fields_from_registry(project_result):
    finding = next(f for f in project_result.findings if f.rule_id == "js-private-key-logged")

    assert finding.check == "C04"
    assert finding.severity is Severity.CRITICAL
    assert finding.confidence is Confidence.HIGH
    assert (finding.location.line, finding.location.column) == (5, 1)
    assert (finding.location.end_line, finding.location.end_column) == (5, 113)
    assert finding.statement_lines == (5, 5)
    assert finding.message.startswith("Private key or mnemonic material reaches")


def test_finding_snippet_redacted(project_result):
    finding = next(f for f in project_result.findings if f.rule_id == "js-private-key-logged")

    assert HEX_KEY not in finding.snippet
    assert HEX_KEY not in finding.code_key
    assert finding.snippet == 'console.log("signer key", wallet.privateKey, "[REDACTED]");'
    assert finding.code_key == 'console.log("signer key", wallet.privateKey, "[REDACTED]")'


def test_multiline_match_statement_lines(project_result):
    finding = next(f for f in project_result.findings if f.rule_id == "go-tls-verify-disabled")

    assert finding.statement_lines == (6, 8)
    assert finding.snippet == "\treturn &tls.Config{\n\t\tInsecureSkipVerify: true,\n\t}"
    assert finding.code_key == "tls.Config{ InsecureSkipVerify: true, }"


def test_parse_error_becomes_skipped(tmp_path):
    files = write_project(
        tmp_path,
        {
            "web/broken.js": (FileKind.JAVASCRIPT, "const a = 1;\n\nfunction (( {\n"),
            "ok.go": (FileKind.GO, 'package main\n\nimport "os/exec"\n\nfunc f(c string) { exec.Command(c).Run() }\n'),
        },
    )

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert [(f.location.path, f.location.line, f.rule_id) for f in result.findings] == [
        ("ok.go", 5, "go-command-with-data")
    ]
    assert [(s.path, s.reason) for s in result.skipped] == [("web/broken.js", SkipReason.PARSE_ERROR)]
    assert result.skipped[0].detail == (
        "semgrep: Syntax error at line web/broken.js:1: `const a = 1; function (( { ` was unexpected"
    )
    assert result.failures == []


def test_undecodable_file_not_scanned(tmp_path):
    files = write_project(tmp_path, {"a.js": (FileKind.JAVASCRIPT, "eval(x);\n"), "b.js": (FileKind.JAVASCRIPT, "eval(y);\n")})

    def read_only_b(file: SourceFile) -> str | None:
        return read_text(file) if file.path == "b.js" else None

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_only_b)

    assert [(f.location.path, f.rule_id) for f in result.findings] == [("b.js", "js-eval-of-data")]
    assert result.skipped == []


def test_no_semgrep_start_without_targets(tmp_path, monkeypatch):
    def fail_if_called():
        raise AssertionError("Semgrep was looked up although no file is in its languages")

    monkeypatch.setattr(semgrep_module, "locate_semgrep", fail_if_called)
    files = write_project(tmp_path, {"app.py": (FileKind.PYTHON, "eval(x)\n"), "Dockerfile": (FileKind.DOCKERFILE, "FROM scratch\n")})

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert (result.findings, result.skipped, result.failures) == ([], [], [])


def test_semgrep_missing_is_failure(tmp_path, monkeypatch):
    missing = str(tmp_path / "nowhere" / "semgrep")
    monkeypatch.setattr(semgrep_module, "locate_semgrep", lambda: missing)
    files = write_project(tmp_path, {"a.js": (FileKind.JAVASCRIPT, "eval(x);\n")})

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert result.findings == []
    assert result.failures == [
        f"Semgrep analysis did not run because {missing} was not found. "
        "Install it in the same environment as tee-audit with `pip install semgrep`."
    ]


def test_semgrep_not_located_is_failure(tmp_path, monkeypatch):
    monkeypatch.setattr(semgrep_module, "locate_semgrep", lambda: None)
    files = write_project(tmp_path, {"a.go": (FileKind.GO, "package a\n")})

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert len(result.failures) == 1
    assert result.failures[0].startswith("Semgrep analysis did not run because the semgrep executable was not found next to ")


def test_unparsable_output_is_failure(tmp_path, monkeypatch):
    fake = tmp_path / "fake-semgrep"
    fake.write_text("#!/bin/sh\necho 'not json'\necho 'semgrep-core crashed: out of memory' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(semgrep_module, "locate_semgrep", lambda: str(fake))
    files = write_project(tmp_path, {"a.rs": (FileKind.RUST, "fn main() {}\n")})

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert result.failures == [
        "Semgrep analysis failed: semgrep exited with code 3 without readable JSON output "
        "(semgrep-core crashed: out of memory)."
    ]


def test_locate_prefers_semgrep_beside_python(tmp_path, monkeypatch):
    beside = tmp_path / "bin" / "semgrep"
    beside.parent.mkdir()
    beside.write_text("#!/bin/sh\n")
    monkeypatch.setattr(semgrep_module.sys, "executable", str(tmp_path / "bin" / "python"))
    monkeypatch.setenv("PATH", os.defpath)

    assert semgrep_module.locate_semgrep() == str(beside)


def test_offline_environment_sends_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMGREP_APP_TOKEN", "token-value")

    env = semgrep_module._offline_environment(tmp_path)

    assert "SEMGREP_APP_TOKEN" not in env
    assert env["SEMGREP_SEND_METRICS"] == "off"
    assert env["SEMGREP_ENABLE_VERSION_CHECK"] == "0"
    assert env["SEMGREP_SETTINGS_FILE"].startswith(str(tmp_path))


def test_timeouts_grouped_per_file(tmp_path):
    # The timeouts have the shape Semgrep 1.187 writes. The last error stands for any
    # error that names no file, such as an invalid rule.
    staged_path = str(tmp_path / "000000.js")
    entry = semgrep_module._Staged(SourceFile("web/big.js", "/project/web/big.js", FileKind.JAVASCRIPT, 10), "x")
    output = {
        "results": [],
        "errors": [
            {
                "code": 2,
                "level": "warn",
                "type": "Timeout",
                "rule_id": "js-eval-of-data",
                "message": f"Timeout when running js-eval-of-data on {staged_path}:\n ",
                "path": staged_path,
            },
            {
                "code": 2,
                "level": "warn",
                "type": "Timeout",
                "rule_id": "js-private-key-logged",
                "message": f"Timeout when running js-private-key-logged on {staged_path}:\n ",
                "path": staged_path,
            },
            {"code": 7, "level": "error", "type": "Rule parse error", "message": "Invalid rule schema"},
        ],
    }
    result = semgrep_module.FileResult()

    semgrep_module._collect(output, {staged_path: entry}, semgrep_module.load(), result)

    assert result.skipped == [
        semgrep_module.Skipped(
            "web/big.js",
            SkipReason.TIMEOUT,
            "semgrep timed out on rules js-eval-of-data, js-private-key-logged. "
            "Raise the per-file timeout to analyse this file.",
        )
    ]
    assert result.failures == ["Semgrep analysis failed: Invalid rule schema"]


def test_hung_semgrep_is_stopped(tmp_path, monkeypatch):
    fake = tmp_path / "fake-semgrep"
    fake.write_text("#!/bin/sh\nsleep 30 &\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(semgrep_module, "locate_semgrep", lambda: str(fake))
    files = write_project(tmp_path, {"a.go": (FileKind.GO, "package a\n")})

    result = SemgrepAnalyzer(process_timeout=0.5).analyze_project(str(tmp_path), files, read_text)

    assert result.failures == ["Semgrep analysis timed out after 0.5 seconds."]


def test_taint_rule_supersedes_structural_rule(tmp_path):
    files = write_project(
        tmp_path,
        {
            "server.js": (
                FileKind.JAVASCRIPT,
                'app.post("/run", (req, res) => {\n'
                "  res.send(String(eval(req.body.expression)));\n"
                "});\n"
                "const total = eval(formula);\n",
            )
        },
    )

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    assert sorted((f.location.line, f.rule_id) for f in result.findings) == [
        (2, "js-fetched-code-executed"),
        (4, "js-eval-of-data"),
    ]


def test_unscanned_file_becomes_skipped(tmp_path):
    scanned_path, dropped_path = str(tmp_path / "000000.go"), str(tmp_path / "000001.go")
    staged = {
        scanned_path: semgrep_module._Staged(SourceFile("a.go", "/project/a.go", FileKind.GO, 10), "package a\n"),
        dropped_path: semgrep_module._Staged(SourceFile("b.go", "/project/b.go", FileKind.GO, 10), "package b\n"),
    }
    output = {"results": [], "errors": [], "paths": {"scanned": [scanned_path]}}
    result = semgrep_module.FileResult()

    semgrep_module._collect(output, staged, semgrep_module.load(), result)

    assert result.skipped == [
        semgrep_module.Skipped("b.go", SkipReason.ANALYZER_ERROR, "semgrep did not scan the file and gave no reason")
    ]


def test_columns_count_characters_not_bytes(tmp_path):
    files = write_project(tmp_path, {"a.js": (FileKind.JAVASCRIPT, 'const s = "ééé"; eval(x);\r\nconst t = 1;\r\n')})

    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)

    [finding] = result.findings
    assert (finding.location.line, finding.location.column) == (1, 18)
    assert (finding.location.end_line, finding.location.end_column) == (1, 25)
    assert finding.snippet == 'const s = "ééé"; eval(x);'
    assert finding.code_key == "eval(x)"


def test_cancel_stops_running_semgrep(tmp_path):
    files = write_project(tmp_path, PROJECT)
    analyzer = SemgrepAnalyzer()
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(analyzer.analyze_project(str(tmp_path), files, read_text)))
    worker.start()
    deadline = time.monotonic() + 60
    while analyzer._process is None and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    process = analyzer._process
    assert process is not None

    analyzer.cancel()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert process.returncode == -signal.SIGKILL
    [result] = outcome
    assert result.findings == []
    assert result.failures


def test_minified_bundle_skipped(tmp_path):
    bundle = "var a=1;" * 4000 + "eval(code);"
    files = write_project(tmp_path, {
        "static/app.min.js": (FileKind.JAVASCRIPT, bundle),
        "src/run.js": (FileKind.JAVASCRIPT, "const run = (code) =>\n  eval(code);\n"),
    })
    result = SemgrepAnalyzer().analyze_project(str(tmp_path), files, read_text)
    assert [(skip.path, skip.reason) for skip in result.skipped] == [("static/app.min.js", SkipReason.MINIFIED)]
    assert "average" in result.skipped[0].detail
    assert {finding.location.path for finding in result.findings} == {"src/run.js"}
