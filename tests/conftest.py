"""Shared fixtures: where the shared test data lives."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


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
