"""Judgement of names and literal values for the secrets analyzer.

Which names hold keys or secrets (`db_password`, `signer_key`, not
`tx_hash` or `token.markup`), which literals are real secrets rather than
placeholders, labels or references, and how confident a finding is.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import PurePosixPath

from tee_audit.model import Confidence
from tee_audit.secret_formats import is_placeholder, shannon_entropy

_NAME_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_WHITESPACE = re.compile(r"\s")
_NUMBER = re.compile(r"[0-9.:_-]+")

_KEY_PARTS = frozenset({
    "private", "priv", "privkey", "privatekey", "pk", "sk", "signer", "signing", "wallet", "seed",
    "keypair", "key", "keys", "secret", "secretkey", "mnemonic", "account", "accounts", "signers", "wallets",
})
"""Name parts that make a 32- or 64-byte value a private key."""

_NOT_KEY_PARTS = frozenset({
    "hash", "hashes", "digest", "sha", "sha1", "sha3", "keccak", "checksum", "txhash", "txid", "tx",
    "block", "blockhash", "commit", "measurement", "measurements", "mrenclave", "mrsigner", "mrtd",
    "rtmr", "pcr", "root", "merkle", "public", "pub", "pubkey", "publickey", "address", "addr", "id",
    "uuid", "nonce", "topic", "selector", "codehash", "fingerprint", "integrity", "report", "quote",
    "image", "layer", "signature", "sig", "salt", "iv", "event", "receipt", "state", "slot", "genesis",
    "parent", "api", "access", "auth", "token", "password", "webhook", "client",
})
"""Name parts of hashes, public values and identifiers; API secrets go to the generic rule."""

_KEY_CALL = re.compile(r"(?i)from_?key|secret_?key|priv(?:ate)?_?key|signing_?key|wallet|keypair|signer|hex_?to_?ecdsa")
_HASH_CALL = re.compile(r"(?i)hash|digest|sha\d|keccak|checksum|measurement|mrenclave|mrsigner|pcr\d|rtmr|merkle|public|pubkey|address")

_PASSWORD_PARTS = frozenset({"password", "passwd", "pwd", "pass", "passphrase"})
_SECRET_PARTS = frozenset({
    "secret", "secrets", "token", "apikey", "credential", "credentials", "mnemonic", "privkey",
    "privatekey", "secretkey", "accesskey",
})
_KEY_QUALIFIERS = frozenset({"api", "access", "private", "secret", "signing", "encryption", "master", "auth", "client", "license"})
_NOT_SECRET_PARTS = frozenset({
    "name", "names", "path", "file", "filename", "dir", "url", "uri", "endpoint", "type", "length",
    "len", "size", "count", "prefix", "suffix", "header", "field", "env", "var", "id", "ids", "hash",
    "digest", "address", "format", "label", "placeholder", "regex", "pattern", "policy", "rotation",
    "arn", "ref", "location", "kind", "mode", "expiry", "expires", "expiration", "ttl", "timeout",
    "limit", "max", "min", "num", "enabled", "required", "hint", "description", "help", "template",
    "validator", "input", "store", "manager", "provider", "class", "version", "public", "pub",
    "tokens", "tokenizer", "param", "params", "arg", "args", "index", "idx", "scope", "scopes",
    "generator", "column", "salt",
})
_FINAL_PARTS = _PASSWORD_PARTS | _SECRET_PARTS | frozenset({"key", "phrase", "pw"})
"""Last word of a secret name: `db_password`, `client_secret`, `stripe.api_key`."""
_SECRET_WORDS_IN_LABELS = ("password", "passwd", "secret", "token", "apikey", "privatekey", "credential", "passphrase")
"""Words that make a value a label or message (`"challengePassword"`), not a secret."""
_FORMAT_FIELD = re.compile(r"\{[^{}]{0,64}\}")
_DOTTED_NAME = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+(?::[\w.]+)?")
"""A module path or entry point such as `pkg.module:function`."""
_TYPE_NAME = re.compile(r"(?i)(?:str|string|bool|boolean|int|integer|number|bytes|any|object|secretstr)(?:\?|\[\])?")
_WEAK_URL_PASSWORDS = frozenset({
    "postgres", "root", "admin", "guest", "test", "user", "mysql", "redis", "rabbitmq", "dev",
    "development", "local", "localhost", "minio", "minioadmin", "mongo", "pass", "pwd",
})
_TEST_DIRS = frozenset({
    "test", "tests", "testing", "spec", "specs", "__tests__", "testdata", "test_data", "fixtures",
    "__fixtures__", "mocks", "__mocks__",
})
_TEST_FILE = re.compile(r"^(?:test_.*\.py|.*_test\.(?:py|go|rs)|conftest\.py|.*\.(?:test|spec)\.[cm]?[jt]sx?)$")


def name_parts(name: str) -> list[str]:
    return [part.lower() for part in _NAME_PARTS.findall(name)]


def classify_secret_name(parts: list[str]) -> str | None:
    """Return "password" or "secret" for a secret-looking name, or None.

    The name must end with the secret word (`db_password`, `stripe.api_key`),
    so `token.markup` and `PRIVATE_KEY_USAGE_PERIOD` are not secrets.
    """
    words = [part for part in parts if not part.isdigit()]
    part_set = set(words)
    if not words or words[-1] not in _FINAL_PARTS or part_set & _NOT_SECRET_PARTS:
        return None
    if part_set & _PASSWORD_PARTS:
        return "password"
    if part_set & _SECRET_PARTS:
        return "secret"
    if "key" in part_set and part_set & _KEY_QUALIFIERS:
        return "secret"
    if "seed" in part_set and "phrase" in part_set:
        return "secret"
    return None


def is_not_a_secret_value(value: str, name: str) -> bool:
    """Tell placeholders, references, paths, URLs, labels and prose from literal secrets."""
    if is_placeholder(value) or value.startswith(("!", "%", "@", "&", "*")):
        return True
    if _WHITESPACE.search(value) or "\\" in value or _FORMAT_FIELD.search(value):
        return True
    if _DOTTED_NAME.fullmatch(value) or _TYPE_NAME.fullmatch(value):
        return True
    squashed = value.lower().replace("_", "").replace("-", "")
    if any(word in squashed for word in _SECRET_WORDS_IN_LABELS):
        return True
    if value.lower() == name.lower() or _ENV_NAME.fullmatch(value) or _NUMBER.fullmatch(value):
        return True
    if value.startswith(("/", "./", "../", "~/", "file:", "http://", "https://", "arn:", "vault:", "ENC[")):
        return True
    return value.lower().endswith((".pem", ".key", ".json", ".txt", ".crt", ".yaml", ".yml", ".env", ".gpg"))


def assignment_confidence(value: str, secret_class: str) -> Confidence | None:
    """Rate a literal by length and Shannon entropy; None when too weak to be a secret."""
    entropy = shannon_entropy(value)
    minimum_length = 6 if secret_class == "password" else 8
    if len(value) < minimum_length or entropy < 2.0:
        return None
    if secret_class == "secret" and _character_classes(value) < 2:
        return None
    if len(value) >= 16 and entropy >= 3.5:
        return Confidence.HIGH
    if entropy >= 3.0 or (secret_class == "password" and len(value) >= 8):
        return Confidence.MEDIUM
    return Confidence.LOW


def _character_classes(value: str) -> int:
    """Count the classes (lower case, upper case, digits, symbols) that occur in `value`.

    Word separators (`-`, `_`, `.`) count as no class, so `same-origin` has one.
    """
    return sum((
        any(char.islower() for char in value),
        any(char.isupper() for char in value),
        any(char.isdigit() for char in value),
        any(not char.isalnum() and char not in "-_." for char in value),
    ))


def is_public_jwt(token: str) -> bool:
    """Tell a JWT whose role claim is `anon` (a public Supabase key) from a credential."""
    payload = token.split(".")[1]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(claims, dict) and claims.get("role") == "anon"


def is_key_context(name: str, left: str) -> bool:
    """Tell whether a 32- or 64-byte value after `left`, last assigned or passed to `name`, is a key."""
    parts = set(name_parts(name))
    if parts & _NOT_KEY_PARTS:
        return False
    if parts & _KEY_PARTS:
        return True
    return _KEY_CALL.search(left) is not None and _HASH_CALL.search(left) is None


def url_password_confidence(user: str, password: str) -> Confidence | None:
    """Rate a password found in a URL; None for a placeholder such as `${DB_PASSWORD}`."""
    if is_url_password_placeholder(password):
        return None
    if password.lower() in _WEAK_URL_PASSWORDS or password == user:
        return Confidence.LOW
    if len(password) >= 12 and shannon_entropy(password) >= 3.0:
        return Confidence.HIGH
    return Confidence.MEDIUM


def is_url_password_placeholder(password: str) -> bool:
    if password.startswith(("$", "{", "<", "%", "*")) or "*" in password:
        return True
    return password.lower() in ("password", "passwd", "secret", "pass", "pw", "changeme") or is_placeholder(password)


def looks_like_value(identifier: str) -> bool:
    """Tell hex or base58 text that happens to start with a letter from a real name."""
    return len(identifier) > 48 or sum(char.isdigit() for char in identifier) > 6


def is_test_path(path: str) -> bool:
    pure = PurePosixPath(path)
    return bool(set(part.lower() for part in pure.parts[:-1]) & _TEST_DIRS) or bool(_TEST_FILE.match(pure.name))


def is_key_file(path: str) -> bool:
    """Tell files named like key material (`wallet.key`, `private_key.txt`, `id.json`)."""
    parts = set(name_parts(PurePosixPath(path).name))
    return bool(parts & (_KEY_PARTS | {"keystore"})) and not parts & {"pub", "public", "hash"}
