"""Enclave configuration analysis: Gramine manifests, Nitro launch commands,
KMS key policies, and dstack and Oasis ROFL app files."""

from __future__ import annotations

import json
import os
import re
import tomllib
from typing import Iterator

import yaml

from tee_audit.analyzers import scripts
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.analyzers.compose import analyze_compose_text, embedded_compose
from tee_audit.analyzers.reporting import make_finding
from tee_audit.catalog import enclave as rules
from tee_audit.catalog import images as image_rules
from tee_audit.model import Evidence, FileKind, Finding, SkipReason, Skipped, SourceFile
from tee_audit.redact import redact_value
from tee_audit.registry import Rule
from tee_audit.secrets_names import looks_like_secret_name

_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_JINJA_STATEMENT = re.compile(r"^\s*\{[%#].*?[%#]\}\s*$")
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+?)\s*=")
JINJA_PLACEHOLDER = "__jinja__"
_CODE_SUFFIXES = (".py", ".pyc", ".so", ".js", ".mjs", ".sh", ".jar", ".class", ".wasm", ".rb", ".pl", ".php", ".lua")
_STATE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".key", ".pem", ".json", ".toml", ".yaml", ".yml", ".conf",
                   ".cfg", ".ini", ".env")
_CODE_DIRECTORIES = {"bin", "sbin", "lib", "lib64", "site-packages", "dist-packages", "node_modules"}
_VERBOSE_LEVELS = ("warning", "debug", "trace", "all")
_INSECURE_ENV_NAMES = {"LD_PRELOAD", "LD_LIBRARY_PATH", "NODE_OPTIONS", "PYTHONPATH", "PYTHONHTTPSVERIFY",
                       "NODE_TLS_REJECT_UNAUTHORIZED", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"}


def _line_snippet(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


class GramineManifestAnalyzer(FileAnalyzer):
    """Check Gramine manifests and `.manifest.template` files for debug and insecure options."""

    name = "gramine-manifest"
    kinds = frozenset({FileKind.GRAMINE_MANIFEST})

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        result = FileResult()
        rendered = render_template(text)
        try:
            manifest = tomllib.loads(rendered)
        except tomllib.TOMLDecodeError as error:
            result.skipped.append(Skipped(file.path, SkipReason.PARSE_ERROR, f"Gramine manifest TOML: {error}"))
            return result
        lines = text.splitlines()
        positions = key_lines(rendered)
        for key, value in _flatten(manifest):
            line = _find_line(positions, key)
            result.findings.extend(_check_manifest_option(file, lines, key, value, line))
        if not any(finding.check == "C10" for finding in result.findings):
            result.evidence.append(Evidence("C10", file.path, "The Gramine manifest sets no debug or insecure option."))
        return result


def render_template(text: str) -> str:
    """Neutralise Jinja so a template parses as TOML with the same line numbers.

    `{{ ... }}` inside a string becomes a placeholder word and outside one a
    quoted placeholder. `{% ... %}` and `{# ... #}` lines become comments,
    and a value built from `{% if %}` tags becomes a quoted placeholder.
    """
    rendered: list[str] = []
    for line in text.splitlines():
        if _JINJA_STATEMENT.match(line):
            rendered.append("# " + line)
            continue
        assignment = _KEY.match(line)
        if "{%" in line and assignment:
            rendered.append(f'{assignment.group(0)} "{JINJA_PLACEHOLDER}"')
            continue
        rendered.append(_JINJA_EXPRESSION.sub(lambda match: _placeholder(line, match.start()), line))
    return "\n".join(rendered) + "\n"


def _placeholder(line: str, position: int) -> str:
    before = line[:position]
    inside_string = before.count('"') % 2 == 1 or before.count("'") % 2 == 1
    return JINJA_PLACEHOLDER if inside_string else f'"{JINJA_PLACEHOLDER}"'


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted TOML key to the line that sets it, following `[table]` headers."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header and not _KEY.match(line):
            table = header.group(1).replace('"', "").replace("'", "")
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).replace('"', "").replace("'", "")
            found.setdefault(f"{table}.{name}" if table else name, number)
    return found


def _find_line(positions: dict[str, int], key: str) -> int:
    parts = key.split(".")
    for size in range(len(parts), 0, -1):
        candidate = ".".join(parts[:size])
        if candidate in positions:
            return positions[candidate]
    return 0


def _flatten(table: dict, prefix: str = "") -> Iterator[tuple[str, object]]:
    for name, value in table.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict) and not key.startswith("sgx.allowed_files"):
            yield from _flatten(value, key)
        else:
            yield key, value


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value not in ("", "false", "0", "none", JINJA_PLACEHOLDER)
    return bool(value)


