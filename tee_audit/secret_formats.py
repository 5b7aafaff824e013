"""Shapes of secret values, shared by the secrets analyzer and `redact`.

Every pattern here runs over whole files, minified bundles included, so
each one starts with a literal or a lookbehind and uses bounded or
single-class repetition: no pattern backtracks more than a constant amount
per input character.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

PEM_PRIVATE_HEADER = re.compile(r"-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
"""Header of a PEM or PGP private key: RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 and PGP."""

LONG_TOKEN = re.compile(r"\b(?:0x)?[0-9A-Za-z]{50,90}\b")
"""A word of 50 to 90 letters and digits: the lengths of a 64-digit hex key
(with or without `0x`), a WIF key (51 or 52) and a base58 64-byte key (86 to 89)."""

BYTE_ARRAY_CANDIDATE = re.compile(r"\[[0-9,\s]{127,512}\]")
"""A list of numbers long enough to hold 64 bytes; `byte_array_64` checks the count."""

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")

PROVIDER_TOKEN = re.compile(
    r"""(?x)
    (?<![A-Za-z0-9_-])
    (?:
      (?P<aws_access_key_id>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])
    | (?P<github_token>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})
    | (?P<anthropic_key>sk-ant-[A-Za-z0-9_-]{32,255})
    | (?P<openai_key>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,255}|sk-[A-Za-z0-9]{32,255})
    | (?P<slack_token>xox[abposr]-[A-Za-z0-9-]{10,255})
    | (?P<slack_webhook>hooks\.slack\.com/services/T[A-Za-z0-9]{6,20}/B[A-Za-z0-9]{6,20}/[A-Za-z0-9]{16,64})
    | (?P<stripe_key>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,255})
    | (?P<google_api_key>AIza[A-Za-z0-9_-]{35})
    | (?P<huggingface_token>hf_[A-Za-z0-9]{30,64})
    )
    """
)
"""API keys and tokens whose format names their provider."""

PROVIDER_PREFIX = re.compile(
    r"(?=[Agsxhr])(?:AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|sk-|xox[abposr]-|hooks\.slack\.com/|[sr]k_(?:live|test)_|AIza|hf_)"
)
"""The literal starts of `PROVIDER_TOKEN`. Searching for these first and matching
the full pattern only there was about seven times faster on Python source
(CPython 3.11), because the full pattern starts with a lookbehind."""

PROVIDER_NAMES = {
    "aws_access_key_id": "AWS access key id",
    "github_token": "GitHub token",
    "anthropic_key": "Anthropic API key",
    "openai_key": "OpenAI API key",
    "slack_token": "Slack token",
    "slack_webhook": "Slack webhook URL",
    "stripe_key": "Stripe secret key",
    "google_api_key": "Google API key",
    "huggingface_token": "Hugging Face token",
}

RPC_URL_KEY = re.compile(
    r"(?P<host>infura\.io|alchemy\.com|alchemyapi\.io|quiknode\.pro)/(?:ws/)?(?:v[0-9]/)?(?P<key>[A-Za-z0-9_-]{16,128})"
)
"""Node-provider URLs that carry the project key in the path (Infura, Alchemy, QuickNode)."""

URL_CREDENTIALS = re.compile(
    r"""(?x)
    ://
    (?P<user>[^\s:/?#@"'`<>\\]{0,64}):
    (?P<password>[^\s/?#@"'`<>\\]{1,128})
    @(?=[A-Za-z0-9\[_])
    """
)
"""`://user:password@host`; the host must follow the `@`. The pattern starts at
`://` so that a run of letters costs one pass; `url_scheme` finds the scheme."""

_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-")


PLACEHOLDER_WORDS = (
    "changeme", "change_me", "change-me", "replace", "your", "example", "placeholder",
    "dummy", "redacted", "xxxx", "****", "...", "todo", "insert", "enter_", "<", ">",
    "${", "{{", "$(", "%(", "%s", "process.env", "os.environ", "getenv", "env(",
)
"""Text that marks a value as a stand-in for a secret, not the secret itself."""

PLACEHOLDER_VALUES = frozenset({
    "", "none", "null", "nil", "undefined", "true", "false", "secret", "password", "passwd",
    "token", "test", "testing", "sample", "fake", "mock", "default", "string", "required",
    "optional", "key", "apikey", "api_key", "private_key", "value", "foo", "bar", "foobar",
})


def shannon_entropy(value: str) -> float:
    """Return the Shannon entropy of `value` in bits per character."""
    if not value:
        return 0.0
    total = len(value)
    return -sum(count / total * math.log2(count / total) for count in Counter(value).values())


def is_repetitive(value: str) -> bool:
    """Tell whether `value` is one unit of up to 16 characters repeated, as in `0x000...` or `abab...`."""
    body = value[2:] if value[:2] in ("0x", "0X") else value
    for unit in range(1, min(16, len(body) // 2) + 1):
        if (body[:unit] * (len(body) // unit + 1)).startswith(body):
            return True
    return not body


def is_placeholder(value: str) -> bool:
    """Tell stand-ins (`changeme`, `<your-key>`, `${VAR}`, `xxx`, empty) from real values."""
    stripped = value.strip().strip("\"'`")
    lowered = stripped.lower()
    if lowered in PLACEHOLDER_VALUES or stripped.startswith("$"):
        return True
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return True
    return is_repetitive(stripped)


def base58_decode(text: str) -> bytes | None:
    """Decode Bitcoin-alphabet base58, or return None for other characters."""
    number = 0
    for char in text:
        digit = BASE58_ALPHABET.find(char)
        if digit < 0:
            return None
        number = number * 58 + digit
    leading_zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_zeros + body


def is_wif_private_key(text: str) -> bool:
    """Check the version byte, length and double-SHA-256 checksum of a WIF key."""
    raw = base58_decode(text)
    if raw is None or len(raw) not in (37, 38) or raw[0] not in (0x80, 0xEF):
        return False
    if len(raw) == 38 and raw[33] != 0x01:
        return False
    payload, checksum = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum


def is_base58_64_bytes(text: str) -> bool:
    raw = base58_decode(text)
    return raw is not None and len(raw) == 64


def url_scheme(text: str, separator: int) -> str:
    """Return the URL scheme that ends at `separator`, the offset of `://`."""
    start = separator
    while start > max(0, separator - 16) and text[start - 1] in _SCHEME_CHARS:
        start -= 1
    return text[start:separator]


def byte_array_64(candidate: str) -> list[int] | None:
    """Return the numbers of a list of exactly 64 bytes, or None."""
    numbers = candidate.strip("[]").replace(",", " ").split()
    if len(numbers) != 64 or any(len(number) > 3 for number in numbers):
        return None
    values = [int(number) for number in numbers]
    return values if max(values) <= 255 else None


def fold_case(text: str) -> str:
    """Lower-case `text` for keyword search, keeping every offset valid.

    A case-sensitive pattern over the folded text ran about four times
    faster than an IGNORECASE one on a 1 MB line (CPython 3.11). Text with
    a character whose lower case is longer, such as U+0130, is folded in
    ASCII only, so that offsets still match.
    """
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
