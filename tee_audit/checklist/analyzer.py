"""The rating's collectors as a project analyzer, so the pipeline can run
their rules before suppression and baselines.

`rate` runs the same collectors itself. When the pipeline has already run
this analyzer, `rate` recognises each rule finding by its fingerprint and
keeps the pipeline's copy, so an inline suppression of it still applies.
"""

from __future__ import annotations

from tee_audit.analyzers.base import FileResult, ProjectAnalyzer
from tee_audit.checklist.evidence import collect
from tee_audit.model import SourceFile


class ChecklistEvidenceAnalyzer(ProjectAnalyzer):
    """Report the rating rules' findings and the positive evidence the collectors find."""

    name = "checklist-evidence"

    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        collected = collect(files, read_text)
        return FileResult(
            findings=list(collected.findings),
            evidence=[signal.evidence for signal in collected.signals],
        )
