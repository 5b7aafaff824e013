"""The scan pipeline: discover, read, analyse, suppress, filter.

Each file is read once and decoded by `textio`. Every analyzer runs inside
its own guard, so one analyzer failing on one file loses only that
analyzer's results for that file, recorded as a skipped entry that names
the analyzer. The result is plain data for the rating and the renderers.
"""

from __future__ import annotations

import fnmatch
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from tee_audit import registry, textio
from tee_audit.analyzers import catalog_of_analyzers
from tee_audit.analyzers.base import FileAnalyzer, FileResult, ProjectAnalyzer
from tee_audit.config import Config
from tee_audit.discover import discover
from tee_audit.model import (
    Evidence, FileKind, Finding, Skipped, SkipReason, SourceFile,
)
from tee_audit.suppress import SuppressionProblem, apply_suppressions, parse_suppressions

logger = logging.getLogger("tee_audit")

# Kinds whose files are analysed for structure; a failure to read one of
# these means part of the project went unchecked.
SOURCE_KINDS = frozenset(FileKind) - {FileKind.OTHER, FileKind.TEXT}


@dataclass(frozen=True)
class ScanReport:
    """Everything a scan found, ready for rating and rendering."""

    root: Path
    files: tuple[SourceFile, ...]
    findings: tuple[Finding, ...]
    """Sorted; suppressed findings are included and flagged."""
    skipped: tuple[Skipped, ...]
    evidence: tuple[Evidence, ...]
    notices: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()
    suppression_problems: tuple[SuppressionProblem, ...] = ()
    """Malformed comments and unknown rule ids, always reported."""
    unused_suppressions: tuple[SuppressionProblem, ...] = ()
    baselined: int = 0
    """Findings left out because the baseline already holds them."""

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.suppressed)

    @property
    def source_skipped(self) -> tuple[Skipped, ...]:
        """Skipped entries that mean some analysis did not happen.

        Binary files and kinds tee-audit does not analyse are not counted.
        """
        kinds = {file.path: file.kind for file in self.files}
        return tuple(
            entry for entry in self.skipped
            if entry.reason is not SkipReason.BINARY and kinds.get(entry.path, FileKind.PYTHON) in SOURCE_KINDS
        )


@dataclass
class TextCache:
    """Decoded file contents, read at most once per scan."""

    max_file_size: int
    texts: dict[str, str | None] = field(default_factory=dict)
    skipped: dict[str, Skipped] = field(default_factory=dict)

    def read(self, file: SourceFile) -> str | None:
        if file.path not in self.texts:
            self.texts[file.path] = self._load(file)
        return self.texts[file.path]

    def _load(self, file: SourceFile) -> str | None:
        text, skipped = read_source(file, self.max_file_size)
        if skipped:
            self.skipped[file.path] = skipped
        return text


def read_source(file: SourceFile, max_file_size: int) -> tuple[str | None, Skipped | None]:
    """Read and decode one file; return its text and, when something went
    wrong, the skipped entry that says what.

    Invalid UTF-8 still yields text (with replacement characters) so
    text-level checks run, together with a skipped entry giving the offset.
    """
    if file.size > max_file_size:
        return None, Skipped(file.path, SkipReason.TOO_LARGE, f"{file.size} bytes, over the limit of {max_file_size}")
    try:
        with open(file.absolute, "rb") as handle:
            data = handle.read(max_file_size + 1)
    except FileNotFoundError:
        return None, Skipped(file.path, SkipReason.VANISHED, "file disappeared during the scan")
    except OSError as error:
        return None, Skipped(file.path, SkipReason.UNREADABLE, error.strerror or type(error).__name__)
    if len(data) > max_file_size:
        return None, Skipped(file.path, SkipReason.TOO_LARGE, f"grew over the limit of {max_file_size} bytes")

    try:
        decoded = textio.decode(data, python=file.kind is FileKind.PYTHON)
    except textio.BinaryFile as error:
        return None, Skipped(file.path, SkipReason.BINARY, str(error))
    if decoded.problem:
        return decoded.text, Skipped(file.path, SkipReason.DECODE_ERROR, decoded.problem)
    return decoded.text, None


