"""The secrets analyzer on real files: each detector's bad and good cases, placeholders and redaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secret_samples import (
    ANTHROPIC_KEY,
    API_SECRET,
    AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY,
    GITHUB_TOKEN,
    GOOGLE_KEY,
    HEX_KEY,
    HUGGINGFACE_TOKEN,
    INFURA_KEY,
    JWT_TOKEN,
    KEYPAIR_ARRAY,
    MNEMONIC_12,
    MNEMONIC_24,
    OPENAI_KEY,
    PASSWORD,
    PEM_BODY,
    PEM_KEY,
    PUBLIC_JWT,
    SLACK_TOKEN,
    SOLANA_KEY,
    STRIPE_KEY,
    URL_PASSWORD,
    WIF_KEY,
)
from tee_audit.analyzers.secrets import SecretsAnalyzer
from tee_audit.model import Confidence, FileKind, Finding, Severity, SkipReason, SourceFile
from tee_audit.redact import redact_text

KIND_BY_NAME = {
    "app.py": FileKind.PYTHON,
    "client.ts": FileKind.TYPESCRIPT,
    "main.go": FileKind.GO,
    ".env": FileKind.ENV_FILE,
    "docker-compose.yml": FileKind.COMPOSE,
    "Dockerfile": FileKind.DOCKERFILE,
    "config.yaml": FileKind.YAML,
    "config.json": FileKind.JSON,
    "config.toml": FileKind.TOML,
    "deploy.sh": FileKind.SHELL,
    "notes.txt": FileKind.TEXT,
}


def scan_file(root: Path, relative: str, text: str, kind: FileKind | None = None) -> list[Finding]:
    """Write `text` to root/relative and run the analyzer on the file read back from disk."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    kind = kind or KIND_BY_NAME.get(path.name, FileKind.TEXT)
    source = SourceFile(relative, str(path), kind, path.stat().st_size)
    return SecretsAnalyzer().analyze(source, path.read_text(encoding="utf-8")).findings


def rule_lines(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(finding.rule_id, finding.location.line) for finding in findings]


def assert_never_shown(findings: list[Finding], secret: str) -> None:
    for finding in findings:
        assert secret not in finding.message
        assert secret not in finding.snippet
        assert secret not in finding.code_key
        assert secret not in repr(finding)


