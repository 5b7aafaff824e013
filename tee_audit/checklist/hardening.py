"""Checks about hazards inside the enclave that analyzers search for: C04
secret handling, C06 dynamic code, C09 attack surface, C10 enclave
configuration and C16 audited crypto. Each starts at 10 when the files the
analyzers read are present, and findings lower it."""

from __future__ import annotations

from tee_audit.checklist.evidence.base import CODE_KINDS
from tee_audit.checklist.policy import CheckPolicy, needs_kinds
from tee_audit.model import FileKind

_IMAGE_KINDS = frozenset({FileKind.DOCKERFILE, FileKind.COMPOSE})
_ENCLAVE_KINDS = frozenset({FileKind.GRAMINE_MANIFEST, FileKind.ENCLAVE_CONFIG, FileKind.COMPOSE})
_SECRET_KINDS = CODE_KINDS | _IMAGE_KINDS | frozenset(
    {FileKind.ENV_FILE, FileKind.YAML, FileKind.TOML, FileKind.JSON, FileKind.GRAMINE_MANIFEST, FileKind.CI_CONFIG}
)

POLICIES = (
    CheckPolicy(
        "C04",
        scope=_SECRET_KINDS,
        applies=needs_kinds(_SECRET_KINDS, "The project has no code or configuration that could hold a secret."),
    ),
    CheckPolicy(
        "C06",
        scope=CODE_KINDS,
        applies=needs_kinds(CODE_KINDS, "The project has no program code."),
    ),
    CheckPolicy(
        "C09",
        scope=_IMAGE_KINDS,
        applies=needs_kinds(_IMAGE_KINDS, "The project has no Dockerfile or compose file that defines an image."),
        advice=("Prefer a distroless, scratch or Nix-built base image and run as a non-root user.",),
    ),
    CheckPolicy(
        "C10",
        scope=_ENCLAVE_KINDS,
        applies=needs_kinds(_ENCLAVE_KINDS, "The project has no enclave manifest, enclave configuration "
                            "or compose file."),
    ),
    CheckPolicy(
        "C16",
        scope=CODE_KINDS,
        applies=needs_kinds(CODE_KINDS, "The project has no program code."),
    ),
)
