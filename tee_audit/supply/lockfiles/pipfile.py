"""Reader of `Pipfile.lock` (JSON written by pipenv)."""

from __future__ import annotations

import json

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list, line_of
from tee_audit.supply.lockfiles.base import entry, lock_manifest
from tee_audit.supply.model import Ecosystem, ParseResult, SourceKind


def read(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "Pipfile.lock")])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid JSON: {error}"))
        return result
    if not isinstance(document, dict):
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, "the top level is not an object"))
        return result

    for section, scope in (("default", "required"), ("develop", "dev")):
        packages = document.get(section)
        if not isinstance(packages, dict):
            continue
        start = line_of(text, f'"{section}"') or 1
        for name, info in packages.items():
            if not isinstance(info, dict):
                continue
            version = str(info.get("version", ""))
            kind, url, ref = SourceKind.REGISTRY, "", ""
            if "git" in info:
                kind, url, ref = SourceKind.VCS, str(info["git"]), str(info.get("ref", ""))
            elif "path" in info or "file" in info:
                kind, url = (SourceKind.PATH, str(info["path"])) if "path" in info else (SourceKind.URL, str(info["file"]))
            dependency = entry(
                Ecosystem.PYPI,
                name,
                version[2:] if version.startswith("==") else None,
                path,
                text,
                line_of(text, f'"{name}"', start),
                "Pipfile.lock",
                hashes=tuple(item.lower() for item in as_list(info.get("hashes")) if isinstance(item, str)),
                source_kind=kind,
                url=url,
                ref=ref,
                scope=scope,
            )
            result.dependencies.append(dependency)
            result.roots.append(dependency)
    return result
