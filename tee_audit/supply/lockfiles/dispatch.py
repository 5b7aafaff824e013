"""Choose the lockfile reader by file name."""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from tee_audit.supply.lockfiles import cargo, gomod, npm, pipfile, pnpm, poetry, pylock, uv, yarn
from tee_audit.supply.model import ParseResult

_READERS: dict[str, Callable[[str, str], ParseResult]] = {
    "poetry.lock": poetry.read,
    "uv.lock": uv.read,
    "Pipfile.lock": pipfile.read,
    "pylock.toml": pylock.read,
    "package-lock.json": npm.read,
    "npm-shrinkwrap.json": npm.read,
    "yarn.lock": yarn.read,
    "pnpm-lock.yaml": pnpm.read,
    "Cargo.lock": cargo.read,
    "go.sum": gomod.read_go_sum,
}
_PYLOCK_NAME = re.compile(r"^pylock\.[^.]+\.toml$")

LOCKFILE_NAMES = tuple(_READERS)
"""File names that are lockfiles; `pylock.<name>.toml` is one too."""


def lockfile_reader(path: str) -> Callable[[str, str], ParseResult] | None:
    name = posixpath.basename(path)
    if _PYLOCK_NAME.match(name):
        return pylock.read
    return _READERS.get(name)
