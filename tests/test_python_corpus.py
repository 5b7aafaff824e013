"""The labelled corpus: exactly the marked lines fire, and marked files are skipped."""

from collections import Counter

import pytest

from corpus import corpus_files, read_labels
from tee_audit.analyzers.python import analyze_summaries, summarize_file


@pytest.fixture(scope="module")
def corpus_result():
    summaries = [summarize_file(path, text) for path, text in corpus_files()]
    return analyze_summaries(summaries)


def test_corpus_has_enough_cases():
    labels = read_labels()
    assert sum(labels.expected.values()) + len(labels.quiet) >= 150


def test_corpus_fires_on_expected_lines_only(corpus_result):
    labels = read_labels()
    fired = Counter((f.location.path, f.location.line, f.rule_id) for f in corpus_result.findings)
    missing = sorted((labels.expected - fired).elements())
    extra = sorted((fired - labels.expected).elements())
    assert missing == []
    assert extra == []


def test_corpus_quiet_lines_stay_quiet(corpus_result):
    labels = read_labels()
    fired = {(f.location.path, f.location.line, f.rule_id) for f in corpus_result.findings}
    assert sorted(fired & labels.quiet) == []


def test_corpus_skips_unparsable_files(corpus_result):
    labels = read_labels()
    skipped = {entry.path: entry.reason.value for entry in corpus_result.skipped}
    assert skipped == labels.skipped
