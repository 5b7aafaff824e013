"""Reading package-manager commands out of shell text: what is installed, and how."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tee_audit.dockerfile.stages import split_words

_COMMAND_SEPARATOR = re.compile(r"&&|\|\||;|\||\n")
_PREFIXES = {"sudo", "env", "command", "exec", "nice", "time"}
_ARGUMENT_FLAGS = {
    "apt": {"-o", "-t", "--target-release", "--option", "-c", "--config-file"},
    "apk": {"-t", "--virtual", "-X", "--repository", "--repositories-file", "-p", "--root", "--cache-dir", "--arch"},
    "rpm": {"--setopt", "--releasever", "--installroot", "--enablerepo", "--disablerepo", "-c", "--config"},
    "pip": {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
            "--trusted-host", "--platform", "--python-version", "--implementation", "--abi"},
}


@dataclass(frozen=True)
class PackageCommand:
    """One package-manager command found in shell text."""

    manager: str
    """`apt`, `apk`, `rpm` (yum, dnf, microdnf, zypper) or `pip`."""
    action: str
    """`install` or `upgrade`."""
    packages: tuple[str, ...]
    flags: tuple[str, ...]
    requirement_files: tuple[str, ...]
    offset: int
    """Offset of the command's first character in the text."""
    text: str


def package_commands(text: str) -> list[PackageCommand]:
    """Find apt, apk, yum/dnf/microdnf/zypper and pip commands in `text`."""
    found: list[PackageCommand] = []
    position = 0
    for piece in _COMMAND_SEPARATOR.split(text):
        start = text.find(piece, position)
        position = start + len(piece)
        command = _read_command(piece, start)
        if command is not None:
            found.append(command)
    return found


def _read_command(piece: str, offset: int) -> PackageCommand | None:
    words = split_words(piece)
    while words and (words[0] in _PREFIXES or "=" in words[0] or (words[0].startswith("-") and words[0] != "-m")):
        words = words[1:]
    if not words:
        return None

    program = words[0].rsplit("/", 1)[-1]
    rest = words[1:]
    manager = ""
    if program in ("apt-get", "apt", "aptitude"):
        manager = "apt"
    elif program == "apk":
        manager = "apk"
    elif program in ("yum", "dnf", "microdnf", "tdnf", "zypper"):
        manager = "rpm"
    elif re.fullmatch(r"pip[0-9.]*", program):
        manager = "pip"
    elif re.fullmatch(r"python[0-9.]*", program) and rest[:2] == ["-m", "pip"]:
        manager, rest = "pip", rest[2:]
    elif program == "uv" and rest[:1] == ["pip"]:
        manager, rest = "pip", rest[1:]
    if not manager:
        return None

    verbs = [word for word in rest if not word.startswith("-")]
    verb = verbs[0] if verbs else ""
    if verb in ("install", "add", "in"):
        action = "install"
    elif verb in ("upgrade", "dist-upgrade", "full-upgrade", "update", "up", "dup") and not (
        manager in ("apt", "apk") and verb == "update"
    ):
        action = "upgrade"
    else:
        return None
    if manager == "pip" and action == "upgrade":
        return None

    after = rest[rest.index(verb) + 1:]
    packages, flags, requirement_files = _split_arguments(manager, after)
    return PackageCommand(manager, action, tuple(packages), tuple(flags), tuple(requirement_files), offset, piece)


def _split_arguments(manager: str, words: list[str]) -> tuple[list[str], list[str], list[str]]:
    packages: list[str] = []
    flags: list[str] = []
    requirement_files: list[str] = []
    takes_argument = _ARGUMENT_FLAGS.get(manager, set())
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word in ("-r", "--requirement", "-c", "--constraint") and manager == "pip":
            if index < len(words):
                requirement_files.append(words[index])
                index += 1
            continue
        if manager == "pip" and word.startswith(("--requirement=", "--constraint=")):
            requirement_files.append(word.split("=", 1)[1])
            continue
        if manager == "pip" and word.startswith("-r") and len(word) > 2:
            requirement_files.append(word[2:])
            continue
        if word.startswith("-"):
            flags.append(word.split("=", 1)[0])
            if word in takes_argument and index < len(words):
                index += 1
            continue
        packages.append(word)
    return packages, flags, requirement_files


def is_pinned(manager: str, package: str) -> bool:
    """Tell whether `package` names an exact version for `manager`."""
    if manager == "apt":
        return "=" in package or package.endswith(".deb")
    if manager == "apk":
        return "=" in package or "~" in package
    if manager == "rpm":
        return "=" in package or bool(re.search(r"-\d", package)) or package.endswith(".rpm")
    return "==" in package or "@" in package
