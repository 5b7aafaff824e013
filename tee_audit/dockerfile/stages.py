"""Build stages of a Dockerfile and the variable expansion `FROM` needs."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tee_audit.dockerfile.parser import Dockerfile, Instruction

_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-+])(?P<word>[^}]*))?\}|(?P<plain>[A-Za-z_]\w*))")


@dataclass(frozen=True)
class Stage:
    """One `FROM` and the instructions up to the next `FROM`."""

    index: int
    source: Instruction
    """The `FROM` instruction."""
    image: str
    """The image reference after ARG expansion, as written otherwise."""
    alias: str
    """The `AS name`, lower-cased, or empty."""
    parent_stage: "Stage | None"
    """The earlier stage this one builds on when `image` names a stage alias."""
    unresolved: bool
    """True when the reference still holds a variable no ARG default defines."""
    instructions: tuple[Instruction, ...]

    @property
    def is_scratch(self) -> bool:
        return self.image.lower() == "scratch"


def expand(text: str, variables: dict[str, str]) -> tuple[str, bool]:
    """Expand `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alternative}`.

    Returns the text and whether a variable stayed undefined (it expands to
    the empty string, as Docker does).
    """
    missing = False

    def replace(match: re.Match) -> str:
        nonlocal missing
        name = match.group("braced") or match.group("plain")
        operator = match.group("op") or ""
        value = variables.get(name)
        if operator in (":-", "-"):
            if value is None or (operator == ":-" and value == ""):
                return match.group("word")
            return value
        if operator in (":+", "+"):
            present = value is not None and (operator == "+" or value != "")
            return match.group("word") if present else ""
        if value is None:
            missing = True
            return ""
        return value

    return _VARIABLE.sub(replace, text), missing


def arg_defaults(instruction: Instruction) -> dict[str, str | None]:
    """Return the names an `ARG` declares with their defaults (None when absent)."""
    declared: dict[str, str | None] = {}
    for word in split_words(instruction.value):
        name, equals, default = word.partition("=")
        declared[name] = default if equals else None
    return declared


def split_words(text: str) -> list[str]:
    """Split shell-like words, keeping going on unbalanced quotes."""
    try:
        return shlex.split(text, comments=False, posix=True)
    except ValueError:
        return text.split()


def stages(dockerfile: Dockerfile) -> list[Stage]:
    """Split `dockerfile` into stages, expanding ARG defaults in each `FROM`.

    Docker expands `FROM` only with ARGs declared before the first `FROM`.
    NOTE: an ARG declared inside an earlier stage is used here as a fallback,
    because such Dockerfiles usually get the value from `--build-arg` and a
    guessed registry is more useful to report than an empty one.
    """
    global_args: dict[str, str] = {}
    stage_args: dict[str, str] = {}
    found: list[Stage] = []
    pending: list[tuple[Instruction, list[Instruction]]] = []

    for instruction in dockerfile.instructions:
        if instruction.keyword == "FROM":
            pending.append((instruction, []))
            continue
        if instruction.keyword == "ARG":
            target = stage_args if pending else global_args
            for name, default in arg_defaults(instruction).items():
                if default is not None:
                    target[name] = default
        if pending:
            pending[-1][1].append(instruction)

    by_alias: dict[str, Stage] = {}
    for index, (source, body) in enumerate(pending):
        words = split_words(source.value)
        reference = words[0] if words else ""
        alias = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
        image, missing = expand(reference, {**stage_args, **global_args})
        parent = by_alias.get(image.lower())
        stage = Stage(index, source, image, alias, parent, missing, tuple(body))
        found.append(stage)
        if alias:
            by_alias[alias] = stage
    return found
