"""Reader of `Cargo.lock` (versions 1 to 4)."""

from __future__ import annotations

import tomllib

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list
from tee_audit.supply.lockfiles.base import entry, lock_manifest, toml_array_header_lines
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "Cargo.lock")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    checksums = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
    packages = [item for item in as_list(document.get("package")) if isinstance(item, dict)]
    lines = toml_array_header_lines(text, "package")
    nodes: list[tuple[Dependency | None, dict]] = []
    for index, package in enumerate(packages):
        name, version, source = str(package.get("name", "")), str(package.get("version", "")), str(package.get("source", ""))
        if not source:
            # A package without a source is a crate of this workspace: it is the project, not a dependency.
            nodes.append((None, package))
            continue
        checksum = package.get("checksum") or checksums.get(f"checksum {name} {version} ({source})", "")
        kind, url, ref = SourceKind.REGISTRY, "", ""
        if source.startswith("git+"):
            kind, url = SourceKind.VCS, source.split("#", 1)[0]
            ref = source.rsplit("#", 1)[1] if "#" in source else ""
        dependency = entry(
            Ecosystem.CARGO,
            name,
            version,
            path,
            text,
            lines[index] if index < len(lines) else 0,
            "Cargo.lock",
            hashes=(f"sha256:{checksum}",) if checksum else (),
            source_kind=kind,
            url=url,
            ref=ref,
        )
        result.dependencies.append(dependency)
        nodes.append((dependency, package))

    by_name: dict[str, list[Dependency]] = {}
    for dependency in result.dependencies:
        by_name.setdefault(dependency.name, []).append(dependency)
    for dependency, package in nodes:
        for item in as_list(package.get("dependencies")):
            parts = str(item).split(" ")
            candidates = by_name.get(parts[0], [])
            if len(parts) > 1:
                candidates = [candidate for candidate in candidates if candidate.version == parts[1]]
            for target in candidates:
                if dependency is None:
                    result.roots.append(target)
                else:
                    result.edges.append((dependency, target))
    return result
