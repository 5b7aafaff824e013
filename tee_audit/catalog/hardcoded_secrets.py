"""Rules for secrets written into source, configuration and image files."""

from __future__ import annotations

from tee_audit.model import Confidence, Severity
from tee_audit.registry import declare

_IN_TESTS = (
    "A value in a test file (under tests/, test/, spec/, testdata/ or fixtures/, "
    "or named like test_*.py or *_test.go) is still reported, at low confidence."
)

HARDCODED_PRIVATE_KEY = declare(
    id="hardcoded-private-key",
    check="C04",
    severity=Severity.HIGH,
    summary="A private key is written into a file as a literal value.",
    rationale=(
        "A TEE keeps a key secret only if the key is created or provisioned inside the enclave. "
        "A key in the repository is known to everyone who can read the repository, its forks, "
        "its CI logs and the image, so attestation proves nothing about who holds it."
    ),
    remediation=(
        "Remove the key, rotate it and move any funds it controls. Generate the key inside the "
        "enclave or obtain it from a KMS after attestation."
    ),
    bad='PRIVATE_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"\n',
    good='PRIVATE_KEY = os.environ["PRIVATE_KEY"]\n',
    language="python",
    known_problems=(
        "A 64-digit hex value counts as a key only when its name or the code around it on the "
        "same line mentions a key, a secret, a signer or a wallet, and not a hash, digest, "
        "address or measurement. Base58 Solana keys need such a name too; WIF keys are "
        "recognised by their checksum alone. " + _IN_TESTS
    ),
)

HARDCODED_PEM_PRIVATE_KEY = declare(
    id="hardcoded-pem-private-key",
    check="C04",
    severity=Severity.HIGH,
    summary="A PEM or PGP private key block is stored in a file.",
    rationale=(
        "A TLS, SSH or signing key in the repository lets anyone impersonate the enclave or "
        "decrypt its traffic, whatever the attestation says."
    ),
    remediation=(
        "Delete the block, revoke the certificate or key, and generate the key inside the "
        "enclave (for example for RA-TLS) or fetch it from a KMS after attestation."
    ),
    bad=(
        'TLS_KEY = """-----BEGIN EC PRIVATE KEY-----\n'
        "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oxnrC4JHtPMGoAoGCCqGSM49\n"
        "AwEHoUQDQgAE0ZjCjdu4oS0CKRU1KQ3WMAxLnnLp1GLcsRQF2BfwVzHbgbz6v4tz\n"
        '-----END EC PRIVATE KEY-----"""\n'
    ),
    good='TLS_KEY = open("/run/secrets/tls.key").read()\n',
    language="python",
    known_problems="A block with fewer than 40 characters of key material is taken for a placeholder. " + _IN_TESTS,
)

HARDCODED_MNEMONIC = declare(
    id="hardcoded-mnemonic",
    check="C04",
    severity=Severity.HIGH,
    summary="A BIP-39 seed phrase is written into a file.",
    rationale=(
        "A seed phrase derives every key of a wallet. Once it is in the repository, the "
        "wallet belongs to whoever reads it, inside or outside the enclave."
    ),
    remediation=(
        "Remove the phrase, move the funds to a wallet created inside the enclave, and "
        "provision seeds through a KMS after attestation."
    ),
    bad=(
        'MNEMONIC = "legal winner thank year wave sausage worth useful legal winner thank yellow"\n'
    ),
    good='MNEMONIC = os.environ["MNEMONIC"]\n',
    language="python",
    known_problems=(
        "Only the English word list is known, and the words must be on one line, separated by "
        "spaces or tabs. A phrase with a valid checksum gets high confidence; one without gets "
        "medium confidence when its name mentions a mnemonic or seed and low confidence "
        "otherwise. Phrases of fewer than four distinct words, such as the well-known "
        "`test test ... junk` development phrase, are taken for placeholders. " + _IN_TESTS
    ),
)

HARDCODED_API_KEY = declare(
    id="hardcoded-api-key",
    check="C04",
    severity=Severity.HIGH,
    summary="An API key or access token with a provider-specific format is written into a file.",
    rationale=(
        "Provider keys (AWS, GitHub, OpenAI, Anthropic, Slack, Stripe, Google, Hugging Face, "
        "Infura, Alchemy) let anyone who reads them act as the application, and an enclave "
        "cannot keep secret what its source code publishes."
    ),
    remediation=(
        "Revoke the key at the provider, then provision a new one to the enclave at run time "
        "through a KMS or sealed secret, never through source, image layers or compose files."
    ),
    bad='client = OpenAI(api_key="sk-proj-Tq3vX9bN2mK7pL4wR8sY1zA6cD0fG5hJ")\n',
    good='client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
    language="python",
    known_problems=(
        "AWS secret access keys and JWTs have no distinctive prefix, so they are reported only "
        "when assigned to a name that says what they are; a JWT whose role claim is `anon` "
        "(a public Supabase key) is not reported. " + _IN_TESTS
    ),
)

CREDENTIALS_IN_URL = declare(
    id="credentials-in-url",
    check="C04",
    severity=Severity.HIGH,
    summary="A URL carries a user name and password (`scheme://user:password@host`).",
    rationale=(
        "A password in a connection string ends up in source, image layers, process lists and "
        "logs, all of which the host operator can read."
    ),
    remediation=(
        "Build the URL at run time from a password provisioned to the enclave, or use a "
        "credential-free method such as client certificates bound to the attestation."
    ),
    bad='DATABASE_URL = "postgresql://app:Xk9v2Lq8mZ4tW7pR@db.internal:5432/app"\n',
    good='DATABASE_URL = f"postgresql://app:{db_password}@db.internal:5432/app"\n',
    language="python",
    confidence=Confidence.MEDIUM,
    known_problems=(
        "Well-known default passwords (`postgres`, `guest`, `root`, a password equal to the "
        "user name) are reported at low confidence because they usually belong to local "
        "development setups. " + _IN_TESTS
    ),
)

HARDCODED_SECRET_ASSIGNMENT = declare(
    id="hardcoded-secret-assignment",
    check="C04",
    severity=Severity.MEDIUM,
    summary="A literal value is assigned to a name such as `password`, `secret`, `token` or `api_key`.",
    rationale=(
        "A secret in source or configuration is readable by the host operator and everyone "
        "with access to the repository or image, so the enclave cannot keep it confidential."
    ),
    remediation=(
        "Load the value at run time from a KMS or a secret provisioned after attestation, and "
        "rotate the value that was committed."
    ),
    bad='db_password = "hR7!vQ2#pL9zW4x"\n',
    good='db_password = os.environ["DB_PASSWORD"]\n',
    language="python",
    confidence=Confidence.MEDIUM,
    known_problems=(
        "Confidence follows the value's Shannon entropy and length. Values containing spaces, "
        "values that look like placeholders, references or variable names, and (in code "
        "files) unquoted expressions are not reported. " + _IN_TESTS
    ),
)

TEXT_LEVEL_RULE_IDS = frozenset({
    HARDCODED_PRIVATE_KEY.id, HARDCODED_PEM_PRIVATE_KEY.id, HARDCODED_MNEMONIC.id,
    HARDCODED_API_KEY.id, CREDENTIALS_IN_URL.id, HARDCODED_SECRET_ASSIGNMENT.id,
})
"""Rules of the text-level scanner; a finding of a parser-based analyzer
about the same line reports the same secret with more context and wins."""
