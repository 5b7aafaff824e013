"""Lines changed since a git revision, for `--diff-base`.

git runs with external diff drivers, text conversion filters, hooks and the
file-system monitor turned off, because those are the ways a repository's
configuration could make git run a program of the target's choosing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_SAFE_GIT = [
    "git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
    "-c", "diff.external=", "-c", "core.pager=cat",
]


class DiffError(Exception):
    """git could not produce the diff."""


def changed_lines(root: Path, base: str) -> dict[str, set[int]]:
    """Map each path (relative to `root`) to the line numbers added or
    changed since `base`, including uncommitted changes."""
    output = _git(root, ["diff", "--no-ext-diff", "--no-textconv", "--unified=0", "--no-color", "--relative", base, "--", "."])

    changes: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in output.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else changes.setdefault(target.removeprefix("b/"), set())
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            start, count = int(match.group(1)), int(match.group(2) or "1")
            current.update(range(start, start + count))
    for path in _git(root, ["ls-files", "--others", "--exclude-standard"]).splitlines():
        changes[path] = {0}
    return changes


def finding_changed(path: str, line: int, end_line: int, changes: dict[str, set[int]]) -> bool:
    """Tell whether a finding touches a changed line; a new file counts whole."""
    lines = changes.get(path)
    if lines is None:
        return False
    if 0 in lines or line == 0:
        return True
    return any(number in lines for number in range(line, max(end_line, line) + 1))


def _git(root: Path, arguments: list[str]) -> str:
    try:
        completed = subprocess.run(
            [*_SAFE_GIT, *arguments], cwd=root, capture_output=True, text=True, errors="replace", timeout=120, check=False,
        )
    except FileNotFoundError:
        raise DiffError("git is not installed; --diff-base needs git") from None
    except subprocess.TimeoutExpired:
        raise DiffError("git diff timed out after 120 seconds") from None
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else f"exit code {completed.returncode}"
        raise DiffError(f"git {arguments[0]} failed: {message}")
    return completed.stdout
