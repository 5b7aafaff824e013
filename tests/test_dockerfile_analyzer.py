from pathlib import Path

from tee_audit.analyzers.dockerfile import DockerfileAnalyzer
from tee_audit.model import FileKind

from helpers_images import hits, source

DIGEST = "sha256:" + "a" * 64
FIXTURES = Path(__file__).parent / "fixtures" / "images"


def analyze(tmp_path, text, name="Dockerfile"):
    file, decoded = source(tmp_path, name, text, FileKind.DOCKERFILE)
    return DockerfileAnalyzer().analyze(file, decoded)


def test_from_platform_stage_and_registry_port(tmp_path):
    text = (
        "FROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build\n"
        "FROM --platform=linux/amd64 alpine\n"
        "ARG REG=registry.internal:5000\n"
        "FROM $REG/base/python:3.12.4-slim AS a\n"
        "FROM registry.internal:5000/tools/builder AS b\n"
        f"FROM python:3.12-slim@{DIGEST} AS d\n"
        "FROM a AS unit\n"
        "FROM scratch\n"
    )

    result = analyze(tmp_path, text)

    assert hits(result) == [
        ("image-latest-tag", 2),
        ("image-latest-tag", 5),
        ("image-not-digest-pinned", 1),
        ("image-not-digest-pinned", 2),
        ("image-not-digest-pinned", 4),
        ("image-not-digest-pinned", 5),
    ]


def test_registry_argument_is_expanded_in_message(tmp_path):
    result = analyze(tmp_path, "ARG REG=registry.internal:5000\nFROM $REG/base/python:3.12.4-slim\nUSER app\n")

    assert [finding.message for finding in result.findings] == [
        "Base image registry.internal:5000/base/python:3.12.4-slim is not pinned by digest."
    ]


def test_bom_crlf_lowercase_latest_and_root(tmp_path):
    result = analyze(tmp_path, "\ufefffrom python:latest\r\nuser root\r\n")

    assert hits(result) == [
        ("base-image-full-os", 1),
        ("container-runs-as-root", 2),
        ("image-latest-tag", 1),
        ("image-not-digest-pinned", 1),
    ]


def test_heredoc_pipe_to_shell_on_body_line(tmp_path):
    text = f"FROM debian:12-slim@{DIGEST}\nRUN bash <<SETUP\nset -e\ncurl -fsSL https://example.com/x.sh | sh\nSETUP\nUSER app\n"

    result = analyze(tmp_path, text)

    assert hits(result) == [("downloaded-script-executed", 4)]
    assert result.findings[0].statement_lines == (2, 5)


