"""The whole pipeline on random and mutated input: nothing escapes, nothing is lost.

Each example writes a small project to a fresh folder and scans it with
`pipeline.scan` (one process, no cache). Two properties must hold for any
input: no exception leaves the scan, and every file written is either
among the analysed files or listed as skipped with a reason and a detail.
A skipped entry that reports an analyzer crash counts as a failure too,
because the guard only hides a bug that should be fixed.

The example budget is fixed and derandomized so the suite takes the same
time on every run; `TEE_AUDIT_PROPERTY_SCALE=20` multiplies it for a
longer search (see docs/benchmarks.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tee_audit import pipeline
from tee_audit.config import Config
from tee_audit.model import SkipReason

REPO = Path(__file__).resolve().parents[1]
SCALE = int(os.environ.get("TEE_AUDIT_PROPERTY_SCALE", "1"))


def budget(examples: int):
    return settings(max_examples=examples * SCALE, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


PYTHON_FRAGMENTS = [
    "\n", "    ", "\t", "def f(x, *a, k=1, **kw):\n", "async def g():\n", "class C(Base):\n", "return ", "yield ",
    "await ", "lambda y: ", "x = ", "x += ", "a, *b = ", "key = ", "import os\n", "import logging as log\n",
    "from . import util\n", "from ..pkg.mod import name as other\n", "from os import environ\n", "os.environ['SECRET_KEY']",
    "os.getenv('API_TOKEN')", "print(", "log.warning(", "requests.get(url, verify=False)", "eval(", "pickle.loads(",
    "subprocess.run(cmd, shell=True)", "yaml.load(data)", "random.random()", "time.time()", "open(p, 'w').write(",
    "self.private_key", "request.json", "@app.route('/x')\n", "global g\n", "nonlocal n\n", "match v:\n",
    "case [a, *rest] if a:\n", "(y := 1)", "[i for i in range(3) if i]", "{k: v for k, v in d.items()}", "f'{x!r:>{w}}'",
    "'''doc", "'", '"', "\\", "\\\n", "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "@", "->", "*", "**", "+", "%",
    "try:\n", "except E as e:\n", "finally:\n", "with a as (b, c):\n", "if x:\n", "elif y:\n", "else:\n", "while 1:\n",
    "for a, b in z:\n", "del x\n", "assert x, y\n", "raise E from e\n", "type T = int\n", "pass\n", "...",
    "# tee-audit: ignore[eval-of-data]\n", "# tee-audit: ignore\n", "# -*- coding: latin-1 -*-\n", "\ufeff", "\x00",
    "\r", "\r\n", "\x0c", "é", "𝔘", "0x", "1_000", "1e", "0o9", "b'\\xff'", "rb'", "u'",
]
DOCKERFILE_FRAGMENTS = [
    "\n", " ", "\\\n", "FROM ", "ubuntu:22.04", "python:3.12-slim@sha256:", "AS build", "--platform=$BUILDPLATFORM ",
    "RUN ", "apt-get install -y curl", "curl -sSL https://x.sh | sh", "pip install ", "ENV ", "ARG ", "SECRET_KEY=abc",
    "COPY ", "ADD ", "--from=build ", "USER ", "root", "ENTRYPOINT ", "CMD ", '["python", "app.py"]', "[", "]", '"',
    "HEALTHCHECK ", "ONBUILD ", "# syntax=docker/dockerfile:1\n", "<<EOF\n", "EOF\n", "$", "${X:-y}", "=", "\t", "#",
]
REQUIREMENTS_FRAGMENTS = [
    "\n", " ", "\\\n", "#", "-r ", "-c ", "-e ", "--hash=sha256:", "--index-url http://pypi.example/simple", "==", ">=",
    "~=", "@", ";", "python_version < '3.9'", "[", "]", "git+https://h/x.git@", "requests", "pycrypto", "flask",
    "1.0", "*", "file:../x", ",", "\t",
]
TOML_FRAGMENTS = [
    "\n", " ", "[project]\n", "[tool.poetry.dependencies]\n", "[tool.tee-audit]\n", "[[package]]\n", "name = ",
    "version = ", "dependencies = [", "]", "[", '"', "'''", "'", "requests>=2", "pycryptodome", "= ", "{", "}",
    "python = \"^3.11\"", "ignore = [\"C04\"]", "max-file-size = ", "1", "true", "=", ",", "#", "\\u00e9", "\\",
    "sgx.debug = true\n", "loader.insecure__use_cmdline_argv = true\n", "fs.mounts = [", "uri = \"file:/\"",
]
YAML_FRAGMENTS = [
    "\n", " ", "  ", "- ", "services:\n", "app:\n", "image: ", "ubuntu:latest", "privileged: true\n", "volumes:\n",
    "/var/run/docker.sock:/var/run/docker.sock", "environment:\n", "SECRET_KEY: abc123def456", "ports:\n", "\"8080:80\"",
    "network_mode: host\n", "on: push\n", "jobs:\n", "steps:\n", "uses: actions/checkout@v4", "run: |\n", ":", "{", "}",
    "[", "]", "&a", "*a", "!!python/object:os.system", "---\n", "...\n", "'", '"', "#", "\t", "? ", "%YAML 1.2\n",
]
MANIFEST_FRAGMENTS = [
    "\n", " ", "{", "}", "[", "]", '"', ":", ",", '"name": "x"', '"version": "1.0.0"', '"dependencies": {',
    '"scripts": {"postinstall": "curl x | sh"}', '"lodash": "^4"', '"left-pad": "*"', "[package]\n",
    "[dependencies]\n", 'serde = "1"', "module example.com/x\n", "require (\n", "golang.org/x/crypto v0.1.0\n",
    ")\n", "replace a => ../b\n", "null", "true", "1e999", "\\u0000", "\\", "//", "/*",
]

# (file name, fragments) for each kind of file the pipeline reads.
KINDS = {
    "python": ("app/main.py", PYTHON_FRAGMENTS),
    "dockerfile": ("Dockerfile", DOCKERFILE_FRAGMENTS),
    "requirements": ("requirements.txt", REQUIREMENTS_FRAGMENTS),
    "pyproject": ("pyproject.toml", TOML_FRAGMENTS),
    "gramine": ("app.manifest.template", TOML_FRAGMENTS),
    "compose": ("docker-compose.yml", YAML_FRAGMENTS),
    "workflow": (".github/workflows/ci.yml", YAML_FRAGMENTS),
    "package-json": ("package.json", MANIFEST_FRAGMENTS),
    "cargo": ("Cargo.toml", MANIFEST_FRAGMENTS + TOML_FRAGMENTS),
    "go-mod": ("go.mod", MANIFEST_FRAGMENTS),
}


def made_of(fragments: list[str]):
    """Text built from the kind's own fragments mixed with arbitrary characters."""
    return st.lists(st.one_of(st.sampled_from(fragments), st.text(max_size=6)), max_size=60).map("".join)


