"""The per-check rules that turn evidence and findings into a status.

A policy either scores positive evidence (each kind of evidence is worth
points, up to 10), or, for checks about hazards the analyzers look for,
starts at 10 when the files those analyzers read are present. Findings then
lower the score in `grading`. The check modules (`provenance`, `hardening`,
`trust`, `operations`) declare one policy per check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable

from tee_audit.checklist.evidence import Collected
from tee_audit.model import Evidence, FileKind, SourceFile


@dataclass(frozen=True)
class Component:
    """One kind of positive evidence and what it is worth."""

    key: str
    points: int
    advice: str
    """Advice shown when this evidence is missing."""


@dataclass(frozen=True)
class Context:
    """The project data a policy may read besides findings."""

    files: tuple[SourceFile, ...]
    collected: Collected

    def kinds(self) -> Counter:
        return Counter(file.kind for file in self.files)

    def fact(self, name: str) -> list[Evidence]:
        return self.collected.facts.get(name, [])

    def collected_has(self, check_id: str) -> bool:
        """Tell whether the collectors found any positive evidence for `check_id`."""
        return any(signal.evidence.check == check_id for signal in self.collected.signals)


Applicability = Callable[[Context], "str | None"]
"""Return why the check does not apply to the project, or None when it does."""


def always(context: Context) -> str | None:
    return None


def needs_kinds(kinds: frozenset[FileKind], absent: str) -> Applicability:
    """Make the check apply only to projects with files of one of `kinds`."""

    def applies(context: Context) -> str | None:
        return None if any(file.kind in kinds for file in context.files) else absent

    return applies


@dataclass(frozen=True)
class CheckPolicy:
    """The rating logic of one check."""

    check_id: str
    components: tuple[Component, ...] = ()
    """Evidence that earns points; empty for hazard checks, which start at 10."""
    scope: frozenset[FileKind] = frozenset()
    """For hazard checks: the file kinds whose analysis counts as evidence."""
    scope_names: frozenset[str] = frozenset()
    """File names (lower case) that count like `scope`, whatever their kind."""
    applies: Applicability = always
    no_evidence: str = "No positive evidence was found, so a reviewer must decide."
    """Reason shown when an evidence check finds nothing at all."""
    advice: tuple[str, ...] = field(default=())
    """General ways to raise the score, shown after the missing evidence."""
    explain: Callable[[Context], "tuple[str, ...]"] = lambda context: ()
    """Extra, project-specific improvement notes (such as unpinned actions)."""
    manual_only: bool = False

    def in_scope(self, file: SourceFile) -> bool:
        return file.kind in self.scope or PurePosixPath(file.path).name.lower() in self.scope_names

    @property
    def scores_evidence(self) -> bool:
        return bool(self.components)
