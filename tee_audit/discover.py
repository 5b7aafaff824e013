"""Finding the files to scan and deciding what kind each one is.

The walk honours `.gitignore` files at every level, leaves out version
control folders, virtual environments, dependency folders and build output,
and never follows a symbolic link to a directory, so a link loop cannot trap
it. Files are classified by name only; nothing is read here.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pathspec

from tee_audit.model import FileKind, Skipped, SkipReason, SourceFile

SKIPPED_DIRECTORIES = frozenset({
    ".git", ".hg", ".svn", ".bzr",
    "node_modules", "bower_components",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".hypothesis",
    ".venv", "venv", ".eggs",
    "build", "dist", "target", ".next", ".nuxt", ".terraform", ".tee-audit-cache",
})

_EXACT_NAMES: dict[str, FileKind] = {
    "dockerfile": FileKind.DOCKERFILE,
    "containerfile": FileKind.DOCKERFILE,
    "makefile": FileKind.MAKEFILE,
    "gnumakefile": FileKind.MAKEFILE,
    "pyproject.toml": FileKind.PYPROJECT,
    "poetry.lock": FileKind.LOCKFILE,
    "uv.lock": FileKind.LOCKFILE,
    "pipfile.lock": FileKind.LOCKFILE,
    "pylock.toml": FileKind.LOCKFILE,
    "package-lock.json": FileKind.LOCKFILE,
    "npm-shrinkwrap.json": FileKind.LOCKFILE,
    "yarn.lock": FileKind.LOCKFILE,
    "pnpm-lock.yaml": FileKind.LOCKFILE,
    "cargo.lock": FileKind.LOCKFILE,
    "go.mod": FileKind.GO_MOD,
    "go.sum": FileKind.GO_MOD,
    "package.json": FileKind.PACKAGE_MANIFEST,
    "cargo.toml": FileKind.PACKAGE_MANIFEST,
    "pipfile": FileKind.PACKAGE_MANIFEST,
    "app-compose.json": FileKind.ENCLAVE_CONFIG,
    "rofl.yaml": FileKind.ENCLAVE_CONFIG,
    "rofl.yml": FileKind.ENCLAVE_CONFIG,
    ".gitlab-ci.yml": FileKind.CI_CONFIG,
    "jenkinsfile": FileKind.CI_CONFIG,
    ".env": FileKind.ENV_FILE,
}

_SUFFIXES: dict[str, FileKind] = {
    ".py": FileKind.PYTHON, ".pyi": FileKind.PYTHON, ".pyw": FileKind.PYTHON,
    ".js": FileKind.JAVASCRIPT, ".mjs": FileKind.JAVASCRIPT, ".cjs": FileKind.JAVASCRIPT,
    ".jsx": FileKind.JAVASCRIPT,
    ".ts": FileKind.TYPESCRIPT, ".tsx": FileKind.TYPESCRIPT, ".mts": FileKind.TYPESCRIPT,
    ".cts": FileKind.TYPESCRIPT,
    ".go": FileKind.GO,
    ".rs": FileKind.RUST,
    ".sh": FileKind.SHELL, ".bash": FileKind.SHELL, ".zsh": FileKind.SHELL, ".ksh": FileKind.SHELL,
    ".mk": FileKind.MAKEFILE,
    ".dockerfile": FileKind.DOCKERFILE, ".containerfile": FileKind.DOCKERFILE,
    ".manifest": FileKind.GRAMINE_MANIFEST,
    ".env": FileKind.ENV_FILE,
    ".yml": FileKind.YAML, ".yaml": FileKind.YAML,
    ".toml": FileKind.TOML,
    ".json": FileKind.JSON,
    ".txt": FileKind.TEXT, ".md": FileKind.TEXT, ".rst": FileKind.TEXT, ".cfg": FileKind.TEXT,
    ".ini": FileKind.TEXT, ".conf": FileKind.TEXT, ".properties": FileKind.TEXT,
    ".pem": FileKind.TEXT, ".key": FileKind.TEXT, ".tf": FileKind.TEXT, ".tfvars": FileKind.TEXT,
    ".xml": FileKind.TEXT, ".html": FileKind.TEXT, ".nix": FileKind.TEXT, ".lock": FileKind.TEXT,
    ".in": FileKind.TEXT, ".j2": FileKind.TEXT, ".template": FileKind.TEXT,
}

_SHELL_INTERPRETERS = ("sh", "bash", "dash", "zsh", "ksh")


def classify(relative_path: str) -> FileKind:
    """Decide a file's kind from its path relative to the scan root."""
    path = PurePosixPath(relative_path)
    name = path.name.lower()
    parts = [part.lower() for part in path.parts]

    if name in _EXACT_NAMES:
        return _EXACT_NAMES[name]
    if name.startswith(("dockerfile.", "containerfile.")) or name.endswith(".dockerfile"):
        return FileKind.DOCKERFILE
    if _is_compose_name(name):
        return FileKind.COMPOSE
    if name.endswith((".manifest.template", ".manifest.toml")):
        return FileKind.GRAMINE_MANIFEST
    if _is_requirements_name(name, parts):
        return FileKind.REQUIREMENTS
    if name.startswith("pylock.") and name.endswith(".toml"):
        return FileKind.LOCKFILE
    if name.startswith(".env.") or name.endswith(".env"):
        return FileKind.ENV_FILE
    if _is_ci_path(parts):
        return FileKind.CI_CONFIG
    return _SUFFIXES.get(path.suffix.lower(), FileKind.OTHER)


