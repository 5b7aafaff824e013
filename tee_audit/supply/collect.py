"""Build the dependency inventory of a project from its manifests and lockfiles."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Callable

from tee_audit.catalog import supply as rules
from tee_audit.model import FileKind, SourceFile
from tee_audit.supply.common import make_finding, source_line
from tee_audit.supply.lockfiles.dispatch import lockfile_reader
from tee_audit.supply.lockfiles.gomod import read_go_mod
from tee_audit.supply.manifests import read_cargo_toml, read_package_json, read_pipfile
from tee_audit.supply.model import Inventory, ManifestInfo, ParseResult
from tee_audit.supply.pyproject import read_pyproject
from tee_audit.supply.requirements import RequirementsReader

SUPPLY_KINDS = frozenset({FileKind.REQUIREMENTS, FileKind.PYPROJECT, FileKind.LOCKFILE, FileKind.GO_MOD})

MAX_INCLUDED_FILE_BYTES = 5 * 1024 * 1024
"""Largest requirements file read through an include when discovery did not list it."""

_MANIFEST_READERS: dict[str, Callable[[str, str], ParseResult]] = {
    "pyproject.toml": read_pyproject,
    "package.json": read_package_json,
    "Cargo.toml": read_cargo_toml,
    "go.mod": read_go_mod,
    "Pipfile": read_pipfile,
}

MANIFEST_NAMES = frozenset(_MANIFEST_READERS)
"""Manifest file names read whatever kind discovery gave them (package.json is plain JSON to discovery)."""

_LOCKS_FOR: dict[str, tuple[str, ...]] = {
    "pyproject": ("poetry.lock", "uv.lock", "pdm.lock", "pylock.toml", "Pipfile.lock"),
    "package.json": ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"),
    "Cargo.toml": ("Cargo.lock",),
    "go.mod": ("go.sum",),
    "Pipfile": ("Pipfile.lock",),
}


def supply_kind(path: str) -> FileKind | None:
    """Return the FileKind discovery should give a dependency file, or None for other files.

    Requirements files are `*requirements*.txt`, `constraints*.txt` and any
    `.txt` file in a `requirements/` folder. `package.json`, `Cargo.toml`
    and `Pipfile` are read by name whatever kind they get.
    """
    name = posixpath.basename(path)
    folder = posixpath.basename(posixpath.dirname(path))
    if name == "go.mod":
        return FileKind.GO_MOD
    if name == "pyproject.toml":
        return FileKind.PYPROJECT
    if lockfile_reader(path) is not None:
        return FileKind.LOCKFILE
    if name.endswith(".txt") and ("requirements" in name or name.startswith("constraints") or folder == "requirements"):
        return FileKind.REQUIREMENTS
    return None


def collect(root: str | os.PathLike, files: list[SourceFile], read_text) -> Inventory:
    """Read every dependency file among `files` and merge what they state.

    `read_text(file)` returns a discovered file's decoded text, or None when
    it could not be decoded. Files that requirements files include but
    discovery did not list are read from disk below `root`.
    """
    root_path = Path(root)
    by_path = {file.path: file for file in files}

    def load(path: str) -> str | None:
        if path in by_path:
            return read_text(by_path[path])
        return _read_included(root_path, path)

    inventory = Inventory()
    result = ParseResult()
    requirement_paths: list[str] = []
    for file in sorted(files, key=lambda item: item.path):
        name = posixpath.basename(file.path)
        lock_reader = lockfile_reader(file.path)
        manifest_reader = _MANIFEST_READERS.get(name)
        if file.kind is FileKind.REQUIREMENTS:
            requirement_paths.append(file.path)
            continue
        if lock_reader is None and manifest_reader is None:
            continue
        text = read_text(file)
        if text is None:
            continue
        result.extend((lock_reader or manifest_reader)(file.path, text))
    if requirement_paths:
        result.extend(RequirementsReader(load).read(requirement_paths))

    inventory.dependencies = [dependency for dependency in result.dependencies if dependency.name]
    inventory.edges = result.edges
    inventory.roots = result.roots
    inventory.manifests = result.manifests
    inventory.findings = result.findings + _lockfile_findings(root_path, result.manifests, load)
    inventory.skipped = result.skipped
    inventory.notices = result.notices
    return inventory


def _read_included(root: Path, path: str) -> str | None:
    candidate = root / path
    try:
        if candidate.is_symlink() and not candidate.resolve().is_relative_to(root.resolve()):
            return None
        if not candidate.is_file() or candidate.stat().st_size > MAX_INCLUDED_FILE_BYTES:
            return None
        return candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, RuntimeError):
        return None


def _lockfile_findings(root: Path, manifests: list[ManifestInfo], load) -> list:
    """Report manifests that state ranges with no lockfile in their folder or a parent folder."""
    pinned_requirements = {posixpath.dirname(item.path) for item in manifests if item.kind == "requirements" and item.fully_pinned}
    findings = []
    for manifest in manifests:
        locks = _LOCKS_FOR.get(manifest.kind)
        if not locks or not manifest.has_ranges:
            continue
        folder = posixpath.dirname(manifest.path)
        if manifest.kind == "pyproject" and folder in pinned_requirements:
            continue
        if _has_lockfile(root, folder, locks, manifest.kind == "go.mod"):
            continue
        text = load(manifest.path) or ""
        if manifest.kind == "go.mod":
            message = "go.mod requires modules but no go.sum records their checksums."
        else:
            message = f"{manifest.kind if manifest.kind != 'pyproject' else 'pyproject.toml'} declares version ranges but no lockfile ({', '.join(locks)}) pins them."
        findings.append(
            make_finding(
                rules.MANIFEST_WITHOUT_LOCKFILE,
                manifest.path,
                manifest.range_line,
                message,
                snippet=source_line(text, manifest.range_line),
                code_key=f"{manifest.kind} without lockfile",
            )
        )
    return findings


def _has_lockfile(root: Path, folder: str, names: tuple[str, ...], same_folder_only: bool) -> bool:
    """Look for a lockfile in `folder` and, for workspaces, in each parent up to the scan root."""
    current = folder
    while True:
        directory = root / current if current else root
        for name in names:
            if (directory / name).is_file():
                return True
        if "pylock.toml" in names and directory.is_dir() and any(child.name.startswith("pylock.") and child.name.endswith(".toml") for child in directory.iterdir()):
            return True
        if same_folder_only or not current:
            return False
        current = posixpath.dirname(current)