def _check_manifest_option(file: SourceFile, lines: list[str], key: str, value: object, line: int) -> Iterator[Finding]:
    def finding(rule: Rule, message: str, snippet_value: str = "") -> Finding:
        snippet = _line_snippet(lines, line)
        if snippet_value:
            snippet = snippet.replace(snippet_value, redact_value(snippet_value))
        return make_finding(rule, file.path, line, message, snippet=snippet, code_key=key, statement=(line, line))

    if key == "sgx.debug" and value is True:
        yield finding(rules.GRAMINE_DEBUG_ENCLAVE, "The manifest builds a debug enclave (sgx.debug = true).")
    elif ".insecure__keys." in key or key.endswith("insecure__protected_files_key"):
        if isinstance(value, str) and value and JINJA_PLACEHOLDER not in value:
            yield finding(rules.GRAMINE_HARDCODED_KEY, f"{key} hard-codes an encryption key in the manifest.", value)
    elif "insecure__" in key and _truthy(value):
        yield finding(rules.GRAMINE_INSECURE_OPTION, f"The manifest turns on {key}.")
    elif key == "sgx.file_check_policy" and value == "allow_all_but_log":
        yield finding(
            rules.GRAMINE_FILE_CHECK_ALLOW_ALL, "The manifest lets the enclave open any unlisted file unchecked."
        )
    elif key == "loader.log_level" and value in _VERBOSE_LEVELS:
        yield finding(rules.GRAMINE_VERBOSE_LOG, f"loader.log_level is {value}; only error suits production.")
    elif (key == "sgx.profile.enable" and value not in ("none", JINJA_PLACEHOLDER)) or (
        key in ("sgx.enable_stats", "sgx.vtune_profile") and value is True
    ):
        yield finding(rules.GRAMINE_PROFILING, f"The manifest turns on {key}, which needs a debug enclave.")
    elif key.startswith("sgx.allowed_files"):
        if isinstance(value, dict):
            entries = list(value.values())
        elif isinstance(value, list):
            entries = value
        else:
            entries = [value]
        for entry in entries:
            uri = entry.get("uri", "") if isinstance(entry, dict) else str(entry)
            if _holds_code_or_state(uri):
                yield finding(rules.GRAMINE_ALLOWED_CODE, f"sgx.allowed_files lists {uri}, which is not hash-checked.")


def _holds_code_or_state(uri: str) -> bool:
    path = uri.removeprefix("file:").lower()
    parts = set(path.strip("/").split("/"))
    name = path.rsplit("/", 1)[-1]
    return name.endswith(_CODE_SUFFIXES + _STATE_SUFFIXES) or ".so." in name or bool(parts & _CODE_DIRECTORIES)


