"""The CycloneDX SBOM: schema-valid, deterministic, and built without running the project."""

from __future__ import annotations

import json

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from cyclonedx.validation.xml import XmlValidator
from supply_project import read_text, shared_osv_folder, write_project

from tee_audit.supply import vulnerabilities
from tee_audit.supply.analyzer import SupplyChainAnalyzer
from tee_audit.supply.collect import collect
from tee_audit.supply.sbom import ImageRecord, build_bom, serialize_bom

SHA_A = "a" * 64
DIGEST = "sha256:" + "c" * 64


def python_project(tmp_path):
    files = {
        "requirements.txt": f"requests==2.32.3 --hash=sha256:{SHA_A}\nidna==3.7 --hash=sha256:{'b' * 64}\n",
        "setup.py": f"open({str(tmp_path / 'MARKER')!r}, 'w').write('ran')\n",
    }
    sources = write_project(tmp_path, files)
    return collect(tmp_path, sources, read_text)


def test_python_sbom_validates_and_lists_components(tmp_path):
    inventory = python_project(tmp_path)
    images = [ImageRecord(name="python", tag="3.12-slim", digest=DIGEST, path="Dockerfile", line=1)]
    bom = build_bom(inventory, "app", "1.0", images=images, reproducible=True)
    text = serialize_bom(bom, "json")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert XmlValidator(SchemaVersion.V1_6).validate_str(serialize_bom(bom, "xml")) is None
    document = json.loads(text)
    assert document["specVersion"] == "1.6"
    assert document["metadata"]["component"]["name"] == "app"
    assert [tool["name"] for tool in document["metadata"]["tools"]["components"]] == ["tee-audit"]
    assert sorted(component["purl"] for component in document["components"]) == [
        f"pkg:oci/python@sha256:{'c' * 64}?repository_url=python&tag=3.12-slim",
        "pkg:pypi/idna@3.7",
        "pkg:pypi/requests@2.32.3",
    ]
    requests = next(component for component in document["components"] if component["name"] == "requests")
    assert requests["hashes"] == [{"alg": "SHA-256", "content": SHA_A}]
    assert {"name": "tee-audit:source", "value": "requirements.txt:1"} in requests["properties"]
    project = next(item for item in document["dependencies"] if item["ref"] == "project")
    assert len(project["dependsOn"]) == 3


def test_reproducible_sbom_is_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inventory = python_project(tmp_path)
    first = serialize_bom(build_bom(inventory, "app", reproducible=True), "json")
    second = serialize_bom(build_bom(inventory, "app", reproducible=True), "json")
    assert first == second
    assert json.loads(first)["metadata"]["timestamp"].startswith("2023-11-14T22:13:20")


def test_collecting_never_runs_setup_py(tmp_path):
    marker = tmp_path / "MARKER"
    files = {
        "setup.py": f"open({str(marker)!r}, 'w').write('ran')\n",
        "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "app"\ndynamic = ["version", "dependencies"]\n',
        "requirements.txt": "-e .\n",
    }
    sources = write_project(tmp_path, files)
    result = SupplyChainAnalyzer().analyze_project(str(tmp_path), sources, read_text)
    inventory = collect(tmp_path, sources, read_text)
    serialize_bom(build_bom(inventory, "app"), "json")
    assert not marker.exists()
    assert inventory.dependencies == []
    assert inventory.skipped == []
    assert "pyproject.toml: the dependencies are dynamic (computed by the build backend), so they are not listed or checked." in result.notices


def test_unreproducible_sbom_differs_only_in_serial_and_time(tmp_path):
    inventory = python_project(tmp_path)
    first = json.loads(serialize_bom(build_bom(inventory, "app"), "json"))
    second = json.loads(serialize_bom(build_bom(inventory, "app"), "json"))
    assert first["serialNumber"] != second["serialNumber"]
    for document in (first, second):
        del document["serialNumber"]
        del document["metadata"]["timestamp"]
    assert first == second


