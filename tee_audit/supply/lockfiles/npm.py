"""Reader of `package-lock.json` and `npm-shrinkwrap.json` (lockfile versions 1, 2 and 3).

Version 2 and 3 files list every installed copy under `packages`, keyed by
its `node_modules/...` path; version 1 nests copies under `dependencies`.
Each installed copy is kept, so two versions of one package both appear.
"""

from __future__ import annotations

import json
import re

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.lockfiles.base import entry, lock_manifest, sri_to_hashes
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind


def read(path: str, text: str) -> ParseResult:
    name = path.rsplit("/", 1)[-1]
    result = ParseResult(manifests=[lock_manifest(path, name)])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid JSON: {error}"))
        return result
    if not isinstance(document, dict):
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, "the top level is not an object"))
        return result

    cursor = _Cursor(text)
    if isinstance(document.get("packages"), dict):
        _read_packages(result, path, text, document["packages"], cursor)
    elif isinstance(document.get("dependencies"), dict):
        _read_nested(result, path, text, document["dependencies"], cursor, {})
    return result


class _Cursor:
    """Find keys in document order, so a key repeated at several depths maps to the right line."""

    def __init__(self, text: str):
        self.text = text
        self.offset = 0

    def line_of_key(self, key: str) -> int:
        """Return the line of the next `"key": {`, skipping the same key with a string value (a range in `requires`)."""
        match = re.compile(re.escape(json.dumps(key)) + r"\s*:\s*\{").search(self.text, self.offset)
        if match is None:
            return 0
        self.offset = match.end()
        return self.text.count("\n", 0, match.start()) + 1


def _source(info: dict) -> tuple[SourceKind, str, str]:
    resolved = str(info.get("resolved") or "")
    version = str(info.get("version") or "")
    reference = resolved or version
    if reference.startswith(("git+", "git:", "github:")):
        return SourceKind.VCS, reference.split("#", 1)[0], reference.rsplit("#", 1)[1] if "#" in reference else ""
    if reference.startswith("file:"):
        return SourceKind.PATH, reference, ""
    return SourceKind.REGISTRY, resolved, ""


def _dependency(path: str, text: str, name: str, info: dict, line: int) -> Dependency:
    kind, url, ref = _source(info)
    version = str(info.get("version") or "")
    scope = "required"
    if info.get("dev"):
        scope = "dev"
    elif info.get("optional"):
        scope = "optional"
    return entry(
        Ecosystem.NPM,
        name,
        version if kind is SourceKind.REGISTRY else None,
        path,
        text,
        line,
        path.rsplit("/", 1)[-1],
        hashes=sri_to_hashes(str(info.get("integrity") or "")),
        source_kind=kind,
        url=url,
        ref=ref,
        scope=scope,
    )


def _read_packages(result: ParseResult, path: str, text: str, packages: dict, cursor: _Cursor) -> None:
    by_location: dict[str, Dependency] = {}
    infos: dict[str, dict] = {}
    for location, info in packages.items():
        line = cursor.line_of_key(location)
        if not location or not isinstance(info, dict) or "node_modules/" not in location or info.get("link"):
            continue
        name = str(info.get("name") or location.rsplit("node_modules/", 1)[1])
        dependency = _dependency(path, text, name, info, line)
        result.dependencies.append(dependency)
        by_location[location] = dependency
        infos[location] = info

    root = packages.get("") if isinstance(packages.get(""), dict) else {}
    for location, info in [("", root)] + list(infos.items()):
        declared = {}
        for field in ("dependencies", "optionalDependencies", "devDependencies", "peerDependencies"):
            if isinstance(info.get(field), dict) and (location or field != "peerDependencies"):
                declared.update(info[field])
        for name in declared:
            target = _resolve(location, name, by_location)
            if target is None:
                continue
            if location:
                result.edges.append((by_location[location], target))
            else:
                result.roots.append(target)


def _resolve(location: str, name: str, by_location: dict[str, Dependency]) -> Dependency | None:
    """Find the copy of `name` that Node's resolution gives a package at `location`."""
    base = location
    while True:
        candidate = f"{base}/node_modules/{name}" if base else f"node_modules/{name}"
        if candidate in by_location:
            return by_location[candidate]
        if not base:
            return None
        base = base.rsplit("/node_modules/", 1)[0] if "/node_modules/" in base else ""


def _read_nested(result: ParseResult, path: str, text: str, dependencies: dict, cursor: _Cursor, scope: dict[str, Dependency]) -> dict[str, Dependency]:
    """Read lockfile version 1, where each package nests the copies only it uses; return this level's copies."""
    local: dict[str, Dependency] = {}
    children: list[tuple[Dependency, dict, dict[str, Dependency]]] = []
    for name, info in dependencies.items():
        if not isinstance(info, dict):
            continue
        dependency = _dependency(path, text, name, info, cursor.line_of_key(name))
        result.dependencies.append(dependency)
        local[name] = dependency
        nested: dict[str, Dependency] = {}
        if isinstance(info.get("dependencies"), dict):
            nested = _read_nested(result, path, text, info["dependencies"], cursor, {**scope, **local})
        children.append((dependency, info, nested))

    visible = {**scope, **local}
    for dependency, info, nested in children:
        requires = info.get("requires") if isinstance(info.get("requires"), dict) else {}
        for name in requires:
            target = nested.get(name) or visible.get(name)
            if target is not None:
                result.edges.append((dependency, target))
    if not scope:
        depended = {id(child) for _, child in result.edges}
        result.roots.extend(dependency for dependency in local.values() if id(dependency) not in depended)
    return local
