"""Reader of `uv.lock`."""

from __future__ import annotations

import tomllib

from packaging.utils import canonicalize_name

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list, as_mapping
from tee_audit.supply.lockfiles.base import attach_roots, entry, lock_manifest, toml_array_header_lines
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "uv.lock")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    # Early uv lockfiles named the entries `[[distribution]]`.
    header = "package" if "package" in document else "distribution"
    packages = [item for item in as_list(document.get(header)) if isinstance(item, dict)]
    lines = toml_array_header_lines(text, header)
    nodes: list[tuple[Dependency | None, dict]] = []
    project_nodes: set[int] = set()
    for index, package in enumerate(packages):
        source = package.get("source") if isinstance(package.get("source"), dict) else {}
        if "editable" in source or "virtual" in source:
            project_nodes.add(index)
            nodes.append((None, package))
            continue
        kind, url, ref = _source(source)
        artifacts = [package.get("sdist")] + as_list(package.get("wheels"))
        hashes = tuple(str(item["hash"]).lower() for item in artifacts if isinstance(item, dict) and item.get("hash"))
        dependency = entry(
            Ecosystem.PYPI,
            str(package.get("name", "")),
            str(package.get("version", "")),
            path,
            text,
            lines[index] if index < len(lines) else 0,
            "uv.lock",
            hashes=hashes,
            source_kind=kind,
            url=url,
            ref=ref,
        )
        result.dependencies.append(dependency)
        nodes.append((dependency, package))

    by_name: dict[str, list[Dependency]] = {}
    for dependency in result.dependencies:
        by_name.setdefault(canonicalize_name(dependency.name), []).append(dependency)
    for index, (dependency, package) in enumerate(nodes):
        needed = list(as_list(package.get("dependencies")))
        for group in as_mapping(package.get("optional-dependencies")).values():
            needed.extend(as_list(group))
        for group in as_mapping(package.get("dev-dependencies")).values():
            needed.extend(as_list(group))
        for item in needed:
            if not isinstance(item, dict):
                continue
            candidates = by_name.get(canonicalize_name(str(item.get("name", ""))), [])
            if item.get("version"):
                candidates = [candidate for candidate in candidates if candidate.version == item["version"]] or candidates
            for target in candidates:
                if dependency is None:
                    result.roots.append(target)
                else:
                    result.edges.append((dependency, target))
    if not project_nodes:
        attach_roots(result)
    return result


def _source(source: dict) -> tuple[SourceKind, str, str]:
    if "git" in source:
        url = str(source["git"])
        ref = url.rsplit("#", 1)[1] if "#" in url else ""
        return SourceKind.VCS, url, ref
    if "url" in source:
        return SourceKind.URL, str(source["url"]), ""
    if "path" in source or "directory" in source:
        return SourceKind.PATH, str(source.get("path") or source.get("directory")), ""
    return SourceKind.REGISTRY, "", ""
