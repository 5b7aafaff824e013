"""`redact_text` masks every kind of secret the analyzer reports, wherever it sits in the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secret_samples import (
    ALL_SECRETS,
    API_SECRET,
    HEX_KEY,
    INFURA_KEY,
    KEYPAIR_ARRAY,
    MNEMONIC_12,
    PASSWORD,
    PEM_BODY,
    PEM_KEY,
    URL_PASSWORD,
)
from tee_audit.redact import MASK, redact_text, redact_value


@pytest.mark.parametrize("kind", sorted(ALL_SECRETS))
def test_redact_text_masks_bare_secret(kind):
    secret = ALL_SECRETS[kind]

    redacted = redact_text(f"value: {secret} (end)")

    assert secret not in redacted
    assert MASK in redacted


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f'db_password = "{PASSWORD}"', PASSWORD),
        (f"CLIENT_SECRET={API_SECRET}", API_SECRET),
        (f'{{"api_key": "{API_SECRET}"}}', API_SECRET),
        (f"  token: {API_SECRET}", API_SECRET),
        (f'apiToken := "{API_SECRET}"', API_SECRET),
        (f'password: str = "{PASSWORD}"', PASSWORD),
        (f'var apiToken string = "{API_SECRET}"', API_SECRET),
        (f"ENV API_TOKEN {API_SECRET}", API_SECRET),
        (f"postgres://app:{URL_PASSWORD}@db.internal/app", URL_PASSWORD),
        (f"https://mainnet.infura.io/v3/{INFURA_KEY}", INFURA_KEY),
        (f"https://eth-mainnet.g.alchemy.com/v2/{INFURA_KEY}", INFURA_KEY),
    ],
    ids=["python", "env", "json", "yaml", "go", "python-annotated", "go-typed", "dockerfile", "url-password", "infura", "alchemy"],
)
def test_redact_text_masks_named_secret(text, secret):
    assert secret not in redact_text(text)


def test_redact_text_masks_pem_block():
    redacted = redact_text(f"key = '''{PEM_KEY}'''\nnext = 1")

    assert redacted == "key = '''-----BEGIN RSA PRIVATE KEY-----[REDACTED]'''\nnext = 1"


def test_redact_text_masks_truncated_pem_block():
    cut = PEM_KEY[: len(PEM_KEY) // 2]

    redacted = redact_text(cut)

    assert redacted == "-----BEGIN RSA PRIVATE KEY-----[REDACTED]"


def test_redact_text_masks_pem_block_without_header():
    tail = PEM_KEY[PEM_KEY.index("\n") + 1:]

    redacted = redact_text(f"x = 1; {tail}")

    for line in PEM_BODY.split("\n"):
        assert line not in redacted
    assert redacted.endswith("-----END RSA PRIVATE KEY-----")


def test_redact_text_masks_pem_with_escaped_newlines():
    escaped = PEM_KEY.replace("\n", "\\n")

    redacted = redact_text(f'"key": "{escaped}"')

    for line in PEM_BODY.split("\n"):
        assert line not in redacted


def test_redact_text_masks_mnemonic_in_json_list():
    words = ", ".join(f'"{word}"' for word in MNEMONIC_12.split())

    redacted = redact_text(f"[{words}]")

    for word in set(MNEMONIC_12.split()):
        assert f'"{word}"' not in redacted


def test_redact_text_masks_mnemonic_across_lines():
    redacted = redact_text("seed:\n" + "\n".join(MNEMONIC_12.split()))

    assert redacted == "seed:\n" + MASK


def test_redact_text_keeps_digest_and_address():
    text = f"FROM python@sha256:{HEX_KEY} owner 0x52908400098527886E0F7030069857D2E4169EE7"

    assert redact_text(text) == text


def test_redact_text_keeps_references():
    text = 'db_password = os.environ["DB_PASSWORD"]\ntoken: ${API_TOKEN}\npassword: str'

    assert redact_text(text) == text


def test_redact_text_keeps_prose():
    text = "A literal password is assigned to `db_password`. The token expires after one hour."

    assert redact_text(text) == text


def test_redact_text_masks_keypair_array():
    assert redact_text(f"secret = {KEYPAIR_ARRAY}") == f"secret = {MASK}"


def test_redact_text_masks_partly_masked_value():
    assert redact_text("DB_PASS=[REDACTED]#pL9zW4x") == "DB_PASS=[REDACTED]"


def test_redact_text_idempotent():
    text = f'PRIVATE_KEY = "0x{HEX_KEY}"\npassword: {PASSWORD}\n{MNEMONIC_12}'

    once = redact_text(text)

    assert redact_text(once) == once


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0xabc", "0x[REDACTED]"),
        ("sk-ant-api03-abc", "sk-ant-[REDACTED]"),
        ("ghp_abc", "ghp_[REDACTED]"),
        ("hunter2", "[REDACTED]"),
    ],
)
def test_redact_value_keeps_known_prefix(value, expected):
    assert redact_value(value) == expected


def test_redact_text_linear_on_long_line():
    # A backtracking pattern would retry at every offset of these runs and
    # not finish; each must come back with the runs unchanged or masked.
    line = "q" * 300_000 + "password=" * 30_000 + "[1," * 100_000 + "Ab1" * 100_000 + "abandon " * 40_000

    redacted = redact_text(line)

    assert redacted.startswith("q" * 300_000)


_FILLER = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=200,
)
_SEPARATORS = st.sampled_from([" ", "\n", "\t", '"', "'", "=", ": ", ",", "(", ")", "[", "]", "\n\n", " = '"])


@settings(max_examples=300, deadline=None)
@given(
    before=_FILLER,
    after=_FILLER,
    left=_SEPARATORS,
    right=_SEPARATORS,
    kind=st.sampled_from(sorted(ALL_SECRETS)),
)
def test_planted_secret_never_survives(before, after, left, right, kind):
    secret = ALL_SECRETS[kind]

    redacted = redact_text(before + left + secret + right + after)

    assert secret not in redacted


@settings(max_examples=300, deadline=None)
@given(before=st.text(max_size=200), after=st.text(max_size=200))
def test_planted_hex_key_never_survives_without_separator(before, after):
    assert HEX_KEY not in redact_text(before + HEX_KEY + after)


@settings(max_examples=200, deadline=None)
@given(before=_FILLER, after=_FILLER, cut=st.integers(min_value=40, max_value=len(PEM_KEY)))
def test_planted_pem_prefix_never_shows_key_material(before, after, cut):
    redacted = redact_text(before + "\n" + PEM_KEY[:cut] + "\n" + after)

    for line in PEM_BODY.split("\n"):
        assert line[:20] not in redacted


def test_bare_secret_at_line_end_leaves_no_stray_bracket():
    key = "7d7d78d948eafebd5903e38c67914342cc4df564a3b78511868e695d948ab0cc"
    for line in (f"ENV WALLET_PRIVATE_KEY=0x{key}", f"SIGNER_PRIVATE_KEY=0x{key}", f"private_key: 0x{key}"):
        masked = redact_text(line)
        assert masked.endswith("0x[REDACTED]"), masked
        assert key not in masked
