"""Compose file analysis: host privileges, mounts, image pinning and secrets per service.

The YAML is composed into nodes rather than loaded into dicts, so every
finding keeps the real line of the key it is about. The same checks run on
compose text embedded in other files (dstack's app-compose.json). Findings
there point at the line that contains the embedded text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator

import yaml

from tee_audit.analyzers import scripts
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.analyzers.reporting import make_finding
from tee_audit.catalog import images as rules
from tee_audit.dockerfile.parser import LineMap
from tee_audit.images import parse_reference
from tee_audit.model import Confidence, Evidence, FileKind, Finding, SkipReason, Skipped, SourceFile
from tee_audit.redact import redact_value
from tee_audit.registry import Rule
from tee_audit.secrets_names import looks_like_secret_name, looks_like_secret_value

TEE_SOCKETS = {
    "/var/run/tappd.sock": "dstack's tappd socket",
    "/var/run/dstack.sock": "the dstack guest agent socket",
    "/run/dstack.sock": "the dstack guest agent socket",
    "/run/rofl-appd.sock": "the Oasis ROFL appd socket",
}
TEE_DEVICES = ("/dev/sgx_enclave", "/dev/sgx_provision", "/dev/sgx", "/dev/tdx_guest", "/dev/tdx-guest",
               "/dev/sev-guest", "/dev/nsm", "/dev/tpmrm0")
ENGINE_SOCKETS = ("docker.sock", "podman.sock", "containerd.sock")
DANGEROUS_CAPABILITIES = ("ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE")
HOST_NAMESPACE_KEYS = ("network_mode", "pid", "ipc", "userns_mode")
TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")


@dataclass
class _Document:
    file: SourceFile
    lines: list[str]
    anchor_line: int
    """Non-zero when the compose text is embedded: every finding uses this line."""

    def line(self, node: yaml.Node) -> int:
        return self.anchor_line or node.start_mark.line + 1

    def end_line(self, node: yaml.Node) -> int:
        if self.anchor_line:
            return self.anchor_line
        mark = node.end_mark
        end = mark.line + 1
        before_mark = self.lines[mark.line][: mark.column] if mark.line < len(self.lines) else ""
        if not before_mark.strip():
            end -= 1
        while end > node.start_mark.line + 1 and self.lines[end - 1].strip() in ("", "#"):
            end -= 1
        return max(node.start_mark.line + 1, end)

    def finding(self, rule: Rule, key: yaml.Node, value: yaml.Node, node: yaml.Node, message: str,
                code_key: str, *, masked: tuple[str, ...] = (), line: int = 0, **options) -> Finding:
        line = line or self.line(node)
        snippet = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        for secret in masked:
            if secret:
                snippet = snippet.replace(secret, redact_value(secret))
        return make_finding(
            rule, self.file.path, line, message, snippet=snippet, code_key=code_key,
            statement=(self.line(key), self.end_line(value)), **options,
        )


class ComposeAnalyzer(FileAnalyzer):
    """Apply the compose rules of `tee_audit.catalog.images` to one compose file."""

    name = "compose"
    kinds = frozenset({FileKind.COMPOSE, FileKind.YAML})

    def accepts(self, file: SourceFile) -> bool:
        return is_compose_file(file)

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        return analyze_compose_text(file, text)


def is_compose_file(file: SourceFile) -> bool:
    """Tell whether `file` is a compose file, including names such as
    `rofl-compose.yaml` that Oasis ROFL apps use and discovery files as plain YAML."""
    if file.kind is FileKind.COMPOSE:
        return True
    name = os.path.basename(file.path).lower()
    return file.kind is FileKind.YAML and "compose" in name and name.endswith((".yaml", ".yml"))


def analyze_compose_text(file: SourceFile, text: str, anchor_line: int = 0, file_text: str = "") -> FileResult:
    """Check compose `text`. When it is embedded in another file, pass the line
    that contains it as `anchor_line` and the outer file's text as `file_text`."""
    result = FileResult()
    root = _compose_root(file, text, anchor_line, result)
    if root is None:
        return result
    document = _Document(file, (file_text or text).splitlines(), anchor_line)
    for name, service in _services(root):
        result.findings.extend(_check_service(document, name, service, result.evidence))
    result.findings.extend(_check_config_contents(document, root))
    return result


