"""Pieces every lockfile reader uses."""

from __future__ import annotations

import base64
import binascii

from tee_audit.supply.common import clean_snippet, source_line, strip_credentials
from tee_audit.supply.model import Dependency, Ecosystem, ManifestInfo, ParseResult, SourceKind

_SRI_ALGORITHMS = {"sha1": "sha1", "sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}


def entry(
    ecosystem: Ecosystem,
    name: str,
    version: str | None,
    path: str,
    text: str,
    line: int,
    kind_name: str,
    *,
    hashes: tuple[str, ...] = (),
    source_kind: SourceKind = SourceKind.REGISTRY,
    url: str = "",
    ref: str = "",
    scope: str = "required",
) -> Dependency:
    """Build the dependency of one lockfile package entry."""
    return Dependency(
        ecosystem=ecosystem,
        name=name,
        version=version or None,
        path=path,
        line=line,
        end_line=line,
        snippet=clean_snippet(source_line(text, line).strip()),
        specifier=f"=={version}" if version else "",
        source_kind=source_kind,
        url=strip_credentials(url),
        ref=ref,
        hashes=tuple(dict.fromkeys(hashes)),
        scope=scope,
        manifest_kind=kind_name,
    )


def lock_manifest(path: str, kind: str) -> ManifestInfo:
    return ManifestInfo(path=path, kind=kind, is_lockfile=True, fully_pinned=True)


def sri_to_hashes(integrity: str) -> tuple[str, ...]:
    """Turn Subresource Integrity strings (`sha512-<base64>`) into `algorithm:hex` pairs."""
    hashes = []
    for item in (integrity or "").split():
        algorithm, _, encoded = item.partition("-")
        if algorithm not in _SRI_ALGORITHMS:
            continue
        try:
            hashes.append(f"{algorithm}:{base64.b64decode(encoded, validate=True).hex()}")
        except (binascii.Error, ValueError):
            continue
    return tuple(hashes)


def toml_array_header_lines(text: str, header: str) -> list[int]:
    """Return the 1-based lines of each `[[header]]` array-of-tables header, in order."""
    target = f"[[{header}]]"
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.strip() == target]


def attach_roots(result: ParseResult) -> None:
    """Mark entries no other entry depends on as the project's direct dependencies."""
    depended = {id(child) for _, child in result.edges}
    result.roots.extend(dependency for dependency in result.dependencies if id(dependency) not in depended)
