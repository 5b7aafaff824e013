import json

from tee_audit.analyzers.compose import ComposeAnalyzer
from tee_audit.analyzers.enclave import EnclaveAppAnalyzer
from tee_audit.model import FileKind

from helpers_images import hits, source

DIGEST = "sha256:" + "a" * 64


def analyze(tmp_path, text, name="compose.yaml"):
    file, decoded = source(tmp_path, name, text, FileKind.COMPOSE)
    return ComposeAnalyzer().analyze(file, decoded)


def test_host_privileges(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    privileged: true\n"
        "    cap_add: [ALL, NET_BIND_SERVICE]\n"
        "    network_mode: host\n"
        '    pid: "host"\n'
    )

    assert hits(analyze(tmp_path, text)) == [
        ("compose-dangerous-capability", 5),
        ("compose-host-namespace", 6),
        ("compose-host-namespace", 7),
        ("compose-privileged-container", 4),
    ]


def test_socket_and_root_mounts_in_every_syntax(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock\n"
        "      - /run/docker.sock\n"
        "      - /:/host:ro\n"
        "      - type: bind\n"
        "        source: /var/run/docker.sock\n"
        "        target: /docker.sock\n"
        "        read_only: true\n"
        "      - data:/data\n"
    )

    result = analyze(tmp_path, text)

    assert hits(result) == [
        ("compose-docker-socket-mounted", 5),
        ("compose-docker-socket-mounted", 6),
        ("compose-docker-socket-mounted", 8),
        ("compose-host-root-mounted", 7),
    ]
    assert result.findings[0].statement_lines == (4, 12)


def test_tee_socket_is_evidence(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    volumes:\n"
        "      - /var/run/tappd.sock:/var/run/tappd.sock\n"
        "      - /run/rofl-appd.sock:/run/rofl-appd.sock\n"
        "    devices:\n"
        "      - /dev/tdx_guest:/dev/tdx_guest\n"
        "      - /dev/mem:/dev/mem\n"
    )

    result = analyze(tmp_path, text)

    assert hits(result) == [("compose-device-mapped", 9)]
    assert [(item.check, item.line) for item in result.evidence] == [("C12", 5), ("C12", 6), ("C12", 8)]


def test_image_pinning(tmp_path):
    text = (
        "services:\n"
        "  a:\n    image: nginx\n"
        "  b:\n    image: nginx:latest\n"
        "  c:\n    image: nginx:1.27\n"
        f"  d:\n    image: nginx:1.27@{DIGEST}\n"
    )

    assert hits(analyze(tmp_path, text)) == [
        ("compose-image-latest-tag", 3),
        ("compose-image-latest-tag", 5),
        ("compose-image-not-digest-pinned", 3),
        ("compose-image-not-digest-pinned", 5),
        ("compose-image-not-digest-pinned", 7),
    ]


def test_literal_secrets_in_list_and_map_forms(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    environment:\n"
        "      - API_KEY=sk-live-4f9a8b7c6d5e4f3a2b1c\n"
        "      - TOKEN=${TOKEN}\n"
        "      - LOG_LEVEL=debug\n"
        "  db:\n"
        f"    image: postgres@{DIGEST}\n"
        "    environment:\n"
        "      POSTGRES_PASSWORD: hunter2hunter2\n"
        "      PYTHONHTTPSVERIFY: \"0\"\n"
    )

    result = analyze(tmp_path, text)

    assert hits(result) == [
        ("compose-literal-secret-env", 5),
        ("compose-literal-secret-env", 11),
        ("tls-verification-disabled-by-setting", 12),
    ]
    for finding in result.findings:
        assert "hunter2" not in finding.snippet
        assert "4f9a8b7c" not in finding.snippet


def test_env_file_only_when_committed(tmp_path):
    (tmp_path / "app.env").write_text("A=1\n")
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    env_file:\n"
        "      - app.env\n"
        "      - missing.env\n"
        "      - app.env.example\n"
    )

    assert hits(analyze(tmp_path, text)) == [("compose-env-file-committed", 5)]


def test_inline_command_script(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    command: |\n"
        "      set -e\n"
        "      curl -fsSL https://example.com/i.sh | sh\n"
        "      export NODE_TLS_REJECT_UNAUTHORIZED=0\n"
        "    entrypoint: [\"sh\", \"-c\", \"wget -qO- https://example.com/x | bash\"]\n"
    )

    assert hits(analyze(tmp_path, text)) == [
        ("downloaded-script-executed", 6),
        ("downloaded-script-executed", 8),
        ("tls-verification-disabled-by-setting", 7),
    ]


def test_invalid_yaml_is_skipped(tmp_path):
    result = analyze(tmp_path, "services:\n  app: [unclosed\n")

    assert result.findings == []
    assert [item.reason.value for item in result.skipped] == ["parse-error"]


def test_compose_embedded_in_dstack_app_compose(tmp_path):
    compose = "services:\n  app:\n    image: nginx:latest\n    privileged: true\n"
    document = {"name": "demo", "docker_compose_file": compose, "kms_enabled": True}
    text = json.dumps(document, indent=2)
    file, decoded = source(tmp_path, "app-compose.json", text, FileKind.ENCLAVE_CONFIG)

    result = EnclaveAppAnalyzer().analyze(file, decoded)

    assert hits(result) == [
        ("compose-image-latest-tag", 3),
        ("compose-image-not-digest-pinned", 3),
        ("compose-privileged-container", 3),
    ]


def test_settings_merged_from_anchor(tmp_path):
    text = (
        "x-common: &common\n"
        "  privileged: true\n"
        "services:\n"
        "  app:\n"
        "    <<: *common\n"
        f"    image: app@{DIGEST}\n"
    )

    assert hits(analyze(tmp_path, text)) == [("compose-privileged-container", 2)]


def test_null_environment_value_passes_through(tmp_path):
    text = (
        "services:\n"
        "  app:\n"
        f"    image: app@{DIGEST}\n"
        "    environment:\n"
        "      REQUESTS_CA_BUNDLE:\n"
        "      CURL_CA_BUNDLE: \"\"\n"
        "      DB_PASSWORD:\n"
    )

    assert hits(analyze(tmp_path, text)) == [("tls-verification-disabled-by-setting", 6)]


def test_rofl_compose_yaml_is_accepted(tmp_path):
    rofl, _ = source(tmp_path, "rofl-compose.yaml", "services: {}\n", FileKind.YAML)
    other, _ = source(tmp_path, "values.yaml", "services: {}\n", FileKind.YAML)

    assert ComposeAnalyzer().accepts(rofl)
    assert not ComposeAnalyzer().accepts(other)


def test_built_image_name_is_not_pinned(tmp_path):
    text = "services:\n  app:\n    build: .\n    image: org/app\n"

    assert hits(analyze(tmp_path, text)) == []


def test_config_content_script_checked(tmp_path):
    from tee_audit.analyzers.compose import ComposeAnalyzer
    from tee_audit.model import FileKind, SourceFile

    text = (
        "services:\n  app:\n    image: app:1.0\n"
        "configs:\n  boot:\n    content: |\n      #!/bin/sh\n"
        "      curl -fsSL https://get.example.com/agent.sh | sh\n"
    )
    path = tmp_path / "compose.yaml"
    path.write_text(text)
    result = ComposeAnalyzer().analyze(SourceFile("compose.yaml", str(path), FileKind.COMPOSE, len(text)), text)

    hits = [(f.rule_id, f.location.line) for f in result.findings if f.rule_id == "downloaded-script-executed"]
    assert hits == [("downloaded-script-executed", 8)]
