"""The `tee-audit` command line: parse options, run the pipeline, print, exit.

Exit codes (also in docs/cli.md):

    0  no active finding at or above --fail-on
    1  at least one active finding at or above --fail-on
    2  usage or configuration error, an analysis that could not run, or a
       source file that could not be analysed (unless --allow-skipped)

Only this module prints errors, as one sentence without a traceback unless
--verbose is given.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

import click

from tee_audit import __version__, registry
from tee_audit.baseline import BaselineError, load_baseline, new_findings, write_baseline
from tee_audit.config import Config, ConfigError, find_config_file, load_config, override
from tee_audit.diffscope import DiffError, changed_lines, finding_changed
from tee_audit.model import Confidence, Severity
from tee_audit.pipeline import ScanReport, TextCache, scan, without_baselined
from tee_audit.render.common import at_or_above
from tee_audit.render.json_report import render_json
from tee_audit.render.sarif import render_sarif
from tee_audit.render.text import render_text

logger = logging.getLogger("tee_audit")

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "markdown")
SEVERITIES = [severity.value for severity in Severity]
CONFIDENCES = [confidence.value for confidence in Confidence]


class UsageFailure(click.ClickException):
    """An error the user can fix; printed as one line, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"tee-audit: error: {self.format_message()}", err=True)


def _configure_logging(verbose: int, quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("tee-audit: %(levelname)s: %(message)s"))
    logger.handlers[:] = [handler]
    logger.propagate = False
    if quiet:
        level = logging.ERROR
    elif verbose > 1:
        level = logging.DEBUG
    elif verbose:
        level = logging.INFO
    else:
        level = logging.WARNING
    logger.setLevel(level)


