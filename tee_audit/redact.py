"""Redaction of secret values before they reach any finding or output.

Analyzers redact where they make a finding. Renderers call `redact_text`
again on everything they print, so a pattern one analyzer missed is still
caught at the door. `redact_text` masks more than the secrets analyzer
reports, because it skips the placeholder, entropy and name checks:
masking a harmless value costs less than printing a key. Every pass is
linear in the length of the text.
"""

from __future__ import annotations

import re

from tee_audit import bip39
from tee_audit.secret_formats import (
    BYTE_ARRAY_CANDIDATE,
    JWT,
    byte_array_64,
    fold_case,
    is_base58_64_bytes,
    is_wif_private_key,
)

MASK = "[REDACTED]"

_KEPT_PREFIXES = (
    "0x", "sk-ant-", "sk-proj-", "sk-", "sk_live_", "sk_test_", "rk_live_", "github_pat_",
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xoxb-", "xoxp-", "xoxa-", "xoxs-", "hf_", "AIza",
    "AKIA", "ASIA", "eyJ",
)
"""Well-known prefixes that show what kind of secret was masked without revealing any of it."""

_PEM_BLOCK = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END [A-Z0-9 ]{0,60}-----|\Z)",
    re.DOTALL,
)
_PEM_FOOTER = re.compile(r"-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----")
_PEM_BODY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\\ \t\r\n\"',:")

_TOKEN = re.compile(
    r"""(?x)
      (?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}
    | (?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})
    | (?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}
    | (?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}
    | hooks\.slack\.com/services/[A-Za-z0-9/]{10,}
    | (?<![A-Za-z0-9])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}
    | (?<![A-Za-z0-9])AIza[A-Za-z0-9_-]{30,}
    | (?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}
    """
)
_RPC_KEY = re.compile(r"(?P<host>infura\.io|alchemy\.com|alchemyapi\.io|quiknode\.pro)/(?P<path>(?:ws/)?(?:v[0-9]/)?)[A-Za-z0-9_-]{16,}")
_URL_PASSWORD = re.compile(r"(?P<head>://[^\s:/?#@\"'`<>\\]{0,64}:)(?P<password>[^\s/?#@\"'`<>\\]{1,128})@")
_HEX_RUN = re.compile(r"(?<![0-9A-Fa-f])(?<!sha256:)(?<!sha384:)(?<!sha512:)(?P<prefix>0[xX])?[0-9A-Fa-f]{64,}")
_BASE58_RUN = re.compile(r"(?<![1-9A-HJ-NP-Za-km-z])[1-9A-HJ-NP-Za-km-z]{50,52}(?![1-9A-HJ-NP-Za-km-z])|(?<![1-9A-HJ-NP-Za-km-z])[1-9A-HJ-NP-Za-km-z]{86,89}(?![1-9A-HJ-NP-Za-km-z])")
_WORD_RUN = re.compile(r"(?<![A-Za-z])[a-z]{3,8}(?:[\s\"',]{1,6}[a-z]{3,8}){11,}(?![A-Za-z])")
_WORD = re.compile(r"[a-z]+")

_SECRET_WORD = re.compile(
    r"secret|passw(?:or)?d|passphrase|pwd|pass(?![a-z])|private[_-]?key|privkey|api[_-]?key|access[_-]?key|token|mnemonic|seed[_-]?phrase|credential"
)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_ASSIGNMENT_TAIL = re.compile(
    r"""(?x)
    ["']?
    (?:[ \t]{0,4}:[ \t]{0,4}[A-Za-z_][\w.]{0,40}(?:\[[\w., |]{0,40}\])?|[ \t]{1,4}string)?
    [ \t]{0,4}(?::=|=>|=(?!=)|:)[ \t]{0,4}
    (?: [bBrRuUfF]{0,2}["'`](?P<quoted>[^"'`\n]{4,1024})
      | (?P<bare>[\w-]{0,4}\[REDACTED\][^\s"'`,;)}\]]{0,1024}|[^\s"'`,;)}\]]{4,1024})
    )
    # The first bare form is MASK followed by text an earlier pass left visible.
    """
)
_DOCKER_SPACE_FORM = re.compile(r"(?im)^(?P<head>[ \t]*(?:ENV|ARG)[ \t]+(?P<name>[\w.-]{1,80})[ \t]+)(?P<value>[^\s=][^\n]{0,1024})$")
_REFERENCE_START = ("$", "{", "(", "[", "<", "os.", "process.env", "env.", "self.", "config.", "settings.")


def redact_value(value: str) -> str:
    """Mask a secret, keeping only a short well-known prefix such as `0x` or `sk-`."""
    for prefix in _KEPT_PREFIXES:
        if value.startswith(prefix):
            return prefix + MASK
    return MASK


