"""Telling secret-looking names and values apart from ordinary configuration."""

from __future__ import annotations

import re

_SECRET_NAME = re.compile(
    r"(?i)(secret|passw(or)?d|passphrase|private[_-]?key|priv[_-]?key|api[_-]?key|access[_-]?key|"
    r"auth[_-]?token|(^|_)token($|_)|mnemonic|seed[_-]?phrase|signing[_-]?key|credentials?)"
)
_NOT_SECRET_NAME = re.compile(r"(?i)(_file|_path|_dir|_url|_uri|_id|_name|_host|_port|_length|_size)$|public")
_SECRET_VALUE = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|^(0x)?[0-9a-fA-F]{64}$"
    r"|^sk-[A-Za-z0-9_-]{16,}$|^sk_live_[A-Za-z0-9]{16,}$"
    r"|^AKIA[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{30,}$|^xox[bap]-[A-Za-z0-9-]{10,}$"
)


def looks_like_secret_name(name: str) -> bool:
    """Tell whether a variable name suggests a secret (`API_KEY`) rather than a reference to one (`KEY_FILE`)."""
    return bool(_SECRET_NAME.search(name)) and not _NOT_SECRET_NAME.search(name)


def looks_like_secret_value(value: str) -> bool:
    """Tell whether a literal has the shape of a private key or a well-known token format."""
    return bool(_SECRET_VALUE.search(value.strip().strip("\"'")))
