"""Reader of `pylock.toml` and `pylock.<name>.toml` (PEP 751)."""

from __future__ import annotations

import tomllib

from packaging.utils import canonicalize_name

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list
from tee_audit.supply.lockfiles.base import attach_roots, entry, lock_manifest, toml_array_header_lines
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "pylock.toml")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    packages = [item for item in as_list(document.get("packages")) if isinstance(item, dict)]
    lines = toml_array_header_lines(text, "packages")
    needed: list[tuple[Dependency, list]] = []
    for index, package in enumerate(packages):
        kind, url, ref, hashes = _artifacts(package)
        dependency = entry(
            Ecosystem.PYPI,
            str(package.get("name", "")),
            str(package.get("version", "")) or None,
            path,
            text,
            lines[index] if index < len(lines) else 0,
            "pylock.toml",
            hashes=hashes,
            source_kind=kind,
            url=url,
            ref=ref,
        )
        result.dependencies.append(dependency)
        needed.append((dependency, as_list(package.get("dependencies"))))

    by_name: dict[str, list[Dependency]] = {}
    for dependency in result.dependencies:
        by_name.setdefault(canonicalize_name(dependency.name), []).append(dependency)
    for dependency, items in needed:
        for item in items:
            if isinstance(item, dict):
                for target in by_name.get(canonicalize_name(str(item.get("name", ""))), []):
                    if not item.get("version") or target.version == item["version"]:
                        result.edges.append((dependency, target))
    attach_roots(result)
    return result


def _artifacts(package: dict) -> tuple[SourceKind, str, str, tuple[str, ...]]:
    """Return the source kind, reference and hashes of a package's artifacts."""
    hashes: list[str] = []
    sources = [package.get("sdist"), package.get("archive")] + as_list(package.get("wheels"))
    for artifact in sources:
        if isinstance(artifact, dict) and isinstance(artifact.get("hashes"), dict):
            hashes.extend(f"{algorithm}:{value}".lower() for algorithm, value in artifact["hashes"].items())
    vcs = package.get("vcs")
    if isinstance(vcs, dict):
        return SourceKind.VCS, str(vcs.get("url") or vcs.get("path") or ""), str(vcs.get("commit-id", "")), tuple(hashes)
    directory = package.get("directory")
    if isinstance(directory, dict):
        return SourceKind.PATH, str(directory.get("path", "")), "", tuple(hashes)
    archive = package.get("archive")
    if isinstance(archive, dict):
        return SourceKind.URL, str(archive.get("url") or archive.get("path") or ""), "", tuple(hashes)
    return SourceKind.REGISTRY, "", "", tuple(hashes)
