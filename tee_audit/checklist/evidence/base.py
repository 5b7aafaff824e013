"""Shared pieces of the positive-evidence collectors.

Collectors read the project's files as text through the pipeline's
`read_text` and match patterns line by line. They never import, build or run
anything of the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable, Iterable, Iterator

from tee_audit.checklist.evidence.literals import may_match
from tee_audit.model import Evidence, FileKind, Finding, SourceFile

CODE_KINDS = frozenset(
    {FileKind.PYTHON, FileKind.JAVASCRIPT, FileKind.TYPESCRIPT, FileKind.GO, FileKind.RUST, FileKind.SHELL}
)
"""Kinds that hold program code, as opposed to configuration or docs."""

DOC_SUFFIXES = frozenset({".md", ".rst", ".txt", ".adoc"})


@dataclass(frozen=True)
class Signal:
    """One piece of positive evidence with the key a check policy scores it by."""

    key: str
    evidence: Evidence


@dataclass
class Collected:
    """The collectors' output: scored signals, facts and findings of the rating rules."""

    signals: list[Signal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, list[Evidence]] = field(default_factory=dict)
    """Observations that are not positive evidence but change a check's
    applicability or reason, such as a quote being produced or a file write."""

    def add(self, check: str, key: str, file: SourceFile, description: str, line: int = 0) -> None:
        self.signals.append(Signal(key, Evidence(check, file.path, description, line)))

    def note(self, fact: str, file: SourceFile, description: str, line: int = 0) -> None:
        self.facts.setdefault(fact, []).append(Evidence("", file.path, description, line))

    def extend(self, other: "Collected") -> None:
        self.signals.extend(other.signals)
        self.findings.extend(other.findings)
        for fact, items in other.facts.items():
            self.facts.setdefault(fact, []).extend(items)


class ProjectText:
    """The discovered files with their decoded text, read once each."""

    def __init__(self, files: Iterable[SourceFile], read_text: Callable[[SourceFile], str | None]):
        self.files = sorted(files, key=lambda file: file.path)
        self._read_text = read_text
        self._cache: dict[str, str | None] = {}
        self._folded: dict[str, str] = {}

    def text(self, file: SourceFile) -> str | None:
        if file.path not in self._cache:
            self._cache[file.path] = self._read_text(file)
        return self._cache[file.path]

    def select(self, *, kinds: frozenset[FileKind] | None = None, test: Callable[[SourceFile], bool] | None = None):
        for file in self.files:
            if kinds is not None and file.kind not in kinds:
                continue
            if test is not None and not test(file):
                continue
            yield file

    def first_match(self, file: SourceFile, pattern: re.Pattern) -> tuple[int, str] | None:
        """Return the first line number and line of `file` matching `pattern`."""
        for number, line in self.matching_lines(file, pattern):
            return number, line
        return None

    def folded(self, file: SourceFile) -> str:
        """Return the file's text case-folded, for `literals.may_match`."""
        if file.path not in self._folded:
            self._folded[file.path] = (self.text(file) or "").casefold()
        return self._folded[file.path]

    def contains(self, file: SourceFile, pattern: re.Pattern) -> bool:
        """Tell whether `pattern` matches anywhere in the file's text, across lines too."""
        text = self.text(file)
        return bool(text) and may_match(pattern, self.folded(file)) and pattern.search(text) is not None

    def matching_lines(self, file: SourceFile, pattern: re.Pattern) -> Iterator[tuple[int, str]]:
        """Yield the line numbers and lines of `file` that `pattern` matches."""
        text = self.text(file)
        if not text or not may_match(pattern, self.folded(file)):
            return
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                yield number, line

    def by_name(self, *names: str) -> list[SourceFile]:
        wanted = {name.lower() for name in names}
        return [file for file in self.files if PurePosixPath(file.path).name.lower() in wanted]


def name_of(file: SourceFile) -> str:
    return PurePosixPath(file.path).name


def is_doc(file: SourceFile) -> bool:
    return PurePosixPath(file.path).suffix.lower() in DOC_SUFFIXES or name_of(file).upper().startswith("README")
