"""The two shapes of analyzer the pipeline runs.

A `FileAnalyzer` sees one decoded file at a time, so files can be analysed in
any order and in parallel. A `ProjectAnalyzer` sees the list of all
discovered files at once, for work that needs the whole tree (one Semgrep
process, cross-file data flow, the SBOM). Neither prints, exits or reads
configuration; both return plain results.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from tee_audit.model import Evidence, FileKind, Finding, Skipped, SourceFile


@dataclass
class FileResult:
    """Findings, skipped files, evidence and notices from one analyzer; the pipeline merges these."""

    findings: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Analyses that could not run; the scan then exits 2."""
    artifacts: dict = field(default_factory=dict)
    """Picklable project-level data for reports, such as the dependency
    inventory, keyed by a name its consumer looks up."""

    def extend(self, other: "FileResult") -> None:
        self.findings.extend(other.findings)
        self.skipped.extend(other.skipped)
        self.evidence.extend(other.evidence)
        self.notices.extend(other.notices)
        self.failures.extend(other.failures)
        self.artifacts.update(other.artifacts)


class FileAnalyzer(ABC):
    """Analyse one file of the kinds in `kinds`."""

    name: str = ""
    kinds: frozenset[FileKind] = frozenset()

    def accepts(self, file: SourceFile) -> bool:
        return file.kind in self.kinds

    @abstractmethod
    def analyze(self, file: SourceFile, text: str) -> FileResult:
        """Return findings for `file`, whose decoded content is `text`.

        Raise nothing for bad input: a file that cannot be parsed becomes a
        `Skipped` entry with the reason. The pipeline still guards each call
        and records an unexpected exception as an analyzer error for that
        file and that analyzer only.
        """


class ProjectAnalyzer(ABC):
    """Analyse the whole set of discovered files at once."""

    name: str = ""
    kinds: frozenset[FileKind] | None = None
    """The file kinds whose content the result depends on; None means all.
    The result cache reuses a result while those files are unchanged."""
    runs_in_subprocess: bool = False
    """True when the work happens in an external program, so the pipeline
    starts it before the per-file analysis instead of after it."""

    def cancel(self) -> None:
        """Stop work running in another program, when the scan is interrupted."""

    @abstractmethod
    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        """Return findings for the project under `root`.

        `read_text(file)` returns the decoded text of a discovered file, or
        None when the file could not be decoded (it is then already listed as
        skipped), so project analyzers share the pipeline's decoding rules.
        """


class SummarizingAnalyzer(ABC):
    """Analyse files one by one into summaries, then combine them.

    `summarize` runs in worker processes and its result is cached per file
    content, so it must return picklable data; `combine` runs once in the
    main process over every summary, for cross-file work such as data flow
    through calls between modules.
    """

    name: str = ""
    kinds: frozenset[FileKind] = frozenset()

    def accepts(self, file: SourceFile) -> bool:
        return file.kind in self.kinds

    @abstractmethod
    def summarize(self, file: SourceFile, text: str):
        """Return a picklable summary of one file, or a FileResult with
        skipped entries when the file cannot be analysed."""

    @abstractmethod
    def combine(self, summaries: dict) -> FileResult:
        """Return the findings for all files from their summaries, keyed by path."""
