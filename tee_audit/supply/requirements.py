"""Reader of pip requirements files and the files they include with `-r` and `-c`.

The syntax follows pip's own parser (`pip._internal.req.req_file` in pip
26.3). Lines ending in a backslash are joined, and a comment line ends a
continuation. `#` starts a comment only at the start of a line or after
whitespace. Per-requirement options such as `--hash` follow the requirement
on its logical line. Nothing is fetched: a remote include is reported as
not read.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field, replace
from typing import Callable
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from tee_audit.catalog import supply as rules
from tee_audit.model import Finding, SkipReason, Skipped
from tee_audit.supply.common import (
    VCS_SCHEMES,
    classify_url,
    clean_snippet,
    make_finding,
    strip_credentials,
    url_has_credentials,
    url_without_fragment,
)
from tee_audit.supply.model import Dependency, Ecosystem, ManifestInfo, ParseResult, SourceKind
from tee_audit.supply.references import reference_findings

_COMMENT = re.compile(r"(^|\s+)#.*$")
_ARCHIVE_SUFFIXES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar")
_INDEX_OPTIONS = ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host")
_PER_REQUIREMENT_OPTIONS = ("--hash", "--config-settings", "--global-option", "--install-option")


@dataclass(frozen=True)
class LogicalLine:
    """A requirement or option after joining continuation lines and removing comments."""

    first: int
    last: int
    text: str
    raw: str
    """The physical lines as written, for snippets."""


@dataclass
class _Entry:
    dependency: Dependency
    pinned: bool
    text: str
    """The requirement without options or comment, which identifies it in fingerprints."""


@dataclass
class _Include:
    constraint: bool
    target: str
    line: LogicalLine


@dataclass
class _ParsedFile:
    path: str
    entries: list[_Entry] = field(default_factory=list)
    includes: list[_Include] = field(default_factory=list)
    require_hashes: bool = False
    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def logical_lines(text: str) -> list[LogicalLine]:
    """Join continuation lines the way pip does and strip comments."""
    result: list[LogicalLine] = []
    pending: list[str] = []
    pending_raw: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        is_comment = bool(_COMMENT.match(line))
        if line.endswith("\\") and not is_comment:
            if not pending:
                first = number
            pending.append(line[:-1])
            pending_raw.append(line)
            continue
        if pending:
            pending.append(" " + line if is_comment else line)
            pending_raw.append(line)
            joined = _COMMENT.sub("", "".join(pending)).strip()
            result.append(LogicalLine(first, number, joined, "\n".join(pending_raw)))
            pending, pending_raw = [], []
            continue
        stripped = _COMMENT.sub("", line).strip()
        result.append(LogicalLine(number, number, stripped, line))
    if pending:
        joined = _COMMENT.sub("", "".join(pending)).strip()
        result.append(LogicalLine(first, first + len(pending) - 1, joined, "\n".join(pending_raw)))
    return [line for line in result if line.text]


def split_options(text: str) -> tuple[str, str]:
    """Split a requirement line into the requirement and its options.

    Options start at the first whitespace-separated token beginning with `-`
    outside quotes, so a quoted marker value such as `"a -b"` stays whole.
    """
    quote = ""
    previous = " "
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "-" and previous.isspace():
            return text[:index].strip(), text[index:].strip()
        previous = char
    return text.strip(), ""


def is_exact_pin(requirement: Requirement) -> str | None:
    """Return the pinned version when the specifier allows exactly one version."""
    specs = list(requirement.specifier)
    if len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator in ("==", "===") and "*" not in spec.version:
        return spec.version
    return None


class RequirementsReader:
    """Read requirements files and their includes, each file once."""

    def __init__(self, load: Callable[[str], str | None]):
        self._load = load
        """Return the text of a path relative to the scan root, or None when it cannot be read."""

    def read(self, paths: list[str]) -> ParseResult:
        parsed: dict[str, _ParsedFile] = {}
        queue: list[tuple[str, str]] = [(path, "") for path in paths]
        while queue:
            path, origin = queue.pop(0)
            if path in parsed:
                continue
            text = self._load(path)
            if text is None:
                detail = f"the requirements file included at {origin} is missing or unreadable" if origin else "the requirements file is unreadable"
                parsed[path] = _ParsedFile(path, skipped=[Skipped(path, SkipReason.UNREADABLE, detail)])
                continue
            parsed[path] = _parse_file(path, text)
            queue.extend((include.target, f"{path}:{include.line.first}") for include in parsed[path].includes)
        return _assemble(paths, parsed)


def _parse_file(path: str, text: str) -> _ParsedFile:
    result = _ParsedFile(path)
    for line in logical_lines(text):
        if line.text.startswith("-"):
            _parse_option_line(result, line)
        else:
            _parse_requirement(result, line, line.text, editable=False)
    return result


def _tokens(result: _ParsedFile, line: LogicalLine, text: str) -> list[str] | None:
    try:
        return shlex.split(text)
    except ValueError as error:
        result.skipped.append(Skipped(result.path, SkipReason.PARSE_ERROR, clean_snippet(f"line {line.first}: {error}")))
        return None


def _option_value(tokens: list[str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """Return (option, value) when the first token is one of `names`, in any of pip's spellings."""
    head = tokens[0]
    for name in names:
        if head == name and len(tokens) > 1:
            return name, tokens[1]
        if name.startswith("--") and head.startswith(name + "="):
            return name, head[len(name) + 1 :]
        if not name.startswith("--") and head.startswith(name) and len(head) > len(name):
            return name, head[len(name) :]
    return None


