"""Evidence that the image can be audited and rebuilt (C01, C02) and that
changes go through tests and a pinned pipeline (C17)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from tee_audit.checklist.evidence.base import CODE_KINDS, Collected, ProjectText, name_of
from tee_audit.model import FileKind, SourceFile

_LICENSE_NAMES = re.compile(r"^(licen[cs]e|copying|unlicense)([.-].*)?$", re.IGNORECASE)
_RECIPE_KINDS = {
    FileKind.DOCKERFILE: "Dockerfile that builds the image",
    FileKind.GRAMINE_MANIFEST: "Gramine manifest that defines the enclave",
    FileKind.COMPOSE: "compose file that defines the deployed containers",
}
_NIX_RECIPES = {"flake.nix", "default.nix"}

_DIGEST_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*\S+@sha256:[0-9a-f]{64}", re.IGNORECASE)
_DIGEST_IMAGE = re.compile(r"^\s*image:\s*['\"]?\S+@sha256:[0-9a-f]{64}", re.IGNORECASE)
_REQUIREMENT_HASH = re.compile(r"--hash[= ]sha256:[0-9a-f]{64}")
_HASHED_LOCKFILES = {
    "poetry.lock": re.compile(r"^\s*\{?\s*file\s*=.*hash\s*=\s*\"sha256:|^\s*hash\s*=\s*\"sha256:"),
    "uv.lock": re.compile(r"hash\s*=\s*\"sha256:[0-9a-f]{64}\""),
    "pipfile.lock": re.compile(r"\"sha256:[0-9a-f]{64}\""),
    "pdm.lock": re.compile(r"hash\s*=\s*\"sha256:[0-9a-f]{64}\""),
    "package-lock.json": re.compile(r"\"integrity\":\s*\"sha(256|384|512)-"),
    "npm-shrinkwrap.json": re.compile(r"\"integrity\":\s*\"sha(256|384|512)-"),
    "yarn.lock": re.compile(r"integrity\s+\"?sha(256|384|512)-|checksum:\s*[0-9a-f]{32,}"),
    "pnpm-lock.yaml": re.compile(r"integrity:\s*sha(256|384|512)-"),
    "cargo.lock": re.compile(r"^checksum\s*=\s*\"[0-9a-f]{64}\""),
    "go.sum": re.compile(r"\sh1:[A-Za-z0-9+/=]{20,}"),
}
_SOURCE_DATE_EPOCH = re.compile(r"\bSOURCE_DATE_EPOCH\b")
_FROZEN_INSTALL = re.compile(
    r"--require-hashes|\bnpm\s+ci\b|--frozen-lockfile|--immutable\b|\buv\s+sync\b.*--(frozen|locked)"
    r"|\bpoetry\s+install\b.*--(sync|no-update)|\bcargo\s+(build|install|fetch)\b.*--(locked|frozen)"
    r"|\bpip(3)?\s+install\b.*--no-deps.*-r|\bgo\s+(build|mod\s+download)\b.*-mod=readonly|--frozen\b"
)
_BUILD_TEXT_KINDS = frozenset(
    {FileKind.DOCKERFILE, FileKind.SHELL, FileKind.MAKEFILE, FileKind.CI_CONFIG, FileKind.YAML, FileKind.COMPOSE}
)

_CI_PATHS = (".github/workflows/", ".gitlab-ci.yml", ".circleci/", "Jenkinsfile", ".buildkite/", "azure-pipelines.yml")
_ACTION_USE = re.compile(r"^\s*-?\s*uses:\s*['\"]?([^'\"\s#]+)")
_SHA_REF = re.compile(r"@[0-9a-f]{40}$")
_TEST_NAME = re.compile(
    r"(^test_.*\.py$|_test\.py$|_test\.go$|\.(test|spec)\.[jt]sx?$|^tests?\.rs$)", re.IGNORECASE
)


def collect_build(project: ProjectText) -> Collected:
    collected = Collected()
    _license_and_recipe(project, collected)
    _reproducibility(project, collected)
    _change_discipline(project, collected)
    return collected


def _license_and_recipe(project: ProjectText, collected: Collected) -> None:
    for file in project.files:
        if _LICENSE_NAMES.match(name_of(file)):
            collected.add("C01", "license", file, "license file in the repository")
        if file.kind in _RECIPE_KINDS:
            collected.add("C01", "build-recipe", file, _RECIPE_KINDS[file.kind] + " is in the repository")
        elif name_of(file) in _NIX_RECIPES:
            collected.add("C01", "build-recipe", file, "Nix expression that builds the image is in the repository")


def _reproducibility(project: ProjectText, collected: Collected) -> None:
    flakes = project.by_name("flake.nix")
    for flake in flakes:
        lock = PurePosixPath(flake.path).with_name("flake.lock").as_posix()
        if any(file.path == lock for file in project.files):
            collected.add("C02", "nix-flake", flake, "Nix flake with a committed flake.lock")
        else:
            collected.note("flake-without-lock", flake, "Nix flake without a committed flake.lock")

    for file in project.select(kinds=frozenset({FileKind.DOCKERFILE})):
        for number, line in project.matching_lines(file, _DIGEST_FROM):
            collected.add("C02", "digest-pinned-image", file, "base image pinned by sha256 digest", number)
    for file in project.select(kinds=frozenset({FileKind.COMPOSE})):
        for number, line in project.matching_lines(file, _DIGEST_IMAGE):
            collected.add("C02", "digest-pinned-image", file, "service image pinned by sha256 digest", number)

    for file in project.files:
        name = name_of(file).lower()
        if file.kind is FileKind.REQUIREMENTS or (name.startswith("requirements") and name.endswith(".txt")):
            found = project.first_match(file, _REQUIREMENT_HASH)
            if found:
                collected.add("C02", "hashed-lockfile", file, "requirements pinned with sha256 hashes", found[0])
                collected.add("C05", "hashed-lockfile", file, "requirements pinned with sha256 hashes", found[0])
        elif name in _HASHED_LOCKFILES:
            found = project.first_match(file, _HASHED_LOCKFILES[name])
            if found:
                collected.add("C02", "hashed-lockfile", file, f"{name_of(file)} records a hash for each package", found[0])
                collected.add("C05", "hashed-lockfile", file, f"{name_of(file)} records a hash for each package", found[0])

    for file in project.select(test=lambda file: file.kind in _BUILD_TEXT_KINDS or name_of(file).endswith(".nix")):
        found = project.first_match(file, _SOURCE_DATE_EPOCH)
        if found:
            collected.add("C02", "source-date-epoch", file, "SOURCE_DATE_EPOCH fixes build timestamps", found[0])
        found = project.first_match(file, _FROZEN_INSTALL)
        if found:
            collected.add("C02", "frozen-install", file, "install step refuses to change the lockfile: "
                          + found[1].strip()[:120], found[0])


def is_ci_file(file: SourceFile) -> bool:
    return file.kind is FileKind.CI_CONFIG or any(
        file.path.startswith(prefix) or file.path == prefix for prefix in _CI_PATHS
    )


def _change_discipline(project: ProjectText, collected: Collected) -> None:
    tests = [
        file for file in project.files
        if _TEST_NAME.search(name_of(file)) or ("/tests/" in f"/{file.path}" and file.kind in CODE_KINDS)
    ]
    if tests:
        collected.add("C17", "tests", tests[0], f"{len(tests)} test file(s), the first shown")

    ci_files = [file for file in project.files if is_ci_file(file)]
    for file in ci_files:
        collected.add("C17", "ci", file, "continuous integration configuration")

    unpinned = []
    pinned = 0
    for file in ci_files:
        for number, line in project.matching_lines(file, _ACTION_USE):
            action = _ACTION_USE.match(line).group(1)
            if action.startswith(("./", "docker://")):
                continue
            if _SHA_REF.search(action):
                pinned += 1
            else:
                unpinned.append((file, number, action))
    for file, number, action in unpinned:
        collected.note("unpinned-action", file, f"action {action} is not pinned by commit sha", number)
    if ci_files and not unpinned:
        detail = f"all {pinned} third-party actions pinned by commit sha" if pinned else "no third-party CI actions"
        collected.add("C17", "ci-pinned", ci_files[0], detail)
