"""Positive-evidence collectors for the checklist, one module per area.

`collect` runs them all over the project's text and returns scored signals,
facts that decide applicability, and the findings of the rating rules.
"""

from __future__ import annotations

from typing import Callable, Iterable

from tee_audit.checklist.evidence.attestation import collect_attestation
from tee_audit.checklist.evidence.base import Collected, ProjectText, Signal
from tee_audit.checklist.evidence.build import collect_build
from tee_audit.checklist.evidence.keys import collect_keys
from tee_audit.model import SourceFile

__all__ = ["Collected", "ProjectText", "Signal", "collect"]


def collect(files: Iterable[SourceFile], read_text: Callable[[SourceFile], str | None]) -> Collected:
    project = ProjectText(files, read_text)
    collected = Collected()
    for collector in (collect_build, collect_attestation, collect_keys):
        collected.extend(collector(project))
    return collected
