"""Reader of `pyproject.toml`: PEP 621 dependencies, PEP 735 groups and Poetry tables.

Only the declared dependencies are read. A build backend that computes them
(`dynamic = ["dependencies"]`) is never run, so its dependencies are stated
as not known.
"""

from __future__ import annotations

import tomllib

from packaging.requirements import InvalidRequirement, Requirement

from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import classify_url, clean_snippet, line_of, source_line, strip_credentials
from tee_audit.supply.model import Dependency, Ecosystem, ManifestInfo, ParseResult, SourceKind
from tee_audit.supply.references import index_credential_finding, reference_findings
from tee_audit.supply.requirements import is_exact_pin


def read_pyproject(path: str, text: str) -> ParseResult:
    result = ParseResult()
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"invalid TOML: {error}"))
        return result

    project = document.get("project") if isinstance(document.get("project"), dict) else {}
    poetry = document.get("tool", {}).get("poetry", {}) if isinstance(document.get("tool"), dict) else {}
    poetry = poetry if isinstance(poetry, dict) else {}

    entries: list[tuple[str, str, str]] = []
    """(requirement text, scope, table header to search from)."""
    for requirement in _strings(project.get("dependencies")):
        entries.append((requirement, "required", "[project]"))
    optional = project.get("optional-dependencies")
    if isinstance(optional, dict):
        for group, requirements in optional.items():
            for requirement in _strings(requirements):
                entries.append((requirement, "optional", "[project.optional-dependencies]"))
    groups = document.get("dependency-groups")
    if isinstance(groups, dict):
        for group, requirements in groups.items():
            for requirement in _strings(requirements):
                entries.append((requirement, "dev", "[dependency-groups]"))

    for requirement, scope, header in entries:
        _add_pep508(result, path, text, requirement, scope, header)
    _read_poetry(result, path, text, poetry)
    tool = document.get("tool") if isinstance(document.get("tool"), dict) else {}
    _read_uv_sources(result, path, text, tool.get("uv") if isinstance(tool.get("uv"), dict) else {})
    _check_index_urls(result, path, text, tool)

    dynamic = project.get("dynamic") if isinstance(project.get("dynamic"), list) else []
    if "dependencies" in dynamic or "optional-dependencies" in dynamic:
        result.notices.append(
            f"{path}: the dependencies are dynamic (computed by the build backend), so they are not listed or checked."
        )

    ranged = [dependency for dependency in result.dependencies if dependency.version is None and dependency.source_kind is SourceKind.REGISTRY]
    name = str(project.get("name") or poetry.get("name") or "")
    version = str(project.get("version") or poetry.get("version") or "")
    result.manifests.append(
        ManifestInfo(
            path=path,
            kind="pyproject",
            is_lockfile=False,
            has_ranges=bool(ranged),
            range_line=min((dependency.line for dependency in ranged), default=0),
            fully_pinned=all(dependency.version is not None for dependency in result.dependencies),
            project_name=name,
            project_version=version,
        )
    )
    return result