def test_mixed_npm_cargo_go_sbom_validates(tmp_path):
    files = {
        "web/package-lock.json": json.dumps(
            {"lockfileVersion": 3, "packages": {"": {"dependencies": {"@scope/a": "^1"}}, "node_modules/@scope/a": {"version": "1.0.0", "dependencies": {"b": "^2"}}, "node_modules/b": {"version": "2.0.0"}}},
            indent=2,
        ),
        "core/Cargo.lock": f'version = 3\n\n[[package]]\nname = "rand"\nversion = "0.8.5"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "{SHA_A}"\n',
        "svc/go.mod": "module example.com/svc\n\nrequire github.com/pkg/errors v0.9.1\n",
        "svc/go.sum": "github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n",
    }
    sources = write_project(tmp_path, files)
    inventory = collect(tmp_path, sources, read_text)
    bom = build_bom(inventory, "mixed", reproducible=True)
    text = serialize_bom(bom, "json")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    assert XmlValidator(SchemaVersion.V1_6).validate_str(serialize_bom(bom, "xml")) is None
    document = json.loads(text)
    assert sorted(component["purl"] for component in document["components"]) == [
        "pkg:cargo/rand@0.8.5",
        "pkg:golang/github.com/pkg/errors@v0.9.1",
        "pkg:npm/%40scope/a@1.0.0",
        "pkg:npm/b@2.0.0",
    ]
    graph = {item["ref"]: item.get("dependsOn", []) for item in document["dependencies"]}
    assert graph["pkg:npm/%40scope/a@1.0.0"] == ["pkg:npm/b@2.0.0"]
    go_sources = next(component for component in document["components"] if component["name"] == "github.com/pkg/errors")["properties"]
    assert [item["value"] for item in go_sources if item["name"] == "tee-audit:source"] == ["svc/go.mod:3", "svc/go.sum:1"]


def test_sbom_lists_vulnerabilities_with_affected_component(tmp_path):
    shared = shared_osv_folder()
    if shared is None:
        pytest.skip("shared OSV test data not found; set TEE_AUDIT_SHARED to its folder")
    sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\nidna==3.7\n"})
    inventory = collect(tmp_path, sources, read_text)
    inventory.vulnerabilities = vulnerabilities.check(inventory, shared / "pypi")
    text = serialize_bom(build_bom(inventory, "app", reproducible=True), "json")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    document = json.loads(text)
    assert [(item["id"], [target["ref"] for target in item["affects"]]) for item in document["vulnerabilities"]] == [
        ("PYSEC-2023-254", ["pkg:pypi/cryptography@41.0.5"])
    ]
    assert document["vulnerabilities"][0]["ratings"] == [{"severity": "high"}]
    assert [reference["id"] for reference in document["vulnerabilities"][0]["references"]] == ["CVE-2023-49083", "GHSA-jfhm-5ghh-2f97"]


def test_same_image_in_two_files_is_one_component(tmp_path):
    inventory = collect(tmp_path, [], read_text)
    images = [
        {"name": "docker.io/library/python", "tag": "3.12", "digest": DIGEST, "path": "Dockerfile", "line": 1},
        {"name": "docker.io/library/python", "tag": "3.12", "digest": DIGEST, "path": "worker/Dockerfile", "line": 3},
        {"name": "gcr.io/distroless/base", "tag": "nonroot", "path": "Dockerfile", "line": 9},
    ]
    text = serialize_bom(build_bom(inventory, "app", images=images, reproducible=True), "json")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    containers = {item["name"]: item for item in json.loads(text)["components"]}
    assert sorted(containers) == ["docker.io/library/python", "gcr.io/distroless/base"]
    assert [item["value"] for item in containers["docker.io/library/python"]["properties"]] == ["Dockerfile:1", "worker/Dockerfile:3"]
    assert containers["gcr.io/distroless/base"]["purl"] == "pkg:oci/base?repository_url=gcr.io/distroless/base&tag=nonroot"
    assert "hashes" not in containers["gcr.io/distroless/base"]


def test_project_name_falls_back_to_manifest(tmp_path):
    sources = write_project(tmp_path, {"pyproject.toml": '[project]\nname = "enclave-app"\nversion = "2.1.0"\ndependencies = []\n'})
    inventory = collect(tmp_path, sources, read_text)
    document = json.loads(serialize_bom(build_bom(inventory, ""), "json"))
    assert document["metadata"]["component"]["name"] == "enclave-app"
    assert document["metadata"]["component"]["version"] == "2.1.0"