def _check_config_contents(document: _Document, root: yaml.MappingNode) -> Iterator[Finding]:
    """Check the inline `content:` of top-level `configs:`, which compose
    writes into the container as a file and is often a start-up script."""
    _, configs = _get(root, "configs")
    if not isinstance(configs, yaml.MappingNode):
        return
    for key, config in configs.value:
        if isinstance(key, yaml.ScalarNode):
            yield from _check_scripts(document, f"Config {key.value}", config, ("content",))


def compose_images(file: SourceFile, text: str) -> list[tuple[int, str]]:
    """Return (line, image) for each image a compose file or a dstack
    app-compose.json pulls; unparsable text gives an empty list."""
    embedded = embedded_compose(text) if file.kind is FileKind.ENCLAVE_CONFIG else None
    if file.kind is FileKind.ENCLAVE_CONFIG and embedded is None:
        return []
    compose_text, anchor = embedded if embedded else (text, 0)
    root = _compose_root(file, compose_text, anchor, FileResult())
    found: list[tuple[int, str]] = []
    for _, service in _services(root) if root is not None else []:
        _, value = _pulled_image(service)
        if value is not None:
            found.append((anchor or value.start_mark.line + 1, value.value))
    return found


def embedded_compose(text: str) -> tuple[str, int] | None:
    """Find the `docker_compose_file` string of a dstack app-compose.json and its line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    key, value = _get(root, "docker_compose_file")
    if not isinstance(value, yaml.ScalarNode):
        return None
    return value.value, value.start_mark.line + 1


def _compose_root(file: SourceFile, text: str, anchor_line: int, result: FileResult) -> yaml.MappingNode | None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = anchor_line or (mark.line + 1 if mark else 0)
        problem = getattr(error, "problem", None) or "invalid YAML"
        result.skipped.append(Skipped(file.path, SkipReason.PARSE_ERROR, f"compose YAML: {problem} (line {where})"))
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def _get(mapping: yaml.Node, name: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Find key `name` in a mapping node, looking through `<<: *anchor` merge keys
    as YAML's merge rule does: a key written in the mapping wins over a merged one."""
    if not isinstance(mapping, yaml.MappingNode):
        return None, None
    merged: list[yaml.Node] = []
    for key, value in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if key.value == name:
            return key, value
        if key.tag == "tag:yaml.org,2002:merge":
            merged.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
    for source in merged:
        key, value = _get(source, name)
        if value is not None:
            return key, value
    return None, None


def _services(root: yaml.MappingNode) -> Iterator[tuple[str, yaml.MappingNode]]:
    _, services = _get(root, "services")
    if isinstance(services, yaml.MappingNode):
        for key, value in services.value:
            if isinstance(value, yaml.MappingNode):
                yield str(key.value), value


def _scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [item for item in node.value if isinstance(item, yaml.ScalarNode)]
    return []