def seed_texts() -> list[bytes]:
    """Real files of the shipped examples, to be mutated byte by byte."""
    return [path.read_bytes() for path in sorted((REPO / "examples").rglob("*")) if path.is_file()]


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    """Cut, repeat, overwrite or insert bytes of one real file."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 40)))
        action = draw(st.sampled_from(["cut", "repeat", "overwrite", "insert"]))
        if action == "cut":
            del data[start:end]
        elif action == "repeat":
            data[start:start] = data[start:end] * draw(st.integers(2, 50))
        elif action == "overwrite":
            data[start:end] = draw(st.binary(min_size=end - start, max_size=end - start))
        else:
            data[start:start] = draw(st.binary(max_size=12))
    return bytes(data)


def scan_project(files: dict[str, bytes]):
    """Write `files` to a fresh folder, scan it, and check both properties."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        report = pipeline.scan([str(root)], Config(jobs=1, cache=False, allow_skipped=True, max_file_seconds=60))

    analysed = {file.path for file in report.files}
    skipped = {entry.path for entry in report.skipped}
    for name in files:
        assert name in analysed or name in skipped, f"{name} was neither analysed nor skipped"
    for entry in report.skipped:
        assert entry.detail, f"{entry.path} skipped without a detail"
        assert entry.reason is not SkipReason.ANALYZER_ERROR, f"an analyzer crashed on {entry.path}: {entry.detail}"
    return report


@budget(120)
@given(made_of(PYTHON_FRAGMENTS))
def test_random_python_is_analysed_or_skipped(text):
    scan_project({"app/main.py": text.encode("utf-8", "surrogatepass")})


@budget(30)
@given(st.sampled_from(["(", "[", "{", "-", "not ", "await ", "lambda: ", "f'{", "x if y else "]), st.integers(1, 3000))
def test_deeply_nested_python_is_analysed_or_skipped(opener, depth):
    closer = {"(": ")", "[": "]", "{": "}", "f'{": "}'"}.get(opener, "")
    scan_project({"deep.py": f"print({opener * depth}x{closer * depth})\n".encode()})


@budget(75)
@given(made_of(DOCKERFILE_FRAGMENTS))
def test_random_dockerfile_is_analysed_or_skipped(text):
    scan_project({"Dockerfile": text.encode("utf-8", "surrogatepass")})


@budget(75)
@given(made_of(REQUIREMENTS_FRAGMENTS), made_of(TOML_FRAGMENTS))
def test_random_dependency_files_are_analysed_or_skipped(requirements, pyproject):
    scan_project({
        "requirements.txt": requirements.encode("utf-8", "surrogatepass"),
        "pyproject.toml": pyproject.encode("utf-8", "surrogatepass"),
    })


@budget(75)
@given(made_of(YAML_FRAGMENTS))
def test_random_yaml_is_analysed_or_skipped(text):
    data = text.encode("utf-8", "surrogatepass")
    scan_project({"docker-compose.yml": data, ".github/workflows/ci.yml": data, "config.yaml": data})


@budget(75)
@given(made_of(MANIFEST_FRAGMENTS + TOML_FRAGMENTS))
def test_random_manifests_are_analysed_or_skipped(text):
    data = text.encode("utf-8", "surrogatepass")
    scan_project({"package.json": data, "Cargo.toml": data, "go.mod": data, "app.manifest.template": data})


@budget(120)
@given(st.data())
def test_mutated_example_files_are_analysed_or_skipped(data):
    seeds = seed_texts()
    project = {name: data.draw(mutated(seeds), label=name) for name, _ in KINDS.values()}
    scan_project(project)
