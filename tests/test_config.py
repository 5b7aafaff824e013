import pytest

from tee_audit.config import Config, ConfigError, find_config_file, load_config, override, parse_table
from tee_audit.model import Confidence, Severity


def parse(table):
    return parse_table(table, source="test.toml")


@pytest.mark.parametrize(
    ("table", "field", "expected"),
    [
        ({"select": ["C04", "eval-of-data"]}, "select", ("C04", "eval-of-data")),
        ({"ignore": ["C17"]}, "ignore", ("C17",)),
        ({"fail-on": "high"}, "fail_on", Severity.HIGH),
        ({"min-confidence": "medium"}, "min_confidence", Confidence.MEDIUM),
        ({"exclude": ["vendor/*"]}, "exclude", ("vendor/*",)),
        ({"per-path-ignores": {"tests/*": ["C04"]}}, "per_path_ignores", {"tests/*": ("C04",)}),
        ({"vuln-db": "osv/"}, "vuln_db", "osv/"),
        ({"online": True}, "online", True),
        ({"baseline": ".tee-audit-baseline.json"}, "baseline", ".tee-audit-baseline.json"),
        ({"allow-skipped": True}, "allow_skipped", True),
        ({"report-unused-ignores": True}, "report_unused_ignores", True),
        ({"jobs": 2}, "jobs", 2),
        ({"cache": False}, "cache", False),
        ({"max-file-size": 1000}, "max_file_size", 1000),
        ({"max-file-seconds": 5}, "max_file_seconds", 5),
    ],
)
def test_every_key_parsed(table, field, expected):
    assert getattr(parse(table), field) == expected


def test_unknown_key_named_in_error():
    with pytest.raises(ConfigError, match="unknown key 'fail_onn'"):
        parse({"fail_onn": "high"})


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"fail-on": "severe"}, "invalid severity 'severe'"),
        ({"select": "C04"}, "expected a list of strings"),
        ({"online": "yes"}, "expected true or false"),
        ({"jobs": -1}, "non-negative integer"),
        ({"per-path-ignores": {"tests/*": "C04"}}, "expected a list of rule or check ids"),
    ],
)
def test_bad_values_named_in_error(table, message):
    with pytest.raises(ConfigError, match=message):
        parse(table)


def test_pyproject_table_found_from_subdirectory(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tee-audit]\nfail-on = "medium"\n')
    (tmp_path / "src").mkdir()

    found = find_config_file(tmp_path / "src")

    assert found == tmp_path / "pyproject.toml"
    assert load_config(found).fail_on is Severity.MEDIUM


def test_dedicated_file_preferred_over_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tee-audit]\nfail-on = "medium"\n')
    (tmp_path / ".tee-audit.toml").write_text('fail-on = "critical"\n')

    assert load_config(find_config_file(tmp_path)).fail_on is Severity.CRITICAL


def test_invalid_toml_reported_with_file(tmp_path):
    (tmp_path / ".tee-audit.toml").write_text("fail-on = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(tmp_path / ".tee-audit.toml")


def test_command_line_overrides_file():
    config = override(Config(fail_on=Severity.HIGH, online=True), fail_on=Severity.CRITICAL, online=None)
    assert config.fail_on is Severity.CRITICAL
    assert config.online is True


def test_misspelled_tool_table_rejected(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tee_audit]\nfail-on = "high"\n')
    with pytest.raises(ConfigError, match=r"\[tool.tee-audit\]"):
        load_config(tmp_path / "pyproject.toml")


def test_key_set_twice_rejected():
    with pytest.raises(ConfigError, match="set twice"):
        parse({"fail-on": "high", "fail_on": "low"})
