"""Reader of `go.mod` and `go.sum`.

`go.mod` names the required module versions. `go.sum` records a checksum
per module version. Its lines ending in `/go.mod` only hash a module's
go.mod file for version selection, so they are not build dependencies.
"""

from __future__ import annotations

import re

from tee_audit.catalog import supply as rules
from tee_audit.model import SkipReason, Skipped
from tee_audit.supply.common import leaves_root, make_finding, source_line
from tee_audit.supply.lockfiles.base import entry, lock_manifest
from tee_audit.supply.model import Ecosystem, ManifestInfo, ParseResult, SourceKind

_COMMENT = re.compile(r"//.*$")


def read_go_mod(path: str, text: str) -> ParseResult:
    result = ParseResult()
    module_name = ""
    block = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        indirect = "// indirect" in raw
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        if block:
            if line == ")":
                block = ""
                continue
            _statement(result, path, text, number, block, line, indirect)
            continue
        verb, _, rest = line.partition(" ")
        rest = rest.strip()
        if verb == "module":
            module_name = rest.strip('"')
        elif verb in ("require", "replace", "exclude", "retract", "tool", "ignore", "godebug") and rest == "(":
            block = verb
        elif verb in ("require", "replace"):
            _statement(result, path, text, number, verb, rest, indirect)
    # go.mod pins exact versions, but only go.sum lets the build check the downloaded modules.
    first = min((dependency.line for dependency in result.dependencies), default=0)
    result.manifests.append(
        ManifestInfo(path=path, kind="go.mod", is_lockfile=False, has_ranges=bool(first), range_line=first, fully_pinned=True, project_name=module_name)
    )
    return result


def _statement(result: ParseResult, path: str, text: str, number: int, verb: str, line: str, indirect: bool) -> None:
    fields = line.split()
    if verb == "require":
        if len(fields) < 2:
            result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"line {number}: a require needs a module path and a version"))
            return
        dependency = entry(Ecosystem.GOLANG, fields[0].strip('"'), fields[1], path, text, number, "go.mod", scope="required")
        result.dependencies.append(dependency)
        if not indirect:
            result.roots.append(dependency)
    elif verb == "replace" and "=>" in fields:
        target = fields[fields.index("=>") + 1 :]
        if len(target) == 1 and (target[0].startswith((".", "/")) and leaves_root(path, target[0])):
            result.findings.append(
                make_finding(
                    rules.LOCAL_PATH_DEPENDENCY,
                    path,
                    number,
                    f"{fields[0]} is replaced by the local path {target[0]}, outside the repository.",
                    snippet=source_line(text, number),
                    code_key=f"replace {fields[0]} => {target[0]}",
                )
            )


def read_go_sum(path: str, text: str) -> ParseResult:
    result = ParseResult(manifests=[lock_manifest(path, "go.sum")])
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 3:
            result.skipped.append(Skipped(path, SkipReason.PARSE_ERROR, f"line {number}: expected module, version and hash"))
            continue
        module, version, _checksum = fields
        if version.endswith("/go.mod"):
            continue
        result.dependencies.append(entry(Ecosystem.GOLANG, module, version, path, text, number, "go.sum", source_kind=SourceKind.REGISTRY))
    return result
