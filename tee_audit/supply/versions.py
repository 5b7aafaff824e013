"""Version ordering per ecosystem, for evaluating advisory ranges.

PyPI follows PEP 440 through `packaging.version`; npm, crates.io and Go
follow Semantic Versioning 2.0.0 (Go's leading `v` is dropped).
"""

from __future__ import annotations

import re
from functools import total_ordering

from packaging.version import InvalidVersion, Version

_SEMVER = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


class InvalidVersionError(ValueError):
    """A version string the ecosystem's ordering cannot place."""


@total_ordering
class SemVer:
    """A semantic version compared by the SemVer 2.0.0 precedence rules."""

    def __init__(self, text: str):
        match = _SEMVER.match(text.strip())
        if not match:
            raise InvalidVersionError(f"invalid semantic version {text!r}")
        self.release = tuple(int(part or 0) for part in match.group(1, 2, 3))
        self.prerelease = tuple(match.group(4).split(".")) if match.group(4) else ()

    def _key(self):
        # A release without a pre-release tag sorts after all its pre-releases;
        # numeric identifiers sort before alphanumeric ones and compare as numbers.
        identifiers = tuple((0, int(item), "") if item.isdigit() else (1, 0, item) for item in self.prerelease)
        return (self.release, not self.prerelease, identifiers)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SemVer) and self._key() == other._key()

    def __lt__(self, other: "SemVer") -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def parse_version(ecosystem: str, text: str):
    """Parse a version of the OSV ecosystem `ecosystem`; raise InvalidVersionError when it cannot."""
    if ecosystem == "PyPI":
        try:
            return Version(text)
        except InvalidVersion as error:
            raise InvalidVersionError(str(error)) from None
    return SemVer(text)
