"""Entry points of the Python analyzer.

`summarize_file` does all per-file work (parse, resolve names, lower to the
data-flow form, direct findings) and returns a picklable `FileSummary`, so
the pipeline may run it in worker processes. `analyze_summaries` joins the
summaries into one project and runs the cross-file data flow.
`PythonAnalyzer` does both for the pipeline's `ProjectAnalyzer` slot.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import sys
import threading
import warnings

from tee_audit.analyzers.base import FileResult, SummarizingAnalyzer
from tee_audit.analyzers.python.flow import Project, findings_from_hits
from tee_audit.analyzers.python.ir import FileSummary, module_name
from tee_audit.analyzers.python.lower import Lowering
from tee_audit.catalog import python_crypto
from tee_audit.model import Confidence, FileKind, Skipped, SkipReason, SourceFile

PARSER_VERSION = "3.12"
"""Grammar version passed to libcst for files this interpreter's `ast` rejects.
libcst 1.9's native parser accepts every syntax it supports whatever the value
(3.14 template strings and `except A, B:` included)."""

# A file that mentions none of these words has no source, sink or direct
# finding, so it is not parsed at all. `import` is among them on purpose: a
# file that imports anything may pass its parameters on to another module
# (`def relay(value): keep(value)`), and skipping such a relay would cut a
# flow between two other files. A file with no import can only call its own
# functions and builtins, so a value reaches a sink through it only by
# `return` or `raise`, which are listed too.
_TRIGGERS = re.compile(
    r"import|print|log|warn|eval|exec|compile|pickle|marshal|dill|joblib|shelve|yaml|torch|import_module|__import__|"
    r"runpy|ctypes|subprocess|system|popen|pip|trust_remote_code|Tool|verify|ssl|CERT_NONE|check_hostname|"
    r"http|random|time|Crypto|pyDes|simplecrypt|md5|sha1|SHA1|MD5|ECB|debug|DEBUG|environ|getenv|argv|"
    r"secret|key|token|passw|mnemonic|seed|sign|transfer|order|withdraw|open|write|request|response|return|"
    r"raise|Error|Exception|argparse|click|typer|jsonify|Response|dstack|kms|nacl|ecdsa|coincurve|eth_|web3|"
    r"openai|anthropic|langchain|llama|llm|input|recv",
)

DEPENDENCY_FILES = re.compile(r"(^|/)(requirements[^/]*\.(txt|in)|pyproject\.toml|setup\.py|setup\.cfg|Pipfile(\.lock)?|"
                              r"poetry\.lock|uv\.lock|environment\.ya?ml|constraints[^/]*\.txt)$")


DEEP_RECURSION_LIMIT = 40_000
DEEP_STACK_BYTES = 512 * 1024 * 1024
"""Virtual stack size of the retry thread; only the pages a deep file touches are used."""


def summarize_file(path: str, text: str) -> FileSummary:
    """Parse one Python file and lower it; a file that cannot be parsed is returned with a Skipped entry.

    The lowering recurses once per nesting level of an expression, which
    deeply nested calls or brackets can exceed. Such a file is retried once on a thread with a large stack and a raised
    recursion limit, and only then reported as too deep.
    """
    try:
        return _summarize(path, text)
    except RecursionError:
        return _summarize_on_deep_stack(path, text)
    except Exception as error:  # noqa: BLE001  (one file's failure must not end the project scan)
        summary = FileSummary(path=path, module=module_name(path))
        summary.skipped.append(Skipped(path, SkipReason.ANALYZER_ERROR, f"{type(error).__name__}: {error}"))
        return summary


def _summarize_on_deep_stack(path: str, text: str) -> FileSummary:
    outcome: list = []

    def work() -> None:
        try:
            outcome.append(_summarize(path, text))
        except RecursionError:
            pass

    previous_stack = threading.stack_size()
    previous_limit = sys.getrecursionlimit()
    threading.stack_size(DEEP_STACK_BYTES)
    sys.setrecursionlimit(max(previous_limit, DEEP_RECURSION_LIMIT))
    try:
        # NOTE: when the pipeline's per-file alarm interrupts the join below, this
        # thread runs on to the end of its file, because Python cannot stop a
        # thread. As a daemon it never keeps the worker process from exiting.
        worker = threading.Thread(target=work, name="tee-audit-deep-file", daemon=True)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if outcome:
        return outcome[0]
    summary = FileSummary(path=path, module=module_name(path))
    summary.skipped.append(Skipped(path, SkipReason.TOO_DEEP, "expressions nest too deeply to analyse"))
    return summary


def _summarize(path: str, text: str) -> FileSummary:
    module = module_name(path)
    summary = FileSummary(path=path, module=module)
    if not _TRIGGERS.search(text):
        return summary

    tree = _parse(path, text)
    if isinstance(tree, Skipped):
        summary.skipped.append(tree)
        return summary

    # Evaluating the file's string literals compiles them, and Python warns
    # about their invalid escapes; those warnings concern the scanned code.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        return Lowering(path, module, path.endswith("__init__.py"), tree, text).run()


def _parse(path: str, text: str) -> ast.Module | Skipped:
    """Parse with CPython's `ast`, or with libcst for syntax newer than this interpreter reads.

    `ast` is about ten times faster than libcst and guards its own nesting
    limits, so it goes first. A file it rejects for syntax may be valid
    Python 3.12 or later (PEP 695 generics, PEP 701 f-strings), which
    libcst's native parser reads; its tree is then converted to `ast` nodes.
    """
    detail = "expressions nest deeper than Python's own parser allows"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(text)
        except (RecursionError, MemoryError):
            return Skipped(path, SkipReason.TOO_DEEP, detail)
        except SyntaxError as error:
            message = str(error.msg)
            if "too many nested" in message or "too complex" in message:
                return Skipped(path, SkipReason.TOO_DEEP, f"line {error.lineno}: {message}")
            rejected = f"line {error.lineno}: {message}"
        except ValueError as error:
            rejected = str(error)
    if _bracket_depth(text) > MAX_BRACKET_DEPTH or _LONG_PREFIX_RUN.search(text) or _LONG_CHAIN.search(text):
        return Skipped(path, SkipReason.TOO_DEEP, detail)
    return _parse_newer_syntax(path, text, rejected)


def _parse_newer_syntax(path: str, text: str, rejected: str) -> ast.Module | Skipped:
    """Parse with libcst; `rejected` is CPython's own error, reported when libcst's parser itself fails."""
    # libcst takes a large part of a second to import, which files this
    # interpreter's own parser reads never need.
    import libcst as cst

    try:
        tree = cst.parse_module(text, config=cst.PartialParserConfig(python_version=PARSER_VERSION))
    except cst.ParserSyntaxError:
        # Both parsers reject the file. CPython's message names the line and the mistake
        # more exactly than libcst's list of expected tokens.
        return Skipped(path, SkipReason.PARSE_ERROR, rejected)
    except Exception as error:  # noqa: BLE001 - libcst raises internal errors on some new syntax (t-strings in 1.9)
        return Skipped(path, SkipReason.PARSE_ERROR,
                       f"{rejected} (libcst, which reads newer syntax, failed too: {type(error).__name__}: {error})")

    from tee_audit.analyzers.python.cst_to_ast import to_ast

    return to_ast(tree, text)


# Nesting that would overflow libcst's native parser, checked by hand because
# only files CPython's parser rejects reach it: brackets beyond CPython's
# tokenizer limit of 200 levels, and long runs of prefix operators or chained names.
MAX_BRACKET_DEPTH = 200
_LONG_PREFIX_RUN = re.compile(r"(?:(?:[-+~]|\bnot\b|\bawait\b|\blambda\b[^:\n]*:)\s*){1000,}")
_LONG_CHAIN = re.compile(r"(?:\w+\s*[.+*/|&^%@-]\s*){2000,}")
_NOT_BRACKET = re.compile(r"[^()\[\]{}]+")


def _bracket_depth(text: str) -> int:
    """Deepest bracket nesting, counting brackets inside strings too (an upper bound)."""
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", text):
        depth = depth + 1 if char in "([{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def analyze_summaries(summaries: list[FileSummary], crypto_replacement_declared: bool = False) -> FileResult:
    """Run the cross-file data flow over file summaries and return every finding and skipped file.

    `crypto_replacement_declared` is true when a dependency file names
    pycryptodome, which installs the `Crypto` package too.
    """
    result = FileResult()
    project = Project(summaries)
    project.solve()
    result.findings.extend(findings_from_hits(project.hits))
    for summary in summaries:
        result.findings.extend(summary.findings)
        result.skipped.extend(summary.skipped)
        for site in summary.deprecated_crypto_imports:
            if site.what.split(".")[0] == "Crypto" and crypto_replacement_declared:
                continue
            rule = python_crypto.DEPRECATED_CRYPTO_LIBRARY
            finding = rule.finding(site.location, f"{site.what} comes from an unmaintained crypto package.",
                                   snippet=site.snippet, code_key=site.code_key, confidence=Confidence.MEDIUM)
            result.findings.append(_with_lines(finding, site.statement_lines))
    result.findings.sort(key=lambda finding: finding.sort_key())
    return result


def _with_lines(finding, lines):
    return dataclasses.replace(finding, statement_lines=lines)


def declares_pycryptodome(texts: list[str]) -> bool:
    """Tell whether any dependency file text names pycryptodome (not pycryptodomex, which installs Cryptodome)."""
    return any(re.search(r"(?i)pycryptodome(?!x)", text) for text in texts)


@dataclasses.dataclass(frozen=True)
class DependencyFileSummary:
    """Summary of a dependency file for the Python rules: whether it names pycryptodome."""

    declares_pycryptodome: bool


class PythonAnalyzer(SummarizingAnalyzer):
    """Python data-flow analysis over every file of kind `FileKind.PYTHON`.

    Each Python file is summarised on its own (in worker processes, and
    cached); `combine` then follows values across files. Dependency files
    are summarised too, for whether pycryptodome is declared.
    """

    name = "python"
    kinds = frozenset({FileKind.PYTHON})

    def accepts(self, file: SourceFile) -> bool:
        return file.kind == FileKind.PYTHON or bool(DEPENDENCY_FILES.search(file.path))

    def summarize(self, file: SourceFile, text: str):
        if file.kind == FileKind.PYTHON:
            return summarize_file(file.path, text)
        return DependencyFileSummary(declares_pycryptodome([text]))

    def combine(self, summaries: dict) -> FileResult:
        ordered = [summaries[path] for path in sorted(summaries)]
        python = [summary for summary in ordered if isinstance(summary, FileSummary)]
        declared = any(isinstance(summary, DependencyFileSummary) and summary.declares_pycryptodome for summary in ordered)
        return analyze_summaries(python, crypto_replacement_declared=declared)

    def analyze_project(self, root: str, files: list[SourceFile], read_text) -> FileResult:
        """Summarise and combine in one call, for callers outside the pipeline."""
        summaries = {}
        for file in files:
            if self.accepts(file):
                text = read_text(file)
                if text is not None:
                    summaries[file.path] = self.summarize(file, text)
        return self.combine(summaries)
