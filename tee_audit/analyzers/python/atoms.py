"""Building blocks of lowered expressions, shared by the statement and call lowering."""

from __future__ import annotations

import re

import ast

EXCEPTION_NAME = re.compile(r"(Error|Exception|Warning)$")
KEYISH_PATH = re.compile(r"(?i)(\.pem$|\.key$|private|secret|mnemonic|seed|wallet|keystore|id_rsa|id_ed25519|sealing)")
PLAIN_HTTP = re.compile(r"^http://(\[[^\]]*\]|[^/:?#\s]+)")
LOOPBACK = re.compile(r"^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0|host\.docker\.internal|.*\.localhost)$", re.I)
PASSTHROUGH_PREFIXES = ("builtins.", "base64.", "binascii.", "json.", "codecs.", "copy.", "textwrap.", "urllib.parse.")
CERTAIN_METHODS = frozenset({
    "hex", "encode", "decode", "format", "join", "strip", "lstrip", "rstrip", "lower", "upper", "replace",
    "split", "get", "items", "values", "copy", "to_bytes", "tobytes", "ljust", "rjust", "zfill", "removeprefix",
    "removesuffix", "format_map", "splitlines", "pop", "setdefault", "model_dump", "dict", "json", "to_dict",
    "read", "readline", "readlines", "read_text", "read_bytes",
})
ENV_OFF = {"PYTHONHTTPSVERIFY": {"0"}, "CURL_CA_BUNDLE": {""}, "REQUESTS_CA_BUNDLE": {""},
            "SSL_VERIFY": {"0", "false", "False", "no"}, "NODE_TLS_REJECT_UNAUTHORIZED": {"0"},
            "HTTPX_VERIFY": {"0", "false"}, "SSL_CERT_VERIFY": {"0", "false"}}


def union(*parts) -> tuple:
    atoms: list = []
    for part in parts:
        for atom in part:
            if atom not in atoms:
                atoms.append(atom)
    return tuple(atoms)


def xform(inner: tuple, drop=frozenset(), add=(), certain=True) -> tuple:
    if not inner and not add:
        return ()
    return (("xform", frozenset(drop), tuple(add), inner, certain),)


def literal_string(node: ast.AST) -> str | None:
    """Return the text of a string or bytes literal (bytes read as Latin-1), or None."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
    return None
