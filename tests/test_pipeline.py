import pytest

from tee_audit import pipeline
from tee_audit.analyzers.base import FileAnalyzer, FileResult
from tee_audit.config import Config
from tee_audit.model import Confidence, FileKind, Location, Severity, SkipReason
from tee_audit.registry import Rule

RULE = Rule(
    id="eval-of-data", check="C06", severity=Severity.HIGH, summary="s", rationale="r", remediation="f",
    bad="eval(x)", good="1", language="python",
)


class EvalFinder(FileAnalyzer):
    name = "eval-finder"
    kinds = frozenset({FileKind.PYTHON})

    def analyze(self, file, text):
        result = FileResult()
        for number, line in enumerate(text.splitlines(), start=1):
            if "eval(" in line:
                result.findings.append(RULE.finding(Location(file.path, number, 1, number, 8), "eval", snippet=line))
        return result


class Crasher(FileAnalyzer):
    name = "crasher"
    kinds = frozenset({FileKind.PYTHON})

    def analyze(self, file, text):
        raise KeyError("boom")


@pytest.fixture
def analyzers(monkeypatch):
    chosen = [EvalFinder()]
    monkeypatch.setattr(pipeline, "catalog_of_analyzers", lambda config, project_checks: (chosen, [], []))
    monkeypatch.setattr(pipeline.registry, "load", lambda: [RULE])
    return chosen


def run(path, **settings):
    return pipeline.scan([str(path)], Config(jobs=1, cache=False, **settings))


def test_one_failing_analyzer_keeps_the_others(tmp_path, analyzers):
    analyzers.insert(0, Crasher())
    (tmp_path / "app.py").write_text("eval(data)\n")

    report = run(tmp_path)

    assert [(f.rule_id, f.location.line) for f in report.findings] == [("eval-of-data", 1)]
    assert [(s.path, s.reason, s.detail) for s in report.skipped] == [
        ("app.py", SkipReason.ANALYZER_ERROR, "crasher failed: KeyError")
    ]


def test_invalid_utf8_still_analysed_and_reported(tmp_path, analyzers):
    (tmp_path / "app.py").write_bytes(b"x = '\xff'\neval(data)\n")

    report = run(tmp_path)

    assert [f.location.line for f in report.findings] == [2]
    assert [(s.reason, s.detail) for s in report.skipped] == [
        (SkipReason.DECODE_ERROR, "invalid utf-8 at byte offset 5: invalid start byte")
    ]
    assert report.source_skipped


def test_binary_and_oversized_files_skipped_with_reason(tmp_path, analyzers):
    (tmp_path / "blob.py").write_bytes(b"\x00\x01\x02")
    (tmp_path / "big.py").write_text("x = 1\n" * 100)

    report = run(tmp_path, max_file_size=100)

    assert sorted((s.path, s.reason) for s in report.skipped) == [
        ("big.py", SkipReason.TOO_LARGE), ("blob.py", SkipReason.BINARY),
    ]
    assert [s.path for s in report.source_skipped] == ["big.py"]


def test_suppression_and_filters_applied(tmp_path, analyzers):
    (tmp_path / "a.py").write_text("eval(a)  # tee-audit: ignore[eval-of-data] fixture\neval(b)\n")

    report = run(tmp_path)
    assert [(f.location.line, f.suppressed) for f in report.findings] == [(1, True), (2, False)]

    assert run(tmp_path, ignore=("C06",)).findings == ()
    assert run(tmp_path, min_confidence=Confidence.HIGH).findings != ()
    assert run(tmp_path, per_path_ignores={"a.py": ("eval-of-data",)}).findings == ()


