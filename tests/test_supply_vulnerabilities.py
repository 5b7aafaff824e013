"""Offline OSV lookups, online lookups against a loopback server, and the notice when no lookup runs."""

from __future__ import annotations

import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from supply_project import read_text, shared_osv_folder, write_project

from tee_audit.supply import online
from tee_audit.supply.analyzer import SupplyChainAnalyzer
from tee_audit.supply.model import Ecosystem
from tee_audit.supply.osv import OsvDatabase, OsvDatabaseError
from tee_audit.supply.vulnerabilities import NOT_CHECKED

SHARED = shared_osv_folder()
needs_shared = pytest.mark.skipif(SHARED is None, reason="shared OSV test data not found; set TEE_AUDIT_SHARED to its folder")


def known_pins():
    pins = []
    for line in (SHARED / "known-vulnerable.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pin, _, comment = line.partition("#")
        name, version = pin.strip().split("==")
        expected = [] if "not-affected" in comment else sorted(comment.split())
        pins.append((name, version, expected))
    return pins


@needs_shared
def test_known_pins_match_shared_database():
    database = OsvDatabase.load(SHARED / "pypi")
    pins = known_pins()
    assert len(pins) == 35
    for name, version, expected in pins:
        found = [advisory.id for advisory in database.lookup(Ecosystem.PYPI, name, version)]
        assert found == expected, f"{name}=={version}"


@needs_shared
def test_withdrawn_advisory_never_fires():
    database = OsvDatabase.load(SHARED / "pypi")
    found = [advisory.id for advisory in database.lookup(Ecosystem.PYPI, "aiohttp", "3.9.1")]
    assert "PYSEC-2022-43059" not in found
    assert database.withdrawn == 1


@needs_shared
def test_zip_database_and_findings(tmp_path):
    archive = tmp_path / "PyPI-all.zip"
    with zipfile.ZipFile(archive, "w") as output:
        for item in sorted((SHARED / "pypi").glob("*.json")):
            output.write(item, item.name)
    project = tmp_path / "project"
    project.mkdir()
    sources = write_project(project, {"requirements.txt": "cryptography==41.0.5\npycrypto==2.6.1\nrequests==2.32.0\n"})
    result = SupplyChainAnalyzer(vuln_db=archive).analyze_project(str(project), sources, read_text)
    vulnerable = sorted((finding.location.line, finding.code_key, finding.severity.value) for finding in result.findings if finding.rule_id == "known-vulnerable-dependency")
    assert vulnerable == [
        (1, "pypi:cryptography==41.0.5 PYSEC-2023-254", "high"),
        (2, "pypi:pycrypto==2.6.1 PYSEC-2017-94", "high"),
        (2, "pypi:pycrypto==2.6.1 PYSEC-2018-97", "high"),
    ]
    assert result.failures == []
    assert NOT_CHECKED not in result.notices


def test_semver_ranges_for_npm_cargo_and_go(tmp_path):
    folder = tmp_path / "osv"
    folder.mkdir()
    advisories = [
        ("GHSA-npm", "npm", "left-pad", [{"introduced": "1.0.0"}, {"fixed": "1.3.1"}]),
        ("RUSTSEC-1", "crates.io", "rand", [{"introduced": "0"}, {"last_affected": "0.7.3"}]),
        ("GO-1", "Go", "github.com/pkg/errors", [{"introduced": "0.9.0"}, {"limit": "0.9.2"}]),
    ]
    for identifier, ecosystem, name, events in advisories:
        document = {"id": identifier, "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": ecosystem, "name": name}, "ranges": [{"type": "SEMVER", "events": events}]}]}
        (folder / f"{identifier}.json").write_text(json.dumps(document))
    database = OsvDatabase.load(folder)
    assert [item.id for item in database.lookup(Ecosystem.NPM, "left-pad", "1.3.0")] == ["GHSA-npm"]
    assert database.lookup(Ecosystem.NPM, "left-pad", "1.3.1") == []
    assert database.lookup(Ecosystem.NPM, "left-pad", "1.0.0-beta.1") == []
    assert [item.id for item in database.lookup(Ecosystem.CARGO, "rand", "0.7.3")] == ["RUSTSEC-1"]
    assert database.lookup(Ecosystem.CARGO, "rand", "0.8.5") == []
    assert [item.id for item in database.lookup(Ecosystem.GOLANG, "github.com/pkg/errors", "v0.9.1")] == ["GO-1"]
    assert database.lookup(Ecosystem.GOLANG, "github.com/pkg/errors", "v0.9.2") == []


def test_no_lookup_gives_not_checked_notice(tmp_path):
    sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\n"})
    result = SupplyChainAnalyzer().analyze_project(str(tmp_path), sources, read_text)
    assert NOT_CHECKED in result.notices
    assert result.failures == []
    assert [finding.rule_id for finding in result.findings] == ["requirements-without-hashes"]


def test_missing_database_is_a_failure(tmp_path):
    sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\n"})
    result = SupplyChainAnalyzer(vuln_db=tmp_path / "absent").analyze_project(str(tmp_path), sources, read_text)
    assert result.failures == [f"the vulnerability database {tmp_path / 'absent'} does not exist"]
    with pytest.raises(OsvDatabaseError):
        OsvDatabase.load(tmp_path / "absent")


