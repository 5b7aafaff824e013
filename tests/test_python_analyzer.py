"""Entry points of the Python analyzer: project scans, pickling, spans, redaction, bad input."""

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from tee_audit.analyzers.python import PythonAnalyzer, analyze_summaries, summarize_file
from tee_audit.model import Confidence, FileKind, Severity, SkipReason, SourceFile


def _scan(tmp_path, files: dict[str, str]):
    sources = []
    for relative, text in files.items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        kind = FileKind.PYTHON if relative.endswith(".py") else FileKind.REQUIREMENTS
        sources.append(SourceFile(relative, str(target), kind, target.stat().st_size))
    return PythonAnalyzer().analyze_project(str(tmp_path), sources, lambda file: open(file.absolute).read())


def _found(result) -> list[tuple[str, int, str]]:
    return sorted((f.location.path, f.location.line, f.rule_id) for f in result.findings)


def test_project_flow_across_packages(tmp_path):
    result = _scan(tmp_path, {
        "app/__init__.py": "",
        "app/keys.py": "import os\ndef fresh():\n    return os.urandom(32)\n",
        "app/audit.py": "def record(value):\n    print('value', value)\n",
        "app/main.py": "from .keys import fresh\nfrom app.audit import record\nrecord(fresh())\n",
    })
    assert _found(result) == [("app/audit.py", 2, "secret-logged")]
    assert result.findings[0].severity == Severity.CRITICAL


def test_statement_lines_span_multiline_call(tmp_path):
    result = _scan(tmp_path, {"svc.py": "import logging\ndef f(password):\n    logging.info(\n        '%s',\n"
                                        "        password,\n    )\n"})
    finding = result.findings[0]
    assert finding.location.line == 3
    assert finding.statement_lines == (3, 6)


def test_snippet_and_code_key_redacted(tmp_path):
    text = "import logging\ndef f(private_key):\n    logging.info('k=%s', private_key, extra={'api_key': 'sk-abcdefghijklmnop'})\n"
    result = _scan(tmp_path, {"svc.py": text})
    finding = result.findings[0]
    assert finding.snippet == "    logging.info('k=%s', private_key, extra={'api_key': 'sk-[REDACTED]'})"
    assert finding.code_key == "logging.info('k=%s', private_key, extra={'api_key': 'sk-[REDACTED]'})"


def test_fingerprint_ignores_lines_above(tmp_path):
    text = "import logging\ndef f(private_key):\n    logging.info(private_key)\n"
    before = _scan(tmp_path, {"svc.py": text}).findings[0]
    after = _scan(tmp_path, {"svc.py": "\n\n" + text}).findings[0]
    assert after.location.line == before.location.line + 2
    assert after.fingerprint == before.fingerprint


def test_pycryptodome_declared_silences_crypto_import(tmp_path):
    files = {"enc.py": "from Crypto.Cipher import AES\n"}
    assert _found(_scan(tmp_path, files)) == [("enc.py", 1, "deprecated-crypto-library")]
    files["requirements.txt"] = "pycryptodome==3.20.0\n"
    assert _found(_scan(tmp_path, files)) == []


def test_summary_survives_pickling():
    summary = summarize_file("svc.py", "import logging, os\nk = os.urandom(8)\nlogging.info(k)\n")
    restored = pickle.loads(pickle.dumps(summary))
    assert _found(analyze_summaries([restored])) == [("svc.py", 3, "secret-logged")]


def test_unresolved_yaml_loader_low_confidence():
    text = "import yaml\ndef f(doc, chosen):\n    return yaml.load(doc, Loader=chosen)\n"
    [finding] = analyze_summaries([summarize_file("y.py", text)]).findings
    assert finding.rule_id == "unsafe-yaml-load"
    assert finding.confidence == Confidence.LOW


def test_request_data_to_eval_is_critical():
    text = ("from flask import Flask, request\napp = Flask(__name__)\n@app.post('/run')\ndef run():\n"
            "    return str(eval(request.get_json()['code']))\n")
    [finding] = analyze_summaries([summarize_file("web.py", text)]).findings
    assert finding.rule_id == "eval-of-data"
    assert finding.severity == Severity.CRITICAL


