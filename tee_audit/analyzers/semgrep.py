"""Run the Semgrep packs of `rules/` over JS/TS, Go, Rust, shell and Makefiles.

One Semgrep process serves the whole scan, because its start-up (loading
the engine and parsing every rule) takes seconds, far longer than a typical
file. Semgrep runs offline: only local rule files, no metrics, no version
check, no registry.

The files reach Semgrep as copies of their decoded text in one private
staging folder, named by index with a suffix Semgrep maps to the right
language. One folder keeps the command line short however many files there
are, because Semgrep 1.187 cannot read its targets from a file. The neutral
names keep Semgrep's default ignore patterns (`tests/`, `node_modules/`,
`*.min.js`) from re-filtering our discovery. Explicit targets would fail in
two other ways: a symbolic link aborts the whole run, and a shell script
without a `.sh` suffix is silently skipped. Line numbers then refer to
exactly the text the rest of the pipeline reads.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from tee_audit.analyzers.base import FileResult, ProjectAnalyzer
from tee_audit.model import FileKind, Finding, Location, Skipped, SkipReason, SourceFile
from tee_audit.redact import redact_text
from tee_audit.registry import Registry, Rule, load, semgrep_rule_files, semgrep_rules_dir

KINDS = frozenset(
    {FileKind.JAVASCRIPT, FileKind.TYPESCRIPT, FileKind.GO, FileKind.RUST, FileKind.SHELL, FileKind.MAKEFILE}
)
"""File kinds the packs cover."""

_KINDS_BY_RULE_LANGUAGE = {
    "javascript": {FileKind.JAVASCRIPT, FileKind.TYPESCRIPT},
    "typescript": {FileKind.JAVASCRIPT, FileKind.TYPESCRIPT},
    "go": {FileKind.GO},
    "rust": {FileKind.RUST},
    "shell": {FileKind.SHELL},
    "makefile": {FileKind.MAKEFILE},
}

# Suffixes Semgrep 1.187 maps to each language. A file with any other name
# is staged under the first suffix of its kind, and Makefiles get `.mk`,
# which the Makefile rules list in their `paths.include`.
_STAGED_SUFFIXES = {
    FileKind.JAVASCRIPT: (".js", ".cjs", ".mjs", ".jsx"),
    FileKind.TYPESCRIPT: (".ts", ".tsx"),
    FileKind.GO: (".go",),
    FileKind.RUST: (".rs",),
    FileKind.SHELL: (".sh", ".bash"),
    FileKind.MAKEFILE: (".mk",),
}

_UNREACHABLE_URL = "http://127.0.0.1:9"
"""The discard port on loopback: any Semgrep service URL is pointed here so
that nothing can leave the machine even if a future Semgrep ignores
`--metrics=off`."""

_MAX_MESSAGE = 300
"""Longest Semgrep error text copied into a skip or failure entry, in characters."""

_INSTALL_HINT = "Install it in the same environment as tee-audit with `pip install semgrep`"


def locate_semgrep() -> str | None:
    """Find the semgrep executable: beside the running Python first, so a
    virtual environment's own copy wins, then on PATH."""
    beside_python = Path(sys.executable).parent / ("semgrep.exe" if os.name == "nt" else "semgrep")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("semgrep")


@dataclass(frozen=True)
class _Staged:
    """A discovered file and the text Semgrep scans for it."""

    file: SourceFile
    text: str


