"""Checks about what users can trust: C07 external data, C08 transport
security, C11 key portability, C12 root of trust, C13 attestation
verification, C14 TCB currency and C15 persistent state."""

from __future__ import annotations

from tee_audit.checklist.evidence.base import CODE_KINDS
from tee_audit.checklist.policy import CheckPolicy, Component, Context, needs_kinds
from tee_audit.model import FileKind

_NETWORK_KINDS = CODE_KINDS | frozenset({FileKind.COMPOSE})


def _no_verifier(context: Context) -> str | None:
    if context.fact("attestation-verified"):
        return None
    return "The project contains no attestation verification code, so TCB checks belong to its verifiers."


def _no_persistence(context: Context) -> str | None:
    if context.fact("persists") or context.collected_has("C15"):
        return None
    return "No file writes, databases or volumes were found."


def _persistence_notes(context: Context) -> tuple[str, ...]:
    writes = context.fact("persists")[:3]
    return tuple(
        f"Encrypt what {item.path}:{item.line} {item.description} before it reaches host storage."
        for item in writes
    )


def _attestation_notes(context: Context) -> tuple[str, ...]:
    if context.fact("attestation-produced") and not context.fact("attestation-verified"):
        item = context.fact("attestation-produced")[0]
        return (f"{item.path}:{item.line} produces an attestation but nothing in the project verifies it; "
                "ship a verifier for clients.",)
    return ()


POLICIES = (
    CheckPolicy(
        "C07",
        scope=CODE_KINDS,
        applies=needs_kinds(CODE_KINDS, "The project has no program code."),
        advice=("Verify a signature or attestation on every external feed that can trigger signing or transfers.",),
    ),
    CheckPolicy(
        "C08",
        scope=_NETWORK_KINDS,
        applies=needs_kinds(_NETWORK_KINDS, "The project has no code or services that use the network."),
        advice=("Terminate TLS inside the enclave (RA-TLS or aTLS) and sign responses with an enclave key.",),
    ),
    CheckPolicy(
        "C11",
        components=(
            Component("kms-key", 10, "Obtain keys from a KMS, MPC or threshold network rather than one machine."),
        ),
        no_evidence="No KMS or key-derivation service was found, so a reviewer must say how keys are recovered.",
    ),
    CheckPolicy(
        "C12",
        components=(
            Component("report-data-binding", 10, "Put the hash of the public key or address users trust "
                      "into the attestation's report data."),
        ),
        no_evidence="No binding of a key or address into the report data was found.",
    ),
    CheckPolicy(
        "C13",
        components=(
            Component("quote-verification", 4, "Verify the quote or attestation document in a client or peer."),
            Component("certificate-chain", 2, "Check the certificate chain up to the vendor's root."),
            Component("measurement-comparison", 2, "Compare the measurement with the published value."),
            Component("nonce", 2, "Include a fresh nonce in the attestation and check it."),
        ),
        no_evidence="No attestation verification code was found; clients may verify elsewhere.",
        explain=_attestation_notes,
    ),
    CheckPolicy(
        "C14",
        components=(
            Component("tcb-status-check", 10, "Reject quotes whose TCB status is not UpToDate, or whose "
                      "security version numbers are below a minimum."),
        ),
        applies=_no_verifier,
        no_evidence="Verification code was found, but no TCB status or SVN check in it.",
    ),
    CheckPolicy(
        "C15",
        components=(
            Component("encrypted-mount", 10, "Mount persistent storage as an encrypted file system."),
            Component("kms-encrypted-storage", 10, "Encrypt persisted state with a KMS-provided key."),
            Component("encrypted-storage", 6, "Encrypt state with an authenticated cipher before writing it."),
        ),
        applies=_no_persistence,
        no_evidence="The project writes files or mounts volumes, and no encryption before persistence was found.",
        explain=_persistence_notes,
    ),
)
