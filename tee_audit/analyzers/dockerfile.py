"""Dockerfile analysis: what the final image contains, how it was fetched, and how it runs."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator

import pathspec

from tee_audit.analyzers import scripts
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.analyzers.packages import PackageCommand, is_pinned, package_commands
from tee_audit.analyzers.reporting import make_finding
from tee_audit.catalog import images as rules
from tee_audit.dockerfile.parser import Dockerfile, Instruction, LineMap, parse
from tee_audit.dockerfile.stages import Stage, arg_defaults, split_words, stages
from tee_audit.images import ImageClass, classify, parse_reference
from tee_audit.model import Confidence, Evidence, FileKind, Finding, Severity, SkipReason, Skipped, SourceFile
from tee_audit.redact import redact_value
from tee_audit.registry import Rule
from tee_audit.secrets_names import looks_like_secret_name, looks_like_secret_value

ADMIN_PACKAGES = {
    "openssh-server": "an SSH server",
    "dropbear": "an SSH server",
    "sudo": "sudo",
    "docker": "Docker",
    "docker.io": "Docker",
    "docker-ce": "Docker",
    "docker-ce-cli": "the Docker CLI",
    "podman": "Podman",
    "gcc": "a compiler",
    "g++": "a compiler",
    "clang": "a compiler",
    "build-essential": "a compiler toolchain",
    "build-base": "a compiler toolchain",
}


_SNAPSHOT_MIRROR = re.compile(r"snapshot\.debian\.org|snapshot\.ubuntu\.com|apt-get[^\n]*--snapshot\b")
_CHECKSUM_TOOL = re.compile(r"\b(?:sha(?:256|384|512)sum|shasum|b2sum|gpg\s+--verify|cosign\s+verify|minisign)\b")


@dataclass
class _Context:
    file: SourceFile
    dockerfile: Dockerfile
    stages: list[Stage]

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def uses_snapshot_mirror(self) -> bool:
        """True when the Dockerfile points apt at a dated snapshot archive, which pins every package."""
        return any(
            _SNAPSHOT_MIRROR.search(instruction.text)
            or any(_SNAPSHOT_MIRROR.search(doc.body.text) for doc in instruction.heredocs)
            for instruction in self.dockerfile.instructions
        )

    def final_chain(self) -> list[Stage]:
        """Return the final stage and the stages it builds on, final first."""
        chain: list[Stage] = []
        stage = self.final
        while stage is not None and stage not in chain:
            chain.append(stage)
            stage = stage.parent_stage
        return chain


class DockerfileAnalyzer(FileAnalyzer):
    """Apply the image rules of `tee_audit.catalog.images` to one Dockerfile."""

    name = "dockerfile"
    kinds = frozenset({FileKind.DOCKERFILE})

    def analyze(self, file: SourceFile, text: str) -> FileResult:
        result = FileResult()
        dockerfile = parse(text)
        context = _Context(file, dockerfile, stages(dockerfile))
        checks: list[tuple[str, Callable[[_Context], Iterator[Finding]]]] = [
            ("base images", _check_base_images),
            ("final base image", _check_final_base),
            ("user", _check_user),
            ("run steps", _check_run_steps),
            ("add", _check_add_urls),
            ("env and arg", _check_env_and_args),
            ("copy context", _check_copy_context),
        ]
        for name, check in checks:
            try:
                result.findings.extend(check(context))
            except Exception as error:  # one failing check must not drop the others' findings
                result.skipped.append(
                    Skipped(file.path, SkipReason.ANALYZER_ERROR, f"dockerfile check '{name}' failed: {error!r}")
                )
        result.evidence.extend(_evidence(context, result.findings))
        return result


_MINIMAL_CLASSES = frozenset({"scratch", "distroless", "nix", "minimal", "slim"})


def _evidence(context: _Context, findings: list[Finding]) -> list[Evidence]:
    """Collect the positive signs the rating shows: pinned bases, a small final image, a non-root user."""
    path = context.file.path
    reported = {finding.rule_id for finding in findings}
    images = [stage for stage in context.stages if stage.parent_stage is None and not stage.is_scratch and stage.image]
    found: list[Evidence] = []
    if images and rules.IMAGE_NOT_DIGEST_PINNED.id not in reported:
        description = f"All {len(images)} base image(s) are pinned by digest."
        found.append(Evidence("C02", path, description, images[0].source.first_line))

    final = context.final
    if final is None:
        return found
    image_class = _effective_class(final)
    if image_class.kind in _MINIMAL_CLASSES:
        size = f", about {image_class.size_mb} MB compressed (estimate)" if image_class.size_mb is not None else ""
        description = f"The final image is built on a {image_class.kind} base{size}."
        found.append(Evidence("C09", path, description, final.source.first_line))
    if rules.RUNS_AS_ROOT.id not in reported and not context.final_chain()[-1].is_scratch:
        found.append(Evidence("C09", path, "The final stage does not run as root.", final.source.first_line))
    return found


def _finding(
    context: _Context,
    rule: Rule,
    instruction: Instruction,
    line: int,
    message: str,
    code_key: str,
    masked: str = "",
    **options,
) -> Finding:
    snippet = dict(instruction.source_lines).get(line, "")
    if masked:
        snippet = snippet.replace(masked, redact_value(masked))
    return make_finding(
        rule,
        context.file.path,
        line,
        message,
        snippet=snippet,
        code_key=code_key,
        statement=(instruction.first_line, instruction.last_line),
        **options,
    )


def _effective_class(stage: Stage) -> ImageClass:
    root = stage
    while root.parent_stage is not None and root.parent_stage is not root:
        root = root.parent_stage
    return classify(parse_reference(root.image))


def _check_base_images(context: _Context) -> Iterator[Finding]:
    for stage in context.stages:
        if stage.parent_stage is not None or stage.is_scratch or not stage.image:
            continue
        reference = parse_reference(stage.image)
        line = stage.source.first_line
        if stage.unresolved:
            # A build argument without a default may still supply a digest or a tag.
            written = split_words(stage.source.value)[0]
            if not reference.pinned:
                yield _finding(
                    context, rules.IMAGE_NOT_DIGEST_PINNED, stage.source, line,
                    f"Base image {written} is not pinned by digest unless a build argument supplies one.",
                    f"FROM {written}", confidence=Confidence.LOW,
                )
            continue
        if not reference.pinned:
            yield _finding(
                context, rules.IMAGE_NOT_DIGEST_PINNED, stage.source, line,
                f"Base image {reference.raw} is not pinned by digest.",
                f"FROM {reference.raw}",
            )
        if reference.floating:
            problem = "uses the latest tag" if reference.tag else "has no tag, so it means :latest"
            yield _finding(
                context, rules.IMAGE_LATEST_TAG, stage.source, line,
                f"Base image {reference.raw} {problem}.",
                f"FROM {reference.raw}",
            )


def _check_final_base(context: _Context) -> Iterator[Finding]:
    final = context.final
    if final is None or final.is_scratch:
        return
    image_class = _effective_class(final)
    if not image_class.full_os:
        return
    size = f" (about {image_class.size_mb} MB compressed, an estimate)" if image_class.size_mb else ""
    yield _finding(
        context, rules.BASE_IMAGE_FULL_OS, final.source, final.source.first_line,
        f"The final stage runs on {image_class.kind} image {final.image}{size}.",
        f"FROM {final.image}",
    )


def _check_user(context: _Context) -> Iterator[Finding]:
    final = context.final
    if final is None:
        return
    chain = context.final_chain()
    root_stage = chain[-1]
    if root_stage.is_scratch:
        return

    last_user: Instruction | None = None
    for stage in reversed(chain):
        for instruction in stage.instructions:
            if instruction.keyword == "USER":
                last_user = instruction

    image_class = _effective_class(final)
    severity = Severity.MEDIUM if image_class.full_os else None
    if last_user is None:
        reference = parse_reference(root_stage.image)
        if "nonroot" in reference.tag or reference.repository.startswith("cgr.dev/chainguard/"):
            return
        yield _finding(
            context, rules.RUNS_AS_ROOT, final.source, final.source.first_line,
            "The final stage sets no USER, so the container runs as root.",
            f"FROM {final.image} without USER", severity=severity,
        )
        return
    user = last_user.value.split(":", 1)[0].strip()
    if user.lower() in ("root", "0"):
        yield _finding(
            context, rules.RUNS_AS_ROOT, last_user, last_user.first_line,
            f"The final stage runs as {user}.", f"USER {user}", severity=severity,
        )


def _shell_texts(instruction: Instruction) -> Iterator[LineMap]:
    """Yield the shell code of a RUN, CMD or ENTRYPOINT: its command line, then each heredoc body."""
    exec_form = instruction.json_form()
    if exec_form is not None:
        yield LineMap(" ".join(exec_form), ((0, instruction.first_line),))
    else:
        yield instruction.arguments
    for heredoc in instruction.heredocs:
        yield heredoc.body


def _check_run_steps(context: _Context) -> Iterator[Finding]:
    final_stages = {id(stage) for stage in context.final_chain()}
    downloaded: set[str] = set()
    snapshot = context.uses_snapshot_mirror
    for stage in context.stages:
        for instruction in stage.instructions:
            if instruction.keyword not in ("RUN", "CMD", "ENTRYPOINT"):
                continue
            for text in _shell_texts(instruction):
                yield from _check_script(context, instruction, text, downloaded)
                if instruction.keyword == "RUN":
                    yield from _check_packages(context, instruction, text, id(stage) in final_stages, snapshot)


def _check_script(
    context: _Context, instruction: Instruction, text: LineMap, downloaded: set[str]
) -> Iterator[Finding]:
    """Check one piece of shell code for downloads that run and for TLS switched off.

    `downloaded` contains the files fetched so far. A file leaves it once a step
    checks its hash, because running a checked file is safe.
    """
    for hit in scripts.download_executions(text.text):
        yield _finding(
            context, rules.DOWNLOAD_EXECUTED, instruction, text.line_at(hit.offset),
            f"{_step(instruction)} runs downloaded code without a checksum: {hit.detail}.", hit.code_key,
        )
    downloaded.update(path for _, path in scripts.downloaded_files(text.text))
    if _CHECKSUM_TOOL.search(text.text):
        downloaded.difference_update(
            {path for path in downloaded if path.rsplit("/", 1)[-1] in text.text}
        )
    for hit in scripts.file_executions(text.text, downloaded):
        yield _finding(
            context, rules.DOWNLOAD_EXECUTED, instruction, text.line_at(hit.offset),
            f"{_step(instruction)} runs a file downloaded without a hash check: {hit.detail}.", hit.code_key,
            confidence=Confidence.MEDIUM,
        )
    for hit in scripts.tls_disabling_commands(text.text):
        yield _finding(
            context, rules.TLS_VERIFICATION_DISABLED, instruction, text.line_at(hit.offset),
            f"{_step(instruction)} turns off TLS certificate checks: {hit.detail}.", hit.code_key,
        )


def _step(instruction: Instruction) -> str:
    return "A build step" if instruction.keyword == "RUN" else f"The container's {instruction.keyword}"


def _check_packages(
    context: _Context, instruction: Instruction, text: LineMap, in_final: bool, snapshot: bool
) -> Iterator[Finding]:
    for command in package_commands(text.text):
        line = text.line_at(command.offset + len(command.text) - len(command.text.lstrip()))
        if command.action == "upgrade":
            yield _finding(
                context, rules.OS_PACKAGE_UPGRADE, instruction, line,
                "A build step upgrades every installed package, so the image depends on the build date.",
                f"{command.manager} upgrade",
            )
            continue
        if command.manager == "pip":
            yield from _check_pip(context, instruction, line, command)
            continue
        unpinned = [package for package in command.packages if not is_pinned(command.manager, package)]
        if command.manager == "apt" and snapshot:
            unpinned = []
        if unpinned:
            yield _finding(
                context, rules.OS_PACKAGE_NOT_PINNED, instruction, line,
                f"{len(unpinned)} package(s) installed without a version pin: {', '.join(unpinned[:5])}.",
                f"{command.manager} install {' '.join(sorted(unpinned))}",
            )
        if in_final:
            for package in command.packages:
                name = re.split(r"[=~]|-(?=\d)", package, maxsplit=1)[0]
                if name in ADMIN_PACKAGES:
                    package_line = text.line_at(text.text.find(package, command.offset))
                    yield _finding(
                        context, rules.TOOLS_IN_FINAL_IMAGE, instruction, package_line,
                        f"The final image installs {ADMIN_PACKAGES[name]} ({name}).", f"install {name}",
                    )


def _check_pip(context: _Context, instruction: Instruction, line: int, command: PackageCommand) -> Iterator[Finding]:
    if "--require-hashes" in command.flags:
        return
    if any("lock" in name.lower() for name in command.requirement_files):
        return
    local = all(package.startswith((".", "/")) for package in command.packages)
    if command.packages and local and "--no-deps" in command.flags:
        return
    target = " ".join(command.packages) or " ".join(f"-r {name}" for name in command.requirement_files)
    yield _finding(
        context, rules.PIP_INSTALL_WITHOUT_HASHES, instruction, line,
        "pip installs packages without --require-hashes or a lock file.", f"pip install {target}",
    )


def _check_add_urls(context: _Context) -> Iterator[Finding]:
    for stage in context.stages:
        for instruction in stage.instructions:
            if instruction.keyword != "ADD" or "checksum" in instruction.flags:
                continue
            sources = instruction.json_form() or split_words(instruction.value)
            for source in sources[:-1]:
                if scripts.mentions_url(source) or source.startswith("git@"):
                    yield _finding(
                        context, rules.ADD_URL_WITHOUT_CHECKSUM, instruction, instruction.first_line,
                        f"ADD fetches {source} without --checksum.", f"ADD {source}",
                    )


def _assignments(instruction: Instruction) -> list[tuple[str, str | None]]:
    if instruction.keyword == "ARG":
        return list(arg_defaults(instruction).items())
    words = split_words(instruction.value)
    if words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    return [(name, value) for name, _, value in (word.partition("=") for word in words)]


def _check_env_and_args(context: _Context) -> Iterator[Finding]:
    for instruction in context.dockerfile.instructions:
        if instruction.keyword not in ("ENV", "ARG"):
            continue
        for name, value in _assignments(instruction):
            if value is not None and scripts.tls_setting_disables_verification(name, value):
                yield _finding(
                    context, rules.TLS_VERIFICATION_DISABLED, instruction, instruction.first_line,
                    f"{instruction.keyword} {name} turns off TLS certificate checks.", f"{name}={value}",
                )
                continue
            yield from _check_secret(context, instruction, name, value)


def _check_secret(context: _Context, instruction: Instruction, name: str, value: str | None) -> Iterator[Finding]:
    literal = value is not None and value != "" and not value.startswith("$")
    if value is not None and looks_like_secret_value(value):
        confidence = None
    elif looks_like_secret_name(name) and literal:
        confidence = None
    elif looks_like_secret_name(name):
        confidence = Confidence.MEDIUM
    else:
        return
    kind = "a literal secret" if literal else "a secret passed in at build time"
    yield _finding(
        context, rules.SECRET_IN_IMAGE, instruction, instruction.first_line,
        f"The image stores {kind} in {name}, set by {instruction.keyword}.",
        f"{instruction.keyword} {name}", confidence=confidence,
        severity=None if literal else Severity.MEDIUM, masked=value if literal else "",
    )


def _check_copy_context(context: _Context) -> Iterator[Finding]:
    copies = [
        instruction
        for instruction in context.dockerfile.instructions
        if instruction.keyword in ("COPY", "ADD")
        and "from" not in instruction.flags
        and _copies_whole_context(instruction)
    ]
    if not copies or _dockerignore_protects(context.file):
        return
    for instruction in copies:
        yield _finding(
            context, rules.COPY_CONTEXT_WITHOUT_DOCKERIGNORE, instruction, instruction.first_line,
            "The whole build context is copied and no .dockerignore excludes .env and key files.",
            f"{instruction.keyword} {instruction.value}",
        )


def _copies_whole_context(instruction: Instruction) -> bool:
    sources = (instruction.json_form() or split_words(instruction.value))[:-1]
    return any(source in (".", "./", "*", "./*") for source in sources)


_SENSITIVE_SAMPLES = (".env", "config/.env", "key.pem", "secrets/id.key")


def _dockerignore_protects(file: SourceFile) -> bool:
    """Tell whether a .dockerignore beside the Dockerfile excludes `.env` and key files.

    Docker reads `<Dockerfile>.dockerignore` first, then `.dockerignore` in
    the context; the context is assumed to be the Dockerfile's directory.
    """
    # NOTE: this reads a file other than the one analysed, so a result cache keyed
    # on the Dockerfile's content alone misses edits to .dockerignore.
    directory = os.path.dirname(file.absolute)
    for name in (os.path.basename(file.absolute) + ".dockerignore", ".dockerignore"):
        candidate = os.path.join(directory, name)
        try:
            with open(candidate, encoding="utf-8", errors="replace") as handle:
                patterns = handle.read().splitlines()
        except OSError:
            continue
        spec = pathspec.PathSpec.from_lines("gitignore", patterns)
        return all(spec.match_file(sample) for sample in _SENSITIVE_SAMPLES)
    return False
