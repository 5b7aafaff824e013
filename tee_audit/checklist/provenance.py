"""Checks about where the image comes from: C01 source transparency, C02
reproducible build, C03 published measurement, C05 supply chain and C17
change discipline."""

from __future__ import annotations

from pathlib import PurePosixPath

from tee_audit.checklist.policy import CheckPolicy, Component, Context
from tee_audit.model import FileKind

_DEPENDENCY_KINDS = frozenset({FileKind.REQUIREMENTS, FileKind.PYPROJECT, FileKind.LOCKFILE, FileKind.GO_MOD})
_MANIFEST_NAMES = frozenset({"package.json", "cargo.toml", "pipfile", "setup.py", "setup.cfg", "gemfile", "go.mod"})
"""Dependency manifests that discovery may classify as plain JSON, TOML or Python."""


def _declares_dependencies(context: Context) -> str | None:
    for file in context.files:
        if file.kind in _DEPENDENCY_KINDS or PurePosixPath(file.path).name.lower() in _MANIFEST_NAMES:
            return None
    return "The project declares no dependencies in a manifest or lockfile."


def _unpinned_actions(context: Context) -> tuple[str, ...]:
    notes = [
        f"Pin {item.description.split(' is not')[0]} to a full commit sha ({item.path}:{item.line})."
        for item in context.fact("unpinned-action")
    ]
    return tuple(notes[:5])


def _flake_without_lock(context: Context) -> tuple[str, ...]:
    return tuple(f"Commit flake.lock beside {item.path}." for item in context.fact("flake-without-lock"))


POLICIES = (
    CheckPolicy(
        "C01",
        components=(
            Component("license", 5, "Add a license file so third parties may audit and rebuild the code."),
            Component("build-recipe", 5, "Commit the Dockerfile, Nix flake or manifest that builds the image."),
        ),
        no_evidence="No license file and no build recipe were found in the repository.",
    ),
    CheckPolicy(
        "C02",
        components=(
            Component("nix-flake", 6, "Build the image with a Nix flake and commit flake.lock."),
            Component("digest-pinned-image", 3, "Pin every base image by its sha256 digest."),
            Component("hashed-lockfile", 3, "Lock dependencies with hashes (uv.lock, poetry.lock, "
                      "requirements with --hash, package-lock.json)."),
            Component("frozen-install", 2, "Install from the lockfile only (--require-hashes, npm ci, --frozen)."),
            Component("source-date-epoch", 2, "Set SOURCE_DATE_EPOCH so timestamps do not change the image."),
        ),
        no_evidence="Nothing shows that the image can be rebuilt to the same measurement.",
        explain=_flake_without_lock,
    ),
    CheckPolicy(
        "C03",
        components=(
            Component("measurement-published", 10, "Publish the expected measurement of each release "
                      "(PCRs, MRENCLAVE, MRTD/RTMRs or compose hash) in the docs."),
            Component("measurement-in-ci", 6, "Compute the measurement in CI and publish it with the release."),
        ),
        no_evidence="No published measurement was found in the docs or CI, so a reviewer must say where it is.",
    ),
    CheckPolicy(
        "C05",
        scope=_DEPENDENCY_KINDS,
        scope_names=_MANIFEST_NAMES,
        applies=_declares_dependencies,
        advice=("Keep the dependency set small and regenerate the SBOM with each release.",),
    ),
    CheckPolicy(
        "C17",
        components=(
            Component("tests", 4, "Add automated tests for the enclave code."),
            Component("ci", 3, "Run the tests and the build in continuous integration."),
            Component("ci-pinned", 3, "Pin every CI action by a full commit sha."),
        ),
        no_evidence="No tests and no CI configuration were found.",
        explain=_unpinned_actions,
        advice=("Have the enclave code audited by a third party and review each release.",),
    ),
)
