"""The rating's collectors as a project analyzer, so the pipeline can run
their rules before suppression and baselines.

The collected signals and facts travel in the result's artifacts, so `rate`
reuses them instead of reading every file again. `rate` recognises each rule
finding by its fingerprint and keeps the pipeline's copy, so an inline
suppression of it still applies.
"""

from __future__ import annotations

from tee_audit.analyzers.base import FileResult, ProjectAnalyzer
from tee_audit.checklist.evidence import collect
from tee_audit.model import SourceFile

COLLECTED_ARTIFACT = "checklist-collected"
"""Artifact key of the collectors' `Collected` output."""


class ChecklistEvidenceAnalyzer(ProjectAnalyzer):
    """Report the rating rules' findings and the positive evidence the collectors find."""

    name = "checklist-evidence"

    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        collected = collect(files, read_text)
        return FileResult(
            findings=list(collected.findings),
            evidence=[signal.evidence for signal in collected.signals],
            artifacts={COLLECTED_ARTIFACT: collected},
        )