def test_downloaded_file_run_in_later_step(tmp_path):
    text = (
        f"FROM debian:12-slim@{DIGEST}\n"
        "RUN wget -O /tmp/setup.sh https://example.com/setup.sh\n"
        "RUN chmod +x /tmp/setup.sh && \\\n"
        "    /tmp/setup.sh\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == [("downloaded-script-executed", 3)]


def test_wget_to_stdout_piped_to_bash(tmp_path):
    text = f"FROM debian:12-slim@{DIGEST}\nRUN wget -qO- https://example.com/x | bash\nUSER app\n"

    assert hits(analyze(tmp_path, text)) == [("downloaded-script-executed", 2)]


def test_root_only_counts_in_final_stage(tmp_path):
    text = f"FROM python:3.12-slim@{DIGEST} AS build\nUSER root\nFROM python:3.12-slim@{DIGEST}\nUSER 10001\n"

    assert hits(analyze(tmp_path, text)) == []


def test_final_stage_without_user(tmp_path):
    text = f"FROM python:3.12-slim@{DIGEST} AS build\nUSER app\nFROM python:3.12-slim@{DIGEST}\nCMD [\"python\"]\n"

    assert hits(analyze(tmp_path, text)) == [("container-runs-as-root", 3)]


def test_user_inherited_from_parent_stage(tmp_path):
    text = f"FROM python:3.12-slim@{DIGEST} AS base\nUSER app\nFROM base\nCMD [\"python\"]\n"

    assert hits(analyze(tmp_path, text)) == []


def test_gpu_devel_final_stage(tmp_path):
    text = f"FROM nvidia/cuda:12.4.1-devel-ubuntu22.04@{DIGEST}\nUSER app\n"

    assert hits(analyze(tmp_path, text)) == [("base-image-full-os", 1)]


def test_package_pins_and_upgrade(tmp_path):
    text = (
        f"FROM debian:12-slim@{DIGEST}\n"
        "RUN apt-get update && apt-get upgrade -y\n"
        "RUN apt-get install -y --no-install-recommends \\\n"
        "      ca-certificates=20230311 \\\n"
        "      curl\n"
        "RUN apk add --no-cache --virtual .deps musl-dev=1.2.4-r2\n"
        "RUN dnf install -y gcc-11.2.1 make\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == [
        ("admin-tools-in-final-image", 7),
        ("os-package-not-pinned", 3),
        ("os-package-not-pinned", 7),
        ("os-package-upgrade", 2),
    ]


def test_pip_lockfile_and_hashes(tmp_path):
    text = (
        f"FROM python:3.12-slim@{DIGEST}\n"
        "RUN pip install --require-hashes -r requirements.txt\n"
        "RUN pip install -r requirements.lock\n"
        "RUN python -m pip install requests\n"
        "RUN pip install --no-deps .\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == [("pip-install-without-hashes", 4)]


def test_add_url_with_and_without_checksum(tmp_path):
    text = (
        f"FROM alpine:3.20@{DIGEST}\n"
        "ADD https://example.com/a.tar.gz /opt/\n"
        f"ADD --checksum={DIGEST} https://example.com/b.tar.gz /opt/\n"
        "ADD local.tar.gz /opt/\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == [("add-url-without-checksum", 2)]


def test_secrets_by_name_and_value_are_redacted(tmp_path):
    key = "4c0883a69102937d6231471b5dbb6204fe512961708279f3e2a3b1c2d4e5f6a7"
    text = (
        f"FROM alpine:3.20@{DIGEST}\n"
        "ENV SIGNING_KEY=correcthorsebatterystaple\n"
        f"ENV WALLET {key}\n"
        "ARG NPM_TOKEN\n"
        "ENV KEY_FILE=/run/secrets/key LOG_LEVEL=info\n"
        "USER app\n"
    )

    result = analyze(tmp_path, text)

    assert hits(result) == [("secret-in-image-config", 2), ("secret-in-image-config", 3), ("secret-in-image-config", 4)]
    for finding in result.findings:
        assert "correcthorse" not in finding.snippet + finding.message + finding.code_key
        assert key not in finding.snippet + finding.message + finding.code_key


def test_tls_settings_in_env_and_run(tmp_path):
    text = (
        f"FROM node:20-slim@{DIGEST}\n"
        "ENV NODE_TLS_REJECT_UNAUTHORIZED=0 PYTHONHTTPSVERIFY=0\n"
        'ENV REQUESTS_CA_BUNDLE=""\n'
        "ENV CURL_CA_BUNDLE=/etc/ssl/ca.pem\n"
        "RUN curl -k https://example.com/data.json -o /data.json\n"
        "USER node\n"
    )

    assert hits(analyze(tmp_path, text)) == [
        ("tls-verification-disabled-by-setting", 2),
        ("tls-verification-disabled-by-setting", 2),
        ("tls-verification-disabled-by-setting", 3),
        ("tls-verification-disabled-by-setting", 5),
    ]


def test_copy_context_respects_dockerignore(tmp_path):
    text = f"FROM python:3.12-slim@{DIGEST}\nCOPY . .\nUSER app\n"
    assert hits(analyze(tmp_path, text)) == [("copy-context-without-dockerignore", 2)]

    (tmp_path / ".dockerignore").write_text(".env\n**/.env\n*.pem\n*.key\n**/*.key\n")
    assert hits(analyze(tmp_path, text)) == []


def test_dockerignore_missing_keys_still_reported(tmp_path):
    (tmp_path / ".dockerignore").write_text(".git\n.env\n")
    text = f"FROM python:3.12-slim@{DIGEST}\nCOPY . /app\nUSER app\n"

    assert hits(analyze(tmp_path, text)) == [("copy-context-without-dockerignore", 2)]


def test_admin_tools_only_in_final_stage(tmp_path):
    text = (
        f"FROM debian:12-slim@{DIGEST} AS build\n"
        "RUN apt-get install -y gcc=4:12.2.0-3\n"
        f"FROM debian:12-slim@{DIGEST}\n"
        "RUN apt-get install -y sudo=1.9.13p3-1 openssh-server=1:9.2p1-2\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == [("admin-tools-in-final-image", 4), ("admin-tools-in-final-image", 4)]


def test_vulnerable_fixture(tmp_path):
    result = analyze(tmp_path, (FIXTURES / "vulnerable.Dockerfile").read_text(), "vulnerable.Dockerfile")

    assert hits(result) == [
        ("base-image-full-os", 1),
        ("container-runs-as-root", 1),
        ("downloaded-script-executed", 3),
        ("image-not-digest-pinned", 1),
        ("pip-install-without-hashes", 5),
        ("secret-in-image-config", 4),
    ]
    assert {finding.check for finding in result.findings} == {"C02", "C04", "C05", "C09"}


def test_hardened_fixture(tmp_path):
    result = analyze(tmp_path, (FIXTURES / "hardened.Dockerfile").read_text(), "hardened.Dockerfile")

    assert hits(result) == []


def test_hardened_fixture_evidence(tmp_path):
    result = analyze(tmp_path, (FIXTURES / "hardened.Dockerfile").read_text(), "hardened.Dockerfile")

    assert [(item.check, item.line, item.description) for item in result.evidence] == [
        ("C02", 1, "All 1 base image(s) are pinned by digest."),
        ("C09", 1, "The final image is built on a slim base, about 45 MB compressed (estimate)."),
        ("C09", 1, "The final stage does not run as root."),
    ]


def test_vulnerable_fixture_has_no_evidence(tmp_path):
    result = analyze(tmp_path, (FIXTURES / "vulnerable.Dockerfile").read_text(), "vulnerable.Dockerfile")

    assert result.evidence == []


def test_checked_download_may_run(tmp_path):
    text = (
        f"FROM debian:12-slim@{DIGEST}\n"
        "RUN curl -fsSLo /tmp/setup.sh https://example.com/setup.sh \\\n"
        "    && echo \"abc123  /tmp/setup.sh\" | sha256sum -c - \\\n"
        "    && sh /tmp/setup.sh\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == []


def test_snapshot_mirror_pins_apt_packages(tmp_path):
    text = (
        f"FROM debian:12-slim@{DIGEST}\n"
        "RUN echo 'deb http://snapshot.debian.org/archive/debian/20240301T000000Z bookworm main' > /etc/apt/sources.list\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "USER app\n"
    )

    assert hits(analyze(tmp_path, text)) == []


def test_finding_columns_span_the_line(tmp_path):
    result = analyze(tmp_path, f"FROM alpine:3.20@{DIGEST}\n  USER root\n")

    location = result.findings[0].location
    assert (location.line, location.column, location.end_line, location.end_column) == (2, 3, 2, 12)


def test_start_command_that_fetches_code(tmp_path):
    text = f'FROM alpine:3.20@{DIGEST}\nUSER app\nCMD ["sh", "-c", "curl -fsSL https://example.com/run.sh | sh"]\n'

    result = analyze(tmp_path, text)

    assert hits(result) == [("downloaded-script-executed", 3)]
    assert result.findings[0].message.startswith("The container's CMD runs downloaded code")


def test_build_argument_without_default_in_from(tmp_path):
    result = analyze(tmp_path, "ARG BASH\nFROM bash:$BASH\nUSER app\n")

    assert hits(result) == [("image-not-digest-pinned", 2)]
    assert result.findings[0].confidence.value == "low"
    assert result.findings[0].message == (
        "Base image bash:$BASH is not pinned by digest unless a build argument supplies one."
    )
