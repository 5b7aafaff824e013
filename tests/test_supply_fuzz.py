"""Readers never raise on arbitrary text: bad input becomes skipped entries, not crashes."""

from __future__ import annotations

import json

import tomli_w
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tee_audit.supply.lockfiles.dispatch import LOCKFILE_NAMES, lockfile_reader
from tee_audit.supply.lockfiles.gomod import read_go_mod
from tee_audit.supply.manifests import read_cargo_toml, read_package_json, read_pipfile
from tee_audit.supply.pyproject import read_pyproject
from tee_audit.supply.requirements import RequirementsReader

FRAGMENTS = st.sampled_from(
    [
        "\n", "\\\n", " ", "#", "-r ", "-c ", "-e ", "--hash=sha256:", "==", ">=", "@", ";", '"', "'", "[", "]", "{", "}",
        "git+https://h/x.git@", "://", "../", "name", "1.0", "[[package]]", 'name = "a"', 'version = "1"', "packages:",
        "  version ", "require (", ")", "=>", "node_modules/", ":", ",", "\t",
    ]
)
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_requirements_reader_never_raises(text):
    RequirementsReader({"requirements.txt": text}.get).read(["requirements.txt"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_lockfile_and_manifest_readers_never_raise(text):
    for name in LOCKFILE_NAMES:
        lockfile_reader(name)(name, text)
    for reader, name in (
        (read_pyproject, "pyproject.toml"),
        (read_package_json, "package.json"),
        (read_cargo_toml, "Cargo.toml"),
        (read_pipfile, "Pipfile"),
        (read_go_mod, "go.mod"),
    ):
        reader(name, text)


KEYS = st.sampled_from(
    [
        "package", "packages", "dependencies", "name", "version", "source", "files", "hash", "hashes", "default", "develop",
        "node_modules/a", "node_modules/a/node_modules/b", "", "requires", "integrity", "resolved", "lockfileVersion", "importers",
        "snapshots", "resolution", "checksum", "wheels", "sdist", "vcs", "git", "path", "url", "project", "tool", "poetry",
        "dependency-groups", "optional-dependencies", "dynamic", "uv", "sources", "index", "dev-dependencies", "workspace",
        "__metadata", "lodash@npm:^4", "express@4.19.2", "/a/1.0.0", "metadata", "module", "require",
    ]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["1.0", "^1", "a", "", "sha256:ab", "git+https://h/x"]))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, DOCUMENTS, max_size=6))
def test_readers_never_raise_on_odd_structures(document):
    json_text = json.dumps(document)
    yaml_text = yaml.safe_dump(document)
    try:
        toml_text = tomli_w.dumps(_without_none(document))
    except (TypeError, ValueError):
        toml_text = ""
    for name in LOCKFILE_NAMES:
        text = toml_text
        if name.endswith(".json") or name == "Pipfile.lock":
            text = json_text
        elif name.endswith((".yaml", "yarn.lock")):
            text = yaml_text
        lockfile_reader(name)(name, text)
    read_package_json("package.json", json_text)
    for reader, name in ((read_pyproject, "pyproject.toml"), (read_cargo_toml, "Cargo.toml"), (read_pipfile, "Pipfile")):
        reader(name, toml_text)


def _without_none(value):
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value if item is not None]
    return value


ODD_DOCUMENTS = [
    {"package": [{"name": 1, "version": 2, "dependencies": "x", "source": "y", "files": "z"}]},
    {"package": [{"name": "a", "dependencies": ["b", 1]}]},
    {"packages": [{"name": "a", "wheels": "x", "vcs": "y", "dependencies": "q"}]},
    {"packages": {"node_modules/a": {"version": 1, "dependencies": ["x"], "integrity": 5}, "": "x"}},
    {"dependencies": {"a": {"version": 1, "requires": ["b"], "dependencies": "x"}}},
    {"default": {"a": {"version": 3, "hashes": "x"}}, "develop": []},
    {"__metadata": {"version": 6}, "a@npm:1": {"version": 1, "resolution": 5, "dependencies": ["x"]}},
    {"lockfileVersion": "9.0", "packages": {"a@1": {"resolution": "x"}}, "snapshots": {"a@1": {"dependencies": ["x"]}}, "importers": {".": {"dependencies": "x"}}},
    {"project": {"dependencies": "x", "optional-dependencies": {"a": "b"}, "dynamic": "dependencies", "name": 1}, "dependency-groups": {"a": 1}},
    {"tool": {"poetry": {"dependencies": {"a": 1, "b": [1, {"git": 1}]}, "group": {"x": {"dependencies": "y"}}, "source": "x"}, "uv": {"sources": {"a": "b"}, "index": "x", "index-url": 1}}},
    {"source": "x", "packages": {"a": 1, "b": {"git": 1}}},
    {"package": [{"name": "a", "version": "1", "source": 1, "checksum": 2, "dependencies": [1]}], "metadata": "x"},
]


def test_readers_accept_wrongly_typed_fields():
    for document in ODD_DOCUMENTS:
        for name in LOCKFILE_NAMES:
            if name.endswith(".json") or name == "Pipfile.lock":
                text = json.dumps(document)
            elif name.endswith((".yaml", "yarn.lock")):
                text = yaml.safe_dump(document)
            else:
                text = tomli_w.dumps(document)
            lockfile_reader(name)(name, text)
        read_package_json("package.json", json.dumps(document))
        for reader, name in ((read_pyproject, "pyproject.toml"), (read_cargo_toml, "Cargo.toml"), (read_pipfile, "Pipfile")):
            reader(name, tomli_w.dumps(document))
