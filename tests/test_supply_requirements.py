"""Requirements files: every syntax form pip accepts, and the findings each one gives."""

from __future__ import annotations

from supply_project import read_text, write_project

from tee_audit.supply.collect import collect
from tee_audit.supply.model import SourceKind
from tee_audit.supply.requirements import logical_lines, split_options

SHA_A = "a" * 64
SHA_B = "b" * 64
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def run(tmp_path, files):
    sources = write_project(tmp_path, files)
    inventory = collect(tmp_path, sources, read_text)
    findings = sorted((finding.rule_id, finding.location.path, finding.location.line) for finding in inventory.findings)
    return inventory, findings


def test_logical_lines_join_continuations_and_stop_at_comment():
    text = f"a==1 \\\n    --hash=sha256:{SHA_A} \\\n    # via b\nc==2\n"
    lines = logical_lines(text)
    assert [(line.first, line.last) for line in lines] == [(1, 3), (4, 4)]
    assert lines[0].text == f"a==1     --hash=sha256:{SHA_A}"


def test_split_options_keeps_quoted_dash_in_marker():
    requirement, options = split_options('foo; platform_release == "5.4 -generic" --hash=sha256:ab')
    assert requirement == 'foo; platform_release == "5.4 -generic"'
    assert options == "--hash=sha256:ab"


def test_pinned_file_without_hashes(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "requests==2.32.3\nZope.Interface==6.0\n"})
    assert [(item.key, item.version, item.line) for item in inventory.dependencies] == [
        ("requests", "2.32.3", 1),
        ("zope-interface", "6.0", 2),
    ]
    assert findings == [("requirements-without-hashes", "requirements.txt", 0)]


def test_unpinned_and_wildcard_requirements(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "flask\nrequests>=2.0\nidna==3.*\nurllib3===2.2.1\n"})
    assert [item.version for item in inventory.dependencies] == [None, None, None, "2.2.1"]
    assert findings == [
        ("requirements-without-hashes", "requirements.txt", 0),
        ("unpinned-requirement", "requirements.txt", 1),
        ("unpinned-requirement", "requirements.txt", 2),
        ("unpinned-requirement", "requirements.txt", 3),
    ]


def test_hash_mode_requirement_missing_hash(tmp_path):
    text = (
        f"requests==2.32.3 \\\n    --hash=sha256:{SHA_A} \\\n    --hash=sha256:{SHA_B}\n    # via app\n"
        "idna==3.7\n"
    )
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert inventory.dependencies[0].hashes == (f"sha256:{SHA_A}", f"sha256:{SHA_B}")
    assert (inventory.dependencies[0].line, inventory.dependencies[0].end_line) == (1, 3)
    assert findings == [("requirement-missing-hashes", "requirements.txt", 5)]


def test_require_hashes_option_enables_hash_mode(tmp_path):
    _, findings = run(tmp_path, {"requirements.txt": "--require-hashes\nidna==3.7\n"})
    assert findings == [("requirement-missing-hashes", "requirements.txt", 2)]


def test_missing_backslash_leaves_stray_hash(tmp_path):
    text = f"requests==2.32.3\n    --hash=sha256:{SHA_A}\n"
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert inventory.dependencies[0].hashes == ()
    assert findings == [
        ("requirements-without-hashes", "requirements.txt", 0),
        ("stray-requirement-option", "requirements.txt", 2),
    ]


def test_backslash_before_via_comment(tmp_path):
    text = f"requests==2.32.3 \\\n    --hash=sha256:{SHA_A} \\\n    # via app\nidna==3.7 --hash=sha256:{SHA_B}\n"
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert [(item.name, item.line, item.end_line) for item in inventory.dependencies] == [("requests", 1, 3), ("idna", 4, 4)]
    assert findings == []


def test_markers_with_semicolon_and_exclusive_duplicates(tmp_path):
    text = (
        'foo==1.0; python_version < "3.8" and platform_release == "a;b"\n'
        'foo==2.0; python_version >= "3.8"\n'
    )
    inventory, _ = run(tmp_path, {"requirements.txt": text})
    assert [(item.version, item.marker) for item in inventory.dependencies] == [
        ("1.0", 'python_version < "3.8" and platform_release == "a;b"'),
        ("2.0", 'python_version >= "3.8"'),
    ]


def test_includes_constraints_and_cycle(tmp_path):
    files = {
        "requirements.txt": "-r requirements/base.txt\n-c constraints.txt\ncelery\n",
        "requirements/base.txt": "-r ../requirements.txt\nnumpy==2.0.0\n",
        "constraints.txt": "celery==5.4.0\n",
    }
    inventory, findings = run(tmp_path, files)
    assert sorted((item.path, item.key, item.scope) for item in inventory.dependencies) == [
        ("constraints.txt", "celery", "constraint"),
        ("requirements.txt", "celery", "required"),
        ("requirements/base.txt", "numpy", "required"),
    ]
    assert findings == [
        ("requirements-include-cycle", "requirements/base.txt", 1),
        ("requirements-without-hashes", "requirements/base.txt", 0),
    ]


def test_include_outside_root_is_a_notice(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "-r ../elsewhere.txt\nidna==3.7\n"})
    assert inventory.notices == ["requirements.txt:1: the included file ../elsewhere.txt lies outside the scan root and was not read."]
    assert findings == [("requirements-without-hashes", "requirements.txt", 0)]