def _parse_option_line(result: _ParsedFile, line: LogicalLine) -> None:
    tokens = _tokens(result, line, line.text)
    if not tokens:
        return

    editable = _option_value(tokens, ("-e", "--editable"))
    if editable:
        rest = line.text.split(editable[1], 1)[1] if editable[1] in line.text else ""
        _parse_requirement(result, line, editable[1] + " " + rest, editable=True)
        return

    include = _option_value(tokens, ("-r", "--requirement", "-c", "--constraint"))
    if include:
        _add_include(result, line, include[0] in ("-c", "--constraint"), include[1])
        return

    if tokens[0] == "--require-hashes":
        result.require_hashes = True
        return

    index = _option_value(tokens, _INDEX_OPTIONS)
    if index and url_has_credentials(index[1]):
        result.findings.append(
            make_finding(
                rules.INDEX_URL_CREDENTIALS,
                result.path,
                line.first,
                f"The {index[0]} URL embeds credentials; supply them at build time instead.",
                end_line=line.last,
                snippet=line.raw,
                code_key=f"{index[0]} {strip_credentials(index[1])}",
            )
        )
        return

    option = tokens[0].split("=", 1)[0]
    if option in _PER_REQUIREMENT_OPTIONS:
        result.findings.append(
            make_finding(
                rules.STRAY_REQUIREMENT_OPTION,
                result.path,
                line.first,
                f"The {option} option stands alone, so it applies to no requirement; "
                "the previous line probably lacks a trailing backslash.",
                end_line=line.last,
                snippet=line.raw,
                code_key=option,
            )
        )


def _add_include(result: _ParsedFile, line: LogicalLine, constraint: bool, target: str) -> None:
    if "://" in target:
        result.notices.append(
            f"{result.path}:{line.first}: the remote requirements file {strip_credentials(target)} was not fetched, "
            "so its dependencies are not checked."
        )
        return
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(result.path), target))
    if resolved.startswith("../") or resolved == ".." or posixpath.isabs(target):
        result.notices.append(
            f"{result.path}:{line.first}: the included file {target} lies outside the scan root and was not read."
        )
        return
    result.includes.append(_Include(constraint, resolved, line))


def _parse_requirement(result: _ParsedFile, line: LogicalLine, text: str, *, editable: bool) -> None:
    requirement_text, options_text = split_options(text)
    hashes = _hashes(result, line, options_text)
    if hashes is None:
        return

    if _is_bare_reference(requirement_text):
        dependency = _reference_dependency(result.path, line, requirement_text, hashes, editable)
        if dependency is None and _is_project_root(result.path, requirement_text):
            # `-e .` installs the scanned project itself, which is not a third-party dependency.
            return
        if dependency is None:
            result.skipped.append(
                Skipped(result.path, SkipReason.PARSE_ERROR, f"line {line.first}: the package name of {strip_credentials(requirement_text)!r} is unknown; write it as `NAME @ URL` or add `#egg=NAME`")
            )
            return
        result.entries.append(_Entry(dependency, pinned=False, text=strip_credentials(requirement_text)))
        result.findings.extend(reference_findings(dependency, requirement_text, _reference_key(requirement_text)))
        return

    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as error:
        result.skipped.append(Skipped(result.path, SkipReason.PARSE_ERROR, clean_snippet(f"line {line.first}: invalid requirement: {error}")))
        return

    version = is_exact_pin(requirement)
    kind, url, ref = SourceKind.REGISTRY, "", ""
    if requirement.url:
        kind, url, ref, url_hashes = classify_url(requirement.url)
        hashes = hashes + url_hashes
        version = None
    dependency = Dependency(
        ecosystem=Ecosystem.PYPI,
        name=requirement.name,
        version=version,
        path=result.path,
        line=line.first,
        end_line=line.last,
        snippet=clean_snippet(line.raw),
        specifier=str(requirement.specifier),
        source_kind=kind,
        url=url,
        ref=ref,
        hashes=hashes,
        extras=tuple(sorted(requirement.extras)),
        marker=str(requirement.marker or ""),
        editable=editable,
        manifest_kind="requirements",
    )
    result.entries.append(_Entry(dependency, pinned=version is not None, text=strip_credentials(requirement_text)))
    if requirement.url:
        result.findings.extend(reference_findings(dependency, requirement_text, _reference_key(requirement_text)))