def _strings(value) -> list[str]:
    """Return the string items of a dependency list, leaving out PEP 735 `{include-group = ...}` tables."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str)]


def _line_of_string(text: str, value: str, start: int) -> int:
    """Find the line of a TOML string value, preferring its quoted form so `idna` does not match `idna-ssl`."""
    for needle in (f'"{value}"', f"'{value}'", value):
        line = line_of(text, needle, start) or line_of(text, needle)
        if line:
            return line
    return 0


def _add_pep508(result: ParseResult, path: str, text: str, requirement_text: str, scope: str, header: str) -> None:
    line = _line_of_string(text, requirement_text, line_of(text, header) or 1)
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as error:
        result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, clean_snippet(f"line {line}: invalid requirement: {error}")))
        return
    kind, url, ref, hashes = SourceKind.REGISTRY, "", "", ()
    if requirement.url:
        kind, url, ref, hashes = classify_url(requirement.url)
    dependency = Dependency(
        ecosystem=Ecosystem.PYPI,
        name=requirement.name,
        version=None if requirement.url else is_exact_pin(requirement),
        path=path,
        line=line,
        end_line=line,
        snippet=clean_snippet(source_line(text, line)),
        specifier=str(requirement.specifier),
        source_kind=kind,
        url=url,
        ref=ref,
        hashes=hashes,
        extras=tuple(sorted(requirement.extras)),
        marker=str(requirement.marker or ""),
        scope=scope,
        manifest_kind="pyproject",
    )
    result.dependencies.append(dependency)
    if kind is not SourceKind.REGISTRY:
        result.findings.extend(reference_findings(dependency, requirement_text, strip_credentials(requirement_text.split(";", 1)[0].strip())))


def _read_poetry(result: ParseResult, path: str, text: str, poetry: dict) -> None:
    tables: list[tuple[str, str, dict]] = []
    if isinstance(poetry.get("dependencies"), dict):
        tables.append(("required", "[tool.poetry.dependencies]", poetry["dependencies"]))
    if isinstance(poetry.get("dev-dependencies"), dict):
        tables.append(("dev", "[tool.poetry.dev-dependencies]", poetry["dev-dependencies"]))
    groups = poetry.get("group")
    if isinstance(groups, dict):
        for group, table in groups.items():
            if isinstance(table, dict) and isinstance(table.get("dependencies"), dict):
                tables.append(("dev", f"[tool.poetry.group.{group}.dependencies]", table["dependencies"]))

    for scope, header, table in tables:
        start = line_of(text, header) or 1
        for name, spec in table.items():
            if name.lower() == "python":
                continue
            for item in spec if isinstance(spec, list) else [spec]:
                _add_poetry(result, path, text, start, name, item, scope)


def _add_poetry(result: ParseResult, path: str, text: str, start: int, name: str, spec, scope: str) -> None:
    line = line_of(text, f"{name} ", start) or line_of(text, f"{name}=", start) or line_of(text, f'"{name}"', start) or start
    constraint = spec if isinstance(spec, str) else str(spec.get("version", "")) if isinstance(spec, dict) else ""
    kind, url, ref = SourceKind.REGISTRY, "", ""
    if isinstance(spec, dict):
        if "git" in spec:
            kind, url = SourceKind.VCS, strip_credentials(str(spec["git"]))
            ref = str(spec.get("rev") or spec.get("tag") or spec.get("branch") or "")
        elif "path" in spec:
            kind, url = SourceKind.PATH, str(spec["path"])
        elif "url" in spec:
            kind, url = SourceKind.URL, strip_credentials(str(spec["url"]))
    version = poetry_exact_version(constraint) if kind is SourceKind.REGISTRY else None
    dependency = Dependency(
        ecosystem=Ecosystem.PYPI,
        name=name,
        version=version,
        path=path,
        line=line,
        end_line=line,
        snippet=clean_snippet(source_line(text, line)),
        specifier=constraint,
        source_kind=kind,
        url=url,
        ref=ref,
        scope="optional" if isinstance(spec, dict) and spec.get("optional") else scope,
        manifest_kind="pyproject",
    )
    result.dependencies.append(dependency)
    if kind is not SourceKind.REGISTRY:
        reference = str(spec.get("git") or spec.get("url") or spec.get("path") or "")
        result.findings.extend(reference_findings(dependency, reference, f"{name} {url} {ref}".strip()))


def poetry_exact_version(constraint: str) -> str | None:
    """Return the version of a Poetry constraint that allows exactly one version (`1.2.3` or `==1.2.3`)."""
    constraint = constraint.strip()
    if constraint.startswith("=="):
        constraint = constraint[2:].strip()
    elif constraint.startswith("="):
        constraint = constraint[1:].strip()
    if constraint and all(char.isalnum() or char in ".+-!" for char in constraint) and constraint[0].isdigit():
        return constraint
    return None


def _read_uv_sources(result: ParseResult, path: str, text: str, uv: dict) -> None:
    """Check `[tool.uv.sources]`, which replaces a dependency's index release with a VCS, URL or path source."""
    sources = uv.get("sources")
    if not isinstance(sources, dict):
        return
    start = line_of(text, "[tool.uv.sources]") or 1
    for name, spec in sources.items():
        for item in spec if isinstance(spec, list) else [spec]:
            if not isinstance(item, dict):
                continue
            if "git" in item:
                kind, reference = SourceKind.VCS, str(item["git"])
                ref = str(item.get("rev") or item.get("tag") or item.get("branch") or "")
            elif "url" in item:
                kind, reference, ref = SourceKind.URL, str(item["url"]), ""
            elif "path" in item:
                kind, reference, ref = SourceKind.PATH, str(item["path"]), ""
            else:
                continue
            line = line_of(text, f"{name} ", start) or line_of(text, f"{name}=", start) or start
            dependency = Dependency(
                ecosystem=Ecosystem.PYPI,
                name=name,
                version=None,
                path=path,
                line=line,
                end_line=line,
                snippet=clean_snippet(source_line(text, line)),
                source_kind=kind,
                url=strip_credentials(reference),
                ref=ref,
                manifest_kind="pyproject",
            )
            result.findings.extend(reference_findings(dependency, reference, f"{name} {strip_credentials(reference)} {ref}".strip()))


def _check_index_urls(result: ParseResult, path: str, text: str, tool: dict) -> None:
    """Report package index URLs with embedded credentials in the Poetry, uv and PDM settings."""
    urls: list[tuple[str, str]] = []
    for owner, key in (("poetry", "source"), ("uv", "index"), ("pdm", "source")):
        table = tool.get(owner) if isinstance(tool.get(owner), dict) else {}
        for item in table.get(key) if isinstance(table.get(key), list) else []:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                urls.append((f"tool.{owner}.{key}", item["url"]))
    uv = tool.get("uv") if isinstance(tool.get("uv"), dict) else {}
    for key in ("index-url", "extra-index-url", "find-links"):
        values = uv.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str):
                urls.append((f"tool.uv.{key}", value))
    for setting, url in urls:
        finding = index_credential_finding(path, text, url, setting)
        if finding is not None:
            result.findings.append(finding)