def test_index_url_credentials_are_redacted(tmp_path):
    text = "--index-url https://deploy:s3cretpassw0rd@pypi.example.com/simple\n--extra-index-url https://${USER}:${TOKEN}@x.example/simple\nidna==3.7\n"
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert findings == [
        ("index-url-credentials", "requirements.txt", 1),
        ("requirements-without-hashes", "requirements.txt", 0),
    ]
    credential = next(item for item in inventory.findings if item.rule_id == "index-url-credentials")
    assert credential.check == "C04"
    assert "s3cret" not in credential.snippet + credential.message + credential.code_key
    assert credential.snippet == "--index-url https://[REDACTED]@pypi.example.com/simple"


def test_vcs_url_and_path_references(tmp_path):
    text = (
        "mylib @ git+https://github.com/example/mylib.git@main\n"
        f"pinned @ git+https://github.com/example/pinned.git@{COMMIT}\n"
        "git+https://github.com/example/legacy.git#egg=legacy\n"
        "archive @ https://example.com/archive-1.0.tar.gz\n"
        f"hashed @ https://example.com/hashed-1.0.tar.gz#sha256={SHA_A}\n"
        "-e ../outside\n"
        "./libs/inside\n"
    )
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert [(item.name, item.source_kind, item.ref) for item in inventory.dependencies] == [
        ("mylib", SourceKind.VCS, "main"),
        ("pinned", SourceKind.VCS, COMMIT),
        ("legacy", SourceKind.VCS, ""),
        ("archive", SourceKind.URL, ""),
        ("hashed", SourceKind.URL, ""),
        ("outside", SourceKind.PATH, ""),
        ("inside", SourceKind.PATH, ""),
    ]
    assert inventory.dependencies[5].editable
    assert findings == [
        ("local-path-dependency", "requirements.txt", 6),
        ("requirement-missing-hashes", "requirements.txt", 1),
        ("requirement-missing-hashes", "requirements.txt", 2),
        ("requirement-missing-hashes", "requirements.txt", 3),
        ("requirement-missing-hashes", "requirements.txt", 4),
        ("requirement-missing-hashes", "requirements.txt", 6),
        ("requirement-missing-hashes", "requirements.txt", 7),
        ("url-dependency-without-hash", "requirements.txt", 4),
        ("vcs-dependency-without-commit", "requirements.txt", 1),
        ("vcs-dependency-without-commit", "requirements.txt", 3),
    ]


def test_invalid_line_is_skipped_with_line_number(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "idna==3.7\nfoo===\n"})
    assert [(item.path, item.reason.value, item.detail.split(":")[0]) for item in inventory.skipped] == [
        ("requirements.txt", "parse-error", "line 2")
    ]
    assert findings == [("requirements-without-hashes", "requirements.txt", 0)]


def test_user_name_alone_is_not_a_credential(tmp_path):
    text = (
        f"plain @ git+https://deploy@github.com/example/plain.git@{COMMIT}\n"
        f"token @ git+https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/example/token.git@{COMMIT}\n"
    )
    inventory, findings = run(tmp_path, {"requirements.txt": text})
    assert findings == [("index-url-credentials", "requirements.txt", 2)]
    assert "ghp_abc" not in inventory.findings[0].snippet
    assert inventory.dependencies[1].url == f"git+https://[REDACTED]@github.com/example/token.git@{COMMIT}"


def test_missing_included_file_is_skipped(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "-r missing.txt\nidna==3.7\n"})
    assert [(item.path, item.reason.value, item.detail) for item in inventory.skipped] == [
        ("missing.txt", "unreadable", "the requirements file included at requirements.txt:1 is missing or unreadable")
    ]
    assert findings == [("requirements-without-hashes", "requirements.txt", 0)]


def test_editable_vcs_with_egg_fragment(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "-e git+https://github.com/example/tool.git@v2.0#egg=tool\n"})
    assert [(item.name, item.editable, item.ref) for item in inventory.dependencies] == [("tool", True, "v2.0")]
    assert findings == [("vcs-dependency-without-commit", "requirements.txt", 1)]


def test_pep508_relative_path_is_path_dependency(tmp_path):
    inventory, findings = run(tmp_path, {"requirements.txt": "foo @ ./local\nbar @ file:///opt/bar\nhttps://x.example/abc\n"})
    assert [(item.name, item.source_kind) for item in inventory.dependencies] == [("foo", SourceKind.PATH), ("bar", SourceKind.PATH)]
    assert findings == [("local-path-dependency", "requirements.txt", 2)]
    assert [item.detail for item in inventory.skipped] == [
        "line 3: the package name of 'https://x.example/abc' is unknown; write it as `NAME @ URL` or add `#egg=NAME`"
    ]


def test_editable_project_root_and_sibling(tmp_path):
    files = {"requirements.txt": "-e .\n-e ..\n", "services/api/requirements.txt": "-e ../..\n-e ../shared\n"}
    inventory, findings = run(tmp_path, files)
    assert [(item.path, item.name) for item in inventory.dependencies] == [("requirements.txt", ".."), ("services/api/requirements.txt", "shared")]
    assert inventory.skipped == []
    assert findings == [("local-path-dependency", "requirements.txt", 2)]
