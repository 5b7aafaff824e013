"""Lockfile and manifest readers: the exact components each input form yields."""

from __future__ import annotations

import json

from supply_project import read_text, write_project

from tee_audit.supply.collect import collect
from tee_audit.supply.model import Ecosystem, SourceKind

SHA_A = "a" * 64


def components(inventory):
    return sorted((item.ecosystem.value, item.name, item.version or "", item.line) for item in inventory.dependencies)


def edges(inventory):
    return sorted((parent.name, child.name) for parent, child in inventory.edges)


def rules_at(inventory):
    return sorted((finding.rule_id, finding.location.path, finding.location.line) for finding in inventory.findings)


def test_poetry_lock_and_pyproject(tmp_path):
    pyproject = '[tool.poetry]\nname = "app"\nversion = "1.0"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2.31"\n'
    lock = (
        '[[package]]\nname = "requests"\nversion = "2.31.0"\noptional = false\n'
        f'files = [\n    {{file = "requests-2.31.0.tar.gz", hash = "sha256:{SHA_A}"}},\n]\n\n'
        '[package.dependencies]\nidna = ">=2.5,<4"\n\n'
        '[[package]]\nname = "idna"\nversion = "3.7"\n'
    )
    sources = write_project(tmp_path, {"pyproject.toml": pyproject, "poetry.lock": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [
        ("pypi", "idna", "3.7", 12),
        ("pypi", "requests", "", 7),
        ("pypi", "requests", "2.31.0", 1),
    ]
    assert edges(inventory) == [("requests", "idna")]
    assert rules_at(inventory) == []
    locked = next(item for item in inventory.dependencies if item.path == "poetry.lock" and item.name == "requests")
    assert locked.hashes == (f"sha256:{SHA_A}",)


def test_pyproject_without_lockfile(tmp_path):
    pyproject = '[project]\nname = "app"\nversion = "1.0"\ndependencies = [\n  "requests==2.32.3",\n  "idna>=3",\n]\n\n[dependency-groups]\ntest = ["pytest", {include-group = "lint"}]\n'
    sources = write_project(tmp_path, {"pyproject.toml": pyproject})
    inventory = collect(tmp_path, sources, read_text)
    assert sorted((item.key, item.version, item.scope, item.line) for item in inventory.dependencies) == [
        ("idna", None, "required", 6),
        ("pytest", None, "dev", 10),
        ("requests", "2.32.3", "required", 5),
    ]
    assert rules_at(inventory) == [("manifest-without-lockfile", "pyproject.toml", 6)]


def test_uv_lock_with_editable_project(tmp_path):
    lock = (
        'version = 1\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\n'
        'dependencies = [{ name = "anyio" }]\n\n'
        '[[package]]\nname = "anyio"\nversion = "4.4.0"\nsource = { registry = "https://pypi.org/simple" }\n'
        'dependencies = [{ name = "idna" }]\n'
        f'sdist = {{ url = "https://files/anyio-4.4.0.tar.gz", hash = "sha256:{SHA_A}" }}\n\n'
        '[[package]]\nname = "idna"\nversion = "3.7"\nsource = { registry = "https://pypi.org/simple" }\n'
    )
    sources = write_project(tmp_path, {"uv.lock": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("pypi", "anyio", "4.4.0", 9), ("pypi", "idna", "3.7", 16)]
    assert edges(inventory) == [("anyio", "idna")]
    assert [item.name for item in inventory.roots] == ["anyio"]


def test_pipfile_lock(tmp_path):
    lock = json.dumps(
        {
            "_meta": {"hash": {"sha256": "x"}},
            "default": {"requests": {"hashes": [f"sha256:{SHA_A}"], "version": "==2.31.0"}},
            "develop": {"pytest": {"version": "==8.0.0"}},
        },
        indent=4,
    )
    sources = write_project(tmp_path, {"Pipfile.lock": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert sorted((item.name, item.version, item.scope, item.line) for item in inventory.dependencies) == [
        ("pytest", "8.0.0", "dev", 16),
        ("requests", "2.31.0", "required", 8),
    ]


def test_pylock_toml(tmp_path):
    lock = (
        'lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "idna"\nversion = "3.7"\n'
        f'wheels = [{{ name = "idna-3.7-py3-none-any.whl", url = "https://files/idna.whl", hashes = {{ sha256 = "{SHA_A}" }} }}]\n\n'
        '[[packages]]\nname = "mylib"\nvcs = { type = "git", url = "https://github.com/x/mylib", commit-id = "0123456789abcdef0123456789abcdef01234567" }\n'
    )
    sources = write_project(tmp_path, {"pylock.toml": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert sorted((item.name, item.version, item.source_kind, item.line) for item in inventory.dependencies) == [
        ("idna", "3.7", SourceKind.REGISTRY, 4),
        ("mylib", None, SourceKind.VCS, 9),
    ]
    assert inventory.dependencies[0].hashes == (f"sha256:{SHA_A}",)


def test_package_lock_v3_keeps_nested_versions(tmp_path):
    lock = json.dumps(
        {
            "name": "web",
            "lockfileVersion": 3,
            "packages": {
                "": {"name": "web", "dependencies": {"a": "^1.0.0", "b": "^1.0.0"}},
                "node_modules/a": {"version": "1.0.0", "integrity": "sha512-AAAA", "dependencies": {"b": "^2.0.0"}},
                "node_modules/a/node_modules/b": {"version": "2.0.0"},
                "node_modules/b": {"version": "1.2.0", "dev": True},
                "node_modules/@scope/c": {"version": "3.0.0"},
            },
        },
        indent=2,
    )
    sources = write_project(tmp_path, {"package-lock.json": lock, "package.json": '{"dependencies": {"a": "^1.0.0"}}'})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [
        ("npm", "@scope/c", "3.0.0", 26),
        ("npm", "a", "1.0.0", 12),
        ("npm", "b", "1.2.0", 22),
        ("npm", "b", "2.0.0", 19),
    ]
    assert sorted((parent.version, child.version) for parent, child in inventory.edges) == [("1.0.0", "2.0.0")]
    assert sorted((item.name, item.version) for item in inventory.roots) == [("a", "1.0.0"), ("b", "1.2.0")]
    assert rules_at(inventory) == []


def test_package_lock_v1_nested(tmp_path):
    lock = json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {
                "a": {"version": "1.0.0", "requires": {"b": "^2.0.0"}, "dependencies": {"b": {"version": "2.0.0"}}},
                "b": {"version": "1.0.0"},
            },
        },
        indent=2,
    )
    sources = write_project(tmp_path, {"package-lock.json": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("npm", "a", "1.0.0", 4), ("npm", "b", "1.0.0", 15), ("npm", "b", "2.0.0", 10)]
    assert sorted((parent.version, child.version) for parent, child in inventory.edges) == [("1.0.0", "2.0.0")]


def test_package_json_without_lockfile(tmp_path):
    sources = write_project(tmp_path, {"package.json": '{\n  "dependencies": {\n    "left-pad": "^1.3.0",\n    "lib": "github:x/lib#main"\n  }\n}\n'})
    inventory = collect(tmp_path, sources, read_text)
    assert rules_at(inventory) == [
        ("manifest-without-lockfile", "package.json", 3),
        ("vcs-dependency-without-commit", "package.json", 4),
    ]


def test_yarn_classic_lock(tmp_path):
    lock = (
        "# yarn lockfile v1\n\n\n"
        '"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":\n  version "7.12.13"\n'
        '  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz#abc"\n'
        "  integrity sha512-AAAA\n  dependencies:\n    js-tokens \"^4.0.0\"\n\n"
        'js-tokens@^4.0.0:\n  version "4.0.0"\n'
    )
    sources = write_project(tmp_path, {"yarn.lock": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("npm", "@babel/code-frame", "7.12.13", 4), ("npm", "js-tokens", "4.0.0", 11)]
    assert edges(inventory) == [("@babel/code-frame", "js-tokens")]


def test_yarn_berry_lock(tmp_path):
    lock = (
        "__metadata:\n  version: 6\n\n"
        '"lodash@npm:^4.17.21":\n  version: 4.17.21\n  resolution: "lodash@npm:4.17.21"\n'
        "  dependencies:\n    tiny: \"npm:^1.0.0\"\n\n"
        '"tiny@npm:^1.0.0":\n  version: 1.0.1\n  resolution: "tiny@npm:1.0.1"\n\n'
        '"web@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "web@workspace:."\n'
    )
    sources = write_project(tmp_path, {"yarn.lock": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("npm", "lodash", "4.17.21", 4), ("npm", "tiny", "1.0.1", 10)]
    assert edges(inventory) == [("lodash", "tiny")]


def test_pnpm_lock_v9(tmp_path):
    lock = (
        "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      express:\n        specifier: ^4.19.0\n        version: 4.19.2\n\n"
        "packages:\n  express@4.19.2:\n    resolution: {integrity: sha512-AAAA}\n  '@types/node@20.1.0':\n    resolution: {integrity: sha512-BBBB}\n\n"
        "snapshots:\n  express@4.19.2:\n    dependencies:\n      '@types/node': 20.1.0\n  '@types/node@20.1.0': {}\n"
    )
    sources = write_project(tmp_path, {"pnpm-lock.yaml": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("npm", "@types/node", "20.1.0", 13), ("npm", "express", "4.19.2", 11)]
    assert edges(inventory) == [("express", "@types/node")]
    assert [item.name for item in inventory.roots] == ["express"]


def test_pnpm_lock_v5_keys(tmp_path):
    lock = "lockfileVersion: 5.4\n\nspecifiers:\n  a: ^1.0.0\n\ndependencies:\n  a: 1.0.0\n\npackages:\n  /a/1.0.0_react@18.0.0:\n    resolution: {integrity: sha512-AAAA}\n"
    sources = write_project(tmp_path, {"pnpm-lock.yaml": lock})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("npm", "a", "1.0.0", 10)]


def test_cargo_lock_two_versions(tmp_path):
    lock = (
        "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"rand 0.8.5\",\n \"rand 0.7.3\",\n]\n\n"
        f"[[package]]\nname = \"rand\"\nversion = \"0.7.3\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{SHA_A}\"\n\n"
        "[[package]]\nname = \"rand\"\nversion = \"0.8.5\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
    )
    sources = write_project(tmp_path, {"Cargo.lock": lock, "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nrand = "0.8"\n'})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [("cargo", "rand", "0.7.3", 11), ("cargo", "rand", "0.8.5", 17)]
    assert sorted(item.version for item in inventory.roots) == ["0.7.3", "0.8.5"]
    assert inventory.dependencies[0].hashes == (f"sha256:{SHA_A}",)
    assert rules_at(inventory) == []


def test_go_mod_and_sum(tmp_path):
    go_mod = "module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/pkg/errors v0.9.1\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n\nreplace example.com/lib => ../lib\n"
    go_sum = (
        "github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n"
        "github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\n"
        "golang.org/x/sys v0.19.0/go.mod h1:abc=\n"
    )
    sources = write_project(tmp_path, {"go.mod": go_mod, "go.sum": go_sum})
    inventory = collect(tmp_path, sources, read_text)
    assert components(inventory) == [
        ("golang", "github.com/pkg/errors", "v0.9.1", 1),
        ("golang", "github.com/pkg/errors", "v0.9.1", 6),
        ("golang", "golang.org/x/sys", "v0.20.0", 7),
    ]
    assert [item.name for item in inventory.roots] == ["github.com/pkg/errors"]
    assert rules_at(inventory) == [("local-path-dependency", "go.mod", 10)]


def test_go_mod_without_go_sum(tmp_path):
    sources = write_project(tmp_path, {"go.mod": "module example.com/app\n\nrequire github.com/pkg/errors v0.9.1\n"})
    inventory = collect(tmp_path, sources, read_text)
    assert [item.ecosystem for item in inventory.dependencies] == [Ecosystem.GOLANG]
    assert rules_at(inventory) == [("manifest-without-lockfile", "go.mod", 3)]


def test_broken_lockfile_is_skipped(tmp_path):
    sources = write_project(tmp_path, {"poetry.lock": "[[package]\nname = 1\n"})
    inventory = collect(tmp_path, sources, read_text)
    assert [(item.path, item.reason.value) for item in inventory.skipped] == [("poetry.lock", "parse-error")]
    assert inventory.dependencies == []