def test_cached_rerun_gives_same_report(tmp_path, analyzers, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.py").write_text("eval(a)\n")
    settings = Config(jobs=1, cache=True)

    first = pipeline.scan([str(project)], settings)
    second = pipeline.scan([str(project)], settings)
    (project / "a.py").write_text("\neval(a)\n")
    third = pipeline.scan([str(project)], settings)

    assert first.findings == second.findings
    assert [f.location.line for f in third.findings] == [2]
    assert any((tmp_path / "cache" / "tee-audit").rglob("*.pickle"))


class Spinner(FileAnalyzer):
    """Loops for ever and swallows every ordinary exception, like a badly written analyzer."""

    name = "spinner"
    kinds = frozenset({FileKind.PYTHON})

    def analyze(self, file, text):
        while True:
            try:
                sum(range(1000))
            except Exception:  # noqa: BLE001 - the point of the fixture
                continue


def test_endless_analyzer_skipped_as_timeout_and_others_kept(tmp_path, analyzers):
    analyzers.insert(0, Spinner())
    (tmp_path / "app.py").write_text("eval(data)\n")
    (tmp_path / "other.py").write_text("eval(more)\n")

    report = run(tmp_path, max_file_seconds=1)

    assert [(f.location.path, f.location.line) for f in report.findings] == [("app.py", 1), ("other.py", 1)]
    assert [(s.path, s.reason, s.detail) for s in report.skipped] == [
        ("app.py", SkipReason.TIMEOUT, "spinner: over the limit of 1 s per file"),
        ("other.py", SkipReason.TIMEOUT, "spinner: over the limit of 1 s per file"),
    ]


class Recurser(FileAnalyzer):
    """Recurses once per character, as a naive recursive-descent reader of nested input would."""

    name = "recurser"
    kinds = frozenset({FileKind.PYTHON})

    def analyze(self, file, text):
        def descend(rest):
            return descend(rest[1:]) if rest else FileResult()

        return descend(text)


def test_analyzer_exceeding_recursion_limit_skipped_as_too_deep(tmp_path, analyzers):
    analyzers.insert(0, Recurser())
    (tmp_path / "app.py").write_text("eval(data)\n" + "#" * 100_000 + "\n")

    report = run(tmp_path)

    assert [(f.location.path, f.location.line) for f in report.findings] == [("app.py", 1)]
    assert [(s.path, s.reason, s.detail) for s in report.skipped] == [
        ("app.py", SkipReason.TOO_DEEP, "recurser: nesting too deep to analyse"),
    ]


def test_timed_out_file_not_cached(tmp_path, analyzers, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.py").write_text("eval(a)\n")
    analyzers.insert(0, Spinner())

    pipeline.scan([str(project)], Config(jobs=1, cache=True, max_file_seconds=1))

    assert not any((tmp_path / "cache" / "tee-audit").rglob("*.pickle"))


def python_only_scan(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    return pipeline.scan([str(tmp_path)], Config(jobs=1, cache=False, allow_skipped=True))


@pytest.mark.parametrize("source", [
    "print(" + "(" * 3000 + "x" + ")" * 3000 + ")\n",
    "print(" + "-" * 10000 + "x)\n",
    "print(" + "not " * 10000 + "x)\n",
    "print(" + "a." * 10000 + "x)\n",
    "print(" + "lambda: " * 10000 + "x)\n",
])
def test_nesting_that_crashes_libcst_skipped_as_too_deep(tmp_path, source):
    report = python_only_scan(tmp_path, "deep.py", source)

    assert [(entry.path, entry.reason) for entry in report.skipped] == [("deep.py", SkipReason.TOO_DEEP)]


def test_operator_chain_too_long_for_python_skipped_as_too_deep(tmp_path):
    report = python_only_scan(tmp_path, "chain.py", "print(" + "a+" * 10000 + "x)\n")

    assert [(entry.path, entry.reason) for entry in report.skipped] == [("chain.py", SkipReason.TOO_DEEP)]


def test_deep_nesting_in_newer_syntax_skipped_as_too_deep(tmp_path):
    source = "type Alias = int\nprint(" + "-" * 10000 + "x)\n"

    report = python_only_scan(tmp_path, "newer.py", source)

    assert [(entry.path, entry.reason) for entry in report.skipped] == [("newer.py", SkipReason.TOO_DEEP)]


def test_newer_syntax_without_deep_nesting_still_analysed(tmp_path):
    report = python_only_scan(tmp_path, "newer.py", "import os\ntype Alias = int\nprint(os.environ['API_KEY'])\n")

    assert report.skipped == ()
    assert [(finding.rule_id, finding.location.line) for finding in report.findings] == [("secret-logged", 3)]


def test_relay_file_without_trigger_words_keeps_cross_file_flow(tmp_path):
    (tmp_path / "app.py").write_text('import os\nfrom relay import relay\n\nrelay(os.environ["API_KEY"])\n')
    (tmp_path / "relay.py").write_text("from keeper import keep\n\n\ndef relay(value):\n    keep(value)\n")
    (tmp_path / "keeper.py").write_text("def keep(value):\n    print(value)\n")

    report = pipeline.scan([str(tmp_path)], Config(jobs=1, cache=False))

    assert [(f.rule_id, f.location.path, f.location.line) for f in report.findings] == [("secret-logged", "keeper.py", 2)]


def test_file_without_imports_or_trigger_words_not_parsed(tmp_path):
    from tee_audit.analyzers.python import summarize_file

    summary = summarize_file("plain.py", "def area(width, height):\n    total = width * height\n")

    assert summary.functions == [] and summary.skipped == []


def test_warm_run_builds_no_file_analyzers(tmp_path, analyzers, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.py").write_text("eval(a)\n")
    settings = Config(jobs=1, cache=True)
    pipeline.scan([str(project)], settings)
    builds = []
    monkeypatch.setattr(pipeline, "catalog_of_analyzers",
                        lambda config, project_checks: builds.append(project_checks) or (analyzers, [], []))

    warm = pipeline.scan([str(project)], settings)

    assert [(f.rule_id, f.location.line) for f in warm.findings] == [("eval-of-data", 1)]
    assert builds == [True]


def test_invalid_escape_in_scanned_string_emits_no_warning(tmp_path):
    import warnings

    (tmp_path / "escapes.py").write_text('import os\nprint(os.environ["API_KEY"], "\\ d")\n')

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = pipeline.scan([str(tmp_path)], Config(jobs=1, cache=False))

    assert [str(warning.message) for warning in caught] == []
    assert [(f.rule_id, f.location.line) for f in report.findings] == [("secret-logged", 2)]


def test_warm_run_reuses_cross_file_result(tmp_path, monkeypatch):
    from tee_audit.analyzers.python.analyzer import PythonAnalyzer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text('import os\nprint(os.environ["API_KEY"])\n')
    settings = Config(jobs=1, cache=True)
    pipeline.scan([str(project)], settings)
    combined = []
    original = PythonAnalyzer.combine
    monkeypatch.setattr(PythonAnalyzer, "combine", lambda self, summaries: combined.append(1) or original(self, summaries))

    warm = pipeline.scan([str(project)], settings)
    (project / "app.py").write_text('import os\n\nprint(os.environ["API_KEY"])\n')
    edited = pipeline.scan([str(project)], settings)

    assert [(f.rule_id, f.location.line) for f in warm.findings] == [("secret-logged", 2)]
    assert [(f.rule_id, f.location.line) for f in edited.findings] == [("secret-logged", 3)]
    assert combined == [1]


def test_warm_run_leaves_stored_summaries_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "keys.py").write_text("import os\ndef fresh():\n    return os.urandom(32)\n")
    (project / "main.py").write_text("from keys import fresh\nprint(fresh())\n")
    settings = Config(jobs=1, cache=True)
    pipeline.scan([str(project)], settings)
    summaries_read = []
    original_get = pipeline.ResultCache.get

    def spying_get(self, key):
        value = original_get(self, key)
        if isinstance(value, dict):
            summaries_read.append(sorted(value))
        return value

    monkeypatch.setattr(pipeline.ResultCache, "get", spying_get)

    warm = pipeline.scan([str(project)], settings)
    warm_reads = list(summaries_read)
    (project / "main.py").write_text("from keys import fresh\n\nprint(fresh())\n")
    edited = pipeline.scan([str(project)], settings)

    assert [(f.location.path, f.location.line) for f in warm.findings] == [("main.py", 2)]
    assert warm_reads == []
    assert [(f.location.path, f.location.line) for f in edited.findings] == [("main.py", 3)]
    assert summaries_read == [["python"]]
