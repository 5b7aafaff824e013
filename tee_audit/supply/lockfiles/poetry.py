"""Reader of `poetry.lock` (format 1.x and 2.x)."""

from __future__ import annotations

import tomllib

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list, as_mapping
from tee_audit.supply.lockfiles.base import attach_roots, entry, lock_manifest, toml_array_header_lines
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind

_SOURCE_KINDS = {"git": SourceKind.VCS, "url": SourceKind.URL, "file": SourceKind.PATH, "directory": SourceKind.PATH}


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "poetry.lock")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    packages = [item for item in as_list(document.get("package")) if isinstance(item, dict)]
    lines = toml_array_header_lines(text, "package")
    requires: list[tuple[Dependency, dict]] = []
    for index, package in enumerate(packages):
        source = package.get("source") if isinstance(package.get("source"), dict) else {}
        kind = _SOURCE_KINDS.get(str(source.get("type", "")), SourceKind.REGISTRY)
        files = as_list(package.get("files")) or as_list(as_mapping(as_mapping(document.get("metadata")).get("files")).get(package.get("name")))
        hashes = tuple(str(item["hash"]).lower() for item in files if isinstance(item, dict) and ":" in str(item.get("hash", "")))
        dependency = entry(
            Ecosystem.PYPI,
            str(package.get("name", "")),
            str(package.get("version", "")),
            path,
            text,
            lines[index] if index < len(lines) else 0,
            "poetry.lock",
            hashes=hashes,
            source_kind=kind,
            url=str(source.get("url", "")),
            ref=str(source.get("resolved_reference") or source.get("reference") or ""),
            scope="dev" if package.get("category") == "dev" else "required",
        )
        result.dependencies.append(dependency)
        requires.append((dependency, as_mapping(package.get("dependencies"))))

    by_name: dict[str, list[Dependency]] = {}
    for dependency in result.dependencies:
        by_name.setdefault(canonicalize_name(dependency.name), []).append(dependency)
    for dependency, needed in requires:
        for name, constraint in needed.items():
            for target in _matching(by_name.get(canonicalize_name(name), []), constraint):
                result.edges.append((dependency, target))
    attach_roots(result)
    return result


def _matching(candidates: list[Dependency], constraint) -> list[Dependency]:
    """Pick the locked versions a dependency constraint allows; all of them when it cannot be read."""
    if len(candidates) <= 1:
        return candidates
    items = constraint if isinstance(constraint, list) else [constraint]
    matched = []
    for item in items:
        text = item if isinstance(item, str) else str(item.get("version", "")) if isinstance(item, dict) else ""
        try:
            specifier = SpecifierSet(text.replace(" ", "")) if text and text != "*" else SpecifierSet()
        except InvalidSpecifier:
            return candidates
        for candidate in candidates:
            try:
                if Version(candidate.version or "") in specifier and candidate not in matched:
                    matched.append(candidate)
            except InvalidVersion:
                continue
    return matched or candidates
