from tee_audit.images import classify, collect_images, parse_reference
from tee_audit.model import FileKind

from helpers_images import source

DIGEST = "sha256:" + "c" * 64


def test_registry_port_is_not_a_tag():
    reference = parse_reference("registry.internal:5000/tools/builder")

    assert (reference.registry, reference.name, reference.tag, reference.digest) == (
        "registry.internal:5000", "tools/builder", "", "")
    assert reference.floating


def test_digest_with_and_without_tag():
    tagged = parse_reference(f"python:3.12-slim@{DIGEST}")
    bare = parse_reference(f"ghcr.io/org/app@{DIGEST}")

    assert (tagged.name, tagged.tag, tagged.digest) == ("python", "3.12-slim", DIGEST)
    assert (bare.registry, bare.name, bare.tag, bare.digest) == ("ghcr.io", "org/app", "", DIGEST)
    assert not bare.floating


def test_docker_hub_prefix_is_dropped():
    reference = parse_reference("docker.io/library/python:3.12")

    assert reference.registry == ""
    assert reference.repository == "python"


def test_classes_of_common_images():
    cases = {
        "python:3.12": "language-full",
        "python:3.12-slim": "slim",
        "python:3.12-alpine": "minimal",
        "gcr.io/distroless/static-debian12": "distroless",
        "cgr.dev/chainguard/python:latest": "distroless",
        "nvidia/cuda:12.4.1-devel-ubuntu22.04": "gpu-devel",
        "nvidia/cuda:12.4.1-runtime-ubuntu22.04": "gpu-runtime",
        "ubuntu:24.04": "full",
        "scratch": "scratch",
    }
    for raw, expected in cases.items():
        assert classify(parse_reference(raw)).kind == expected, raw


def test_unknown_image_has_no_size():
    image_class = classify(parse_reference("example.org/team/app:1"))

    assert image_class.kind == "unknown"
    assert image_class.size_mb is None


def test_collect_images_skips_stages_and_scratch(tmp_path):
    dockerfile = source(tmp_path, "Dockerfile", "FROM golang:1.22 AS build\nFROM build AS test\nFROM scratch\n", FileKind.DOCKERFILE)
    compose = source(tmp_path, "compose.yaml", f"services:\n  app:\n    image: ghcr.io/org/app@{DIGEST}\n", FileKind.COMPOSE)
    files = [dockerfile[0], compose[0]]
    texts = {dockerfile[0].path: dockerfile[1], compose[0].path: compose[1]}

    uses = collect_images(files, lambda file: texts[file.path])

    assert [(use.path, use.line, use.origin, use.reference.name, use.stage) for use in uses] == [
        ("Dockerfile", 1, "dockerfile", "golang", "build"),
        ("compose.yaml", 3, "compose", "org/app", ""),
    ]


def test_collect_images_reads_dstack_app_compose(tmp_path):
    text = '{\n  "name": "demo",\n  "docker_compose_file": "services:\\n  app:\\n    image: nginx:1.27\\n"\n}\n'
    file, decoded = source(tmp_path, "app-compose.json", text, FileKind.ENCLAVE_CONFIG)

    uses = collect_images([file], lambda _: decoded)

    assert [(use.path, use.line, use.reference.name, use.reference.tag) for use in uses] == [
        ("app-compose.json", 3, "nginx", "1.27"),
    ]


def test_collect_images_skips_unreadable_files(tmp_path):
    file, _ = source(tmp_path, "Dockerfile", "FROM alpine:3.20\n", FileKind.DOCKERFILE)

    assert collect_images([file], lambda _: None) == []
