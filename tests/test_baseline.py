import json

import pytest
from helpers import make_finding

from tee_audit.baseline import BaselineError, load_baseline, new_findings, write_baseline


def test_lines_inserted_above_keep_finding_matched(tmp_path):
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, [make_finding(line=10)])

    moved = make_finding(line=13)

    assert new_findings([moved], load_baseline(baseline)) == []


def test_second_identical_finding_is_new(tmp_path):
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, [make_finding(line=10)])

    current = [make_finding(line=10), make_finding(line=20)]

    assert [finding.location.line for finding in new_findings(current, load_baseline(baseline))] == [20]


def test_changed_code_is_new(tmp_path):
    baseline = tmp_path / "baseline.json"
    write_baseline(baseline, [make_finding(line=10, code="eval(x)")])

    changed = make_finding(line=10, code="eval(y)")

    assert new_findings([changed], load_baseline(baseline)) == [changed]


def test_baseline_file_sorted_and_stable(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    findings = [make_finding(path="z.py"), make_finding(path="a.py"), make_finding(path="a.py", line=9)]
    write_baseline(first, findings)
    write_baseline(second, list(reversed(findings)))

    assert first.read_bytes() == second.read_bytes()
    entries = json.loads(first.read_text())["findings"]
    assert [(entry["path"], entry["count"]) for entry in entries] == [("a.py", 2), ("z.py", 1)]


def test_malformed_baseline_named_in_error(tmp_path):
    broken = tmp_path / "baseline.json"
    broken.write_text("{not json")
    with pytest.raises(BaselineError, match="baseline.json"):
        load_baseline(broken)
