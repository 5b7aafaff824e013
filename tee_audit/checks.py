"""The TEE checklist: eighteen practices, each with a stable id and a weight.

Every finding counts against exactly one of these checks, and the rating
scores each of them. The weights set how much a check moves the overall
score; a weight of 0 means the check is listed for reviewers but not scored.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """One practice of the checklist."""

    id: str
    name: str
    weight: int
    practice: str
    """Behaviour of a project that follows the practice, in one or two sentences."""
    questions: tuple[str, ...] = ()
    """Questions for a reviewer where static analysis cannot decide."""


CHECKS: tuple[Check, ...] = (
    Check(
        "C01", "source-transparency", 1,
        "The enclave's code and the recipe that builds its image are public, so outsiders can audit what runs.",
        ("Is the repository that builds the deployed image public, including its build scripts?",),
    ),
    Check(
        "C02", "reproducible-build", 3,
        "A third party can rebuild the image and arrive at the attested measurement.",
        ("Has anyone outside the team rebuilt the image and matched the measurement?",),
    ),
    Check(
        "C03", "measurement-published", 2,
        "The expected measurement is published where users can compare it with what the attestation reports.",
        ("Where are the expected PCRs, MRENCLAVE or RTMR values published for each release?",),
    ),
    Check(
        "C04", "secret-handling", 5,
        "Keys and secrets stay inside the enclave: never logged, printed, returned, written to host disk, "
        "sent out, or committed in source, images or configuration.",
    ),
    Check(
        "C05", "supply-chain", 3,
        "Every dependency is pinned, hash-checked, free of known vulnerabilities and listed in an SBOM.",
    ),
    Check(
        "C06", "dynamic-code", 4,
        "No code enters the enclave after measurement: no eval of data, no unpickling of outside data, "
        "no computed imports, no runtime installs.",
    ),
    Check(
        "C07", "external-data", 3,
        "Data from APIs, oracles and LLMs is authenticated before it can drive signing or transfers.",
        ("Which external feeds can trigger a signature or transfer, and how is each authenticated?",),
    ),
    Check(
        "C08", "transport-security", 3,
        "Connections into and out of the enclave are authenticated and encrypted end to end, "
        "because the host sits in the middle.",
        ("Do clients terminate TLS inside the enclave (RA-TLS or equivalent) rather than at a host proxy?",),
    ),
    Check(
        "C09", "attack-surface", 3,
        "The image holds only what the application needs: a minimal base, no root, no host privileges.",
    ),
    Check(
        "C10", "enclave-configuration", 3,
        "The TEE runs in production mode: no debug enclave, no insecure options, no host-controlled inputs "
        "passed in unchecked.",
    ),
    Check(
        "C11", "key-portability", 2,
        "Keys survive the loss of one machine because a KMS, MPC or threshold network provisions them.",
        ("If this machine is lost, how are the application's keys recovered?",),
    ),
    Check(
        "C12", "root-of-trust", 3,
        "The identity users trust is bound to the attestation, and operators cannot inject keys.",
        ("Is the public key or address users trust included in the attestation's report data?",),
    ),
    Check(
        "C13", "attestation-verification", 4,
        "Clients verify the attestation (certificate chain, measurement, nonce, report data) before trusting "
        "the enclave.",
        ("Which clients verify the attestation, and do they check a fresh nonce and the measurement?",),
    ),
    Check(
        "C14", "tcb-currency", 2,
        "Verification rejects platforms whose TCB is out of date.",
        ("Does verification reject an out-of-date TCB status or firmware version?",),
    ),
    Check(
        "C15", "persistent-state", 2,
        "State that outlives a restart is encrypted to the enclave or a KMS before it leaves memory.",
        ("What state is persisted, and is it encrypted before it reaches host storage?",),
    ),
    Check(
        "C16", "audited-crypto", 2,
        "Keys come from a CSPRNG and are used through maintained, audited libraries with strong primitives.",
    ),
    Check(
        "C17", "change-discipline", 1,
        "The application is tested, audited and built by a pinned pipeline, and changes deliberately.",
        ("Has the enclave code been audited by a third party, and is each release reviewed?",),
    ),
    Check(
        "C18", "operational-defence", 0,
        "Defences beyond one vendor's TEE: physical security, cloud attestation, several TEE vendors, "
        "ZK proofs or consensus.",
        (
            "Is the hardware hosted where physical attacks are controlled?",
            "Does the system tolerate a compromised TEE vendor (multi-prover, ZK, consensus)?",
        ),
    ),
)

CHECKS_BY_ID: dict[str, Check] = {check.id: check for check in CHECKS}