def _is_true(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value.lower() in ("true", "yes", "on")


def _check_service(document: _Document, name: str, service: yaml.MappingNode, evidence: list) -> Iterator[Finding]:
    yield from _check_privileges(document, name, service)
    yield from _check_image(document, name, service)
    yield from _check_volumes(document, name, service, evidence)
    yield from _check_devices(document, name, service, evidence)
    yield from _check_environment(document, name, service)
    yield from _check_env_files(document, name, service)
    yield from _check_commands(document, name, service)


def _check_privileges(document: _Document, name: str, service: yaml.MappingNode) -> Iterator[Finding]:
    key, value = _get(service, "privileged")
    if _is_true(value):
        yield document.finding(rules.COMPOSE_PRIVILEGED, key, value, key,
                               f"Service {name} runs privileged.", f"{name} privileged")

    key, value = _get(service, "cap_add")
    for item in _scalars(value):
        capability = item.value.upper().removeprefix("CAP_")
        if capability in DANGEROUS_CAPABILITIES:
            yield document.finding(rules.COMPOSE_CAPABILITY, key, value, item,
                                   f"Service {name} adds capability {capability}.", f"{name} cap_add {capability}")

    for option in HOST_NAMESPACE_KEYS:
        key, value = _get(service, option)
        if isinstance(value, yaml.ScalarNode) and value.value.lower() == "host":
            yield document.finding(rules.COMPOSE_HOST_NAMESPACE, key, value, key,
                                   f"Service {name} shares the host's namespace through {option}: host.",
                                   f"{name} {option} host")


def _pulled_image(service: yaml.MappingNode) -> tuple[yaml.Node | None, yaml.ScalarNode | None]:
    """Return the `image:` key and value of a service that pulls its image.

    With `build:` the image name only tags the local build, whose base images
    the Dockerfile analysis checks, so there is nothing to pull or pin.
    """
    key, value = _get(service, "image")
    _, build = _get(service, "build")
    if build is not None or not isinstance(value, yaml.ScalarNode) or not value.value:
        return None, None
    return key, value


def _check_image(document: _Document, name: str, service: yaml.MappingNode) -> Iterator[Finding]:
    key, value = _pulled_image(service)
    if value is None:
        return
    reference = parse_reference(value.value)
    confidence = Confidence.MEDIUM if "$" in value.value else None
    if not reference.pinned:
        yield document.finding(rules.COMPOSE_IMAGE_NOT_DIGEST_PINNED, key, value, value,
                               f"Service {name} image {reference.raw} is not pinned by digest.",
                               f"{name} image {reference.raw}", confidence=confidence)
    if reference.floating:
        yield document.finding(rules.COMPOSE_IMAGE_LATEST, key, value, value,
                               f"Service {name} image {reference.raw} floats with :latest.",
                               f"{name} image {reference.raw}", confidence=confidence)


@dataclass(frozen=True)
class _Mount:
    node: yaml.Node
    source: str
    target: str
    read_only: bool


def _mounts(value: yaml.Node | None) -> list[_Mount]:
    mounts: list[_Mount] = []
    if not isinstance(value, yaml.SequenceNode):
        return mounts
    for item in value.value:
        if isinstance(item, yaml.ScalarNode):
            parts = item.value.split(":")
            source, target = parts[0], parts[1] if len(parts) > 1 else ""
            mounts.append(_Mount(item, source, target, len(parts) > 2 and "ro" in parts[2].split(",")))
        elif isinstance(item, yaml.MappingNode):
            _, kind = _get(item, "type")
            _, source = _get(item, "source")
            _, target = _get(item, "target")
            _, read_only = _get(item, "read_only")
            if kind is not None and kind.value != "bind":
                continue
            mounts.append(_Mount(item, source.value if source is not None else "",
                                 target.value if target is not None else "", _is_true(read_only)))
    return mounts


def _check_volumes(document: _Document, name: str, service: yaml.MappingNode, evidence: list) -> Iterator[Finding]:
    key, value = _get(service, "volumes")
    for mount in _mounts(value):
        path = mount.source.rstrip("/") or mount.source
        if path in TEE_SOCKETS or mount.target in TEE_SOCKETS:
            socket = TEE_SOCKETS.get(path) or TEE_SOCKETS[mount.target]
            evidence.append(Evidence("C12", document.file.path,
                                     f"Service {name} mounts {socket} to get keys and quotes from the TEE platform.",
                                     document.line(mount.node)))
            continue
        suffix = " read-only" if mount.read_only else ""
        if os.path.basename(path) in ENGINE_SOCKETS:
            confidence = Confidence.LOW if not mount.target else None
            yield document.finding(rules.COMPOSE_DOCKER_SOCKET, key, value, mount.node,
                                   f"Service {name} mounts the container engine socket {path}{suffix}.",
                                   f"{name} mounts {path}", confidence=confidence)
        elif path == "/":
            yield document.finding(rules.COMPOSE_HOST_ROOT, key, value, mount.node,
                                   f"Service {name} mounts the host root directory{suffix}.",
                                   f"{name} mounts /")


def _check_devices(document: _Document, name: str, service: yaml.MappingNode, evidence: list) -> Iterator[Finding]:
    key, value = _get(service, "devices")
    for item in value.value if isinstance(value, yaml.SequenceNode) else []:
        if isinstance(item, yaml.MappingNode):
            _, source_node = _get(item, "source")
            device = source_node.value if source_node is not None else ""
        elif isinstance(item, yaml.ScalarNode):
            device = item.value.split(":")[0]
        else:
            continue
        if device.startswith(TEE_DEVICES):
            evidence.append(Evidence("C12", document.file.path,
                                     f"Service {name} maps the TEE device {device}.", document.line(item)))
            continue
        yield document.finding(rules.COMPOSE_DEVICE, key, value, item,
                               f"Service {name} maps host device {device}.", f"{name} device {device}")


def _environment(value: yaml.Node | None) -> Iterator[tuple[yaml.Node, str, str | None]]:
    if isinstance(value, yaml.MappingNode):
        for key, item in value.value:
            if isinstance(item, yaml.ScalarNode) and not item.tag.endswith(":null"):
                yield key, str(key.value), item.value
            else:
                yield key, str(key.value), None
    elif isinstance(value, yaml.SequenceNode):
        for item in value.value:
            if isinstance(item, yaml.ScalarNode):
                variable, equals, literal = item.value.partition("=")
                yield item, variable, literal if equals else None


def _check_environment(document: _Document, name: str, service: yaml.MappingNode) -> Iterator[Finding]:
    key, value = _get(service, "environment")
    for node, variable, literal in _environment(value):
        if literal is None:
            continue
        if scripts.tls_setting_disables_verification(variable, literal):
            yield document.finding(rules.TLS_VERIFICATION_DISABLED, key, value, node,
                                   f"Service {name} sets {variable}, which turns off TLS certificate checks.",
                                   f"{name} {variable}={literal}")
            continue
        if "${" in literal or literal.startswith("$"):
            continue
        if looks_like_secret_value(literal) or (looks_like_secret_name(variable) and len(literal) >= 8):
            # NOTE: a value under 8 characters is treated as a placeholder, not a secret.
            yield document.finding(rules.COMPOSE_LITERAL_SECRET, key, value, node,
                                   f"Service {name} sets {variable} to a literal secret.",
                                   f"{name} environment {variable}", masked=(literal,))


def _check_env_files(document: _Document, name: str, service: yaml.MappingNode) -> Iterator[Finding]:
    key, value = _get(service, "env_file")
    entries: list[tuple[yaml.Node, str]] = [(node, node.value) for node in _scalars(value)]
    if isinstance(value, yaml.SequenceNode):
        for item in value.value:
            _, path = _get(item, "path")
            if isinstance(path, yaml.ScalarNode):
                entries.append((item, path.value))
    # NOTE: existence is checked on disk, so a result cache keyed on the compose
    # file's content alone misses an env file added or deleted later.
    directory = os.path.dirname(document.file.absolute)
    for node, relative in entries:
        if relative.endswith(TEMPLATE_SUFFIXES) or "$" in relative:
            continue
        if os.path.isfile(os.path.join(directory, relative)):
            yield document.finding(rules.COMPOSE_ENV_FILE, key, value, node,
                                   f"Service {name} reads env_file {relative}, which is in the repository.",
                                   f"{name} env_file {relative}")


def _script_maps(document: _Document, node: yaml.Node) -> Iterator[LineMap]:
    for scalar in _scalars(node):
        if document.anchor_line:
            yield LineMap(scalar.value, ((0, document.anchor_line),))
        elif scalar.style in ("|", ">"):
            first = scalar.start_mark.line + 2
            offsets, position = [], 0
            for index, text in enumerate(scalar.value.split("\n")):
                offsets.append((position, first + index))
                position += len(text) + 1
            yield LineMap(scalar.value, tuple(offsets))
        else:
            yield LineMap(scalar.value, ((0, scalar.start_mark.line + 1),))


def _check_commands(document: _Document, name: str, service: yaml.MappingNode) -> Iterator[Finding]:
    yield from _check_scripts(document, f"Service {name}", service, ("command", "entrypoint"))


def _check_scripts(document: _Document, owner: str, mapping: yaml.Node, options: tuple[str, ...]) -> Iterator[Finding]:
    """Apply the script checks to the shell text under each of `options`."""
    for option in options:
        key, value = _get(mapping, option)
        if value is None:
            continue
        label = owner.removeprefix("Service ")
        for script in _script_maps(document, value):
            for hit in scripts.download_executions(script.text):
                yield document.finding(rules.DOWNLOAD_EXECUTED, key, value, value,
                                       f"{owner} {option} runs downloaded code: {hit.detail}.",
                                       f"{label} {option} {hit.code_key}", line=script.line_at(hit.offset))
            for hit in scripts.tls_disabling_commands(script.text):
                yield document.finding(rules.TLS_VERIFICATION_DISABLED, key, value, value,
                                       f"{owner} {option} turns off TLS checks: {hit.detail}.",
                                       f"{label} {option} {hit.code_key}", line=script.line_at(hit.offset))
