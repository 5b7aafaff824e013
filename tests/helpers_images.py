"""Shared helpers for the image, compose and enclave analyzer tests."""

from __future__ import annotations

from pathlib import Path

from tee_audit.model import FileKind, SourceFile


def source(tmp_path: Path, name: str, text: str, kind: FileKind) -> tuple[SourceFile, str]:
    """Write `text` to `tmp_path/name` byte for byte and describe it as a discovered file."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return SourceFile(name, str(path), kind, path.stat().st_size), path.read_bytes().decode("utf-8")


def hits(result) -> list[tuple[str, int]]:
    """Return the findings as sorted (rule id, line) pairs."""
    return sorted((finding.rule_id, finding.location.line) for finding in result.findings)
