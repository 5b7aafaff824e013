"""Redaction of secret values before they reach any finding or output.

Analyzers redact where they make a finding; renderers call `redact_text`
again on everything they print, so a pattern one analyzer missed is still
caught at the door.
"""

from __future__ import annotations

import re

MASK = "[REDACTED]"

_PEM_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*)-----.*?(?:-----END \1-----|\Z)",
    re.DOTALL,
)
_HEX_KEY = re.compile(r"(?<![0-9A-Za-z])(0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_ASSIGNED_SECRET = re.compile(
    r"""(?ix)
    (?P<name>[\w.-]*(?:secret|passw(?:or)?d|private[_-]?key|api[_-]?key|token|mnemonic|seed[_-]?phrase)[\w.-]*)
    (?P<sep>\s*[:=]\s*|\s*=>\s*|"\s*:\s*)
    (?P<quote>["']?)
    (?P<value>[^\s"',;)}]{8,})
    """
)


def redact_value(value: str) -> str:
    """Mask a secret, keeping only a short well-known prefix such as `0x` or `sk-`."""
    for prefix in ("0x", "sk-", "ghp_", "xoxb-", "AKIA"):
        if value.startswith(prefix):
            return prefix + MASK
    return MASK


def redact_text(text: str) -> str:
    """Mask every secret-looking value in `text`, leaving the rest as it was."""
    text = _PEM_BLOCK.sub(lambda match: f"-----BEGIN {match.group(1)}-----{MASK}", text)
    text = _HEX_KEY.sub(lambda match: (match.group(1) or "") + MASK, text)
    return _ASSIGNED_SECRET.sub(_mask_assignment, text)


def _mask_assignment(match: re.Match) -> str:
    value = match.group("value")
    if value == MASK or value.endswith(MASK) or _looks_like_reference(value):
        return match.group(0)
    return f"{match.group('name')}{match.group('sep')}{match.group('quote')}{redact_value(value)}"


def _looks_like_reference(value: str) -> bool:
    """Tell names and lookups (`os.environ[...]`, `${VAR}`) from literal values."""
    return value.startswith(("$", "os.", "env", "self.", "{", "(", "[", "<")) or "(" in value
