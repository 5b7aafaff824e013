from helpers import make_finding

from tee_audit.suppress import apply_suppressions, parse_suppressions

KNOWN = {"eval-of-data", "pickle-load"}

CALL = """\
result = run(
    eval(expression),
    timeout=5,
)
"""


def suppress_call(comment_line: int):
    lines = CALL.splitlines()
    lines[comment_line - 1] += "  # tee-audit: ignore[eval-of-data] reviewed by the security team"
    suppressions, problems = parse_suppressions("app.py", "\n".join(lines) + "\n")
    finding = make_finding(line=2, statement=(1, 4))
    findings, unknown, unused = apply_suppressions([finding], suppressions, KNOWN)
    return findings[0], unknown, unused, problems


def test_comment_on_first_line_of_statement():
    finding, _, unused, _ = suppress_call(1)
    assert finding.suppressed
    assert finding.suppression_reason == "reviewed by the security team"
    assert unused == []


def test_comment_on_middle_line_of_statement():
    assert suppress_call(2)[0].suppressed
    assert suppress_call(3)[0].suppressed


def test_comment_on_last_line_of_statement():
    assert suppress_call(4)[0].suppressed


def test_comment_on_following_line_does_not_suppress():
    text = "eval(expression)\n# tee-audit: ignore[eval-of-data]\n"
    suppressions, _ = parse_suppressions("app.py", text)
    findings, _, unused = apply_suppressions([make_finding(line=1, statement=(1, 1))], suppressions, KNOWN)
    assert not findings[0].suppressed
    assert [(item.line, item.rule_id) for item in unused] == [(2, "eval-of-data")]


def test_other_rule_id_does_not_suppress():
    suppressions, _ = parse_suppressions("app.py", "eval(x)  # tee-audit: ignore[pickle-load]\n")
    findings, _, unused = apply_suppressions([make_finding(line=1)], suppressions, KNOWN)
    assert not findings[0].suppressed
    assert [item.rule_id for item in unused] == ["pickle-load"]


def test_unknown_rule_id_reported_once():
    suppressions, _ = parse_suppressions("app.py", "eval(x)  # tee-audit: ignore[no-such-rule, eval-of-data]\n")
    findings, unknown, unused = apply_suppressions([make_finding(line=1)], suppressions, KNOWN)
    assert findings[0].suppressed
    assert [(item.line, item.rule_id) for item in unknown] == [(1, "no-such-rule")]
    assert unused == []


def test_missing_rule_id_is_a_problem():
    suppressions, problems = parse_suppressions("app.py", "eval(x)  # tee-audit: ignore\n")
    assert suppressions == []
    assert [item.line for item in problems] == [1]


def test_slash_comment_and_dockerfile_and_yaml_forms():
    text = "eval(code); // tee-audit: ignore[eval-of-data] trusted input\n"
    suppressions, _ = parse_suppressions("app.ts", text)
    assert [(s.rule_id, s.reason) for s in suppressions] == [("eval-of-data", "trusted input")]
    text = "FROM python:3.12  # tee-audit: ignore[pickle-load]\n"
    assert [s.rule_id for s in parse_suppressions("Dockerfile", text)[0]] == ["pickle-load"]
    text = "<!-- tee-audit: ignore[eval-of-data] docs example -->\n"
    assert [s.reason for s in parse_suppressions("a.html", text)[0]] == ["docs example"]


def test_disabled_suppressions_keep_findings_active():
    suppressions, _ = parse_suppressions("app.py", "eval(x)  # tee-audit: ignore[eval-of-data]\n")
    findings, _, _ = apply_suppressions([make_finding(line=1)], suppressions, KNOWN, enabled=False)
    assert not findings[0].suppressed
