"""A content-addressed cache of per-file analysis results.

Entries live under the user's cache folder (`$XDG_CACHE_HOME/tee-audit` or
`~/.cache/tee-audit`), never in the scanned project. A key covers the file's
bytes, its path and kind, a digest of tee-audit's own code and rule packs,
and the settings that change results, so any of those changing misses the cache.
Entries are pickles written by tee-audit itself into a folder only the user
can write; a corrupt or unreadable entry is treated as a miss.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from tee_audit import __version__, registry


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tee-audit"


@functools.lru_cache(maxsize=1)
def analysis_digest() -> str:
    """Digest of tee-audit's own code, data and rule packs, part of every key.

    Each file contributes its path, size and modification time rather than
    its bytes: reading every source on each run dominated a warm scan, and
    an edit in a development checkout changes the time just the same, so
    such a checkout still never reads results of older code.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    sources = sorted(package.rglob("*.py")) + sorted((package / "data").glob("*")) + registry.semgrep_rule_files()
    for path in sources:
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


class ResultCache:
    """Pickled results keyed by content; all failures are cache misses."""

    def __init__(self, directory: Path, salt: str) -> None:
        self.directory = directory
        self.salt = salt

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0")
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> Any | None:
        try:
            with self._path(key).open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)
        except OSError:
            return
