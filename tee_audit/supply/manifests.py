"""Readers of the npm and Cargo manifests, read only to tell whether their ranges are locked.

The locked versions come from the lockfiles; these manifests add the
VCS and path references that a lockfile no longer shows as written.
"""

from __future__ import annotations

import json
import tomllib

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import as_list, clean_snippet, line_of, source_line, strip_credentials
from tee_audit.supply.model import Dependency, Ecosystem, ManifestInfo, ParseResult, SourceKind
from tee_audit.supply.references import index_credential_finding, reference_findings

_NPM_FIELDS = ("dependencies", "devDependencies", "optionalDependencies")


def read_package_json(path: str, text: str) -> ParseResult:
    result = ParseResult()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid JSON: {error}"))
        return result
    if not isinstance(document, dict):
        return result

    has_ranges, range_line = False, 0
    for field in _NPM_FIELDS:
        table = document.get(field)
        if not isinstance(table, dict):
            continue
        start = line_of(text, f'"{field}"') or 1
        for name, spec in table.items():
            spec = str(spec)
            line = line_of(text, f'"{name}"', start)
            kind, url, ref = SourceKind.REGISTRY, "", ""
            if spec.startswith(("git+", "git:", "github:")) or ("/" in spec and not spec.startswith(("file:", ".", "/", "npm:", "http"))):
                kind, url = SourceKind.VCS, spec.split("#", 1)[0]
                ref = spec.rsplit("#", 1)[1] if "#" in spec else ""
            elif spec.startswith(("file:", ".", "/", "link:")):
                kind, url = SourceKind.PATH, spec.split(":", 1)[1] if spec.startswith(("file:", "link:")) else spec
            elif spec.startswith("http"):
                kind, url = SourceKind.URL, spec
            else:
                if not _is_exact_npm(spec) and not has_ranges:
                    has_ranges, range_line = True, line
            if kind is not SourceKind.REGISTRY:
                dependency = Dependency(
                    Ecosystem.NPM, name, None, path, line, line, clean_snippet(source_line(text, line).strip()),
                    specifier=spec, source_kind=kind, url=url, ref=ref, manifest_kind="package.json",
                    scope="dev" if field == "devDependencies" else "required",
                )
                result.findings.extend(reference_findings(dependency, spec, f"{name} {strip_credentials(spec)}"))
    result.manifests.append(
        ManifestInfo(path=path, kind="package.json", is_lockfile=False, has_ranges=has_ranges, range_line=range_line,
                     project_name=str(document.get("name", "")), project_version=str(document.get("version", "")))
    )
    return result


def _is_exact_npm(spec: str) -> bool:
    spec = spec.strip().lstrip("=v")
    return bool(spec) and spec[0].isdigit() and all(char.isalnum() or char in ".-+" for char in spec)


def read_cargo_toml(path: str, text: str) -> ParseResult:
    result = ParseResult()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    has_ranges, range_line = False, 0
    tables = [(name, document.get(name)) for name in ("dependencies", "dev-dependencies", "build-dependencies")]
    workspace = document.get("workspace") if isinstance(document.get("workspace"), dict) else {}
    tables.append(("workspace.dependencies", workspace.get("dependencies")))
    for header, table in tables:
        if not isinstance(table, dict):
            continue
        start = line_of(text, f"[{header}]") or 1
        for name, spec in table.items():
            line = line_of(text, name, start) or start
            if isinstance(spec, str):
                if not spec.startswith("=") and not has_ranges:
                    has_ranges, range_line = True, line
                continue
            if not isinstance(spec, dict) or spec.get("workspace"):
                continue
            kind, url, ref = SourceKind.REGISTRY, "", ""
            if "git" in spec:
                kind, url = SourceKind.VCS, str(spec["git"])
                ref = str(spec.get("rev") or spec.get("tag") or spec.get("branch") or "")
            elif "path" in spec:
                kind, url = SourceKind.PATH, str(spec["path"])
            else:
                if not str(spec.get("version", "")).startswith("=") and not has_ranges:
                    has_ranges, range_line = True, line
                continue
            dependency = Dependency(
                Ecosystem.CARGO, name, None, path, line, line, clean_snippet(source_line(text, line).strip()),
                source_kind=kind, url=url, ref=ref, manifest_kind="Cargo.toml",
            )
            result.findings.extend(reference_findings(dependency, url, f"{name} {strip_credentials(url)} {ref}".strip()))
    package = document.get("package") if isinstance(document.get("package"), dict) else {}
    result.manifests.append(
        ManifestInfo(path=path, kind="Cargo.toml", is_lockfile=False, has_ranges=has_ranges, range_line=range_line,
                     project_name=str(package.get("name", "")), project_version=str(package.get("version", "")))
    )
    return result


def read_pipfile(path: str, text: str) -> ParseResult:
    """Read a pipenv `Pipfile`: its ranges need `Pipfile.lock`, and its sources may embed credentials."""
    result = ParseResult()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    for source in as_list(document.get("source")):
        if isinstance(source, dict) and isinstance(source.get("url"), str):
            finding = index_credential_finding(path, text, source["url"], "Pipfile source")
            if finding is not None:
                result.findings.append(finding)

    has_ranges, range_line = False, 0
    for header in ("packages", "dev-packages"):
        table = document.get(header)
        if not isinstance(table, dict):
            continue
        start = line_of(text, f"[{header}]") or 1
        for name, spec in table.items():
            line = line_of(text, name, start) or start
            if isinstance(spec, dict) and any(key in spec for key in ("git", "path", "file")):
                reference = str(spec.get("git") or spec.get("path") or spec.get("file"))
                kind = SourceKind.URL
                if "git" in spec:
                    kind = SourceKind.VCS
                elif "path" in spec:
                    kind = SourceKind.PATH
                dependency = Dependency(
                    Ecosystem.PYPI, name, None, path, line, line, clean_snippet(source_line(text, line).strip()),
                    source_kind=kind, url=strip_credentials(reference), ref=str(spec.get("ref", "")), manifest_kind="Pipfile",
                )
                result.findings.extend(reference_findings(dependency, reference, f"{name} {strip_credentials(reference)} {dependency.ref}".strip()))
                continue
            version = spec if isinstance(spec, str) else str(spec.get("version", "*")) if isinstance(spec, dict) else "*"
            if not version.startswith("==") and not has_ranges:
                has_ranges, range_line = True, line
    result.manifests.append(ManifestInfo(path=path, kind="Pipfile", is_lockfile=False, has_ranges=has_ranges, range_line=range_line))
    return result
