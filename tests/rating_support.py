"""Helpers shared by the rating and report tests: fixture projects on disk."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tee_audit.checklist import Answers, Rating, rate
from tee_audit.model import Confidence, Evidence, FileKind, Finding, Location, Severity, SourceFile

_KIND_BY_NAME = {
    "dockerfile": FileKind.DOCKERFILE,
    "docker-compose.yml": FileKind.COMPOSE,
    "compose.yaml": FileKind.COMPOSE,
    "requirements.txt": FileKind.REQUIREMENTS,
    "pyproject.toml": FileKind.PYPROJECT,
    "uv.lock": FileKind.LOCKFILE,
    "poetry.lock": FileKind.LOCKFILE,
    "package-lock.json": FileKind.LOCKFILE,
    "cargo.lock": FileKind.LOCKFILE,
    "flake.lock": FileKind.LOCKFILE,
    "go.mod": FileKind.GO_MOD,
    "makefile": FileKind.MAKEFILE,
}
_KIND_BY_SUFFIX = {
    ".py": FileKind.PYTHON,
    ".js": FileKind.JAVASCRIPT,
    ".ts": FileKind.TYPESCRIPT,
    ".go": FileKind.GO,
    ".rs": FileKind.RUST,
    ".sh": FileKind.SHELL,
    ".toml": FileKind.TOML,
    ".json": FileKind.JSON,
}


def kind_of(path: str) -> FileKind:
    """Classify a fixture file the way discovery would for these simple cases."""
    name = PurePosixPath(path).name.lower()
    if path.startswith(".github/workflows/") or name == ".gitlab-ci.yml":
        return FileKind.CI_CONFIG
    if name in _KIND_BY_NAME:
        return _KIND_BY_NAME[name]
    if name.endswith(".manifest.template"):
        return FileKind.GRAMINE_MANIFEST
    if name.startswith("requirements") and name.endswith(".txt"):
        return FileKind.REQUIREMENTS
    return _KIND_BY_SUFFIX.get(PurePosixPath(name).suffix, FileKind.TEXT)


def write_project(root: Path, files: dict[str, str]) -> list[SourceFile]:
    """Write `files` (relative path to text) under `root` and return them classified."""
    sources = []
    for relative, text in sorted(files.items()):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sources.append(SourceFile(relative, str(path), kind_of(relative), len(text.encode("utf-8"))))
    return sources


def read_text(file: SourceFile) -> str | None:
    return Path(file.absolute).read_text(encoding="utf-8")


def rate_project(
    root: Path,
    files: dict[str, str],
    findings: list[Finding] = (),
    evidence: list[Evidence] = (),
    answers: Answers | None = None,
) -> Rating:
    return rate(write_project(root, files), read_text, list(findings), list(evidence), answers)


def finding(
    check: str,
    severity: Severity,
    rule_id: str = "example-rule",
    path: str = "app.py",
    line: int = 1,
    suppressed: bool = False,
) -> Finding:
    """Build a finding as an analyzer would report it."""
    return Finding(
        rule_id=rule_id,
        check=check,
        severity=severity,
        confidence=Confidence.HIGH,
        location=Location(path, line, 1, line, 10),
        message=f"{rule_id} fired.",
        snippet="call()",
        code_key=f"{rule_id}:{line}",
        suppressed=suppressed,
    )


DIGEST = "sha256:" + "0123456789abcdef" * 4
SHA = "0123456789abcdef0123456789abcdef01234567"