def _hashes(result: _ParsedFile, line: LogicalLine, options_text: str) -> tuple[str, ...] | None:
    if not options_text:
        return ()
    tokens = _tokens(result, line, options_text)
    if tokens is None:
        return None
    hashes: list[str] = []
    for index, token in enumerate(tokens):
        value = ""
        if token.startswith("--hash="):
            value = token[len("--hash=") :]
        elif token == "--hash" and index + 1 < len(tokens):
            value = tokens[index + 1]
        if value:
            hashes.append(value.lower())
    return tuple(hashes)


def _is_bare_reference(text: str) -> bool:
    """Tell a URL or path line (pip's legacy forms) from a PEP 508 requirement."""
    if " @ " in text or re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*@", text):
        return False
    if "://" in text or text.startswith(VCS_SCHEMES):
        return True
    head = text.split(";", 1)[0].strip()
    return head.startswith((".", "/", "~")) or "/" in head or "\\" in head or head.lower().endswith(_ARCHIVE_SUFFIXES)


def _reference_dependency(path: str, line: LogicalLine, text: str, hashes: tuple[str, ...], editable: bool) -> Dependency | None:
    head, _, marker = text.partition(";")
    head = head.strip()
    if "://" in head or head.startswith(VCS_SCHEMES):
        kind, url, ref, url_hashes = classify_url(head)
    else:
        kind, url, ref, url_hashes = SourceKind.PATH, head, "", ()
    name = _name_from_reference(head)
    if not name and kind is SourceKind.PATH:
        # A directory such as `..` names no project, so its folder name is used as the name.
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), head.replace("\\", "/")))
        name = posixpath.basename(resolved) if resolved not in ("", ".") else ""
    if not name:
        return None
    return Dependency(
        ecosystem=Ecosystem.PYPI,
        name=name,
        version=None,
        path=path,
        line=line.first,
        end_line=line.last,
        snippet=clean_snippet(line.raw),
        source_kind=kind,
        url=url,
        ref=ref,
        hashes=hashes + url_hashes,
        marker=marker.strip(),
        editable=editable,
        manifest_kind="requirements",
    )


def _is_project_root(manifest_path: str, reference: str) -> bool:
    head = reference.split(";", 1)[0].strip().replace("\\", "/")
    if "://" in head:
        return False
    return posixpath.normpath(posixpath.join(posixpath.dirname(manifest_path), head)) in ("", ".")


def _name_from_reference(reference: str) -> str:
    """Take the project name from `#egg=name` or an archive's file name; a bare directory uses its name."""
    fragment = urlsplit(reference).fragment if "://" in reference else reference.partition("#")[2]
    for part in fragment.split("&"):
        if part.startswith("egg="):
            return part[4:].split("[", 1)[0]
    base = posixpath.basename(url_without_fragment(reference).rstrip("/")) if "://" in reference else posixpath.basename(reference.partition("#")[0].rstrip("/"))
    if base.endswith(".whl"):
        return base.split("-", 1)[0]
    for suffix in _ARCHIVE_SUFFIXES:
        if base.endswith(suffix):
            stem = base[: -len(suffix)]
            return stem.rsplit("-", 1)[0] if "-" in stem else stem
    if "://" in reference or base in ("", ".", ".."):
        return ""
    return base


def _reference_key(text: str) -> str:
    return strip_credentials(text.split(";", 1)[0].strip())