class NitroCommandAnalyzer(FileAnalyzer):
    """Find `nitro-cli run-enclave` calls in debug mode in scripts, Makefiles and CI files."""

    name = "nitro-commands"
    kinds = frozenset({FileKind.SHELL, FileKind.MAKEFILE, FileKind.CI_CONFIG})
    _OPTION = re.compile(r"--(debug-mode|attach-console)\b")

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        result = FileResult()
        lines = text.splitlines()
        index = 0
        while index < len(lines):
            first = index
            command = lines[index]
            while command.rstrip().endswith("\\") and index + 1 < len(lines):
                index += 1
                command = command.rstrip()[:-1] + " " + lines[index]
            index += 1
            if "nitro-cli" not in command or "run-enclave" not in command:
                continue
            for match in self._OPTION.finditer(command):
                line = next(
                    (number + 1 for number in range(first, index) if match.group(0) in lines[number]), first + 1
                )
                result.findings.append(make_finding(
                    rules.NITRO_DEBUG_MODE, file.path, line,
                    f"nitro-cli run-enclave is called with {match.group(0)}, which starts a debug enclave.",
                    snippet=lines[line - 1], code_key=f"nitro-cli run-enclave {match.group(0)}",
                    statement=(first + 1, index),
                ))
        return result


class KmsPolicyAnalyzer(FileAnalyzer):
    """Check AWS KMS key policies for key release without an enclave attestation condition."""

    name = "kms-policy"
    kinds = frozenset({FileKind.JSON})
    _RELEASE = re.compile(
        r"^(kms:\*|\*|kms:Decrypt|kms:GenerateDataKey\w*|kms:ReEncrypt\w*|kms:Gen\*|kms:Dec\*)$", re.IGNORECASE
    )

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        result = FileResult()
        try:
            document = json.loads(text)
        except ValueError:
            return result
        statements = document.get("Statement") if isinstance(document, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        if not isinstance(statements, list) or "kms:" not in text:
            return result
        lines = text.splitlines()
        nodes = _statement_lines(text)
        for index, statement in enumerate(statements):
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            actions = statement.get("Action", [])
            actions = [actions] if isinstance(actions, str) else actions
            released = [action for action in actions if isinstance(action, str) and self._RELEASE.match(action)]
            if not released:
                continue
            first, last = nodes[index] if index < len(nodes) else (1, 1)
            if "RecipientAttestation" in json.dumps(statement.get("Condition", {})):
                description = "AWS KMS releases the key only to an enclave with the expected measurement."
                result.evidence.append(Evidence("C11", file.path, description, first))
                continue
            result.findings.append(make_finding(
                rules.KMS_POLICY_WITHOUT_ATTESTATION, file.path, first,
                f"KMS statement {statement.get('Sid', index + 1)} allows {', '.join(released)} without an "
                "attestation condition.",
                snippet=_line_snippet(lines, first), code_key=f"{statement.get('Sid', '')} {' '.join(released)}",
                statement=(first, last),
            ))
        return result


def _statement_lines(text: str) -> list[tuple[int, int]]:
    """Return the first and last line of each element of the `Statement` array."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == "Statement":
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            return [(item.start_mark.line + 1, item.end_mark.line + 1) for item in items]
    return []


class EnclaveAppAnalyzer(FileAnalyzer):
    """Check dstack app-compose.json and Oasis ROFL rofl.yaml settings."""

    name = "enclave-app"
    kinds = frozenset({FileKind.ENCLAVE_CONFIG})

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        name = os.path.basename(file.path).lower()
        if name.startswith("rofl") and name.endswith((".yaml", ".yml")):
            return _analyze_rofl(file, text)
        return _analyze_dstack(file, text)


def _mapping_lines(text: str) -> tuple[yaml.Node | None, str]:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), ""
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, f"{getattr(error, 'problem', None) or 'invalid syntax'} (line {mark.line + 1 if mark else 0})"


def _analyze_dstack(file: SourceFile, text: str) -> FileResult:
    result = FileResult()
    root, problem = _mapping_lines(text)
    if problem or (root is not None and not isinstance(root, yaml.MappingNode)):
        detail = problem or "the document is not a JSON object"
        result.skipped.append(Skipped(file.path, SkipReason.PARSE_ERROR, f"app-compose JSON: {detail}"))
        return result
    if root is None:
        return result
    lines = text.splitlines()

    def finding(rule: Rule, node: yaml.Node, message: str, code_key: str) -> Finding:
        line = node.start_mark.line + 1
        return make_finding(rule, file.path, line, message, snippet=_line_snippet(lines, line),
                            code_key=code_key, statement=(line, node.end_mark.line + 1))

    for key, value in root.value:
        setting = key.value
        if setting == "public_logs" and value.value == "true":
            message = "The app publishes its container logs."
            result.findings.append(finding(rules.DSTACK_PUBLIC_LOGS, key, message, setting))
        elif setting == "public_sysinfo" and value.value == "true":
            message = "The app publishes system information."
            result.findings.append(finding(rules.DSTACK_PUBLIC_SYSINFO, key, message, setting))
        elif setting == "kms_enabled" and value.value == "false":
            message = "The app runs without the dstack KMS."
            result.findings.append(finding(rules.DSTACK_KMS_DISABLED, key, message, setting))
        elif setting == "kms_enabled" and value.value == "true":
            description = "The dstack KMS provisions the app's keys."
            result.evidence.append(Evidence("C11", file.path, description, key.start_mark.line + 1))
        elif setting == "allowed_envs" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                variable = str(item.value)
                if looks_like_secret_name(variable) or variable.upper() in _INSECURE_ENV_NAMES:
                    result.findings.append(finding(
                        rules.DSTACK_OPERATOR_ENV, item,
                        f"allowed_envs lets the deployer set {variable} outside the measured compose hash.",
                        f"allowed_envs {variable}",
                    ))
        elif setting == "pre_launch_script" and isinstance(value, yaml.ScalarNode):
            for hit in scripts.download_executions(value.value):
                result.findings.append(finding(image_rules.DOWNLOAD_EXECUTED, value,
                                               f"The pre-launch script runs downloaded code: {hit.detail}.",
                                               f"pre_launch_script {hit.code_key}"))
            for hit in scripts.tls_disabling_commands(value.value):
                result.findings.append(finding(image_rules.TLS_VERIFICATION_DISABLED, value,
                                               f"The pre-launch script turns off TLS checks: {hit.detail}.",
                                               f"pre_launch_script {hit.code_key}"))

    embedded = embedded_compose(text)
    if embedded is not None:
        result.extend(analyze_compose_text(file, embedded[0], anchor_line=embedded[1], file_text=text))
    return result


_ARTIFACT_HASH = re.compile(r"#[0-9a-fA-F]{64}$")


def _analyze_rofl(file: SourceFile, text: str) -> FileResult:
    result = FileResult()
    root, problem = _mapping_lines(text)
    if problem:
        result.skipped.append(Skipped(file.path, SkipReason.PARSE_ERROR, f"rofl.yaml: {problem}"))
        return result
    if not isinstance(root, yaml.MappingNode):
        return result
    lines = text.splitlines()
    artifacts = next((value for key, value in root.value if key.value == "artifacts"), None)
    urls = list(_artifact_urls(artifacts, ""))
    if urls and all(_ARTIFACT_HASH.search(node.value) for _, node in urls):
        description = f"All {len(urls)} ROFL artifact(s) are pinned by SHA-256."
        result.evidence.append(Evidence("C02", file.path, description, urls[0][1].start_mark.line + 1))
    for name, node in urls:
        if not _ARTIFACT_HASH.search(node.value):
            line = node.start_mark.line + 1
            result.findings.append(make_finding(
                rules.ROFL_ARTIFACT_WITHOUT_HASH, file.path, line,
                f"ROFL artifact {name} is fetched without a SHA-256 hash.",
                snippet=_line_snippet(lines, line), code_key=f"artifact {name}", statement=(line, line),
            ))
    return result


def _artifact_urls(node: yaml.Node | None, prefix: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        name = f"{prefix}{key.value}"
        if isinstance(value, yaml.MappingNode):
            yield from _artifact_urls(value, name + ".")
        elif isinstance(value, yaml.ScalarNode) and scripts.mentions_url(value.value):
            yield name, value