def test_syntax_error_names_cpython_message():
    [skipped] = summarize_file("bad.py", "import os\nif True\n    key = os.urandom(3)\n").skipped
    assert skipped.reason == SkipReason.PARSE_ERROR
    assert skipped.detail == "line 2: expected ':'"


def test_python2_file_skipped_with_line():
    summary = summarize_file("old.py", "import os\nprint 'hello', os.name\n")
    [skipped] = summary.skipped
    assert skipped.reason == SkipReason.PARSE_ERROR
    assert skipped.detail.startswith("line 2:")


def test_long_concatenation_analysed():
    body = "\n".join(f"    'part {index} '" for index in range(1500))
    text = f"import logging, os\nkey = os.urandom(8)\nmessage = (\n{body}\n    f'{{key}}'\n)\nlogging.info(message)\n"
    summary = summarize_file("long.py", text)
    assert summary.skipped == []
    assert _found(analyze_summaries([summary])) == [("long.py", 1506, "secret-logged")]


def test_huge_concatenation_analysed():
    body = "\n".join(f"    'part {index} '" for index in range(20000))
    text = f"import logging, os\nkey = os.urandom(8)\nmessage = (\n{body}\n    f'{{key}}'\n)\nlogging.info(message)\n"
    summary = summarize_file("huge.py", text)
    assert summary.skipped == []
    assert _found(analyze_summaries([summary])) == [("huge.py", 20006, "secret-logged")]


def test_deep_brackets_skipped_too_deep():
    summary = summarize_file("deep.py", "import os\nvalue = " + "(" * 300 + "1" + ")" * 300 + "\n")
    [skipped] = summary.skipped
    assert skipped.reason == SkipReason.TOO_DEEP


def test_file_without_trigger_words_not_parsed():
    summary = summarize_file("plain.py", "def add(a, b):\n    c = a + b\n    \n")
    assert summary.functions == []
    assert summary.skipped == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc()[]{}:=+'\"\n #fxyz.,\\")), max_size=120))
def test_arbitrary_text_never_raises(text):
    summary = summarize_file("fuzz.py", "import os\nprint(os.urandom(1))\n" + text)
    result = analyze_summaries([summary])
    assert all(entry.reason in (SkipReason.PARSE_ERROR, SkipReason.TOO_DEEP) for entry in result.skipped)


def test_unresolved_call_lowers_confidence():
    text = "import logging, os\nimport vendorlib\nkey = os.urandom(8)\nlogging.info(vendorlib.wrap(key))\n"
    [finding] = analyze_summaries([summarize_file("wrap.py", text)]).findings
    assert finding.rule_id == "secret-logged"
    assert finding.confidence == Confidence.MEDIUM


def test_shell_command_severity():
    text = ("import subprocess\ndef run(name):\n    subprocess.run('ls ' + name, shell=True)\n"
            "    subprocess.run(['ls', name])\n")
    findings = analyze_summaries([summarize_file("cmd.py", text)]).findings
    severities = {finding.location.line: finding.severity for finding in findings}
    assert severities == {3: Severity.HIGH, 4: Severity.MEDIUM}


def test_function_summary_reports_at_sink():
    text = ("import os\ndef show(value):\n    print(value)\n"
            "def main():\n    show(os.urandom(4))\n    show('public')\n")
    [finding] = analyze_summaries([summarize_file("chain.py", text)]).findings
    assert (finding.rule_id, finding.location.line) == ("secret-logged", 3)
    assert "line 5" in finding.message


def test_libcst_internal_error_is_parse_error(monkeypatch):
    # libcst 1.9 raises CSTLogicError on implicitly joined template strings (t"a" t"b").
    import libcst

    def fail(*args, **kwargs):
        raise libcst.CSTLogicError("Logic error!")

    monkeypatch.setattr(libcst, "parse_module", fail)
    [skipped] = summarize_file("generic.py", "import os\n\ntype Key = bytes\n").skipped
    assert skipped.reason == SkipReason.PARSE_ERROR
    assert skipped.detail.startswith("line 3:")
    assert "CSTLogicError" in skipped.detail
