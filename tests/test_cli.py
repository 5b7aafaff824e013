"""The command line as a user runs it: exit codes, formats, baselines,
suppressions, diff-aware runs and configuration."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

VULNERABLE_CODE = """\
import pickle
from flask import Flask, request

app = Flask(__name__)


@app.post("/load")
def load():
    return str(pickle.loads(request.data))
"""


def tee_audit(*arguments, cwd):
    return subprocess.run(
        [sys.executable, "-m", "tee_audit", *map(str, arguments)], cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def findings(completed):
    return [(f["rule_id"], f["path"], f["line"]) for f in json.loads(completed.stdout)["findings"] if not f["suppressed"]]


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "app.py").write_text(VULNERABLE_CODE)
    return root


def test_exit_codes_follow_threshold(project):
    assert tee_audit("scan", ".", cwd=project).returncode == 1
    assert tee_audit("scan", ".", "--fail-on", "critical", cwd=project).returncode == 1
    (project / "app.py").write_text("print('hello')\n")
    assert tee_audit("scan", ".", cwd=project).returncode == 0


def test_usage_error_exits_two_without_traceback(project):
    completed = tee_audit("scan", "missing-folder", cwd=project)
    assert completed.returncode == 2
    assert completed.stderr.strip() == "tee-audit: error: path not found: missing-folder"
    bad_option = tee_audit("scan", ".", "--fail-on", "severe", cwd=project)
    assert bad_option.returncode == 2
    assert "Traceback" not in bad_option.stderr


def test_unparsable_source_exits_two_unless_allowed(project):
    (project / "legacy.py").write_text("print 'python 2'\n")
    completed = tee_audit("scan", ".", "--format", "json", cwd=project)
    assert completed.returncode == 2
    skipped = json.loads(completed.stdout)["skipped"]
    assert [(entry["path"], entry["reason"]) for entry in skipped] == [("legacy.py", "parse-error")]
    assert tee_audit("scan", ".", "--allow-skipped", cwd=project).returncode == 1


def test_minified_bundle_makes_scan_incomplete(project):
    (project / "vendor.min.js").write_text("var a=1;" * 4000 + "\n")
    completed = tee_audit("scan", ".", "--format", "json", cwd=project)
    assert completed.returncode == 2
    skipped = json.loads(completed.stdout)["skipped"]
    assert [(entry["path"], entry["reason"]) for entry in skipped] == [("vendor.min.js", "minified")]
    assert tee_audit("scan", ".", "--allow-skipped", cwd=project).returncode == 1


def test_text_output_ends_with_tally(project):
    completed = tee_audit("scan", ".", cwd=project)
    assert completed.stdout.splitlines()[-1] == "1 finding (1 critical); 0 suppressed, 0 skipped; 1 file scanned"


def test_baseline_keeps_matching_after_lines_inserted(project):
    assert tee_audit("scan", ".", "--write-baseline", "baseline.json", cwd=project).returncode == 0
    (project / "app.py").write_text("# one\n# two\n# three\n" + VULNERABLE_CODE)

    still_known = tee_audit("scan", ".", "--baseline", "baseline.json", "--format", "json", cwd=project)
    assert still_known.returncode == 0
    assert json.loads(still_known.stdout)["summary"]["baselined"] == 1

    (project / "app.py").write_text(VULNERABLE_CODE + "\n\ndef again():\n    return pickle.loads(request.data)\n")
    second = tee_audit("scan", ".", "--baseline", "baseline.json", "--format", "json", cwd=project)
    assert findings(second) == [("unsafe-deserialization", "app.py", 13)]


def test_no_ignores_and_unused_ignores(project):
    code = VULNERABLE_CODE.replace(
        "return str(pickle.loads(request.data))",
        "return str(pickle.loads(request.data))  # tee-audit: ignore[unsafe-deserialization] signed upstream",
    ) + "x = 1  # tee-audit: ignore[eval-of-data]\n"
    (project / "app.py").write_text(code)

    assert tee_audit("scan", ".", cwd=project).returncode == 0
    assert tee_audit("scan", ".", "--no-ignores", cwd=project).returncode == 1
    unused = tee_audit("scan", ".", "--report-unused-ignores", "--format", "json", cwd=project)
    problems = json.loads(unused.stdout)["suppression_problems"]
    assert [(p["line"], p["rule_id"]) for p in problems] == [(10, "eval-of-data")]


def test_diff_base_reports_only_changed_lines(project):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=project, check=True)
    (project / "app.py").write_text(VULNERABLE_CODE + "\n\ndef run(code):\n    return eval(request.args['code'])\n")

    completed = tee_audit("scan", ".", "--diff-base", "HEAD", "--format", "json", cwd=project)

    assert findings(completed) == [("eval-of-data", "app.py", 13)]


def test_config_file_applies_and_unknown_key_named(project):
    (project / ".tee-audit.toml").write_text('ignore = ["C06"]\n')
    assert tee_audit("scan", ".", cwd=project).returncode == 0
    shown = json.loads(tee_audit("config", cwd=project).stdout)
    assert shown["ignore"] == ["C06"]
    assert shown["source"].endswith(".tee-audit.toml")

    (project / ".tee-audit.toml").write_text('ignored = ["C06"]\n')
    completed = tee_audit("scan", ".", cwd=project)
    assert completed.returncode == 2
    assert "unknown key 'ignored'" in completed.stderr


def test_rules_list_and_explain(project):
    listing = tee_audit("rules", cwd=project)
    assert "unsafe-deserialization" in listing.stdout
    assert "js-eval-of-data" in listing.stdout
    explained = tee_audit("rules", "unsafe-deserialization", cwd=project)
    assert "Why this matters:" in explained.stdout
    assert tee_audit("rules", "no-such-rule", cwd=project).returncode == 2


MIXED_TS = """\
import { Wallet } from "ethers";

