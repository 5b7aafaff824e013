"""The Markdown summary of a rating."""

from __future__ import annotations

from rating_support import finding, rate_project
from tee_audit.model import Severity
from tee_audit.render.markdown import escape, render_markdown

PROJECT = {"LICENSE": "MIT\n", "Dockerfile": "FROM scratch\n", "app.py": "def main():\n    return 1\n"}


def test_markdown_summary_of_capped_rating(tmp_path):
    rating = rate_project(tmp_path, PROJECT, findings=[
        finding("C04", Severity.CRITICAL, "private-key-logged", line=7),
        finding("C08", Severity.LOW, "plain-http-to-localhost", line=2),
        finding("C04", Severity.INFO, "key-in-memory", line=1),
    ])
    output = render_markdown(rating, notices=("vulnerabilities not checked: no database given",))
    lines = output.splitlines()
    assert lines[0] == "## tee-audit: grade F (7.5 / 10)"
    assert "> **Notice:** vulnerabilities not checked: no database given" in lines
    assert "Findings: 1 critical, 0 high, 0 medium, 1 low, 1 info; 0 suppressed." in lines
    assert "**Grade cap:** a critical finding (private-key-logged at app.py:7) caps the grade at F." in lines
    assert "1. C04: Fix private-key-logged at app.py:7, which caps the grade at F." in lines
    assert "| C04 secret-handling | fail | 0.0 | 5 |" in lines
    assert "| C08 transport-security | partial | 9.0 | 3 |" in lines
    assert "| C18 operational-defence | manual | – | 0 |" in lines
    assert "### Top findings (2 of 3)" in lines
    top = lines[lines.index("### Top findings (2 of 3)") + 4:]
    assert top[0] == "| critical | private-key-logged | C04 | app.py:7 | private-key-logged fired. |"
    assert top[1] == "| low | plain-http-to-localhost | C08 | app.py:2 | plain-http-to-localhost fired. |"


def test_markdown_lists_every_check(tmp_path):
    output = render_markdown(rate_project(tmp_path, PROJECT))
    rows = [line for line in output.splitlines() if line.startswith("| C") and line[3].isdigit()]
    assert [row.split()[1] for row in rows] == [f"C{number:02d}" for number in range(1, 19)]
    assert "Grade cap" not in output
    assert "Top findings" not in output


def test_markdown_failure_shown_first(tmp_path):
    output = render_markdown(rate_project(tmp_path, PROJECT), failures=("semgrep could not run",))
    assert output.splitlines()[2] == "> **Scan failure:** semgrep could not run"


def test_escape_hostile_file_name():
    assert escape("<img src=x onerror=alert(1)>.py | `x`") == "&lt;img src=x onerror=alert(1)&gt;.py \\| \\`x\\`"


def test_escape_redacts_secrets():
    assert escape('password = "hunter2hunter2"') == 'password = "\\[REDACTED\\]"'


def test_escape_flattens_newlines():
    assert escape("first\nsecond") == "first second"


def test_scan_markdown_lists_findings_without_rating(tmp_path):
    from tee_audit.config import Config
    from tee_audit.pipeline import scan
    from tee_audit.render.markdown import render_markdown_scan

    (tmp_path / "<b>bold<i>.py").write_text("import pickle, sys\npickle.loads(sys.stdin.buffer.read())\n")
    text = render_markdown_scan(scan([str(tmp_path)], Config(jobs=1, cache=False)))

    assert text.startswith("## tee-audit scan: 1 findings")
    assert "| high | unsafe-deserialization | C06 | &lt;b&gt;bold&lt;i&gt;.py:2 |" in text


def test_whole_file_finding_shows_path_only(tmp_path):
    from tee_audit.config import Config
    from tee_audit.pipeline import scan
    from tee_audit.render.markdown import render_markdown_scan

    (tmp_path / "requirements.txt").write_text("flask==3.0.0\n")
    text = render_markdown_scan(scan([str(tmp_path)], Config(jobs=1, cache=False)))

    assert "| requirements.txt |" in text
    assert "requirements.txt:0" not in text