BAD_CASES = [
    ("hex key with 0x", "app.py", f'PRIVATE_KEY = "0x{HEX_KEY}"\n', "hardcoded-private-key", HEX_KEY),
    ("hex key without 0x", "app.py", f'signer_key = "{HEX_KEY}"\n', "hardcoded-private-key", HEX_KEY),
    ("hex key passed to from_key", "app.py", f'acct = Account.from_key("0x{HEX_KEY}")\n', "hardcoded-private-key", HEX_KEY),
    ("hex key in yaml", "config.yaml", f"wallet:\n  privateKey: {HEX_KEY}\n", "hardcoded-private-key", HEX_KEY),
    ("WIF key", "app.py", f'backup = "{WIF_KEY}"\n', "hardcoded-private-key", WIF_KEY),
    ("Solana key named", "client.ts", f'const secretKey = "{SOLANA_KEY}";\n', "hardcoded-private-key", SOLANA_KEY),
    ("keypair array named", "client.ts", f"const payerSecret = {KEYPAIR_ARRAY};\n", "hardcoded-private-key", KEYPAIR_ARRAY),
    ("PEM block", "app.py", f'KEY = """{PEM_KEY}"""\n', "hardcoded-pem-private-key", PEM_BODY.split("\n")[1]),
    ("12-word mnemonic", "app.py", f'MNEMONIC = "{MNEMONIC_12}"\n', "hardcoded-mnemonic", MNEMONIC_12),
    ("24-word mnemonic", "config.json", f'{{"seed": "{MNEMONIC_24}"}}\n', "hardcoded-mnemonic", MNEMONIC_24),
    ("AWS access key id", "app.py", f'KEY_ID = "{AWS_ACCESS_KEY_ID}"\n', "hardcoded-api-key", AWS_ACCESS_KEY_ID),
    ("AWS secret access key", ".env", f"AWS_SECRET_ACCESS_KEY={AWS_SECRET_ACCESS_KEY}\n", "hardcoded-api-key", AWS_SECRET_ACCESS_KEY),
    ("GitHub token", "deploy.sh", f"export GH={GITHUB_TOKEN}\n", "hardcoded-api-key", GITHUB_TOKEN),
    ("OpenAI key", "app.py", f'client = OpenAI(api_key="{OPENAI_KEY}")\n', "hardcoded-api-key", OPENAI_KEY),
    ("Anthropic key", "client.ts", f'const client = new Anthropic({{ apiKey: "{ANTHROPIC_KEY}" }});\n', "hardcoded-api-key", ANTHROPIC_KEY),
    ("Slack token", "config.yaml", f"slack: {SLACK_TOKEN}\n", "hardcoded-api-key", SLACK_TOKEN),
    ("Stripe key", "app.py", f'stripe.api_key = "{STRIPE_KEY}"\n', "hardcoded-api-key", STRIPE_KEY),
    ("Google key", "client.ts", f'const maps = "{GOOGLE_KEY}";\n', "hardcoded-api-key", GOOGLE_KEY),
    ("Hugging Face token", "app.py", f'login("{HUGGINGFACE_TOKEN}")\n', "hardcoded-api-key", HUGGINGFACE_TOKEN),
    ("Infura URL", "app.py", f'RPC = "https://mainnet.infura.io/v3/{INFURA_KEY}"\n', "hardcoded-api-key", INFURA_KEY),
    ("Alchemy URL", "config.toml", f'rpc = "https://eth-mainnet.g.alchemy.com/v2/{INFURA_KEY}"\n', "hardcoded-api-key", INFURA_KEY),
    ("JWT named", "app.py", f'service_token = "{JWT_TOKEN}"\n', "hardcoded-api-key", JWT_TOKEN),
    ("URL credentials", "config.yaml", f"db: postgres://app:{URL_PASSWORD}@db.internal/app\n", "credentials-in-url", URL_PASSWORD),
    ("password assignment", "app.py", f'db_password = "{PASSWORD}"\n', "hardcoded-secret-assignment", PASSWORD),
    ("api key in dict", "app.py", f'settings = {{"api_key": "{API_SECRET}"}}\n', "hardcoded-secret-assignment", API_SECRET),
    ("secret in env file", ".env", f"CLIENT_SECRET={API_SECRET}\n", "hardcoded-secret-assignment", API_SECRET),
    ("short password name in env file", ".env", f"DB_PASS={PASSWORD}\n", "hardcoded-secret-assignment", PASSWORD),
    ("secret in json", "config.json", f'{{"clientSecret": "{API_SECRET}"}}\n', "hardcoded-secret-assignment", API_SECRET),
    ("secret in toml", "config.toml", f'[auth]\ntoken = "{API_SECRET}"\n', "hardcoded-secret-assignment", API_SECRET),
    ("go short assignment", "main.go", f'apiToken := "{API_SECRET}"\n', "hardcoded-secret-assignment", API_SECRET),
    ("dockerfile env space form", "Dockerfile", f"ENV API_TOKEN {API_SECRET}\n", "hardcoded-secret-assignment", API_SECRET),
    ("OpenAI legacy key", "app.py", f'openai.api_key = "sk-{API_SECRET}{API_SECRET[:16]}"\n', "hardcoded-api-key", f"{API_SECRET}{API_SECRET[:16]}"),
    ("GitHub fine-grained token", ".env", f"GH_PAT=github_pat_{API_SECRET}_{API_SECRET}\n", "hardcoded-api-key", f"{API_SECRET}_{API_SECRET}"),
    ("Slack webhook", "config.yaml", f"hook: https://hooks.slack.com/services/T0ABCDEFG/B0HIJKLMN/{API_SECRET[:24]}\n", "hardcoded-api-key", API_SECRET[:24]),
    ("python annotated assignment", "app.py", f'password: str = "{PASSWORD}"\n', "hardcoded-secret-assignment", PASSWORD),
    ("go typed var", "main.go", f'var apiToken string = "{API_SECRET}"\n', "hardcoded-secret-assignment", API_SECRET),
    ("go HexToECDSA", "main.go", f'key, _ := crypto.HexToECDSA("{HEX_KEY}")\n', "hardcoded-private-key", HEX_KEY),
    ("ethers wallet", "client.ts", f'const w = new ethers.Wallet("0x{HEX_KEY}", provider);\n', "hardcoded-private-key", HEX_KEY),
    ("rust secret key", "notes.txt", f'let sk = SecretKey::from_slice(&hex!("{HEX_KEY}"))?;\n', "hardcoded-private-key", HEX_KEY),
    ("cast flag", "deploy.sh", f"cast send --private-key 0x{HEX_KEY} $TO\n", "hardcoded-private-key", HEX_KEY),
    ("hardhat accounts", "client.ts", f'  accounts: ["0x{HEX_KEY}"],\n', "hardcoded-private-key", HEX_KEY),
]


