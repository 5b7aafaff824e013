"""Manifest readers: pyproject.toml, Pipfile, package.json and Cargo.toml findings."""

from __future__ import annotations

from supply_project import read_text, write_project

from tee_audit.supply.collect import collect

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def findings_of(tmp_path, files):
    sources = write_project(tmp_path, files)
    inventory = collect(tmp_path, sources, read_text)
    return inventory, sorted((finding.rule_id, finding.location.path, finding.location.line) for finding in inventory.findings)


def test_pyproject_uv_sources_and_index_credentials(tmp_path):
    text = (
        '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["mylib", "idna-ssl==1.1.0", "idna==3.7"]\n\n'
        '[tool.uv.sources]\nmylib = { git = "https://github.com/example/mylib", branch = "main" }\n'
        f'pinned = {{ git = "https://github.com/example/pinned", rev = "{COMMIT}" }}\n\n'
        '[[tool.uv.index]]\nname = "private"\nurl = "https://deploy:t0psecretvalue@pypi.example.com/simple"\n'
    )
    inventory, findings = findings_of(tmp_path, {"pyproject.toml": text, "uv.lock": 'version = 1\n'})
    assert findings == [
        ("index-url-credentials", "pyproject.toml", 12),
        ("vcs-dependency-without-commit", "pyproject.toml", 7),
    ]
    assert [(item.key, item.line) for item in inventory.dependencies] == [("mylib", 4), ("idna-ssl", 4), ("idna", 4)]
    credential = next(item for item in inventory.findings if item.rule_id == "index-url-credentials")
    assert "t0psecret" not in credential.snippet + credential.code_key + credential.message


def test_pyproject_pep508_url_with_credentials(tmp_path):
    text = '[project]\nname = "app"\nversion = "1.0"\ndependencies = [\n  "lib @ https://user:hunter2hunter2@files.example.com/lib-1.0.tar.gz",\n]\n'
    _, findings = findings_of(tmp_path, {"pyproject.toml": text})
    assert findings == [
        ("index-url-credentials", "pyproject.toml", 5),
        ("url-dependency-without-hash", "pyproject.toml", 5),
    ]


def test_pyproject_poetry_git_and_path(tmp_path):
    text = (
        '[tool.poetry]\nname = "app"\nversion = "1.0"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n'
        'flask = "2.3.3"\npriv = { git = "https://github.com/example/priv.git", tag = "v1.0" }\n'
        'local = { path = "../local" }\n'
    )
    inventory, findings = findings_of(tmp_path, {"pyproject.toml": text})
    assert [(item.name, item.version, item.line) for item in inventory.dependencies] == [
        ("flask", "2.3.3", 7),
        ("priv", None, 8),
        ("local", None, 9),
    ]
    assert findings == [
        ("local-path-dependency", "pyproject.toml", 9),
        ("vcs-dependency-without-commit", "pyproject.toml", 8),
    ]


def test_pyproject_dynamic_dependencies_notice(tmp_path):
    inventory, findings = findings_of(tmp_path, {"pyproject.toml": '[project]\nname = "app"\ndynamic = ["version", "dependencies"]\n'})
    assert inventory.notices == ["pyproject.toml: the dependencies are dynamic (computed by the build backend), so they are not listed or checked."]
    assert findings == []


def test_pipfile_without_lock_and_source_credentials(tmp_path):
    text = (
        '[[source]]\nurl = "https://ci:0ddpassw0rd@pypi.example.com/simple"\nverify_ssl = true\nname = "private"\n\n'
        '[packages]\nrequests = "*"\nmylib = {git = "https://github.com/example/mylib.git", ref = "main"}\n'
    )
    _, findings = findings_of(tmp_path, {"Pipfile": text})
    assert findings == [
        ("index-url-credentials", "Pipfile", 2),
        ("manifest-without-lockfile", "Pipfile", 7),
        ("vcs-dependency-without-commit", "Pipfile", 8),
    ]


def test_lockfile_in_parent_folder_covers_workspace_member(tmp_path):
    files = {
        "pyproject.toml": '[project]\nname = "root"\nversion = "1.0"\n',
        "uv.lock": "version = 1\n",
        "packages/member/pyproject.toml": '[project]\nname = "member"\nversion = "1.0"\ndependencies = ["idna>=3"]\n',
    }
    _, findings = findings_of(tmp_path, files)
    assert findings == []


def test_pinned_requirements_beside_pyproject_act_as_lock(tmp_path):
    files = {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\ndependencies = ["idna>=3"]\n',
        "requirements.txt": "idna==3.7 --hash=sha256:" + "a" * 64 + "\n",
    }
    _, findings = findings_of(tmp_path, files)
    assert findings == []


def test_cargo_toml_git_without_rev(tmp_path):
    text = '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nserde = "=1.0.200"\nmycrate = { git = "https://github.com/example/mycrate", branch = "dev" }\n'
    _, findings = findings_of(tmp_path, {"Cargo.toml": text})
    assert findings == [("vcs-dependency-without-commit", "Cargo.toml", 7)]