class SemgrepAnalyzer(ProjectAnalyzer):
    """Scan every JS/TS, Go, Rust, shell and Makefile target with the packs in one Semgrep run."""

    name = "semgrep"
    kinds = KINDS
    runs_in_subprocess = True

    def __init__(self, *, timeout_per_file: int = 10, jobs: int | None = None, process_timeout: float = 1800.0):
        """Set how long Semgrep may take.

        `timeout_per_file` is Semgrep's `--timeout`: whole seconds per rule
        and file, because Semgrep 1.187 rejects fractions. `jobs` defaults to
        the CPU count, at most 8. `process_timeout` bounds the whole run, in
        seconds.
        """
        self.timeout_per_file = timeout_per_file
        self.jobs = jobs or max(1, min(os.cpu_count() or 1, 8))
        self.process_timeout = process_timeout
        self._process: subprocess.Popen | None = None

    def cancel(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            _stop(process, wait=False)

    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        result = FileResult()
        targets = [file for file in files if file.kind in KINDS]
        if not targets:
            return result

        executable = locate_semgrep()
        if executable is None:
            result.failures.append(
                f"Semgrep analysis did not run because the semgrep executable was not found next to "
                f"{sys.executable} or on PATH. {_INSTALL_HINT}."
            )
            return result

        rule_files = semgrep_rule_files()
        if not rule_files:
            result.failures.append(f"Semgrep analysis did not run because no rule packs were found in {semgrep_rules_dir()}.")
            return result

        with tempfile.TemporaryDirectory(prefix="tee-audit-semgrep-") as workdir:
            staging = Path(workdir) / "targets"
            staging.mkdir()
            staged = _stage(targets, read_text, staging, result)
            if not staged:
                return result
            try:
                config, superseded = _merge_rule_files(rule_files, Path(workdir))
            except (OSError, yaml.YAMLError) as error:
                result.failures.append(f"Semgrep analysis did not run because a rule pack could not be read: {error}")
                return result
            output = self._run(executable, config, staging, Path(workdir), result)
            if output is not None:
                _collect(output, staged, load(), result)
                result.findings = _drop_superseded(result.findings, superseded)
        return result

    def _run(self, executable: str, config: Path, staging: Path, workdir: Path, result: FileResult) -> dict | None:
        """Run Semgrep once and return its parsed JSON output, or record a failure and return None."""
        command = [
            executable,
            "scan",
            "--json",
            "--quiet",
            "--metrics=off",
            "--disable-version-check",
            "--oss-only",
            "--no-rewrite-rule-ids",
            "--no-git-ignore",
            "--max-target-bytes=0",
            f"--timeout={self.timeout_per_file}",
            # One rule timing out marks the file skipped, so the other rules need not time out on it too.
            "--timeout-threshold=1",
            f"--jobs={self.jobs}",
        ]
        command.append(f"--config={config}")
        command.append(str(staging))

        try:
            # A session of its own lets a timeout stop semgrep-core and the
            # other processes the semgrep wrapper starts, not only the wrapper.
            process = subprocess.Popen(
                command,
                cwd=workdir,
                env=_offline_environment(workdir),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except FileNotFoundError:
            result.failures.append(f"Semgrep analysis did not run because {executable} was not found. {_INSTALL_HINT}.")
            return None
        except PermissionError:
            result.failures.append(f"Semgrep analysis did not run because {executable} is not executable. {_INSTALL_HINT}.")
            return None

        self._process = process
        try:
            stdout_bytes, stderr_bytes = process.communicate(timeout=self.process_timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            result.failures.append(f"Semgrep analysis timed out after {self.process_timeout:g} seconds.")
            return None
        finally:
            self._process = None

        stdout = stdout_bytes.decode("utf-8", errors="replace")
        try:
            output = json.loads(stdout)
        except json.JSONDecodeError:
            output = None
        if not isinstance(output, dict) or not isinstance(output.get("results"), list):
            result.failures.append(
                f"Semgrep analysis failed: semgrep exited with code {process.returncode} without readable JSON "
                f"output ({_last_line(stderr_bytes) or 'no error message'})."
            )
            return None
        return output


def _merge_rule_files(rule_files: list[Path], workdir: Path) -> tuple[Path, dict[str, frozenset[str]]]:
    """Write all pack rules into one config file, without their metadata,
    and return its path with each rule's `metadata.tee-audit.supersedes` ids.

    Semgrep 1.187 spends about half a second on each `--config` file, and
    findings are described from the registry, so the metadata would only
    be echoed back in every result.
    """
    rules = []
    superseded: dict[str, frozenset[str]] = {}
    for path in rule_files:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in document.get("rules", []):
            rules.append({key: value for key, value in rule.items() if key != "metadata"})
            meta = rule.get("metadata", {}).get("tee-audit", {})
            if meta.get("supersedes"):
                superseded[rule["id"]] = frozenset(meta["supersedes"])
    merged = workdir / "rules.yml"
    merged.write_text(yaml.safe_dump({"rules": rules}, sort_keys=False), encoding="utf-8")
    return merged, superseded


def _drop_superseded(findings: list[Finding], superseded: dict[str, frozenset[str]]) -> list[Finding]:
    """Drop a finding when a rule that supersedes it reports overlapping
    lines of the same file, such as a structural eval rule under the taint
    rule that shows fetched data reaching that eval."""

    superseding: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.rule_id in superseded:
            superseding.setdefault(finding.location.path, []).append(finding)

    kept = []
    for finding in findings:
        covered = any(
            finding.rule_id in superseded[other.rule_id]
            and other.location.line <= finding.location.end_line
            and finding.location.line <= other.location.end_line
            for other in superseding.get(finding.location.path, ())
        )
        if not covered:
            kept.append(finding)
    return kept


def _stop(process: subprocess.Popen, wait: bool = True) -> None:
    """Kill a Semgrep run with every process of its session; `wait` collects its output too."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:
        process.kill()
    if wait:
        process.communicate()


MINIFIED_MIN_SIZE = 20_000
MINIFIED_MEAN_LINE = 300
"""A script of MINIFIED_MIN_SIZE characters or more whose lines average
MINIFIED_MEAN_LINE characters or more is a minified bundle: Semgrep spends
its whole per-file timeout on each rule there, and the code is a build
output rather than the project's source."""


def _stage(targets: list[SourceFile], read_text, staging: Path, result: FileResult) -> dict[str, _Staged]:
    """Write each decodable target into `staging` and return them by staged path.

    Files `read_text` cannot decode are already listed as skipped by the
    pipeline, so they are left out here without a second entry. Minified
    JavaScript and TypeScript are left out with a skipped entry of their own.
    """
    staged: dict[str, _Staged] = {}
    for index, file in enumerate(targets):
        text = read_text(file)
        if text is None:
            continue
        mean_line = len(text) / max(len(text.splitlines()), 1)
        if file.kind in (FileKind.JAVASCRIPT, FileKind.TYPESCRIPT) and len(text) >= MINIFIED_MIN_SIZE and \
                mean_line >= MINIFIED_MEAN_LINE:
            result.skipped.append(Skipped(file.path, SkipReason.MINIFIED,
                                          f"lines average {mean_line:.0f} characters, so Semgrep does not read it; "
                                          "the secret scan still does"))
            continue
        suffixes = _STAGED_SUFFIXES[file.kind]
        suffix = Path(file.path).suffix.lower()
        if suffix not in suffixes:
            suffix = suffixes[0]
        path = staging / f"{index:06d}{suffix}"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        staged[str(path)] = _Staged(file, text)
    return staged


def _offline_environment(workdir: Path) -> dict[str, str]:
    """Return the environment for Semgrep: no telemetry, no login, and its
    settings, log and version cache kept in the scan's private folder instead
    of the user's home."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SEMGREP_")}
    env.update(
        {
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
            "SEMGREP_SETTINGS_FILE": str(workdir / "settings.yml"),
            "SEMGREP_LOG_FILE": str(workdir / "semgrep.log"),
            "SEMGREP_VERSION_CACHE_PATH": str(workdir / "version-cache"),
            "SEMGREP_URL": _UNREACHABLE_URL,
            "SEMGREP_APP_URL": _UNREACHABLE_URL,
            "SEMGREP_METRICS_URL": _UNREACHABLE_URL,
            "SEMGREP_VERSION_CHECK_URL": _UNREACHABLE_URL,
            "SEMGREP_FORCE_NO_COLOR": "1",
        }
    )
    return env


def _collect(output: dict, staged: dict[str, _Staged], registry: Registry, result: FileResult) -> None:
    """Turn Semgrep's results into findings and its errors into skips or failures."""
    resolved = {os.path.realpath(path): entry for path, entry in staged.items()}

    for raw in output.get("results", []):
        entry = staged.get(raw.get("path", "")) or resolved.get(os.path.realpath(raw.get("path", "")))
        rule = registry.get(_rule_id(raw.get("check_id", "")))
        if entry is None or rule is None:
            result.failures.append(
                f"Semgrep analysis returned a result for an unknown rule or file "
                f"({raw.get('check_id')!r} in {raw.get('path')!r})."
            )
            continue
        if entry.file.kind not in _KINDS_BY_RULE_LANGUAGE.get(rule.language, ()):
            continue
        result.findings.append(_finding(raw, rule, entry))

    _record_errors(output.get("errors", []), staged, resolved, result)
    _record_unscanned(output.get("paths", {}), staged, resolved, result)


def _rule_id(check_id: str) -> str:
    """Strip the config-path prefix that Semgrep adds to an id (`rules.go.x`)
    when it rewrites ids. Pack ids are kebab-case, so they contain no dot."""
    return check_id.rsplit(".", 1)[-1]


def _finding(raw: dict, rule: Rule, entry: _Staged) -> Finding:
    start, end = raw.get("start", {}), raw.get("end", {})
    line, end_line = int(start.get("line", 1)), int(end.get("line", start.get("line", 1)))

    # Semgrep counts lines at "\n" only and columns in UTF-8 bytes, so split
    # the same way and turn its byte columns into character columns.
    lines = [text.removesuffix("\r") for text in entry.text.split("\n")]
    flagged = lines[line - 1 : end_line]
    column = _character_column(flagged[0] if flagged else "", int(start.get("col", 1)))
    end_column = _character_column(flagged[-1] if flagged else "", int(end.get("col", 1)))

    snippet = redact_text("\n".join(flagged))
    code_key = redact_text(" ".join(_matched_text(flagged, column, end_column).split()))
    message = redact_text(raw.get("extra", {}).get("message") or rule.summary)

    finding = rule.finding(
        Location(entry.file.path, line, column, end_line, end_column),
        message,
        snippet=snippet,
        code_key=code_key,
    )
    return dataclasses.replace(finding, statement_lines=(line, end_line))


def _character_column(line: str, byte_column: int) -> int:
    """Convert a 1-based UTF-8 byte column of `line` into a 1-based character column."""
    return len(line.encode("utf-8")[: byte_column - 1].decode("utf-8", errors="ignore")) + 1


def _matched_text(flagged: list[str], column: int, end_column: int) -> str:
    """Cut the matched span out of its lines. Semgrep's columns are 1-based,
    and its end column points one past the last character."""
    if not flagged:
        return ""
    if len(flagged) == 1:
        return flagged[0][column - 1 : end_column - 1]
    return "\n".join([flagged[0][column - 1 :], *flagged[1:-1], flagged[-1][: end_column - 1]])


def _record_errors(errors: list[dict], staged: dict[str, _Staged], resolved: dict[str, _Staged], result: FileResult) -> None:
    """Record Semgrep's errors: one skip per file and reason, or a failure
    for an error that concerns no file (a broken rule pack, for example)."""
    timed_out: dict[str, list[str]] = {}
    for error in errors:
        path = error.get("path")
        entry = (staged.get(path) or resolved.get(os.path.realpath(path))) if path else None
        message = _unstage(error.get("message", ""), staged)
        if entry is None:
            if error.get("level") == "error":
                result.failures.append(f"Semgrep analysis failed: {message}")
            continue

        error_type = error.get("type")
        error_type = error_type[0] if isinstance(error_type, list) else str(error_type)
        if error_type == "Timeout":
            timed_out.setdefault(entry.file.path, []).append(_rule_id(error.get("rule_id", "")))
        elif error_type == "PartialParsing":
            detail = f"semgrep parsed only part of the file, so matches in the rest are missed: {message}"
            result.skipped.append(Skipped(entry.file.path, SkipReason.PARSE_ERROR, detail))
        elif error_type in ("Syntax error", "Lexical error", "Other syntax error"):
            result.skipped.append(Skipped(entry.file.path, SkipReason.PARSE_ERROR, f"semgrep: {message}"))
        else:
            result.skipped.append(Skipped(entry.file.path, SkipReason.ANALYZER_ERROR, f"semgrep: {message}"))

    for path, rule_ids in timed_out.items():
        names = ", ".join(sorted(filter(None, rule_ids))) or "unknown rules"
        detail = f"semgrep timed out on rules {names}. Raise the per-file timeout to analyse this file."
        result.skipped.append(Skipped(path, SkipReason.TIMEOUT, detail))


def _record_unscanned(paths: dict, staged: dict[str, _Staged], resolved: dict[str, _Staged], result: FileResult) -> None:
    """List a staged file that Semgrep neither scanned nor reported an error
    for, so that no file drops out of the scan unmentioned."""
    if "scanned" not in paths:
        return
    scanned = {os.path.realpath(path) for path in paths["scanned"]}
    reported = {skipped.path for skipped in result.skipped}
    for path, entry in resolved.items():
        if path not in scanned and entry.file.path not in reported:
            detail = "semgrep did not scan the file and gave no reason"
            result.skipped.append(Skipped(entry.file.path, SkipReason.ANALYZER_ERROR, detail))


def _unstage(message: str, staged: dict[str, _Staged]) -> str:
    """Rewrite a Semgrep message for the user: staging paths become the
    files' own paths, whitespace is collapsed, quoted source is redacted and
    the text is cut to a readable length."""
    folder = re.escape(str(Path(next(iter(staged))).parent))
    message = re.sub(
        folder + r"[/\\]\d{6}\.\w+",
        lambda match: staged[match.group(0)].file.path if match.group(0) in staged else match.group(0),
        message,
    )
    message = redact_text(re.sub(r"\s+", " ", message).strip())
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 3] + "..."


def _last_line(data: bytes) -> str:
    lines = data.decode("utf-8", errors="replace").strip().splitlines()
    return lines[-1].strip() if lines else ""
