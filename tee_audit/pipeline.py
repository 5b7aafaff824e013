"""The scan pipeline: discover, read, analyse, suppress, filter.

Each file is read once and decoded by `textio`. Every analyzer runs inside
its own guard, so one analyzer failing on one file loses only that
analyzer's results for that file, recorded as a skipped entry that names
the analyzer. The result is plain data for the rating and the renderers.
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from tee_audit import registry, textio
from tee_audit.analyzers import catalog_of_analyzers
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.catalog.hardcoded_secrets import TEXT_LEVEL_RULE_IDS
from tee_audit.cache import ResultCache, default_cache_dir, analysis_digest
from tee_audit.config import Config
from tee_audit.discover import classify, discover
from tee_audit.model import (
    Evidence, FileKind, Finding, Skipped, SkipReason, SourceFile,
)
from tee_audit.suppress import SuppressionProblem, apply_suppressions, parse_suppressions

logger = logging.getLogger("tee_audit")

# Kinds whose files are analysed for structure; a failure to read one of
# these means part of the project went unchecked.
SOURCE_KINDS = frozenset(FileKind) - {FileKind.OTHER, FileKind.TEXT}

# Skip reasons that mean a path contains no source to analyse, rather than
# that its analysis failed.
NOT_A_SOURCE_PROBLEM = frozenset({SkipReason.BINARY, SkipReason.SPECIAL_FILE, SkipReason.SYMLINK_LOOP})


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
    """Findings left out because the baseline already contains them."""
    artifacts: dict = field(default_factory=dict)
    """Project-level data from analyzers, such as the dependency inventory."""

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
            if entry.reason not in NOT_A_SOURCE_PROBLEM and kinds.get(entry.path, classify(entry.path)) in SOURCE_KINDS
        )


@dataclass
class TextCache:
    """Decoded file contents, each file read at most once per cache instance."""

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


def read_bytes(file: SourceFile, max_file_size: int) -> tuple[bytes | None, Skipped | None]:
    """Read a file within the size limit, or return the skipped entry that gives the reason it could not be read."""
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
    return data, None


def decode_source(file: SourceFile, data: bytes) -> tuple[str | None, Skipped | None]:
    """Decode a file's bytes; return its text and, when something went
    wrong, the skipped entry that describes the problem.

    Invalid UTF-8 still yields text (with replacement characters) so
    text-level checks run, together with a skipped entry giving the offset.
    """
    try:
        decoded = textio.decode(data, python=file.kind is FileKind.PYTHON)
    except textio.BinaryFile as error:
        return None, Skipped(file.path, SkipReason.BINARY, str(error))
    if decoded.problem:
        return decoded.text, Skipped(file.path, SkipReason.DECODE_ERROR, decoded.problem)
    return decoded.text, None


def read_source(file: SourceFile, max_file_size: int) -> tuple[str | None, Skipped | None]:
    """Read and decode one file (see `read_bytes` and `decode_source`)."""
    data, skipped = read_bytes(file, max_file_size)
    if data is None:
        return None, skipped
    return decode_source(file, data)


class FileTimeout(BaseException):
    """Raised by the alarm when one analyzer overruns its time on one file.

    A BaseException, so an analyzer's own `except Exception` cannot swallow it.
    """


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the block after `seconds` with `FileTimeout`.

    The alarm interrupts the analysis in place, so the worker process goes
    on with its next file instead of being left stuck. Signals reach only
    the main thread, so elsewhere (or with no limit) the block runs unbounded.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_guarded(analyzer_name: str, path: str, call: Callable[[], FileResult], seconds: float = 0) -> FileResult:
    try:
        with _time_limit(seconds):
            return call()
    except FileTimeout:
        return FileResult(skipped=[Skipped(path, SkipReason.TIMEOUT, f"{analyzer_name}: over the limit of {seconds:g} s per file")])
    except RecursionError:
        return FileResult(skipped=[Skipped(path, SkipReason.TOO_DEEP, f"{analyzer_name}: nesting too deep to analyse")])
    except Exception as error:  # noqa: BLE001 - isolate one analyzer's failure, record it, keep the rest.
        logger.debug("analyzer %s failed on %s", analyzer_name, path, exc_info=True)
        detail = f"{analyzer_name} failed: {type(error).__name__}"
        return FileResult(skipped=[Skipped(path, SkipReason.ANALYZER_ERROR, detail)])


def analyze_file(file: SourceFile, text: str, analyzers: list[FileAnalyzer], seconds: float = 0) -> FileResult:
    """Run every file analyzer that accepts `file`, each in its own guard
    and within `seconds` (0: no limit)."""
    result = FileResult()
    for analyzer in analyzers:
        if analyzer.accepts(file):
            result.extend(_run_guarded(analyzer.name, file.path, lambda: analyzer.analyze(file, text), seconds))
    return result


@dataclass
class FileOutcome:
    """Everything the per-file stage produced for one file; picklable, so it
    can come back from a worker process or from the cache."""

    path: str
    digest: str = ""
    result: FileResult = field(default_factory=FileResult)
    summaries: dict = field(default_factory=dict)
    """Per-analyzer summaries of the file, for summarizing analyzers."""
    stored_summaries: tuple[str, ...] = ()
    """Analyzers whose summary of this file is in the cache under `summaries_key`
    instead of in `summaries`. A warm run reads it only when the combined
    result is not cached too."""
    summaries_key: str = ""
    suppressions: list = field(default_factory=list)
    suppression_problems: list = field(default_factory=list)
    read_problem: Skipped | None = None


class _Worker:
    """The analyzers of one process, built once and reused for every file."""

    current: "_Worker | None" = None

    def __init__(self, config: Config, project_checks: bool, cache_salt: str | None) -> None:
        self.config = config
        self.file_analyzers, self.summarizers, _ = catalog_of_analyzers(config, project_checks=project_checks)
        self.cache = ResultCache(default_cache_dir(), cache_salt) if cache_salt else None

    def process(self, file: SourceFile) -> FileOutcome:
        data, skipped = read_bytes(file, self.config.max_file_size)
        if data is None:
            return FileOutcome(file.path, read_problem=skipped)
        key = ""
        if self.cache:
            key = self.cache.key(file.path, file.kind.value, data)
            cached = self.cache.get(key)
            if isinstance(cached, FileOutcome):
                return cached
        outcome = self._analyze(file, data)
        outcome.digest = hashlib.sha256(data).hexdigest()
        # A timeout depends on the machine's load, not on the file, so it is not kept.
        timed_out = any(entry.reason is SkipReason.TIMEOUT for entry in outcome.result.skipped)
        if self.cache and not timed_out:
            _store(self.cache, key, outcome)
        return outcome

    def _analyze(self, file: SourceFile, data: bytes) -> FileOutcome:
        text, problem = decode_source(file, data)
        outcome = FileOutcome(file.path, read_problem=problem)
        if text is None:
            return outcome
        seconds = self.config.max_file_seconds
        outcome.result = analyze_file(file, text, self.file_analyzers, seconds)
        for analyzer in self.summarizers:
            if analyzer.accepts(file):
                summary = _run_guarded(analyzer.name, file.path, lambda: analyzer.summarize(file, text), seconds)
                if isinstance(summary, FileResult):
                    outcome.result.extend(summary)
                else:
                    outcome.summaries[analyzer.name] = summary
        outcome.suppressions, outcome.suppression_problems = parse_suppressions(file.path, text)
        return outcome


def _store(cache: ResultCache, key: str, outcome: FileOutcome) -> None:
    """Cache an outcome, with its summaries in an entry of their own.

    Summaries are most of an outcome's size (a large project's data-flow
    form), and a warm run whose combined result is cached never reads them.
    """
    if not outcome.summaries:
        cache.put(key, outcome)
        return
    summaries_key = cache.key(key, "summaries")
    cache.put(summaries_key, outcome.summaries)
    cache.put(key, replace(outcome, summaries={}, stored_summaries=tuple(sorted(outcome.summaries)),
                           summaries_key=summaries_key))


def _start_worker(config: Config, project_checks: bool, cache_salt: str | None) -> None:
    """Build a worker's analyzers and make the worker ignore SIGINT.

    The terminal sends an interrupt to every process of the group, and a
    worker interrupted inside concurrent.futures prints a traceback. The
    main process gets the same SIGINT and stops the workers (`_stop_pool`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _Worker.current = _Worker(config, project_checks, cache_salt)


def _process_chunk(files: list[SourceFile]) -> list[FileOutcome]:
    return [_Worker.current.process(file) for file in files]


# Below this much source a process pool costs more than it saves: starting
# the workers and importing the analyzers in each takes about a second, and
# 256 KiB of Python (some 6,000 lines) takes about as long to analyse.
PARALLEL_MIN_BYTES = 256 * 1024
MAX_CHUNK_SIZE = 16
CHUNKS_PER_JOB = 4


def _process_files(files: list[SourceFile], config: Config, project_checks: bool, cache_salt: str | None, progress):
    """Return one outcome per file, in the order of `files`.

    Cached and unreadable files are settled here first, so a warm run
    starts no worker and imports no analyzer; only the rest are analysed.
    """
    cache = ResultCache(default_cache_dir(), cache_salt) if cache_salt else None
    settled: dict[str, FileOutcome] = {}
    pending: list[SourceFile] = []
    for file in files:
        outcome = _settled_outcome(file, config.max_file_size, cache)
        if outcome is None:
            pending.append(file)
        else:
            settled[file.path] = outcome

    counter = _ProgressCounter(progress, len(files))
    counter.add(list(settled.values()))
    for outcome in _analyze_pending(pending, config, project_checks, cache_salt, counter):
        settled[outcome.path] = outcome
    return [settled[file.path] for file in files]


def _settled_outcome(file: SourceFile, max_file_size: int, cache: ResultCache | None) -> FileOutcome | None:
    """Return the outcome of a file that cannot be read or is in the cache, else None.

    Without a cache nothing is read here: the worker reads the file once and
    reports a read problem itself.
    """
    if cache is None:
        return None
    data, skipped = read_bytes(file, max_file_size)
    if data is None:
        return FileOutcome(file.path, read_problem=skipped)
    cached = cache.get(cache.key(file.path, file.kind.value, data))
    if not isinstance(cached, FileOutcome):
        return None
    if cached.summaries_key and not cache.has(cached.summaries_key):
        return None
    return cached


@dataclass
class _ProgressCounter:
    """Feeds the progress callback with files done and findings so far."""

    callback: Callable[[int, int, int], None] | None
    total: int
    done: int = 0
    findings: int = 0

    def add(self, outcomes: list[FileOutcome]) -> None:
        self.done += len(outcomes)
        self.findings += sum(len(outcome.result.findings) for outcome in outcomes)
        if self.callback and outcomes:
            self.callback(self.done, self.total, self.findings)


def _analyze_pending(files: list[SourceFile], config: Config, project_checks: bool, cache_salt: str | None,
                     counter: _ProgressCounter):
    """Analyse `files` in this process or, when there is enough source, in a pool; yield each outcome."""
    jobs = config.jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < 2 or sum(file.size for file in files) < PARALLEL_MIN_BYTES:
        worker = _Worker(config, project_checks, cache_salt) if files else None
        for file in files:
            outcome = worker.process(file)
            counter.add([outcome])
            yield outcome
        return

    # Several small chunks per worker keep both busy to the end even when a
    # few files are much larger than the rest.
    chunk_size = max(1, min(MAX_CHUNK_SIZE, len(files) // (jobs * CHUNKS_PER_JOB)))
    chunks = [files[index:index + chunk_size] for index in range(0, len(files), chunk_size)]
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(config, project_checks, cache_salt))
    finished = False
    try:
        for chunk_outcomes in pool.map(_process_chunk, chunks):
            counter.add(chunk_outcomes)
            yield from chunk_outcomes
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Drop the queued chunks and end the workers, after an interrupt or an error in this process.

    Workers ignore SIGINT, so an interrupt cannot print a traceback from
    each of them; they are terminated here instead. `_processes` is
    private to concurrent.futures (CPython 3.11), which has no public way
    to stop a worker in the middle of a task.
    """
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def scan(
    paths: list[str],
    config: Config,
    *,
    project_checks: bool = True,
    progress: Callable[[int, int, int], None] | None = None,
) -> ScanReport:
    """Scan `paths` with every analyzer and return the filtered report.

    Files are analysed in worker processes (`config.jobs`), each result
    cached by content unless `config.cache` is off. `project_checks` runs
    the whole-project analyzers (dependency files and the SBOM); pre-commit
    runs on a few named files turn it off.
    """
    started = time.perf_counter()
    discovery = discover(paths, excludes=config.exclude)
    logger.info("found %d files under %s (%d not readable)", len(discovery.files), discovery.root, len(discovery.skipped))
    _, summarizers, project_analyzers = catalog_of_analyzers(config, project_checks=project_checks)
    cache_salt = _cache_salt(config, project_checks) if config.cache else None
    # Online responses change without any file changing, so they are never reused.
    result_cache = ResultCache(default_cache_dir(), cache_salt) if cache_salt and not config.online else None

    # Analyzers that work in another program (Semgrep) run beside the
    # per-file analysis; their thread mostly waits on that program.
    early = {analyzer.name: _in_background(_run_early, analyzer, discovery, config, result_cache)
             for analyzer in project_analyzers if analyzer.runs_in_subprocess}
    try:
        total, suppressions, malformed = _analyze(discovery, config, cache_salt, result_cache, summarizers,
                                                  project_analyzers, early, project_checks, progress)
    except BaseException:
        for analyzer in project_analyzers:
            analyzer.cancel()
        raise

    logger.info("analysed %d files in %.1f s", len(discovery.files), time.perf_counter() - started)
    return _finish(discovery.root, discovery.files, total, suppressions, malformed, config)


def _in_background(function: Callable, *arguments) -> Future:
    """Run `function` on a daemon thread, so an interrupted scan never waits for it at exit."""
    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(function(*arguments))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)

    threading.Thread(target=work, name="tee-audit-project", daemon=True).start()
    return future


def _analyze(discovery, config: Config, cache_salt, result_cache, summarizers, project_analyzers, early: dict,
             project_checks: bool, progress):
    """Run the per-file analysis, then combine summaries and run the project analyzers.

    Returns the joined result, the suppression comments and the malformed ones.
    """
    outcomes = _process_files(discovery.files, config, project_checks, cache_salt, progress)

    total = FileResult(skipped=list(discovery.skipped))
    suppressions, malformed = [], []
    summaries: dict[str, dict] = {analyzer.name: {} for analyzer in summarizers}
    for outcome in outcomes:
        total.extend(outcome.result)
        if outcome.read_problem:
            total.skipped.append(outcome.read_problem)
        suppressions.extend(outcome.suppressions)
        malformed.extend(outcome.suppression_problems)
        for name, summary in outcome.summaries.items():
            summaries[name][outcome.path] = summary
        for name in outcome.stored_summaries:
            summaries[name][outcome.path] = _StoredSummary(outcome.summaries_key, name)

    texts = TextCache(config.max_file_size)
    digests = {outcome.path: outcome.digest for outcome in outcomes}
    for analyzer in summarizers:
        total.extend(_combine_summaries(analyzer, summaries[analyzer.name], digests, result_cache))
    for analyzer in project_analyzers:
        if analyzer.name in early:
            result, skipped = early[analyzer.name].result()
            total.extend(result)
            texts.skipped.update(skipped)
        else:
            total.extend(_run_project_analyzer(analyzer, discovery, texts, digests, result_cache))
    known_skips = {(entry.path, entry.reason) for entry in total.skipped}
    total.skipped.extend(entry for entry in texts.skipped.values() if (entry.path, entry.reason) not in known_skips)
    return total, suppressions, malformed


@dataclass(frozen=True)
class _StoredSummary:
    """A summary left in the cache until the combined result turns out to be needed."""

    key: str
    analyzer: str


def _combine_summaries(analyzer, summaries: dict, digests: dict[str, str], result_cache) -> FileResult:
    """Combine one summarizing analyzer's summaries, reusing the last result
    while the summarised files are unchanged: the cross-file pass over a
    large project dominated a warm run once every file came from the cache."""
    key = ""
    if result_cache is not None:
        key = result_cache.key(f"combine:{analyzer.name}", *(f"{path}={digests.get(path, '')}" for path in sorted(summaries)))
        cached = result_cache.get(key)
        if isinstance(cached, FileResult):
            return cached
    summaries = _load_stored(summaries, result_cache)
    result = _run_guarded(analyzer.name, ".", lambda: analyzer.combine(summaries))
    if result_cache is not None and not result.failures:
        result_cache.put(key, result)
    return result


def _load_stored(summaries: dict, result_cache) -> dict:
    """Replace stored-summary placeholders with the summaries read from the cache.

    A summary whose entry vanished since the file was settled (a cache
    cleaned meanwhile) is left out, so that file takes no part in the
    cross-file pass of this run.
    """
    loaded = {}
    for path, summary in summaries.items():
        if isinstance(summary, _StoredSummary):
            stored = result_cache.get(summary.key) if result_cache is not None else None
            summary = stored.get(summary.analyzer) if isinstance(stored, dict) else None
            if summary is None:
                logger.warning("the cached summary of %s vanished during the scan; rerun to include it", path)
                continue
        loaded[path] = summary
    return loaded


def _run_early(analyzer, discovery, config: Config, result_cache) -> tuple[FileResult, dict[str, Skipped]]:
    """Run a project analyzer before the per-file results exist, hashing the files it reads itself.

    Returns its result and the files its own text cache could not read.
    """
    texts = TextCache(config.max_file_size)
    digests = {}
    if result_cache is not None:
        for file in discovery.files:
            if analyzer.kinds is None or file.kind in analyzer.kinds:
                data, _ = read_bytes(file, config.max_file_size)
                digests[file.path] = hashlib.sha256(data).hexdigest() if data is not None else ""
    return _run_project_analyzer(analyzer, discovery, texts, digests, result_cache), texts.skipped


def _run_project_analyzer(analyzer, discovery, texts: TextCache, digests: dict[str, str], result_cache) -> FileResult:
    """Run one project analyzer, reusing its last result while the files it
    depends on are unchanged."""
    key = ""
    started = time.perf_counter()
    if result_cache is not None:
        relevant = [file for file in discovery.files if analyzer.kinds is None or file.kind in analyzer.kinds]
        key = result_cache.key(analyzer.name, str(discovery.root), *(f"{file.path}={digests.get(file.path, '')}" for file in relevant))
        cached = result_cache.get(key)
        if isinstance(cached, FileResult):
            logger.info("%s: reused the cached result", analyzer.name)
            return cached
    result = _run_guarded(analyzer.name, ".", lambda: analyzer.analyze_project(str(discovery.root), discovery.files, texts.read))
    logger.info("%s: %d findings in %.1f s", analyzer.name, len(result.findings), time.perf_counter() - started)
    if result_cache is not None and not result.failures:
        result_cache.put(key, result)
    return result


def _cache_salt(config: Config, project_checks: bool) -> str:
    """Everything besides a file's own bytes that changes its results."""
    database = ""
    # NOTE: a folder's mtime changes when files are added or removed, not
    # when one is edited in place; use --no-cache after editing a database.
    if config.vuln_db:
        try:
            info = os.stat(config.vuln_db)
            database = f"{os.path.abspath(config.vuln_db)}:{info.st_mtime_ns}:{info.st_size}"
        except OSError:
            database = config.vuln_db
    return "|".join([analysis_digest(), str(config.max_file_size), str(project_checks), database])


def _finish(root, files, total: FileResult, suppressions, malformed, config: Config) -> ScanReport:
    known = {rule.id for rule in registry.load()}
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
        artifacts=dict(total.artifacts),
    )


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per rule and place, because two analyzers (or two
    flows) may report the same spot, and drop a text-level secret finding
    where a parser-based analyzer reported a secret on the same line."""
    unique: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.rule_id, finding.location.path, finding.location.line, finding.location.column)
        kept = unique.get(key)
        if kept is None or (finding.severity, finding.confidence) > (kept.severity, kept.confidence):
            unique[key] = finding

    specific_secret_lines = {
        (finding.location.path, finding.location.line)
        for finding in unique.values()
        if finding.check == "C04" and finding.rule_id not in TEXT_LEVEL_RULE_IDS
    }
    return [
        finding for finding in unique.values()
        if finding.rule_id not in TEXT_LEVEL_RULE_IDS
        or (finding.location.path, finding.location.line) not in specific_secret_lines
    ]


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
