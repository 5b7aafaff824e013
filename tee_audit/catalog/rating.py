"""Rules the checklist rating adds while it collects evidence.

They report what is missing or skipped around attestation and keys, which
only shows when the whole project is looked at together.
"""

from __future__ import annotations

from tee_audit.model import Confidence, Severity
from tee_audit.registry import declare

ATTESTATION_NOT_VERIFIED = declare(
    id="attestation-not-verified",
    check="C13",
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    summary="The project produces an attestation, but no code in it verifies one.",
    rationale=(
        "An attestation proves nothing until someone checks its signature chain, measurement and nonce. "
        "When the repository ships no verifier, clients are likely to trust the enclave on its word."
    ),
    remediation=(
        "Ship a client or peer library that verifies the quote or attestation document: certificate chain "
        "to the vendor root, expected measurement, a fresh nonce and the report data."
    ),
    bad=(
        "from dstack_sdk import DstackClient\n"
        "\n"
        "def attest(pubkey_hash):\n"
        "    return DstackClient().get_quote(pubkey_hash)\n"
    ),
    good=(
        "from dstack_sdk import DstackClient\n"
        "from dcap_qvl import verify_quote\n"
        "\n"
        "def attest(pubkey_hash):\n"
        "    return DstackClient().get_quote(pubkey_hash)\n"
        "\n"
        "def check(quote, collateral, now):\n"
        "    return verify_quote(quote, collateral, now)\n"
    ),
    language="python",
    known_problems=(
        "Verification often lives in a separate client repository; the finding then has low value, and "
        "a reviewer answer for C13 settles it."
    ),
)

ATTESTATION_SIGNATURE_SKIPPED = declare(
    id="attestation-signature-skipped",
    check="C13",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    summary="Attestation verification code turns off the signature check.",
    rationale=(
        "Without the signature check anyone can forge an attestation token or document with any "
        "measurement, so the verifier accepts an enclave that is not running the published code."
    ),
    remediation="Verify the signature against the vendor's root certificate or the attestation service's keys.",
    bad=(
        "import jwt\n"
        "\n"
        "def read_attestation_token(token):\n"
        "    return jwt.decode(token, options={\"verify_signature\": False})\n"
    ),
    good=(
        "import jwt\n"
        "\n"
        "def read_attestation_token(token, signing_key):\n"
        "    return jwt.decode(token, signing_key, algorithms=[\"RS256\"])\n"
    ),
    language="python",
)

KEY_SEALED_TO_ONE_MACHINE = declare(
    id="key-sealed-to-one-machine",
    check="C11",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    summary="Keys are sealed to one CPU and no KMS or key-derivation service provides them.",
    rationale=(
        "A sealing key is derived from one processor. When that machine dies or is retired, every key "
        "sealed with it is gone, along with the funds or data it protected."
    ),
    remediation=(
        "Obtain keys from a KMS, MPC or threshold network that releases them to any machine running the "
        "attested image; seal only caches of them."
    ),
    bad=(
        "SEAL_KEY_PATH = \"/dev/attestation/keys/_sgx_mrenclave\"\n"
        "\n"
        "def sealing_key():\n"
        "    with open(SEAL_KEY_PATH, \"rb\") as handle:\n"
        "        return handle.read()\n"
    ),
    good=(
        "from dstack_sdk import DstackClient\n"
        "\n"
        "def wallet_key():\n"
        "    return DstackClient().get_key(\"wallet\").decode_key()\n"
    ),
    language="python",
)
