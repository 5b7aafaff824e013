"""Reader of `yarn.lock`: the classic format of Yarn 1 and the YAML format of Yarn 2 and later (berry)."""

from __future__ import annotations

import re

import yaml

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_mapping
from tee_audit.supply.lockfiles.base import attach_roots, entry, lock_manifest, sri_to_hashes
from tee_audit.supply.model import Dependency, Ecosystem, ParseResult, SourceKind

_CLASSIC_FIELD = re.compile(r'^\s+("?)([^"\s]+)\1\s+"?([^"]*)"?\s*$')


def read(path: str, text: str) -> ParseResult:
    if "__metadata:" in text:
        return _read_berry(path, text)
    return _read_classic(path, text)


def _descriptor_name(descriptor: str) -> str:
    """Return the package name of a descriptor such as `@scope/pkg@^1.0` or `pkg@npm:^1.0`."""
    descriptor = descriptor.strip().strip('"')
    at = descriptor.find("@", 1)
    return descriptor[:at] if at > 0 else descriptor


def _read_classic(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "yarn.lock")])
    blocks: list[dict] = []
    current: dict | None = None
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.rstrip().endswith(":"):
                result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"line {number}: expected a package header ending in ':'"))
                return result
            descriptors = [item.strip().strip('"') for item in line.rstrip()[:-1].split(",")]
            current = {"line": number, "descriptors": descriptors, "fields": {}, "dependencies": {}}
            blocks.append(current)
            section = ""
            continue
        if current is None:
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent <= 2 and stripped.endswith(":"):
            section = stripped[:-1]
            continue
        match = _CLASSIC_FIELD.match(line)
        if not match:
            continue
        key, value = match.group(2), match.group(3)
        if indent > 2 and section:
            current["dependencies"][key] = value
        else:
            section = ""
            current["fields"][key] = value

    by_descriptor: dict[str, Dependency] = {}
    for block in blocks:
        fields = block["fields"]
        name = _descriptor_name(block["descriptors"][0])
        resolved = fields.get("resolved", "")
        kind, ref = SourceKind.REGISTRY, ""
        if resolved.startswith(("git+", "git:")) or "codeload.github.com" in resolved:
            kind, ref = SourceKind.VCS, resolved.rsplit("#", 1)[1] if "#" in resolved else ""
        elif resolved.startswith("file:") or any(item.split("@", 2)[-1].startswith("file:") for item in block["descriptors"]):
            kind = SourceKind.PATH
        dependency = entry(
            Ecosystem.NPM,
            name,
            fields.get("version") if kind is SourceKind.REGISTRY else None,
            path,
            text,
            block["line"],
            "yarn.lock",
            hashes=sri_to_hashes(fields.get("integrity", "")),
            source_kind=kind,
            url=resolved.split("#", 1)[0] if kind is SourceKind.VCS else resolved,
            ref=ref,
        )
        block["dependency"] = dependency
        result.dependencies.append(dependency)
        for descriptor in block["descriptors"]:
            by_descriptor[descriptor] = dependency
    for block in blocks:
        for name, range_ in block["dependencies"].items():
            target = by_descriptor.get(f"{name}@{range_}")
            if target is not None:
                result.edges.append((block["dependency"], target))
    attach_roots(result)
    return result


def _read_berry(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "yarn.lock")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid YAML: {error}"))
        return result
    if not isinstance(document, dict) or root is None:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, "the top level is not a mapping"))
        return result
    lines = {key_node.value: key_node.start_mark.line + 1 for key_node, _ in root.value}

    by_descriptor: dict[str, Dependency] = {}
    needed: list[tuple[Dependency, dict]] = []
    for key, info in document.items():
        if key == "__metadata" or not isinstance(info, dict):
            continue
        resolution = str(info.get("resolution", ""))
        protocol = resolution.split("@", 2)[-1] if resolution else ""
        if protocol.startswith(("workspace:", "link:", "portal:")):
            continue
        kind, url, ref = SourceKind.REGISTRY, "", ""
        if "#commit=" in protocol or protocol.startswith(("git", "https://github.com")) and "#" in protocol:
            kind, url, ref = SourceKind.VCS, protocol.split("#", 1)[0], protocol.rsplit("=", 1)[-1]
        elif protocol.startswith("file:"):
            kind = SourceKind.PATH
        descriptors = [item.strip() for item in str(key).split(",")]
        dependency = entry(
            Ecosystem.NPM,
            _descriptor_name(resolution or descriptors[0]),
            str(info.get("version", "")) if kind is SourceKind.REGISTRY else None,
            path,
            text,
            lines.get(key, 0),
            "yarn.lock",
            source_kind=kind,
            url=url,
            ref=ref,
        )
        result.dependencies.append(dependency)
        needed.append((dependency, as_mapping(info.get("dependencies"))))
        for descriptor in descriptors:
            by_descriptor[descriptor] = dependency
    for dependency, declared in needed:
        for name, range_ in declared.items():
            target = by_descriptor.get(f"{name}@{range_}") or by_descriptor.get(f"{name}@npm:{range_}")
            if target is not None:
                result.edges.append((dependency, target))
    attach_roots(result)
    return result