def _run_guarded(analyzer_name: str, path: str, call: Callable[[], FileResult]) -> FileResult:
    try:
        return call()
    except RecursionError:
        return FileResult(skipped=[Skipped(path, SkipReason.TOO_DEEP, f"{analyzer_name}: nesting too deep to analyse")])
    except Exception as error:  # noqa: BLE001 - isolate one analyzer's failure, record it, keep the rest.
        logger.debug("analyzer %s failed on %s", analyzer_name, path, exc_info=True)
        detail = f"{analyzer_name} failed: {type(error).__name__}"
        return FileResult(skipped=[Skipped(path, SkipReason.ANALYZER_ERROR, detail)])


def analyze_file(file: SourceFile, text: str, analyzers: list[FileAnalyzer]) -> FileResult:
    """Run every file analyzer that accepts `file`, each in its own guard."""
    result = FileResult()
    for analyzer in analyzers:
        if analyzer.accepts(file):
            result.extend(_run_guarded(analyzer.name, file.path, lambda: analyzer.analyze(file, text)))
    return result


def scan(
    paths: list[str],
    config: Config,
    *,
    project_checks: bool = True,
    progress: Callable[[int, int, int], None] | None = None,
) -> ScanReport:
    """Scan `paths` with every analyzer and return the filtered report.

    `project_checks` runs the whole-project analyzers (SBOM and dependency
    checks); pre-commit runs on a few named files turn it off.
    """
    discovery = discover(paths, excludes=config.exclude)
    file_analyzers, project_analyzers = catalog_of_analyzers(config, project_checks=project_checks)
    cache = TextCache(config.max_file_size)
    total = FileResult(skipped=list(discovery.skipped))
    suppressions = []
    malformed: list[SuppressionProblem] = []

    for done, file in enumerate(discovery.files, start=1):
        text = cache.read(file)
        if text is not None:
            total.extend(analyze_file(file, text, file_analyzers))
            found, problems = parse_suppressions(file.path, text)
            suppressions.extend(found)
            malformed.extend(problems)
        if progress:
            progress(done, len(discovery.files), len(total.findings))

    for analyzer in project_analyzers:
        total.extend(_run_guarded(analyzer.name, ".", lambda: analyzer.analyze_project(str(discovery.root), discovery.files, cache.read)))
    total.skipped.extend(cache.skipped.values())

    return _finish(discovery.root, discovery.files, total, suppressions, malformed, config)


def _finish(root, files, total: FileResult, suppressions, malformed, config: Config) -> ScanReport:
    known = set(registry.load().rules)
    findings = _filter(_deduplicate(total.findings), config)
    findings, unknown, unused = apply_suppressions(findings, suppressions, known, enabled=True)
    findings.sort(key=Finding.sort_key)
    return ScanReport(
        root=root,
        files=tuple(files),
        findings=tuple(findings),
        skipped=tuple(sorted(set(total.skipped), key=lambda entry: (entry.path, entry.reason.value, entry.detail))),
        evidence=tuple(sorted(set(total.evidence), key=lambda item: (item.check, item.path, item.line, item.description))),
        notices=tuple(dict.fromkeys(total.notices)),
        failures=tuple(dict.fromkeys(total.failures)),
        suppression_problems=tuple(malformed + unknown),
        unused_suppressions=tuple(unused),
    )


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per rule and place, because two analyzers (or two
    flows) may report the same spot."""
    unique: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.rule_id, finding.location.path, finding.location.line, finding.location.column)
        kept = unique.get(key)
        if kept is None or (finding.severity, finding.confidence) > (kept.severity, kept.confidence):
            unique[key] = finding
    return list(unique.values())


def _matches_id(finding: Finding, ids: tuple[str, ...]) -> bool:
    return finding.rule_id in ids or finding.check in ids


def _filter(findings: list[Finding], config: Config) -> list[Finding]:
    kept = []
    for finding in findings:
        if config.select and not _matches_id(finding, config.select):
            continue
        if _matches_id(finding, config.ignore) or finding.confidence < config.min_confidence:
            continue
        if any(
            fnmatch.fnmatchcase(finding.location.path, pattern) and _matches_id(finding, ids)
            for pattern, ids in config.per_path_ignores.items()
        ):
            continue
        kept.append(finding)
    return kept


def without_baselined(report: ScanReport, keep: list[Finding]) -> ScanReport:
    """Return the report with only `keep` as findings, counting the rest as baselined."""
    return replace(report, findings=tuple(keep), baselined=len(report.findings) - len(keep))
