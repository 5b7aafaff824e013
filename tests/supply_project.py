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
    """Locate the shared OSV test data beside the repository, or via TEE_AUDIT_OSV_TESTDATA."""
    import os

    configured = os.environ.get("TEE_AUDIT_OSV_TESTDATA")
    candidates = [Path(configured)] if configured else []
    repository = Path(__file__).resolve().parents[1]
    candidates.append(repository.parent / "shared" / "osv")
    candidates.append(repository.parent.parent / "shared" / "osv")
    for candidate in candidates:
        if (candidate / "pypi").is_dir() and (candidate / "known-vulnerable.txt").is_file():
            return candidate
    return None