def redact_text(text: str) -> str:
    """Mask every secret-looking value in `text`, leaving the rest as it was.

    Masked: PEM and PGP private key blocks (cut-off ones too), provider API
    keys and tokens, JWTs, passwords in URLs and node-provider keys in URL
    paths. Also masked: hex runs of 64 digits or more (except `sha256:`
    digests), WIF and 64-byte base58 keys, lists of 64 byte values, runs
    of 12 or more BIP-39 words, and values assigned to secret-looking names.
    """
    if not text:
        return text
    text = _PEM_BLOCK.sub(lambda match: f"-----BEGIN {match.group(1)}-----{MASK}", text)
    text = _mask_headless_pem_bodies(text)
    text = _TOKEN.sub(lambda match: redact_value(match.group(0)), text)
    text = JWT.sub("eyJ" + MASK, text)
    text = _RPC_KEY.sub(lambda match: f"{match.group('host')}/{match.group('path')}{MASK}", text)
    text = _URL_PASSWORD.sub(_mask_url_password, text)
    text = _HEX_RUN.sub(lambda match: (match.group("prefix") or "") + MASK, text)
    text = _BASE58_RUN.sub(_mask_base58, text)
    text = BYTE_ARRAY_CANDIDATE.sub(_mask_byte_array, text)
    text = _mask_mnemonics(text)
    text = _DOCKER_SPACE_FORM.sub(_mask_docker_space_form, text)
    return _mask_assignments(text)


def _mask_headless_pem_bodies(text: str) -> str:
    """Mask key material before an END line whose BEGIN line was cut off."""
    if "-----END" not in text:
        return text
    pieces = []
    kept_until = 0
    for match in _PEM_FOOTER.finditer(text):
        start = match.start()
        while start > kept_until and text[start - 1] in _PEM_BODY_CHARS:
            start -= 1
        if start < match.start():
            pieces.append(text[kept_until:start])
            pieces.append(MASK)
            kept_until = match.start()
    pieces.append(text[kept_until:])
    return "".join(pieces)


def _mask_url_password(match: re.Match) -> str:
    password = match.group("password")
    if password.startswith(("$", "{", "<", "%")) or MASK in password:
        return match.group(0)
    return f"{match.group('head')}{MASK}@"


def _mask_base58(match: re.Match) -> str:
    candidate = match.group(0)
    if is_wif_private_key(candidate) or is_base58_64_bytes(candidate):
        return MASK
    return candidate


def _mask_byte_array(match: re.Match) -> str:
    return MASK if byte_array_64(match.group(0)) is not None else match.group(0)


def _mask_mnemonics(text: str) -> str:
    """Mask every stretch of 12 or more consecutive BIP-39 words."""
    return _WORD_RUN.sub(_mask_word_run, text)


def _mask_word_run(match: re.Match) -> str:
    run = match.group(0)
    spans = []
    stretch: list[re.Match] = []
    for word in _WORD.finditer(run):
        if bip39.is_word(word.group(0)):
            stretch.append(word)
            continue
        if len(stretch) >= 12:
            spans.append((stretch[0].start(), stretch[-1].end()))
        stretch = []
    if len(stretch) >= 12:
        spans.append((stretch[0].start(), stretch[-1].end()))
    for start, end in reversed(spans):
        run = run[:start] + MASK + run[end:]
    return run


def _mask_docker_space_form(match: re.Match) -> str:
    if not _SECRET_WORD.search(match.group("name").lower()) or _is_reference(match.group("value")):
        return match.group(0)
    return match.group("head") + redact_value(match.group("value"))


def _mask_assignments(text: str) -> str:
    """Mask the value after each secret-looking name followed by `=`, `:`, `:=` or `=>`.

    The name is found by its keyword and widened over name characters, so
    a long run of name characters costs one pass, not one pass per start.
    """
    pieces = []
    kept_until = 0
    for keyword in _SECRET_WORD.finditer(fold_case(text)):
        if keyword.start() < kept_until:
            continue
        end = keyword.end()
        limit = min(len(text), end + 64)
        while end < limit and text[end] in _NAME_CHARS:
            end += 1
        tail = _ASSIGNMENT_TAIL.match(text, end)
        if tail is None:
            continue
        value_group = "quoted" if tail.group("quoted") is not None else "bare"
        value = tail.group(value_group)
        if _already_masked(value) or (not value.startswith(MASK) and _is_reference(value)):
            continue
        pieces.append(text[kept_until:tail.start(value_group)])
        pieces.append(redact_value(value))
        kept_until = tail.end(value_group)
    pieces.append(text[kept_until:])
    return "".join(pieces)


def _already_masked(value: str) -> bool:
    """Tell a value that is only a mask, with at most a kept prefix, from one with text left over."""
    leftover = value.replace(MASK, "")
    return MASK in value and (not leftover or leftover in _KEPT_PREFIXES)


def _is_reference(value: str) -> bool:
    """Tell names and lookups (`os.environ[...]`, `${VAR}`) from literal values."""
    return value.startswith(_REFERENCE_START) or "(" in value
