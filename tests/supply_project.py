"""Build small projects on disk and run the supply-chain code over them as the pipeline would."""

from __future__ import annotations

import posixpath
from pathlib import Path

from tee_audit.model import FileKind, SourceFile
from tee_audit.supply.collect import supply_kind


def kind_of(path: str) -> FileKind:
    """Classify a file the way discovery is expected to."""
    name = posixpath.basename(path)
    kind = supply_kind(path)
    if kind is not None:
        return kind
    if name.endswith(".json"):
        return FileKind.JSON
    if name.endswith(".toml"):
        return FileKind.TOML
    return FileKind.OTHER


def write_project(root: Path, files: dict[str, str]) -> list[SourceFile]:
    sources = []
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        sources.append(SourceFile(path=path, absolute=str(target), kind=kind_of(path), size=len(text.encode())))
    return sources


def read_text(file: SourceFile) -> str | None:
    try:
        return Path(file.absolute).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def shared_osv_folder() -> Path | None:
    """Locate the shared OSV test data through the same lookup as the other shared test data."""
    from conftest import find_shared_dir

    shared = find_shared_dir()
    if shared is None or not (shared / "osv" / "known-vulnerable.txt").is_file():
        return None
    return shared / "osv"
