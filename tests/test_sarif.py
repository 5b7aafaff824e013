import json
from pathlib import Path

import jsonschema
import pytest
from helpers import make_finding

from tee_audit.model import Confidence, Location, Severity, Skipped, SkipReason
from tee_audit.pipeline import ScanReport
from tee_audit.registry import Rule
from tee_audit.render.sarif import render_sarif, sarif_uri

from conftest import find_shared_dir

RULE = Rule(
    id="eval-of-data", check="C06", severity=Severity.HIGH, summary="eval() of a value that is not a literal",
    rationale="Code built at run time was never measured.", remediation="Parse the data instead.",
    bad="eval(request.json['f'])", good="ast.literal_eval(text)", language="python", confidence=Confidence.HIGH,
)


def validate(document):
    shared = find_shared_dir()
    if shared is None:
        pytest.skip("SARIF schema not found; set TEE_AUDIT_SHARED to the shared test data folder")
    schema = json.loads((shared / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(document)


def sarif_for(findings, skipped=()):
    report = ScanReport(root=Path("."), files=(), findings=tuple(findings), skipped=tuple(skipped), evidence=())
    return json.loads(render_sarif(report, [RULE]))


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("src/my app.py", "src/my%20app.py"),
        ("src/100%.py", "src/100%25.py"),
        ("src/issue#1.py", "src/issue%231.py"),
        ("src/schlüssel.py", "src/schl%C3%BCssel.py"),
    ],
)
def test_awkward_paths_percent_encoded(path, uri):
    document = sarif_for([make_finding(path=path)])
    validate(document)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": uri, "uriBaseId": "%SRCROOT%"}
    assert sarif_uri(path) == uri


def test_file_level_finding_has_no_region():
    finding = make_finding(line=0, column=0)
    document = sarif_for([finding])
    validate(document)
    assert "region" not in document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]


def test_regions_are_one_based_with_fingerprint():
    document = sarif_for([make_finding(line=7, column=1)])
    validate(document)
    result = document["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 7
    assert region["startColumn"] == 1
    assert result["partialFingerprints"]["teeAuditFingerprint/v1"] == make_finding(line=7, column=1).fingerprint


def test_suppressed_finding_carries_sarif_suppression():
    from dataclasses import replace

    finding = replace(make_finding(), suppressed=True, suppression_reason="reviewed")
    document = sarif_for([finding])
    validate(document)
    assert document["runs"][0]["results"][0]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "reviewed"}
    ]


def test_rule_metadata_from_registry():
    document = sarif_for([make_finding()], skipped=[Skipped("bad.py", SkipReason.PARSE_ERROR, "line 3: invalid syntax")])
    validate(document)
    rule = document["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["id"] == "eval-of-data"
    assert rule["helpUri"].endswith("#eval-of-data")
    assert rule["properties"]["security-severity"] == "8.0"
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "skipped bad.py: parse-error: line 3: invalid syntax"