def _is_compose_name(name: str) -> bool:
    stem, _, extension = name.rpartition(".")
    if extension not in ("yml", "yaml"):
        return False
    return stem in ("compose", "docker-compose") or stem.startswith(("docker-compose.", "compose.", "docker-compose-"))


def _is_requirements_name(name: str, parts: list[str]) -> bool:
    if not name.endswith((".txt", ".in")):
        return False
    if name.startswith(("requirements", "constraints")) or name.endswith(("-requirements.txt", "_requirements.txt")):
        return True
    return len(parts) >= 2 and parts[-2] in ("requirements", "requirements.d")


def _is_ci_path(parts: list[str]) -> bool:
    if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
        return parts[-1].endswith((".yml", ".yaml"))
    return len(parts) >= 2 and parts[-2] == ".circleci" and parts[-1].startswith("config.")


def classify_by_shebang(first_line: bytes) -> FileKind | None:
    """Classify an extension-less script by its `#!` line."""
    if not first_line.startswith(b"#!"):
        return None
    words = first_line[2:].decode("latin-1").replace("/", " ").split()
    if "env" in words:
        words = words[words.index("env") + 1:]
    for word in words:
        if word.startswith("python"):
            return FileKind.PYTHON
        if word in _SHELL_INTERPRETERS:
            return FileKind.SHELL
        if word in ("node", "deno", "bun"):
            return FileKind.JAVASCRIPT
    return None


@dataclass
class Discovery:
    """The files a scan will read, and those it could not reach."""

    root: Path
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class _IgnoreRules:
    """The `.gitignore` files met on the way down, each scoped to its folder."""

    def __init__(self) -> None:
        self._specs: list[tuple[str, pathspec.PathSpec]] = []

    def load(self, directory: Path, relative_directory: str) -> None:
        gitignore = directory / ".gitignore"
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self._specs.append((relative_directory, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, relative_path: str, is_directory: bool) -> bool:
        for base, spec in self._specs:
            if base and not relative_path.startswith(base + "/"):
                continue
            inner = relative_path[len(base) + 1:] if base else relative_path
            if spec.match_file(inner + "/" if is_directory else inner):
                return True
        return False


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file() or (directory / "conda-meta").is_dir()


def _excluded(relative_path: str, patterns: tuple[str, ...]) -> bool:
    name = relative_path.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatchcase(relative_path, pattern)
        or fnmatch.fnmatchcase(name, pattern)
        or relative_path.startswith(pattern.rstrip("/") + "/")
        for pattern in patterns
    )


