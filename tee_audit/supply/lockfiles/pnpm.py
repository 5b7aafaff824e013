"""Reader of `pnpm-lock.yaml` (lockfile versions 5, 6 and 9).

Package keys differ by version: `/name/1.0.0_peer` (5), `/name@1.0.0(peer)` (6)
and `name@1.0.0` (9, where the graph moved to `snapshots`).
"""

from __future__ import annotations

import re

import yaml

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_mapping
from tee_audit.supply.lockfiles.base import entry, lock_manifest, sri_to_hashes
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind


_V5_KEY = re.compile(r"^((?:@[^/]+/)?[^/@]+)/([^/]+)$")


def parse_key(key: str) -> tuple[str, str]:
    """Split a package key into name and version, dropping peer-dependency suffixes."""
    key = key.lstrip("/")
    v5 = _V5_KEY.match(key)
    if v5:
        return v5.group(1), v5.group(2).split("_", 1)[0]
    key = key.split("(", 1)[0]
    at = key.find("@", 1)
    if at > 0:
        return key[:at], key[at + 1 :]
    return key, ""


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "pnpm-lock.yaml")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid YAML: {error}"))
        return result
    if not isinstance(document, dict) or root is None:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, "the top level is not a mapping"))
        return result

    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        if key_node.value == "packages" and isinstance(value_node, yaml.MappingNode):
            lines = {item.value: item.start_mark.line + 1 for item, _ in value_node.value}

    packages = document.get("packages") if isinstance(document.get("packages"), dict) else {}
    by_key: dict[str, Dependency] = {}
    for key, info in packages.items():
        info = info if isinstance(info, dict) else {}
        name, version = parse_key(str(key))
        name = str(info.get("name") or name)
        version = str(info.get("version") or version)
        resolution = info.get("resolution") if isinstance(info.get("resolution"), dict) else {}
        kind, url, ref = SourceKind.REGISTRY, "", ""
        if "repo" in resolution or resolution.get("type") == "git":
            kind, url, ref = SourceKind.VCS, str(resolution.get("repo", "")), str(resolution.get("commit", ""))
        elif "directory" in resolution:
            kind, url = SourceKind.PATH, str(resolution["directory"])
        elif "tarball" in resolution and not resolution.get("integrity"):
            kind, url = SourceKind.URL, str(resolution["tarball"])
        dependency = entry(
            Ecosystem.NPM,
            name,
            version if kind is SourceKind.REGISTRY else None,
            path,
            text,
            lines.get(key, 0),
            "pnpm-lock.yaml",
            hashes=sri_to_hashes(str(resolution.get("integrity", ""))),
            source_kind=kind,
            url=url,
            ref=ref,
            scope="dev" if info.get("dev") else "required",
        )
        result.dependencies.append(dependency)
        by_key[_base_key(str(key))] = dependency

    graph = document.get("snapshots") if isinstance(document.get("snapshots"), dict) else packages
    for key, info in graph.items():
        source = by_key.get(_base_key(str(key)))
        if source is None or not isinstance(info, dict):
            continue
        for field in ("dependencies", "optionalDependencies"):
            for name, version in as_mapping(info.get(field)).items():
                target = _lookup(by_key, name, str(version))
                if target is not None:
                    result.edges.append((source, target))

    importers = document.get("importers") if isinstance(document.get("importers"), dict) else {".": document}
    for importer in importers.values():
        if not isinstance(importer, dict):
            continue
        for field in ("dependencies", "devDependencies", "optionalDependencies"):
            for name, spec in as_mapping(importer.get(field)).items():
                version = spec.get("version") if isinstance(spec, dict) else spec
                target = _lookup(by_key, name, str(version))
                if target is not None:
                    result.roots.append(target)
    return result


def _base_key(key: str) -> str:
    name, version = parse_key(key)
    return f"{name}@{version}"


def _lookup(by_key: dict[str, Dependency], name: str, version: str) -> Dependency | None:
    version = re.split(r"[(_]", version, maxsplit=1)[0]
    if version.startswith("/"):
        return by_key.get(_base_key(version))
    return by_key.get(f"{name}@{version}")
