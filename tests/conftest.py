"""Shared test set-up: import paths and where the shared test data lives."""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The repository root and benchmarks/ go on sys.path so tests import
# tee_audit from the checkout and the corpus reader from benchmarks/.
for folder in (REPO, REPO / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def find_shared_dir() -> Path | None:
    """Locate the shared test data (OSV advisories, SARIF schema): the
    TEE_AUDIT_SHARED variable, the checkout's sibling `shared/`, or /work/shared."""
    candidates = [os.environ.get("TEE_AUDIT_SHARED", ""), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "schemas").is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    found = find_shared_dir()
    if found is None:
        pytest.skip("shared test data not found; set TEE_AUDIT_SHARED to its folder")
    return found