@pytest.mark.parametrize(("case", "name", "text", "rule_id", "secret"), BAD_CASES, ids=[case[0] for case in BAD_CASES])
def test_detector_reports_bad_case(tmp_path, case, name, text, rule_id, secret):
    findings = scan_file(tmp_path, name, text)

    expected_line = next(number for number, line in enumerate(text.splitlines(), 1) if secret.split("\n")[0] in line)
    if rule_id == "hardcoded-pem-private-key":
        expected_line = 1
    assert rule_lines(findings) == [(rule_id, expected_line)]
    assert_never_shown(findings, secret)


GOOD_CASES = [
    ("ethereum address", "app.py", 'OWNER = "0x52908400098527886E0F7030069857D2E4169EE7"\n'),
    ("hex named hash", "app.py", f'tx_hash = "0x{HEX_KEY}"\n'),
    ("hex named digest", "config.yaml", f"image_digest: {HEX_KEY}\n"),
    ("hex named mrenclave", "config.toml", f'mrenclave = "{HEX_KEY}"\n'),
    ("hex named pcr0", "config.json", f'{{"PCR0": "{HEX_KEY}"}}\n'),
    ("hex named public key", "app.py", f'public_key = "{HEX_KEY}"\n'),
    ("hex sha256 call", "app.py", f'assert hashlib.sha256(data).hexdigest() == "{HEX_KEY}"\n'),
    ("hex without context", "app.py", f'EXPECTED = "{HEX_KEY}"\n'),
    ("image digest", "Dockerfile", f"FROM python:3.12@sha256:{HEX_KEY}\n"),
    ("WIF with bad checksum", "app.py", f'backup = "{WIF_KEY[:-1]}{"A" if WIF_KEY[-1] != "A" else "B"}"\n'),
    ("Solana key without name", "client.ts", f'const tx = "{SOLANA_KEY}";\n'),
    ("Solana signature", "client.ts", f'const signature = "{SOLANA_KEY}";\n'),
    ("public PEM block", "app.py", f'CERT = """-----BEGIN PUBLIC KEY-----\n{PEM_BODY}\n-----END PUBLIC KEY-----"""\n'),
    ("elided PEM block", "notes.txt", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"),
    ("mnemonic of repeated words", "app.py", 'MNEMONIC = "test test test test test test test test test test test junk"\n'),
    ("prose", "notes.txt", "The enclave keeps the key in memory and never writes it to the host disk.\n"),
    ("eleven words", "app.py", f'MNEMONIC = "{" ".join(MNEMONIC_12.split()[:11])}"\n'),
    ("public anon JWT", "app.py", f'supabase_anon_key = "{PUBLIC_JWT}"\n'),
    ("JWT without name", "app.py", f'HEADER = "{JWT_TOKEN}"\n'),
    ("URL without password", "config.yaml", "db: postgres://db.internal:5432/app\n"),
    ("URL with variable password", "config.yaml", "db: postgres://app:${DB_PASSWORD}@db.internal/app\n"),
    ("URL with format password", "app.py", 'URL = "postgres://%s:%s@%s/app"\n'),
    ("password from environment", "app.py", 'db_password = os.environ["DB_PASSWORD"]\n'),
    ("password from process env", "client.ts", "const password = process.env.DB_PASSWORD;\n"),
    ("annotated password default", "app.py", "password: Optional[str] = None\n"),
    ("yaml type name", "config.yaml", "password: string\n"),
    ("password variable", "app.py", "connect(password=password)\n"),
    ("password compared", "app.py", 'if password == "hunter22hunter":\n    pass\n'),
    ("password field name", "app.py", 'password_field = "user-password-input"\n'),
    ("token count", "app.py", "max_tokens = 4096\n"),
    ("secret file path", "config.yaml", "secret_path: /run/secrets/api\n"),
    ("secret env name", "app.py", 'token_env = "GITHUB_TOKEN"\n'),
    ("secret named after env var", "app.py", 'api_key = "OPENAI_API_KEY"\n'),
    ("prose value", "app.py", 'password_help = "Enter your password"\n'),
    ("f-string", "app.py", 'secret = f"{prefix}-{suffix}"\n'),
    ("template", "docker-compose.yml", "services:\n  app:\n    environment:\n      API_TOKEN: ${API_TOKEN}\n"),
    ("helm template", "config.yaml", "token: {{ .Values.token }}\n"),
    ("sops encrypted", "config.yaml", "password: ENC[AES256_GCM,data:abcd,iv:efgh]\n"),
    ("low entropy secret", "app.py", 'secret = "aaaabbbb"\n'),
    ("secret of one character class", "app.py", 'credentials = "same-origin"\n'),
    ("secret word not last", "app.py", 'token.markup = "autolink"\nPRIVATE_KEY_USAGE_PERIOD = "2.5.29.16x"\n'),
    ("raw string regex", "app.py", "token = r\"[-!#$%&'*+.^_`|~0-9a-zA-Z]+\"\n"),
    ("label containing keyword", "app.py", 'CHALLENGE_PASSWORD = "challengePassword"\n'),
    ("entry point", "notes.txt", "hardcoded_password_default = bandit.plugins.general:hardcoded_password\n"),
    ("type placeholder", "app.py", '{"passphrase": "string?"}\n'),
    ("format field", "app.py", 'text = "Possible hardcoded password: \'{data}\'"\n'),
    ("dockerfile arg without value", "Dockerfile", "ARG API_TOKEN\n"),
]


@pytest.mark.parametrize(("case", "name", "text"), GOOD_CASES, ids=[case[0] for case in GOOD_CASES])
def test_detector_ignores_good_case(tmp_path, case, name, text):
    assert rule_lines(scan_file(tmp_path, name, text)) == []


PLACEHOLDERS = [
    "changeme", "CHANGE_ME", "xxx", "xxxxxxxxxxxxxxxx", "<your-key>", "${VAR}", "$VAR", "",
    "...", "aaaaaaaaaaaa", "your-api-key-here", "placeholder", "REDACTED", "dummy-secret",
    "example-secret-value", "********", "{{ secret }}",
]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_placeholder_secret_not_reported(tmp_path, placeholder):
    text = f'API_SECRET = "{placeholder}"\nPRIVATE_KEY = "{placeholder}"\n'

    assert rule_lines(scan_file(tmp_path, "app.py", text)) == []


@pytest.mark.parametrize("placeholder", ["0x" + "0" * 64, "0x" + "f" * 64, "0x" + "ab" * 32, "0x" + "0123456789abcdef" * 4])
def test_repetitive_hex_key_not_reported(tmp_path, placeholder):
    assert rule_lines(scan_file(tmp_path, "app.py", f'PRIVATE_KEY = "{placeholder}"\n')) == []


@pytest.mark.parametrize("placeholder", ["AKIAIOSFODNN7EXAMPLE", "sk-" + "x" * 40, "ghp_" + "X" * 36])
def test_placeholder_provider_token_not_reported(tmp_path, placeholder):
    assert rule_lines(scan_file(tmp_path, "app.py", f'TOKEN_SAMPLE = "{placeholder}"\n')) == []


@pytest.mark.parametrize(
    "label",
    ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"],
)
def test_pem_private_key_headers(tmp_path, label):
    text = f"-----BEGIN {label}-----\n{PEM_BODY}\n-----END {label}-----\n"

    findings = scan_file(tmp_path, "server.key", text, FileKind.OTHER)

    assert rule_lines(findings) == [("hardcoded-pem-private-key", 1)]
    assert (findings[0].location.end_line, findings[0].statement_lines) == (6, (1, 6))
    assert findings[0].snippet == f"-----BEGIN {label}-----[REDACTED]"


def test_truncated_pem_block_reported(tmp_path):
    text = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{PEM_BODY}\n"

    findings = scan_file(tmp_path, "id_ed25519", text, FileKind.OTHER)

    assert rule_lines(findings) == [("hardcoded-pem-private-key", 1)]
    assert findings[0].location.end_line == 5
    assert_never_shown(findings, PEM_BODY.split("\n")[0])


def test_key_severity_and_confidence(tmp_path):
    text = f'PRIVATE_KEY = "0x{HEX_KEY}"\nMNEMONIC = "{MNEMONIC_12}"\nKEY = """{PEM_KEY}"""\n'

    findings = scan_file(tmp_path, "app.py", text)

    assert rule_lines(findings) == [
        ("hardcoded-private-key", 1),
        ("hardcoded-mnemonic", 2),
        ("hardcoded-pem-private-key", 3),
    ]
    assert [finding.severity for finding in findings] == [Severity.HIGH] * 3
    assert [finding.confidence for finding in findings] == [Confidence.HIGH] * 3
    assert all(finding.check == "C04" for finding in findings)


def test_mnemonic_without_checksum_needs_context(tmp_path):
    words = MNEMONIC_12.split()
    broken = " ".join(words[:-1] + [next(word for word in ("zoo", "zone", "zero") if word != words[-1])])
    text = f'seed_words = "{broken}"\nbanner = "{broken}"\n'

    findings = scan_file(tmp_path, "app.py", text)

    assert rule_lines(findings) == [("hardcoded-mnemonic", 1), ("hardcoded-mnemonic", 2)]
    assert findings[0].confidence is Confidence.MEDIUM
    assert findings[1].confidence is Confidence.LOW


def test_mnemonic_inside_longer_word_run(tmp_path):
    text = f"# wallet phrase {MNEMONIC_12} end\n"

    findings = scan_file(tmp_path, "notes.txt", text)

    assert rule_lines(findings) == [("hardcoded-mnemonic", 1)]
    assert findings[0].confidence is Confidence.HIGH
    assert findings[0].location.column == text.index(MNEMONIC_12) + 1


def test_generic_secret_confidence_follows_entropy(tmp_path):
    text = f'api_token = "{API_SECRET}"\ndb_password = "summer2024"\nsecret = "abcdabcd9"\n'

    findings = scan_file(tmp_path, "app.py", text)

    assert rule_lines(findings) == [
        ("hardcoded-secret-assignment", 1),
        ("hardcoded-secret-assignment", 2),
        ("hardcoded-secret-assignment", 3),
    ]
    assert [finding.confidence for finding in findings] == [Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW]
    assert all(finding.severity is Severity.MEDIUM for finding in findings)


def test_weak_url_password_low_confidence(tmp_path):
    findings = scan_file(tmp_path, "config.yaml", "broker: amqp://guest:guest@rabbitmq:5672/\n")

    assert rule_lines(findings) == [("credentials-in-url", 1)]
    assert findings[0].confidence is Confidence.LOW


def test_stripe_test_key_low_confidence(tmp_path):
    findings = scan_file(tmp_path, "app.py", f'stripe.api_key = "{STRIPE_KEY.replace("_live_", "_test_")}"\n')

    assert rule_lines(findings) == [("hardcoded-api-key", 1)]
    assert findings[0].confidence is Confidence.LOW


def test_aws_key_id_confidence_needs_secret(tmp_path):
    alone = scan_file(tmp_path, "alone.py", f'KEY_ID = "{AWS_ACCESS_KEY_ID}"\n', FileKind.PYTHON)
    paired = scan_file(
        tmp_path,
        "paired.py",
        f'KEY_ID = "{AWS_ACCESS_KEY_ID}"\naws_secret_access_key = "{AWS_SECRET_ACCESS_KEY}"\n',
        FileKind.PYTHON,
    )

    assert [finding.confidence for finding in alone] == [Confidence.MEDIUM]
    assert rule_lines(paired) == [("hardcoded-api-key", 1), ("hardcoded-api-key", 2)]
    assert [finding.confidence for finding in paired] == [Confidence.HIGH, Confidence.HIGH]


def test_key_under_tests_reported_low(tmp_path):
    findings = scan_file(tmp_path, "tests/test_wallet.py", f'PRIVATE_KEY = "0x{HEX_KEY}"\n', FileKind.PYTHON)

    assert rule_lines(findings) == [("hardcoded-private-key", 1)]
    assert findings[0].confidence is Confidence.LOW
    assert findings[0].severity is Severity.HIGH


def test_bare_hex_in_key_file(tmp_path):
    assert rule_lines(scan_file(tmp_path, "wallet.key", f"{HEX_KEY}\n", FileKind.OTHER)) == [("hardcoded-private-key", 1)]
    assert rule_lines(scan_file(tmp_path, "digest.txt", f"{HEX_KEY}\n", FileKind.TEXT)) == []


def test_keypair_file(tmp_path):
    findings = scan_file(tmp_path, "deploy/id.json", KEYPAIR_ARRAY + "\n", FileKind.JSON)

    assert rule_lines(findings) == [("hardcoded-private-key", 1)]
    assert_never_shown(findings, KEYPAIR_ARRAY)


def test_unparsable_python_still_scanned(tmp_path):
    text = f'def broken(:\n    API_TOKEN = "{API_SECRET}"\n    print(\n'

    findings = scan_file(tmp_path, "app.py", text)

    assert rule_lines(findings) == [("hardcoded-secret-assignment", 2)]


def test_specific_rule_wins_over_generic(tmp_path):
    text = f'OPENAI_API_KEY = "{OPENAI_KEY}"\nPRIVATE_KEY = "{HEX_KEY}"\n'

    assert rule_lines(scan_file(tmp_path, "app.py", text)) == [("hardcoded-api-key", 1), ("hardcoded-private-key", 2)]


def test_finding_location_and_statement_lines(tmp_path):
    text = f'import os\n\nKEY = """{PEM_KEY}"""\nDB_PASSWORD = "{PASSWORD}"\n'

    findings = scan_file(tmp_path, "app.py", text)

    pem, password = findings
    assert (pem.location.line, pem.location.column) == (3, 10)
    assert (pem.location.end_line, pem.statement_lines) == (8, (3, 8))
    assert pem.snippet == 'KEY = """-----BEGIN RSA PRIVATE KEY-----[REDACTED]'
    assert (password.location.line, password.location.column) == (9, 16)
    assert password.location.end_column == 16 + len(PASSWORD)
    assert password.snippet == 'DB_PASSWORD = "[REDACTED]"'


def test_code_key_follows_value_not_line(tmp_path):
    first = scan_file(tmp_path, "one.py", f'PRIVATE_KEY = "0x{HEX_KEY}"\n', FileKind.PYTHON)
    moved = scan_file(tmp_path, "two.py", f'\n\n# moved\nPRIVATE_KEY = "0x{HEX_KEY}"\n', FileKind.PYTHON)
    other = scan_file(tmp_path, "three.py", f'PRIVATE_KEY = "0x{HEX_KEY[::-1]}"\n', FileKind.PYTHON)

    assert first[0].code_key == moved[0].code_key
    assert first[0].code_key != other[0].code_key
    assert first[0].code_key.startswith("hardcoded-private-key:")


def test_long_minified_line_snippet_bounded(tmp_path):
    text = "var a=1;" * 200_000 + f'var apiKey="{GOOGLE_KEY}";' + "var b=2;" * 200_000 + "\n"

    findings = scan_file(tmp_path, "bundle.min.js", text, FileKind.JAVASCRIPT)

    assert rule_lines(findings) == [("hardcoded-api-key", 1)]
    assert findings[0].location.column == text.index(GOOGLE_KEY) + 1
    assert len(findings[0].snippet) < 250
    assert_never_shown(findings, GOOGLE_KEY)


ADVERSARIAL_LINES = {
    "letters": "a" * 1_000_000,
    "hex": "0" * 1_000_000,
    "words": "abandon " * 125_000,
    "assignments": "password=" * 110_000,
    "sk-prefixes": "sk-" * 330_000,
    "url-schemes": "://" * 330_000,
    "numbers": "[1," * 330_000,
    "pem-headers": "-----BEGIN PRIVATE KEY-----" * 37_000,
    "base58": "Ab1" * 330_000,
}


@pytest.mark.parametrize("shape", sorted(ADVERSARIAL_LINES))
def test_adversarial_megabyte_line(tmp_path, shape):
    # Each line is built to make a backtracking pattern retry at every
    # offset; with linear patterns the scan is one pass per detector.
    findings = scan_file(tmp_path, "big.txt", ADVERSARIAL_LINES[shape] + "\n", FileKind.TEXT)

    assert all(finding.location.line == 1 for finding in findings)
    assert all(len(finding.snippet) < 250 for finding in findings)


def test_ten_megabyte_minified_line(tmp_path):
    chunk = 'function f(a){return a.map(function(b){return b*2})};var token=t.get("x");'
    text = chunk * (10_000_000 // len(chunk)) + f'var secretKey="{SOLANA_KEY}";' + "\n"

    findings = scan_file(tmp_path, "bundle.min.js", text, FileKind.JAVASCRIPT)

    assert rule_lines(findings) == [("hardcoded-private-key", 1)]
    assert findings[0].location.column == text.index(SOLANA_KEY) + 1
    assert_never_shown(findings, SOLANA_KEY)


MIXED_FILES = {
    "app.py": (
        "import os\n"
        "\n"
        f'SIGNER_KEY = "0x{HEX_KEY}"\n'
        'DB_PASSWORD = os.environ["DB_PASSWORD"]\n'
        f'openai_client = OpenAI(api_key="{OPENAI_KEY}")\n'
    ),
    "web/client.ts": (
        "export const config = {\n"
        f'  rpcUrl: "https://mainnet.infura.io/v3/{INFURA_KEY}",\n'
        "  apiKey: process.env.API_KEY,\n"
        f'  clientSecret: "{API_SECRET}",\n'
        "};\n"
    ),
    "cmd/main.go": (
        "package main\n"
        "\n"
        f'const mnemonic = "{MNEMONIC_24}"\n'
        "var token = os.Getenv(\"TOKEN\")\n"
    ),
    ".env": (
        "# local settings\n"
        f"GITHUB_TOKEN={GITHUB_TOKEN}\n"
        "API_KEY=changeme\n"
        f"SESSION_SECRET={API_SECRET}\n"
    ),
    "docker-compose.yml": (
        "services:\n"
        "  db:\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: example\n"
        f"      DATABASE_URL: postgres://app:{URL_PASSWORD}@db:5432/app\n"
        "      API_TOKEN: ${API_TOKEN}\n"
    ),
    "Dockerfile": (
        "FROM python:3.12-slim\n"
        f"ENV HF_TOKEN={HUGGINGFACE_TOKEN}\n"
        "ARG DEPLOY_PASSWORD\n"
        f"ENV SIGNING_SECRET {API_SECRET}\n"
    ),
}

MIXED_EXPECTED = {
    "app.py": [("hardcoded-private-key", 3), ("hardcoded-api-key", 5)],
    "web/client.ts": [("hardcoded-api-key", 2), ("hardcoded-secret-assignment", 4)],
    "cmd/main.go": [("hardcoded-mnemonic", 3)],
    ".env": [("hardcoded-api-key", 2), ("hardcoded-secret-assignment", 4)],
    "docker-compose.yml": [("credentials-in-url", 5)],
    "Dockerfile": [("hardcoded-api-key", 2), ("hardcoded-secret-assignment", 4)],
}


@pytest.mark.parametrize("relative", sorted(MIXED_FILES))
def test_mixed_language_fixture(tmp_path, relative):
    findings = scan_file(tmp_path, relative, MIXED_FILES[relative])

    assert rule_lines(findings) == MIXED_EXPECTED[relative]
    for secret in (HEX_KEY, OPENAI_KEY, INFURA_KEY, API_SECRET, MNEMONIC_24, GITHUB_TOKEN, URL_PASSWORD, HUGGINGFACE_TOKEN):
        assert_never_shown(findings, secret)


def test_analyzer_accepts_every_file_kind():
    analyzer = SecretsAnalyzer()

    assert analyzer.name == "secrets"
    for kind in FileKind:
        assert analyzer.accepts(SourceFile("x", "/x", kind, 0))


def test_failing_detector_keeps_other_findings(tmp_path, monkeypatch):
    def find_encoded_keys(self):
        raise ValueError(f"bad value {HEX_KEY}")

    monkeypatch.setattr("tee_audit.analyzers.secrets._Scan.find_encoded_keys", find_encoded_keys)
    path = tmp_path / "app.py"
    path.write_text(f'PRIVATE_KEY = "0x{HEX_KEY}"\nclient = OpenAI(api_key="{OPENAI_KEY}")\n', encoding="utf-8")
    source = SourceFile("app.py", str(path), FileKind.PYTHON, path.stat().st_size)

    result = SecretsAnalyzer().analyze(source, path.read_text(encoding="utf-8"))

    assert rule_lines(result.findings) == [("hardcoded-secret-assignment", 1), ("hardcoded-api-key", 2)]
    assert [skipped.reason for skipped in result.skipped] == [SkipReason.ANALYZER_ERROR]
    assert "find_encoded_keys" in result.skipped[0].detail
    assert HEX_KEY not in result.skipped[0].detail


def test_file_without_cues_has_no_findings(tmp_path):
    assert scan_file(tmp_path, "app.py", "def add(a, b):\n    return a + b\n") == []


@pytest.mark.parametrize(("case", "name", "text", "rule_id", "secret"), BAD_CASES, ids=[case[0] for case in BAD_CASES])
def test_redact_text_masks_reported_secret(case, name, text, rule_id, secret):
    # Renderers call redact_text on every string as a second guard, so it
    # must mask whatever the analyzer reports, even without the analyzer.
    assert secret not in redact_text(text)


@pytest.mark.parametrize("relative", sorted(MIXED_FILES))
def test_redact_text_masks_mixed_fixture(relative):
    redacted = redact_text(MIXED_FILES[relative])

    for secret in (HEX_KEY, OPENAI_KEY, INFURA_KEY, API_SECRET, MNEMONIC_24, GITHUB_TOKEN, URL_PASSWORD, HUGGINGFACE_TOKEN):
        assert secret not in redacted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.text(max_size=300),
    after=st.text(max_size=300),
    planted=st.sampled_from([
        (f'PRIVATE_KEY = "0x{HEX_KEY}"', HEX_KEY),
        (f"api_key: {API_SECRET}", API_SECRET),
        (f'MNEMONIC="{MNEMONIC_12}"', MNEMONIC_12),
        (f"client_secret={API_SECRET}", API_SECRET),
    ]),
)
def test_planted_secret_never_in_finding(tmp_path, before, after, planted):
    line, secret = planted

    findings = scan_file(tmp_path, "app.env", before + "\n" + line + "\n" + after, FileKind.ENV_FILE)

    assert findings
    assert_never_shown(findings, secret)