def _assemble(roots: list[str], parsed: dict[str, _ParsedFile]) -> ParseResult:
    """Apply the cross-file rules (roles, hash mode, constraint pins, cycles) and collect the result."""
    result = ParseResult()
    constraint_files = {include.target for file in parsed.values() for include in file.includes if include.constraint}
    groups = _hash_groups(parsed)

    for path, file in parsed.items():
        result.findings.extend(file.findings)
        result.skipped.extend(file.skipped)
        result.notices.extend(file.notices)
        is_constraint = path in constraint_files
        entries = [_Entry(replace(entry.dependency, scope="constraint"), entry.pinned, entry.text) if is_constraint else entry for entry in file.entries]
        result.dependencies.extend(entry.dependency for entry in entries)
        result.manifests.append(
            ManifestInfo(
                path=path,
                kind="requirements",
                is_lockfile=False,
                has_ranges=any(not entry.pinned for entry in entries),
                fully_pinned=bool(entries) and all(entry.pinned or entry.dependency.source_kind is not SourceKind.REGISTRY for entry in entries),
            )
        )
        if is_constraint:
            continue
        group = groups[path]
        hash_mode = any(parsed[member].require_hashes or any(entry.dependency.hashes for entry in parsed[member].entries) for member in group)
        constrained = _constraint_pins(group, parsed)
        result.findings.extend(_pin_findings(file, entries, hash_mode, constrained))

    result.findings.extend(_cycle_findings(parsed))
    return result


def _hash_groups(parsed: dict[str, _ParsedFile]) -> dict[str, set[str]]:
    """Group files joined by `-r`, because pip's hash-checking mode covers a whole install."""
    groups = {path: {path} for path in parsed}
    for path, file in parsed.items():
        for include in file.includes:
            if include.constraint or include.target not in groups:
                continue
            merged = groups[path] | groups[include.target]
            for member in merged:
                groups[member] = merged
    return groups


def _constraint_pins(group: set[str], parsed: dict[str, _ParsedFile]) -> set[str]:
    names: set[str] = set()
    for member in group:
        for include in parsed[member].includes:
            if include.constraint and include.target in parsed:
                names.update(canonicalize_name(entry.dependency.name) for entry in parsed[include.target].entries if entry.pinned)
    return names


def _pin_findings(file: _ParsedFile, entries: list[_Entry], hash_mode: bool, constrained: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for entry in entries:
        dependency = entry.dependency
        code_key = " ".join(entry.text.split())
        if dependency.source_kind is SourceKind.REGISTRY and not entry.pinned and canonicalize_name(dependency.name) not in constrained:
            specifier = dependency.specifier or "any version"
            findings.append(
                make_finding(
                    rules.UNPINNED_REQUIREMENT,
                    file.path,
                    dependency.line,
                    f"{dependency.name} is not pinned to an exact version ({specifier}).",
                    end_line=dependency.end_line,
                    snippet=dependency.snippet,
                    code_key=code_key,
                )
            )
        if hash_mode and not dependency.hashes:
            findings.append(
                make_finding(
                    rules.REQUIREMENT_MISSING_HASHES,
                    file.path,
                    dependency.line,
                    f"{dependency.name} has no --hash although the install runs in hash-checking mode.",
                    end_line=dependency.end_line,
                    snippet=dependency.snippet,
                    code_key=code_key,
                )
            )
    if not hash_mode and any(entry.pinned for entry in entries):
        findings.append(
            make_finding(
                rules.REQUIREMENTS_WITHOUT_HASHES,
                file.path,
                0,
                "The requirements file pins versions but gives no --hash, so downloads are not checked.",
                code_key="requirements-without-hashes",
            )
        )
    return findings


def _cycle_findings(parsed: dict[str, _ParsedFile]) -> list[Finding]:
    """Report each include that closes a cycle, found by depth-first search over the include graph."""
    findings: list[Finding] = []
    state: dict[str, str] = {}

    def visit(path: str) -> None:
        state[path] = "active"
        for include in parsed[path].includes:
            if include.target not in parsed:
                continue
            if state.get(include.target) == "active":
                findings.append(
                    make_finding(
                        rules.REQUIREMENTS_INCLUDE_CYCLE,
                        path,
                        include.line.first,
                        f"Including {include.target} here closes a cycle of requirements includes.",
                        end_line=include.line.last,
                        snippet=include.line.raw,
                        code_key=f"include {include.target}",
                    )
                )
            elif include.target not in state:
                visit(include.target)
        state[path] = "done"

    for path in parsed:
        if path not in state:
            visit(path)
    return findings
