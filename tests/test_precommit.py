"""The pre-commit hook through the real `pre-commit try-repo`.

pre-commit builds the hook's environment with pip, so this test installs
tee-audit and its dependencies from the package index once per run (about
two minutes here); it is the one test that needs the index.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = shutil.which("pre-commit", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")

VULNERABLE = "import pickle\nfrom flask import request\n\n\ndef load():\n    return pickle.loads(request.data)\n"
FIXED = "import json\nfrom flask import request\n\n\ndef load():\n    return json.loads(request.data)\n"


def try_repo(project: Path, home: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(REPO), "tee-audit", "--files", "app.py"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=1200,
    )


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (it is in the test extras)")
def test_hook_fails_on_staged_problem_then_passes(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / "app.py").write_text(VULNERABLE)
    subprocess.run(["git", "add", "app.py"], cwd=project, check=True)

    failing = try_repo(project, tmp_path / "pre-commit-home")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "unsafe-deserialization" in failing.stdout

    (project / "app.py").write_text(FIXED)
    subprocess.run(["git", "add", "app.py"], cwd=project, check=True)
    passing = try_repo(project, tmp_path / "pre-commit-home")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