const wallet = Wallet.createRandom();
console.log("created", wallet.privateKey);
eval(process.argv[2]); // tee-audit: ignore[js-eval-of-data] test harness only
"""


def test_mixed_language_results_in_one_list(project):
    (project / "web").mkdir()
    (project / "web" / "wallet.ts").write_text(MIXED_TS)

    completed = tee_audit("scan", ".", "--format", "json", cwd=project)
    document = json.loads(completed.stdout)

    assert findings(completed) == [
        ("unsafe-deserialization", "app.py", 9),
        ("js-private-key-logged", "web/wallet.ts", 4),
    ]
    suppressed = [(f["rule_id"], f["line"], f["suppression_reason"]) for f in document["findings"] if f["suppressed"]]
    assert suppressed == [("js-eval-of-data", 5, "test harness only")]


def test_reviewer_answers_change_audit_grade(tmp_path):
    hardened = Path(__file__).resolve().parents[1] / "examples" / "hardened-agent"
    answers = tmp_path / "answers.toml"
    answers.write_text(
        "".join(
            f'[[answer]]\ncheck = "{check}"\nstatus = "fail"\nnote = "reviewer found the practice missing"\n\n'
            for check in ("C03", "C11", "C13", "C15")
        )
    )

    plain = json.loads(tee_audit("audit", hardened, "--format", "json", cwd=tmp_path).stdout)["rating"]
    answered = json.loads(tee_audit("audit", hardened, "--format", "json", "--answers", answers, cwd=tmp_path).stdout)["rating"]

    assert answered["score"] < plain["score"]
    assert answered["grade"] != plain["grade"]
    c11 = next(check for check in answered["checks"] if check["id"] == "C11")
    assert c11["reviewer_answer"] == {"status": "fail", "note": "reviewer found the practice missing"}


def test_invalid_answers_file_is_a_usage_error(tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text('[[answer]]\ncheck = "C99"\nstatus = "pass"\n')
    completed = tee_audit("audit", ".", "--answers", answers, cwd=tmp_path)
    assert completed.returncode == 2
    assert "C99" in completed.stderr


def test_incomplete_scan_cannot_pass_hazard_checks(tmp_path):
    (tmp_path / "legacy.py").write_text('exec(raw_input())\nprint k.encode("hex")\n')
    (tmp_path / "ok.py").write_text("x = 1\n")

    completed = tee_audit("audit", ".", "--format", "json", "--no-cache", cwd=tmp_path)
    rating = json.loads(completed.stdout)["rating"]

    assert completed.returncode == 2
    statuses = {check["id"]: check["status"] for check in rating["checks"]}
    assert statuses["C06"] == "partial"
    assert statuses["C04"] == "partial"
    c06 = next(check for check in rating["checks"] if check["id"] == "C06")
    assert "legacy.py" in c06["reason"]
    assert rating["grade"] not in ("A", "B")


def test_audit_json_is_identical_across_hash_seeds(tmp_path):
    vulnerable = Path(__file__).resolve().parents[1] / "examples" / "vulnerable-agent"
    outputs = set()
    for seed in ("1", "2", "3"):
        completed = subprocess.run(
            [sys.executable, "-m", "tee_audit", "audit", str(vulnerable), "--format", "json"],
            capture_output=True, text=True, timeout=300, env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(completed.stdout)
    assert len(outputs) == 1


def test_interrupt_exits_130_without_traceback(tmp_path):
    body = "".join(f"def handler_{index}(request):\n    return eval(request.args['q{index}'])\n" for index in range(300))
    for number in range(60):
        (tmp_path / f"module_{number}.py").write_text("import logging\n" + body)
    process = subprocess.Popen([sys.executable, "-m", "tee_audit", "scan", ".", "--no-cache", "-v"], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = process.stderr.readline()
    assert "found" in started
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "Aborted!" in stderr
