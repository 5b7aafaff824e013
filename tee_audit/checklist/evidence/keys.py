"""Evidence about where keys come from (C11) and how state is persisted (C15)."""

from __future__ import annotations

import re

from tee_audit.catalog.rating import KEY_SEALED_TO_ONE_MACHINE
from tee_audit.checklist.evidence.base import CODE_KINDS, Collected, ProjectText
from tee_audit.model import FileKind, Location
from tee_audit.redact import redact_text

_KMS = re.compile(
    r"(?i)\bget_?key\s*\(\s*['\"]"
    r"|\bderive_?key\s*\(|client\(\s*['\"]kms['\"]|\bkms\w*\.(decrypt|generate_data_key|get_public_key)\b"
    r"|\bKmsClient\b|\boyster[-_]?kms\b|/derive/|\bkms_?url\b|\bKeyProvider\b.*kms|\bthreshold_?key\b|\bmpc\b"
)
_SEALING = re.compile(
    r"\bsgx_seal_data\b|\bsgx_unseal_data\b|/dev/attestation/keys/_sgx_mr(enclave|signer)"
    r"|key_name\s*=\s*\"_sgx_mr(enclave|signer)\"|\bseal_?data\s*\(|\bsgx_get_key\b|\bEGETKEY\b"
)
_ENCRYPTED_MOUNT = re.compile(r"type\s*=\s*\"encrypted\"")
_ENCRYPTS = re.compile(
    r"\bFernet\s*\(|\bAESGCM\s*\(|\bChaCha20Poly1305\s*\(|\bAESGCMSIV\s*\(|\bSecretBox\s*\(|\bnacl\.secret\b"
    r"|\bcrypto\.createCipheriv\s*\(|\bkms\w*\.encrypt\s*\(|\bencrypt_and_digest\s*\(|\baes_gcm\b|\bAes256Gcm\b"
)
_WRITES = re.compile(
    r"\bopen\s*\([^)]*['\"][wax]b?\+?['\"]|\.write_(text|bytes)\s*\(|\bsqlite3\.connect\s*\(|\bfs\.writeFile"
    r"|\bos\.WriteFile\s*\(|\bfs::write\s*\(|\bjson\.dump\s*\(|\bpickle\.dump\s*\(|\bnp\.save\s*\("
)
_VOLUMES = re.compile(r"^\s*volumes:\s*$")


def collect_keys(project: ProjectText) -> Collected:
    collected = Collected()
    code = list(project.select(kinds=CODE_KINDS))

    kms_seen = False
    for file in code + list(project.select(kinds=frozenset({FileKind.COMPOSE}))):
        found = project.first_match(file, _KMS)
        if found:
            kms_seen = True
            collected.add("C11", "kms-key", file, "keys come from a KMS or key-derivation service: "
                          + redact_text(found[1].strip())[:120], found[0])
            if file.kind in CODE_KINDS and project.contains(file, _ENCRYPTS):
                collected.add("C15", "kms-encrypted-storage", file, "encrypts with a key obtained from a KMS",
                              found[0])

    sealed = []
    for file in code + list(project.select(kinds=frozenset({FileKind.GRAMINE_MANIFEST}))):
        for number, line in project.matching_lines(file, _SEALING):
            sealed.append((file, number, line))
            break
    if sealed and not kms_seen:
        file, number, line = sealed[0]
        match = _SEALING.search(line)
        collected.findings.append(KEY_SEALED_TO_ONE_MACHINE.finding(
            Location(file.path, number, match.start() + 1, number, match.end() + 1),
            "Keys are sealed to this CPU and no KMS path was found, so they are lost with the machine.",
            snippet=redact_text(line.strip()),
            code_key=match.group(0),
        ))

    for file in project.select(kinds=frozenset({FileKind.GRAMINE_MANIFEST})):
        found = project.first_match(file, _ENCRYPTED_MOUNT)
        if found:
            collected.add("C15", "encrypted-mount", file, "enclave mounts an encrypted file system", found[0])
    for file in code:
        found = project.first_match(file, _ENCRYPTS)
        if found:
            collected.add("C15", "encrypted-storage", file, "encrypts data with an authenticated cipher: "
                          + redact_text(found[1].strip())[:120], found[0])
        write = project.first_match(file, _WRITES)
        if write:
            collected.note("persists", file, "writes to a file or database", write[0])
    for file in project.select(kinds=frozenset({FileKind.COMPOSE})):
        found = project.first_match(file, _VOLUMES)
        if found:
            collected.note("persists", file, "mounts a volume", found[0])
    return collected
