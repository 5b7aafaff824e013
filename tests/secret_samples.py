"""Fake secrets in the real formats, built at import time so that no test file contains a usable key.

Every value comes from a seeded generator, so the values are the same on
each run but match no real account.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random

from tee_audit import bip39

_RANDOM = random.Random(20261204)
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def random_text(length: int, alphabet: str = _ALNUM) -> str:
    return "".join(_RANDOM.choice(alphabet) for _ in range(length))


def base58_encode(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    digits = ""
    while number:
        number, digit = divmod(number, 58)
        digits = _BASE58[digit] + digits
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + digits


def wif(secret: bytes, compressed: bool = True) -> str:
    payload = b"\x80" + secret + (b"\x01" if compressed else b"")
    checksum = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58_encode(payload + checksum)


def mnemonic(entropy: bytes) -> str:
    """Encode entropy as a BIP-39 phrase with its checksum, the way wallets do."""
    checksum_bits = len(entropy) * 8 // 32
    bits = (int.from_bytes(entropy, "big") << checksum_bits) | (hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits))
    words = sorted(bip39.word_index(), key=bip39.word_index().get)
    count = (len(entropy) * 8 + checksum_bits) // 11
    return " ".join(words[(bits >> (11 * (count - 1 - position))) & 0x7FF] for position in range(count))


def jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{random_text(43)}"


SECRET_BYTES = bytes(_RANDOM.randrange(256) for _ in range(32))
HEX_KEY = SECRET_BYTES.hex()
WIF_KEY = wif(SECRET_BYTES)
SOLANA_KEY = base58_encode(bytes(_RANDOM.randrange(1, 256) for _ in range(64)))
KEYPAIR_ARRAY = "[" + ",".join(str(_RANDOM.randrange(256)) for _ in range(64)) + "]"
MNEMONIC_12 = mnemonic(bytes(_RANDOM.randrange(256) for _ in range(16)))
MNEMONIC_24 = mnemonic(bytes(_RANDOM.randrange(256) for _ in range(32)))

AWS_ACCESS_KEY_ID = "AKIA" + random_text(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
AWS_SECRET_ACCESS_KEY = random_text(40, _ALNUM + "/+")
GITHUB_TOKEN = "ghp_" + random_text(36)
OPENAI_KEY = "sk-proj-" + random_text(48)
ANTHROPIC_KEY = "sk-ant-api03-" + random_text(80)
SLACK_TOKEN = "xoxb-" + random_text(12, "0123456789") + "-" + random_text(24)
STRIPE_KEY = "sk_live_" + random_text(24)
GOOGLE_KEY = "AIza" + random_text(35)
HUGGINGFACE_TOKEN = "hf_" + random_text(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
INFURA_KEY = random_text(32, "0123456789abcdef")
JWT_TOKEN = jwt({"sub": "service", "role": "service_role"})
PUBLIC_JWT = jwt({"iss": "supabase", "role": "anon"})
URL_PASSWORD = random_text(20)
PASSWORD = "hR7!vQ2#pL9zW4x"
API_SECRET = random_text(32)
PEM_BODY = "\n".join(random_text(64, _ALNUM + "+/") for _ in range(4))
PEM_KEY = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----"

ALL_SECRETS = {
    "hex key": HEX_KEY,
    "WIF key": WIF_KEY,
    "Solana key": SOLANA_KEY,
    "keypair array": KEYPAIR_ARRAY,
    "12-word mnemonic": MNEMONIC_12,
    "24-word mnemonic": MNEMONIC_24,
    "AWS access key id": AWS_ACCESS_KEY_ID,
    "GitHub token": GITHUB_TOKEN,
    "OpenAI key": OPENAI_KEY,
    "Anthropic key": ANTHROPIC_KEY,
    "Slack token": SLACK_TOKEN,
    "Stripe key": STRIPE_KEY,
    "Google key": GOOGLE_KEY,
    "Hugging Face token": HUGGINGFACE_TOKEN,
    "JWT": JWT_TOKEN,
}
"""Secrets that `redact_text` must mask wherever they appear, without a name in front."""
