import os

import pytest

from tee_audit.discover import classify, discover
from tee_audit.model import FileKind, SkipReason


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("app/agent.py", FileKind.PYTHON),
        ("web/index.tsx", FileKind.TYPESCRIPT),
        ("web/server.mjs", FileKind.JAVASCRIPT),
        ("cmd/signer/main.go", FileKind.GO),
        ("src/lib.rs", FileKind.RUST),
        ("Dockerfile", FileKind.DOCKERFILE),
        ("docker/Dockerfile.prod", FileKind.DOCKERFILE),
        ("images/enclave.dockerfile", FileKind.DOCKERFILE),
        ("Containerfile", FileKind.DOCKERFILE),
        ("docker-compose.yml", FileKind.COMPOSE),
        ("compose.prod.yaml", FileKind.COMPOSE),
        ("docker-compose-dev.yaml", FileKind.COMPOSE),
        ("gramine/python.manifest.template", FileKind.GRAMINE_MANIFEST),
        ("requirements.txt", FileKind.REQUIREMENTS),
        ("requirements-dev.txt", FileKind.REQUIREMENTS),
        ("requirements/base.txt", FileKind.REQUIREMENTS),
        ("constraints.txt", FileKind.REQUIREMENTS),
        ("pyproject.toml", FileKind.PYPROJECT),
        ("uv.lock", FileKind.LOCKFILE),
        ("web/package-lock.json", FileKind.LOCKFILE),
        ("pylock.prod.toml", FileKind.LOCKFILE),
        ("Cargo.lock", FileKind.LOCKFILE),
        ("go.sum", FileKind.GO_MOD),
        ("web/package.json", FileKind.PACKAGE_MANIFEST),
        ("app-compose.json", FileKind.ENCLAVE_CONFIG),
        ("rofl.yaml", FileKind.ENCLAVE_CONFIG),
        ("scripts/run.sh", FileKind.SHELL),
        ("Makefile", FileKind.MAKEFILE),
        (".github/workflows/ci.yml", FileKind.CI_CONFIG),
        (".gitlab-ci.yml", FileKind.CI_CONFIG),
        (".env", FileKind.ENV_FILE),
        (".env.production", FileKind.ENV_FILE),
        ("config/settings.yaml", FileKind.YAML),
        ("logo.png", FileKind.OTHER),
    ],
)
def test_classify_by_name(path, kind):
    assert classify(path) is kind


def write(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def paths_of(discovery):
    return [file.path for file in discovery.files]


def test_gitignore_honoured_at_every_level(tmp_path):
    write(tmp_path / ".gitignore", "secrets/\n*.log\n")
    write(tmp_path / "app.py")
    write(tmp_path / "secrets" / "key.py")
    write(tmp_path / "debug.log")
    write(tmp_path / "pkg" / ".gitignore", "generated.py\n")
    write(tmp_path / "pkg" / "generated.py")
    write(tmp_path / "pkg" / "kept.py")
    write(tmp_path / "other" / "generated.py")

    assert paths_of(discover([str(tmp_path)])) == ["app.py", "other/generated.py", "pkg/kept.py"]


def test_virtualenvs_and_dependency_folders_skipped(tmp_path):
    write(tmp_path / "main.py")
    write(tmp_path / "node_modules" / "lib" / "index.js")
    write(tmp_path / ".git" / "config", "[core]\n")
    write(tmp_path / "myenv" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "myenv" / "lib" / "site.py")
    write(tmp_path / "build" / "lib" / "copy.py")

    assert paths_of(discover([str(tmp_path)])) == ["main.py"]


def test_exclude_glob(tmp_path):
    write(tmp_path / "src" / "a.py")
    write(tmp_path / "vendor" / "b.py")
    write(tmp_path / "src" / "a_test.py")

    found = discover([str(tmp_path)], excludes=("vendor", "*_test.py"))

    assert paths_of(found) == ["src/a.py"]


def test_symlink_loop_does_not_hang(tmp_path):
    write(tmp_path / "a.py")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.py").symlink_to(tmp_path / "self.py")

    found = discover([str(tmp_path)])

    assert paths_of(found) == ["a.py"]
    assert [(entry.path, entry.reason) for entry in found.skipped] == [("self.py", SkipReason.SYMLINK_LOOP)]


def test_fifo_reported_as_special_file(tmp_path):
    write(tmp_path / "a.py")
    os.mkfifo(tmp_path / "pipe.py")

    found = discover([str(tmp_path)])

    assert [(entry.path, entry.reason) for entry in found.skipped] == [("pipe.py", SkipReason.SPECIAL_FILE)]


def test_shebang_script_without_extension(tmp_path):
    write(tmp_path / "bin" / "deploy", "#!/usr/bin/env bash\necho hi\n")
    write(tmp_path / "bin" / "tool", "#!/usr/bin/python3\nprint(1)\n")

    kinds = {file.path: file.kind for file in discover([str(tmp_path)]).files}

    assert kinds == {"bin/deploy": FileKind.SHELL, "bin/tool": FileKind.PYTHON}


def test_explicit_files_relative_to_current_directory(tmp_path, monkeypatch):
    write(tmp_path / "pkg" / "a.py")
    write(tmp_path / "b.py")
    monkeypatch.chdir(tmp_path)

    found = discover(["pkg/a.py", "b.py"])

    assert paths_of(found) == ["b.py", "pkg/a.py"]
