"""Turning a file's bytes into text without trusting the machine's locale.

Decoding follows what the file itself declares (a byte order mark, or a PEP
263 coding cookie for Python) and otherwise assumes UTF-8. Invalid UTF-8 is
replaced rather than fatal, so text-level checks still see the rest of the
file, and the caller learns the offset of the first bad byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

BINARY_SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# PEP 263: the cookie must sit in a comment on line 1 or 2.
_CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


@dataclass(frozen=True)
class Decoded:
    """A decoded file and what went wrong while decoding it, if anything."""

    text: str
    encoding: str
    problem: str = ""
    """Empty when the bytes decoded cleanly; otherwise a sentence with the
    byte offset of the first invalid sequence."""


class BinaryFile(Exception):
    """The bytes are not text in any encoding we read."""


def decode(data: bytes, *, python: bool = False) -> Decoded:
    """Decode file content, raising `BinaryFile` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom):], encoding)

    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        raise BinaryFile("contains NUL bytes")

    encoding = _python_cookie(data) if python else None
    return _decode_with(data, encoding or "utf-8")


def _python_cookie(data: bytes) -> str | None:
    for line in data.split(b"\n", 2)[:2]:
        match = _CODING_COOKIE.match(line)
        if match:
            name = match.group(1).decode("ascii", "replace")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
        if line.strip() and not line.lstrip().startswith(b"#"):
            return None
    return None


def _decode_with(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as error:
        text = data.decode(encoding, errors="replace")
        problem = f"invalid {error.encoding} at byte offset {error.start}: {error.reason}"
        return Decoded(text, encoding, problem)