def discover(paths: list[str], *, excludes: tuple[str, ...] = (), root: Path | None = None) -> Discovery:
    """Walk `paths` (files or directories) and classify what they hold.

    The scan root is the one directory given, or else the current directory;
    every reported path is relative to it. Files named explicitly are always
    included unless an exclude pattern matches them.
    """
    resolved = [Path(path) for path in paths] or [Path(".")]
    if root is None:
        root = resolved[0] if len(resolved) == 1 and resolved[0].is_dir() else Path(".")
    root = root.resolve()
    discovery = Discovery(root=root)
    seen: set[str] = set()

    for path in resolved:
        if path.is_dir():
            _walk(path.resolve(), root, excludes, discovery, seen)
        else:
            _add_file(path.absolute(), root, excludes, discovery, seen, explicit=True)

    discovery.files.sort(key=lambda file: file.path)
    discovery.skipped.sort(key=lambda entry: entry.path)
    return discovery


def relative_to_root(path: Path, root: Path) -> str:
    """Return `path` relative to `root` in POSIX form, or its absolute POSIX
    form when it lies outside the root."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(start: Path, root: Path, excludes: tuple[str, ...], discovery: Discovery, seen: set[str]) -> None:
    ignores = _IgnoreRules()
    for directory, subdirectories, names in os.walk(start, followlinks=False, onerror=_record_walk_error(root, discovery)):
        current = Path(directory)
        relative_directory = relative_to_root(current, start)
        relative_directory = "" if relative_directory == "." else relative_directory
        ignores.load(current, relative_directory)

        kept = []
        for name in sorted(subdirectories):
            relative = f"{relative_directory}/{name}" if relative_directory else name
            child = current / name
            if name in SKIPPED_DIRECTORIES or child.is_symlink() or _is_virtualenv(child):
                continue
            if ignores.ignored(relative, True) or _excluded(relative_to_root(child, root), excludes):
                continue
            kept.append(name)
        subdirectories[:] = kept

        for name in sorted(names):
            relative = f"{relative_directory}/{name}" if relative_directory else name
            if name == ".gitignore" or ignores.ignored(relative, False):
                continue
            _add_file(current / name, root, excludes, discovery, seen, explicit=False)


def _record_walk_error(root: Path, discovery: Discovery):
    def record(error: OSError) -> None:
        path = relative_to_root(Path(error.filename or "."), root)
        discovery.skipped.append(Skipped(path, SkipReason.UNREADABLE, error.strerror or str(error)))
    return record


def _add_file(path: Path, root: Path, excludes: tuple[str, ...], discovery: Discovery, seen: set[str], *, explicit: bool) -> None:
    relative = relative_to_root(path, root)
    if relative in seen or _excluded(relative, excludes):
        return
    seen.add(relative)

    try:
        info = path.stat()
    except FileNotFoundError:
        reason = SkipReason.VANISHED if not path.is_symlink() else SkipReason.UNREADABLE
        detail = "dangling symbolic link" if path.is_symlink() else "file not found"
        if explicit or path.is_symlink():
            discovery.skipped.append(Skipped(relative, reason, detail))
        return
    except OSError as error:
        if error.errno == 40:  # ELOOP: a symbolic link that points back at itself.
            discovery.skipped.append(Skipped(relative, SkipReason.SYMLINK_LOOP, "symbolic link loop"))
        else:
            discovery.skipped.append(Skipped(relative, SkipReason.UNREADABLE, error.strerror or str(error)))
        return

    if not stat.S_ISREG(info.st_mode):
        if explicit or not stat.S_ISDIR(info.st_mode):
            discovery.skipped.append(Skipped(relative, SkipReason.SPECIAL_FILE, "not a regular file"))
        return

    kind = classify(relative)
    if kind is FileKind.OTHER and "." not in path.name:
        kind = _shebang_kind(path) or FileKind.OTHER
    discovery.files.append(SourceFile(relative, str(path), kind, info.st_size))


def _shebang_kind(path: Path) -> FileKind | None:
    try:
        with path.open("rb") as handle:
            return classify_by_shebang(handle.readline(256))
    except OSError:
        return None