class _OsvHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = {}
        if query["package"]["name"] == "cryptography" and query["version"] == "41.0.5":
            body = {"vulns": [{"id": "PYSEC-2023-254", "aliases": ["CVE-2023-49083"], "details": "NULL dereference",
                               "affected": [{"package": {"name": "cryptography", "ecosystem": "PyPI"},
                                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.1"}, {"fixed": "41.0.6"}]}]}]}]}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def osv_server():
    server = HTTPServer(("127.0.0.1", 0), _OsvHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


def test_online_osv_service_on_loopback(tmp_path, osv_server):
    sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\nidna==3.7\n"})
    service = online.make_service("osv", osv_url=osv_server, timeout=5, cache_dir=tmp_path / "cache")
    result = SupplyChainAnalyzer(online=True, service=service).analyze_project(str(tmp_path), sources, read_text)
    assert [(finding.rule_id, finding.location.line, finding.code_key) for finding in result.findings if finding.rule_id == "known-vulnerable-dependency"] == [
        ("known-vulnerable-dependency", 1, "pypi:cryptography==41.0.5 PYSEC-2023-254")
    ]
    assert result.failures == []
    assert NOT_CHECKED not in result.notices


def test_online_service_unreachable_is_failure(tmp_path):
    listener = HTTPServer(("127.0.0.1", 0), _OsvHandler)
    port = listener.server_address[1]
    listener.server_close()
    sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\n"})
    service = online.make_service("osv", osv_url=f"http://127.0.0.1:{port}/v1/query", timeout=2, cache_dir=tmp_path / "cache")
    result = SupplyChainAnalyzer(online=True, service=service).analyze_project(str(tmp_path), sources, read_text)
    assert len(result.failures) == 1
    assert result.failures[0].startswith("the osv-api vulnerability service failed for cryptography==41.0.5")
    assert [finding.rule_id for finding in result.findings] == ["requirements-without-hashes"]


class _PyPIHandler(BaseHTTPRequestHandler):
    """Serve the PyPI JSON API for one vulnerable release and 404 for everything else."""

    def do_GET(self):
        if self.path == "/pypi/cryptography/41.0.5/json":
            body = {"info": {}, "vulnerabilities": [{"id": "PYSEC-2023-254", "aliases": ["CVE-2023-49083"], "details": "NULL dereference", "fixed_in": ["41.0.6"], "withdrawn": None}]}
            payload = json.dumps(body).encode()
            self.send_response(200)
        else:
            payload = b"{}"
            self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class _LoopbackAdapter(requests.adapters.HTTPAdapter):
    """Send requests meant for pypi.org to a server on 127.0.0.1 instead."""

    def __init__(self, netloc):
        super().__init__()
        self.netloc = netloc

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = urlunsplit(("http", self.netloc, parts.path, parts.query, ""))
        return super().send(request, **kwargs)


def test_online_pypi_service_on_loopback(tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _PyPIHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        service = online.make_service("pypi", timeout=5, cache_dir=tmp_path / "cache")
        service.session.mount("https://pypi.org/", _LoopbackAdapter(f"127.0.0.1:{server.server_address[1]}"))
        sources = write_project(tmp_path, {"requirements.txt": "cryptography==41.0.5\nnot-on-pypi==1.0\n"})
        result = SupplyChainAnalyzer(online=True, service=service).analyze_project(str(tmp_path), sources, read_text)
    finally:
        server.shutdown()
        server.server_close()
    assert [(finding.location.line, finding.message) for finding in result.findings if finding.rule_id == "known-vulnerable-dependency"] == [
        (1, "cryptography 41.0.5 is affected by PYSEC-2023-254 (CVE-2023-49083); fixed in 41.0.6.")
    ]
    assert result.failures == []
    assert "Known vulnerabilities were not checked for 1 pinned versions (PyPI), because no lookup source covers them." in result.notices


def test_odd_advisories_are_ignored_not_fatal(tmp_path):
    folder = tmp_path / "osv"
    folder.mkdir()
    documents = {
        "broken.json": "{not json",
        "list.json": "[1, 2]",
        "ranges-string.json": json.dumps({"id": "X-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "demo"}, "ranges": "oops", "versions": "1.0"}]}),
        "events-odd.json": json.dumps({"id": "X-2", "affected": [{"package": {"ecosystem": "PyPI", "name": "demo"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": 0}, {"fixed": "not a version"}, "x", {"a": 1, "b": 2}]}]}]}),
        "good.json": json.dumps({"id": "X-3", "aliases": "CVE-1", "affected": [{"package": {"ecosystem": "PyPI", "name": "Demo"}, "versions": ["1.0"]}]}),
    }
    for name, text in documents.items():
        (folder / name).write_text(text)
    database = OsvDatabase.load(folder)
    assert sorted(database.unreadable) == ["broken.json", "list.json"]
    assert [(item.id, item.aliases) for item in database.lookup(Ecosystem.PYPI, "demo", "1.0")] == [("X-2", ()), ("X-3", ())]