def _progress_printer():
    """Return a progress callback when stderr is a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, findings: int) -> None:
        if done == total or done % 25 == 0:
            end = "\n" if done == total else ""
            click.echo(f"\rscanned {done}/{total} files, {findings} findings so far", err=True, nl=False)
            if end:
                click.echo("", err=True)
    return show


def _scan_options(function):
    options = [
        click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Report format written to stdout or --output."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of stdout."),
        click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                     help="Lowest severity that makes the exit code 1 (default: low, or the config file's fail-on)."),
        click.option("--min-confidence", type=click.Choice(CONFIDENCES), default=None, help="Drop findings below this confidence."),
        click.option("--select", multiple=True, help="Report only these rule ids or check ids (repeatable)."),
        click.option("--ignore", "ignore_ids", multiple=True, help="Never report these rule ids or check ids (repeatable)."),
        click.option("--exclude", multiple=True, help="Glob of paths to leave out (repeatable), on top of .gitignore."),
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
                     help="Configuration file (default: nearest .tee-audit.toml or pyproject.toml with [tool.tee-audit])."),
        click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings missing from this baseline file."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), help="Write the current findings to this baseline file and exit 0."),
        click.option("--no-ignores", is_flag=True, help="Report findings even where a tee-audit: ignore comment suppresses them."),
        click.option("--report-unused-ignores", is_flag=True, default=None, help="List ignore comments that suppress nothing."),
        click.option("--diff-base", metavar="REV", help="Report only findings on lines changed since this git revision."),
        click.option("--allow-skipped", is_flag=True, default=None, help="Do not exit 2 when some source files could not be analysed."),
        click.option("--vuln-db", type=click.Path(exists=True), help="Folder or zip of OSV advisories for offline vulnerability checks."),
        click.option("--online", is_flag=True, default=None, help="Look up known vulnerabilities with pip-audit's online service."),
        click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, help="Worker processes (0: one per CPU core)."),
        click.option("--no-cache", is_flag=True, help="Ignore and do not update the result cache."),
        click.option("--verbose", "-v", count=True, help="More log output on stderr; -vv adds tracebacks for errors."),
        click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _load_settings(paths: tuple[str, ...], options: dict) -> Config:
    try:
        if options["config_path"]:
            config = load_config(Path(options["config_path"]))
        else:
            start = Path(paths[0]) if paths else Path(".")
            found = find_config_file((start if start.is_dir() else start.parent).resolve())
            config = load_config(found)
        settings = override(
            config,
            select=tuple(options["select"]) or None,
            ignore=tuple(options["ignore_ids"]) or None,
            exclude=tuple(config.exclude) + tuple(options["exclude"]) if options["exclude"] else None,
            fail_on=Severity.parse(options["fail_on"]) if options["fail_on"] else None,
            min_confidence=Confidence.parse(options["min_confidence"]) if options["min_confidence"] else None,
            baseline=options["baseline"],
            vuln_db=options["vuln_db"],
            online=options["online"],
            allow_skipped=options["allow_skipped"],
            report_unused_ignores=options["report_unused_ignores"],
            jobs=options["jobs"],
            cache=False if options["no_cache"] else None,
        )
        _check_rule_ids(settings)
        return settings
    except ConfigError as error:
        raise UsageFailure(str(error)) from None


def _check_rule_ids(config: Config) -> None:
    """Reject select, ignore and per-path ids that name no rule or check,
    because a misspelled id would silently switch nothing, or everything, off."""
    from tee_audit.checks import CHECKS_BY_ID

    known = {rule.id for rule in registry.load()} | set(CHECKS_BY_ID)
    where = f"{config.source} or the command line" if config.source else "the command line"
    for setting, ids in (("select", config.select), ("ignore", config.ignore),
                         *((f"per-path-ignores {pattern!r}", ids) for pattern, ids in config.per_path_ignores.items())):
        for rule_id in ids:
            if rule_id not in known:
                raise UsageFailure(
                    f"unknown rule or check id {rule_id!r} in {setting} ({where}); "
                    "run 'tee-audit rules' to list the ids"
                )


def _apply_scope(report: ScanReport, config: Config, options: dict) -> ScanReport:
    """Apply --no-ignores, --diff-base and the baseline to a finished scan."""
    from dataclasses import replace

    if options["no_ignores"]:
        report = replace(report, findings=tuple(replace(f, suppressed=False, suppression_reason="") for f in report.findings))
    if not config.report_unused_ignores:
        report = replace(report, unused_suppressions=())

    if options["diff_base"]:
        try:
            changes = changed_lines(report.root, options["diff_base"])
        except DiffError as error:
            raise UsageFailure(str(error)) from None
        kept = tuple(
            finding for finding in report.findings
            if finding_changed(finding.location.path, finding.location.line, finding.location.end_line, changes)
        )
        report = replace(report, findings=kept)

    if config.baseline and not options["write_baseline"]:
        try:
            known = load_baseline(Path(config.baseline))
        except BaselineError as error:
            raise UsageFailure(str(error)) from None
        report = without_baselined(report, new_findings(list(report.findings), known))
    return report


def _emit(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageFailure(f"cannot write {output}: {error.strerror or error}") from None
    else:
        click.echo(text, nl=False)


def _render(report: ScanReport, output_format: str, root_label: str, extra: dict | None = None, markdown=None) -> str:
    if output_format == "json":
        return render_json(report, root_label, extra)
    if output_format == "sarif":
        return render_sarif(report, list(registry.load()))
    if output_format == "markdown":
        if markdown is None:
            from tee_audit.render.markdown import render_markdown_scan
            return render_markdown_scan(report)
        return markdown()
    return render_text(report)


def exit_code(report: ScanReport, config: Config) -> int:
    """Apply the exit code table to a finished scan."""
    if report.failures:
        return EXIT_ERROR
    if report.source_skipped and not config.allow_skipped:
        return EXIT_ERROR
    return EXIT_FINDINGS if at_or_above(report.findings, config.fail_on) else EXIT_CLEAN


def _warn_about_scope(report: ScanReport, config: Config) -> None:
    if report.source_skipped and not config.allow_skipped:
        logger.warning(
            "%d source file(s) could not be analysed; the scan is incomplete and exits 2 "
            "(see 'skipped' in the report, or pass --allow-skipped)", len(report.source_skipped),
        )
    elif report.source_skipped:
        logger.warning("%d source file(s) could not be analysed and were accepted with --allow-skipped", len(report.source_skipped))
    for failure in report.failures:
        logger.error("%s", failure)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tee-audit")
def main() -> None:
    """Find what breaks a TEE application's guarantees: leaked keys, code
    loaded after measurement, unverified data, weak images and configs."""


@main.command("scan")
@click.argument("paths", nargs=-1, type=click.Path())
@_scan_options
@click.option("--files-only", is_flag=True, help="Skip project-wide checks (dependencies); pre-commit passes changed files this way.")
def scan_command(paths: tuple[str, ...], **options) -> None:
    """Scan PATHS (files or directories; default: the current directory) with every rule."""
    _configure_logging(options["verbose"], options["quiet"])
    config = _load_settings(paths, options)
    project_checks = not options["files_only"]
    report = _run(paths, config, options, project_checks=project_checks)
    _finish_run(report, config, options, root_label=_root_label(paths))


def _root_label(paths: tuple[str, ...]) -> str:
    return Path(paths[0]).as_posix() if len(paths) == 1 else "."


def _run(paths: tuple[str, ...], config: Config, options: dict, *, project_checks: bool) -> ScanReport:
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        raise UsageFailure(f"path not found: {missing[0]}")
    try:
        report = scan(list(paths) or ["."], config, project_checks=project_checks, progress=_progress_printer())
    except (OSError, ConfigError) as error:
        raise UsageFailure(str(error)) from None
    return _apply_scope(report, config, options)


def _finish_run(report: ScanReport, config: Config, options: dict, *, root_label: str, extra=None, markdown=None,
                text_footer: str = "") -> None:
    if options["write_baseline"]:
        count = write_baseline(Path(options["write_baseline"]), list(report.findings))
        click.echo(f"wrote {count} baseline entries to {options['write_baseline']}", err=True)
        sys.exit(EXIT_CLEAN)

    rendered = _render(report, options["output_format"], root_label, extra, markdown)
    if text_footer and options["output_format"] == "text":
        rendered += text_footer + "\n"
    _emit(rendered, options["output"])
    _warn_about_scope(report, config)
    sys.exit(exit_code(report, config))


@main.command("audit")
@click.argument("path", type=click.Path())
@_scan_options
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write the self-contained HTML report to this file.")
@click.option("--answers", "answers_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML file of reviewer answers for the checks static analysis cannot decide.")
def audit_command(path: str, html_path: str | None, answers_path: str | None, **options) -> None:
    """Audit the project at PATH: every rule, the SBOM and the checklist rating."""
    from tee_audit.audit import rate_report, rating_to_json, report_data, sbom_summary, sbom_to_json
    from tee_audit.checklist import AnswersError, load_answers
    from tee_audit.render.markdown import render_markdown

    _configure_logging(options["verbose"], options["quiet"])
    config = _load_settings((path,), options)
    try:
        answers = load_answers(Path(answers_path)) if answers_path else None
    except AnswersError as error:
        raise UsageFailure(str(error)) from None

    report = _run((path,), config, options, project_checks=True)
    result = rate_report(report, config, answers, sbom_summary(report, TextCache(config.max_file_size).read))
    root_label = _root_label((path,))

    if html_path:
        from tee_audit.render.html import render_html

        html = render_html(report_data(result, root_label))
        try:
            Path(html_path).parent.mkdir(parents=True, exist_ok=True)
            Path(html_path).write_text(html, encoding="utf-8")
        except OSError as error:
            raise UsageFailure(f"cannot write {html_path}: {error.strerror or error}") from None
        logger.info("wrote the HTML report to %s", html_path)

    rating = result.rating
    grade = rating.grade.value if rating.grade else "not graded"
    extra = {"rating": rating_to_json(rating), "sbom": sbom_to_json(result.sbom)}
    _finish_run(
        report, config, options, root_label=root_label, extra=extra,
        markdown=lambda: render_markdown(rating, report.notices, report.failures),
        text_footer=f"grade {grade}" + (f", score {rating.score:.1f}/10" if rating.score is not None else ""),
    )


@main.command("sbom")
@click.argument("path", type=click.Path(exists=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the SBOM to this file instead of stdout.")
@click.option("--format", "output_format", type=click.Choice(["json", "xml"]), default="json", show_default=True,
              help="CycloneDX 1.6 serialisation.")
@click.option("--reproducible", is_flag=True, help="Derive the serial number from the content and fix the timestamp, for byte-identical output.")
@click.option("--vuln-db", type=click.Path(exists=True), help="Folder or zip of OSV advisories; known vulnerabilities are added to the SBOM.")
@click.option("--online", is_flag=True, default=None, help="Look up known vulnerabilities with pip-audit's online service.")
@click.option("--exclude", multiple=True, help="Glob of paths to leave out (repeatable).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Configuration file to read.")
@click.option("--verbose", "-v", count=True, help="More log output on stderr.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr.")
def sbom_command(path: str, output: str | None, output_format: str, reproducible: bool, **options) -> None:
    """Write a CycloneDX SBOM of the dependencies and base images under PATH."""
    from tee_audit.audit import project_sbom

    _configure_logging(options["verbose"], options["quiet"])
    settings = {key: None for key in ("select", "ignore_ids", "fail_on", "min_confidence", "baseline", "allow_skipped",
                                      "report_unused_ignores", "jobs")}
    settings.update(options, select=(), ignore_ids=(), no_cache=True)
    config = _load_settings((path,), settings)
    sbom = project_sbom(path, config, output_format, reproducible=reproducible)
    _emit(sbom.text, output)
    for notice in sbom.notices:
        logger.warning("%s", notice)
    for failure in sbom.failures:
        logger.error("%s", failure)
    sys.exit(EXIT_ERROR if sbom.failures else EXIT_CLEAN)


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(rule_id: str | None, output_format: str) -> None:
    """List every rule, or explain RULE_ID in full."""
    from tee_audit.render.rules import explain_rule, list_rules, rules_json

    rules = registry.load()
    if rule_id:
        rule = rules.get(rule_id)
        if rule is None:
            raise UsageFailure(f"unknown rule id {rule_id!r}; run 'tee-audit rules' to list them")
        click.echo(rules_json([rule]) if output_format == "json" else explain_rule(rule), nl=False)
    else:
        click.echo(rules_json(list(rules)) if output_format == "json" else list_rules(list(rules)), nl=False)


@main.command("config")
@click.argument("path", required=False, type=click.Path(exists=True))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="Configuration file to read.")
def config_command(path: str | None, config_path: str | None) -> None:
    """Print the effective configuration for PATH (default: the current directory)."""
    import json

    try:
        if config_path:
            config = load_config(Path(config_path))
        else:
            start = Path(path or ".").resolve()
            config = load_config(find_config_file(start if start.is_dir() else start.parent))
    except ConfigError as error:
        raise UsageFailure(str(error)) from None
    settings = config.as_dict()
    settings["source"] = settings["source"] or "defaults (no configuration file found)"
    click.echo(json.dumps(settings, indent=2, sort_keys=True))


EXIT_INTERRUPTED = 130
"""The shell's code for a program stopped by SIGINT (128 + 2)."""


def run() -> None:
    """Entry point that turns unexpected errors into one line and exit 2, and an interrupt into exit 130.

    click reports an interrupt as "Aborted!" with exit 1, the code for
    findings, so the first SIGINT is recorded here. Later ones are ignored,
    because tools such as `timeout` send a second one that would otherwise
    interrupt the shutdown and print a traceback.
    """
    interrupted = []

    def on_interrupt(signum, frame):
        interrupted.append(signum)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, on_interrupt)
    try:
        main(standalone_mode=True)
    except SystemExit:
        if interrupted:
            sys.exit(EXIT_INTERRUPTED)
        raise
    except Exception as error:  # noqa: BLE001 - the one place that catches everything.
        if "-vv" in sys.argv or sys.argv.count("-v") + sys.argv.count("--verbose") > 1:
            raise
        click.echo(f"tee-audit: error: internal error: {type(error).__name__}; rerun with -vv for details", err=True)
        sys.exit(EXIT_ERROR)
