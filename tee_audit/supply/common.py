"""Helpers the readers share: URL credentials, locating lines, building findings."""

from __future__ import annotations

import re
from dataclasses import replace
import posixpath
from urllib.parse import urlsplit, urlunsplit

from tee_audit.model import Finding, Location
from tee_audit.redact import MASK, redact_text
from tee_audit.registry import Rule
from tee_audit.supply.model import SourceKind

FULL_COMMIT = re.compile(r"^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$")
"""A full SHA-1 or SHA-256 commit id; anything shorter or named is mutable."""

VCS_SCHEMES = ("git+", "hg+", "svn+", "bzr+")
_HASH_ALGORITHMS = ("sha256", "sha384", "sha512", "sha1", "md5")
_TOKEN_PREFIXES = ("ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "glpat-", "x-access-token")
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")


def as_mapping(value) -> dict:
    """Return `value` when it is a table or object, else an empty one, so a wrongly typed field reads as absent."""
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    """Return `value` when it is an array, else an empty one."""
    return value if isinstance(value, list) else []


def url_has_credentials(url: str) -> bool:
    """Tell whether a URL embeds a literal password or token.

    A user name alone, or a `${VAR}` reference that the build fills in, is
    not a committed secret.
    """
    match = _USERINFO.search(url)
    if not match:
        return False
    userinfo = match.group("userinfo")
    if ":" in userinfo:
        secret = userinfo.split(":", 1)[1]
    elif userinfo.startswith(_TOKEN_PREFIXES) or len(userinfo) >= 20:
        # A user name alone is usually an account (`git@`, `deploy@`), but
        # access tokens are also passed as the user name (`https://<token>@github.com`).
        secret = userinfo
    else:
        return False
    return not re.fullmatch(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?", secret or "$X")


def strip_credentials(url: str) -> str:
    """Return the URL with any user information masked."""
    return _USERINFO.sub(lambda match: f"{match.group('scheme')}{MASK}@", url)


def clean_snippet(text: str) -> str:
    """Redact a source excerpt: URL credentials first, then any secret-looking value."""
    return redact_text(strip_credentials(text))


def url_without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def classify_url(url: str) -> tuple[SourceKind, str, str, tuple[str, ...]]:
    """Return (kind, credential-free URL, VCS ref, hashes from the `#sha256=` fragment)."""
    clean = strip_credentials(url)
    fragment = urlsplit(url).fragment
    hashes = tuple(
        f"{name}:{value}".lower()
        for name, value in (part.split("=", 1) for part in fragment.split("&") if "=" in part)
        if name in _HASH_ALGORITHMS
    )
    if url.startswith(VCS_SCHEMES):
        path = urlsplit(url_without_fragment(url)).path
        ref = path.rsplit("@", 1)[1] if "@" in path else ""
        return SourceKind.VCS, clean, ref, hashes
    if url.startswith("file:") or "://" not in url:
        return SourceKind.PATH, clean, "", hashes
    return SourceKind.URL, clean, "", hashes


def leaves_root(manifest_path: str, reference: str) -> bool:
    """Tell whether a path reference (relative to the manifest's folder) points outside the scan root."""
    if reference.startswith("file:"):
        reference = urlsplit(reference).path
    if reference.startswith(("/", "~")) or re.match(r"^[A-Za-z]:[\\/]", reference):
        return True
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(manifest_path), reference.replace("\\", "/")))
    return resolved == ".." or resolved.startswith("../")


def line_of(text: str, needle: str, start_line: int = 1) -> int:
    """Return the 1-based line of the first occurrence of `needle` at or after `start_line`, or 0."""
    offset = 0
    if start_line > 1:
        lines = text.splitlines(keepends=True)
        offset = sum(len(line) for line in lines[: start_line - 1])
    index = text.find(needle, offset)
    if index < 0:
        return 0
    return text.count("\n", 0, index) + 1


def source_line(text: str, line: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        return lines[line - 1]
    return ""


def make_finding(
    rule: Rule,
    path: str,
    line: int,
    message: str,
    *,
    end_line: int = 0,
    snippet: str = "",
    code_key: str = "",
    severity=None,
    confidence=None,
) -> Finding:
    """Build a finding whose statement span is the whole stated entry."""
    end = end_line or line
    finding = rule.finding(
        Location(path=path, line=line, column=1 if line else 0, end_line=end, end_column=0),
        message,
        snippet=clean_snippet(snippet),
        code_key=clean_snippet(code_key),
        severity=severity,
        confidence=confidence,
    )
    return replace(finding, statement_lines=(line, end) if line else (0, 0))
