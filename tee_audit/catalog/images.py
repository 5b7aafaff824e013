"""Rules for Dockerfiles and compose files: what goes into the measured image and how it runs."""

from __future__ import annotations

from tee_audit.model import Severity
from tee_audit.registry import declare

DIGEST = "sha256:" + "0" * 64

BASE_IMAGE_FULL_OS = declare(
    id="base-image-full-os",
    check="C09",
    severity=Severity.MEDIUM,
    summary="The final image is built on a full distribution or a GPU development image.",
    rationale=(
        "A TEE's measurement covers every file in the image. A full distribution such as `python:3.12` "
        "or `nvidia/cuda:*-devel` adds hundreds of megabytes of shells, package managers and compilers that "
        "users must trust and that an attacker inside the container can use."
    ),
    remediation=(
        "Build in a full image if needed, then copy the result into a slim, distroless, Chainguard or "
        "scratch final stage."
    ),
    bad="FROM python:3.12\nUSER app\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nUSER app\n",
    language="dockerfile",
    known_problems=(
        "Images missing from tee_audit/data/base_images.toml are not classified. A mirror is matched on the "
        "last component of its path, so `registry.internal/base/python:3.12` counts as `python:3.12`."
    ),
)

IMAGE_NOT_DIGEST_PINNED = declare(
    id="image-not-digest-pinned",
    check="C02",
    severity=Severity.MEDIUM,
    summary="A `FROM` names a base image by tag instead of by digest.",
    rationale=(
        "Tags move: the same Dockerfile builds a different image, and so a different measurement, when the "
        "publisher pushes a new image under the tag. Nobody can then rebuild the attested measurement."
    ),
    remediation="Pin the image by digest, keeping the tag for readers: `FROM python:3.12-slim@sha256:...`.",
    known_problems=(
        "A reference built from a build argument without a default is reported with low confidence, "
        "because `--build-arg` may supply a digest. An ARG declared inside an earlier stage is used as a "
        "default although Docker ignores it in `FROM`."
    ),
    bad="FROM python:3.12-slim\nUSER app\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nUSER app\n",
    language="dockerfile",
)

IMAGE_LATEST_TAG = declare(
    id="image-latest-tag",
    check="C02",
    severity=Severity.LOW,
    summary="A `FROM` uses `:latest` or no tag, without a digest.",
    rationale=(
        "`:latest`, which an untagged reference means, changes with every release, so the image and its "
        "measurement change without any edit to the repository."
    ),
    remediation="Name a version tag and pin the digest.",
    bad="FROM alpine\nUSER app\n",
    good=f"FROM alpine:3.20@{DIGEST}\nUSER app\n",
    language="dockerfile",
)

OS_PACKAGE_NOT_PINNED = declare(
    id="os-package-not-pinned",
    check="C02",
    severity=Severity.MEDIUM,
    summary="apt-get, apk, yum or dnf installs packages without version pins.",
    rationale=(
        "Unpinned packages resolve to whatever the mirror serves on the day of the build, so two builds of "
        "the same commit give different images and measurements."
    ),
    remediation=(
        "Pin each package (`curl=7.88.1-10+deb12u5`, `curl=8.5.0-r0`) and use a snapshot mirror such as "
        "snapshot.debian.org, or build the image with Nix."
    ),
    bad=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get install -y curl\nUSER app\n",
    good=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get install -y curl=7.88.1-10+deb12u5\nUSER app\n",
    language="dockerfile",
    known_problems=(
        "yum and dnf packages count as pinned when the name contains `-` followed by a digit. apt packages "
        "are not reported when the Dockerfile mentions snapshot.debian.org, snapshot.ubuntu.com or "
        "`apt-get --snapshot`."
    ),
)

OS_PACKAGE_UPGRADE = declare(
    id="os-package-upgrade",
    check="C02",
    severity=Severity.MEDIUM,
    summary="A build step upgrades all OS packages (`apt-get upgrade`, `apk upgrade`, `dnf update`).",
    rationale="Upgrading everything at build time makes the image depend on the day it was built.",
    remediation="Move to a newer pinned base image instead of upgrading inside the build.",
    bad=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get update && apt-get upgrade -y\nUSER app\n",
    good=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get update\nUSER app\n",
    language="dockerfile",
)

PIP_INSTALL_WITHOUT_HASHES = declare(
    id="pip-install-without-hashes",
    check="C05",
    severity=Severity.MEDIUM,
    summary="`pip install` runs without `--require-hashes` or a lock file.",
    rationale=(
        "Without hashes pip accepts any file the index serves for a name, so a compromised index or "
        "mirror can put its own code in the measured image."
    ),
    remediation="Install from a lock file with hashes: `pip install --require-hashes -r requirements.txt`.",
    bad=f"FROM python:3.12-slim@{DIGEST}\nRUN pip install flask\nUSER app\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nRUN pip install --require-hashes -r requirements.txt\nUSER app\n",
    language="dockerfile",
    known_problems=(
        "A `-r` file whose name contains `lock` counts as a lock file. pip also turns on hash checking when "
        "a requirements file holds hashes; that case is reported because the file is not read."
    ),
)

ADD_URL_WITHOUT_CHECKSUM = declare(
    id="add-url-without-checksum",
    check="C02",
    severity=Severity.MEDIUM,
    summary="`ADD` fetches a URL without `--checksum`.",
    rationale="The server decides what lands in the image, so the build is neither reproducible nor verified.",
    remediation="Add `--checksum=sha256:...` to the `ADD`, or download and check the hash in a build stage.",
    bad=f"FROM alpine:3.20@{DIGEST}\nADD https://example.com/tool.tar.gz /opt/\nUSER app\n",
    good=f"FROM alpine:3.20@{DIGEST}\nADD --checksum={DIGEST} https://example.com/tool.tar.gz /opt/\nUSER app\n",
    language="dockerfile",
)

DOWNLOAD_EXECUTED = declare(
    id="downloaded-script-executed",
    check="C05",
    severity=Severity.HIGH,
    summary="A build step or container command runs a downloaded script without a checksum (`curl | sh`).",
    rationale=(
        "Whoever controls the server, DNS or a proxy on the way chooses code that runs with the build's "
        "privileges and ends up in the measured image, and the next build may get different code."
    ),
    remediation="Download to a file, check it against a pinned SHA-256, then run it; or install a pinned package.",
    bad=f"FROM debian:12-slim@{DIGEST}\nRUN curl -fsSL https://example.com/install.sh | sh\nUSER app\n",
    good=(
        f"FROM debian:12-slim@{DIGEST}\nCOPY install.sh /tmp/install.sh\nRUN sh /tmp/install.sh\nUSER app\n"
    ),
    language="dockerfile",
    known_problems=(
        "A downloaded file is tracked by its literal path only; a path built from a variable is missed. "
        "A step that runs sha256sum, shasum, b2sum, gpg --verify, cosign verify or minisign on a text "
        "naming the file counts as a hash check."
    ),
)

SECRET_IN_IMAGE = declare(
    id="secret-in-image-config",
    check="C04",
    severity=Severity.HIGH,
    summary="A secret is set by `ENV` or `ARG`, by a secret-looking name or value.",
    rationale=(
        "ENV values are stored in the image configuration and ARG values in its history; anyone who can "
        "pull the image, including the host operator, reads them."
    ),
    remediation=(
        "Use a BuildKit secret mount for build-time secrets, and provision run-time secrets inside the "
        "enclave from a KMS after attestation."
    ),
    bad=f"FROM python:3.12-slim@{DIGEST}\nENV PRIVATE_KEY=0x4c0883a69102937d6231471b5dbb6204fe512961708279f3e2a3b1c2d4e5f6a7\nUSER app\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nENV LOG_LEVEL=info\nUSER app\n",
    language="dockerfile",
    known_problems="An `ARG` with a secret-looking name and no default is reported with medium confidence.",
)

RUNS_AS_ROOT = declare(
    id="container-runs-as-root",
    check="C09",
    severity=Severity.LOW,
    summary="The final stage has no `USER`, or sets `USER root` or `USER 0`.",
    rationale=(
        "A process running as root can change any file in the container and reach more kernel interfaces, "
        "so one bug in the application gives the attacker the whole container."
    ),
    remediation="Create an unprivileged user and switch to it with `USER` at the end of the final stage.",
    bad=f"FROM python:3.12-slim@{DIGEST}\nCMD [\"python\", \"app.py\"]\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nUSER 10001\nCMD [\"python\", \"app.py\"]\n",
    language="dockerfile",
    known_problems=(
        "A `scratch` final stage is not reported, because it has no user database or shell. Severity is "
        "raised to medium when the final base image is a full distribution."
    ),
)

COPY_CONTEXT_WITHOUT_DOCKERIGNORE = declare(
    id="copy-context-without-dockerignore",
    check="C04",
    severity=Severity.LOW,
    summary="`COPY . .` copies the whole build context, and no `.dockerignore` keeps `.env` and key files out.",
    rationale="Local `.env` files and private keys in the checkout end up in the image that anyone can pull.",
    remediation="Add a `.dockerignore` that excludes `.env`, `*.pem` and `*.key`, or copy named paths only.",
    bad=f"FROM python:3.12-slim@{DIGEST}\nCOPY . .\nUSER app\n",
    good=f"FROM python:3.12-slim@{DIGEST}\nCOPY app/ ./app/\nUSER app\n",
    language="dockerfile",
    known_problems=(
        "`.dockerignore` patterns are matched with gitignore rules, which differ from Docker's in rare cases."
    ),
)

TOOLS_IN_FINAL_IMAGE = declare(
    id="admin-tools-in-final-image",
    check="C09",
    severity=Severity.MEDIUM,
    summary="The final stage installs an SSH server, sudo, Docker or a compiler.",
    rationale=(
        "An SSH server or Docker is a way into the enclave that bypasses the measured application, and a "
        "compiler lets an attacker build new code inside it."
    ),
    remediation="Install build tools in an earlier stage and copy only the built artefacts into the final stage.",
    bad=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get install -y openssh-server=1:9.2p1-2\nUSER app\n",
    good=f"FROM debian:12-slim@{DIGEST}\nRUN apt-get install -y ca-certificates=20230311\nUSER app\n",
    language="dockerfile",
)

TLS_VERIFICATION_DISABLED = declare(
    id="tls-verification-disabled-by-setting",
    check="C08",
    severity=Severity.HIGH,
    summary="An environment setting or command option turns off TLS certificate checks.",
    rationale=(
        "The host sits between the enclave and every server it talks to. Without certificate checks the "
        "host can read and change that traffic, including keys and prices."
    ),
    remediation="Remove the setting; add the needed CA certificate to the image's trust store instead.",
    bad=f"FROM node:20-slim@{DIGEST}\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nUSER node\n",
    good=f"FROM node:20-slim@{DIGEST}\nENV NODE_EXTRA_CA_CERTS=/etc/ssl/internal-ca.pem\nUSER node\n",
    language="dockerfile",
)

COMPOSE_PRIVILEGED = declare(
    id="compose-privileged-container",
    check="C09",
    severity=Severity.HIGH,
    summary="A compose service runs with `privileged: true`.",
    rationale=(
        "A privileged container has every capability and all devices, so it controls the confidential VM "
        "and every other container in it."
    ),
    remediation="Remove `privileged` and grant only the devices and capabilities the service needs.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    privileged: true\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n",
    language="compose",
)

COMPOSE_CAPABILITY = declare(
    id="compose-dangerous-capability",
    check="C09",
    severity=Severity.MEDIUM,
    summary="A compose service adds `ALL`, `SYS_ADMIN`, `SYS_MODULE` or `SYS_PTRACE` capabilities.",
    rationale="These capabilities let a process escape the container or read other processes' memory.",
    remediation="Drop the capability; most services need none beyond Docker's defaults.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    cap_add:\n      - SYS_ADMIN\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    cap_add:\n      - NET_BIND_SERVICE\n",
    language="compose",
)

COMPOSE_HOST_NAMESPACE = declare(
    id="compose-host-namespace",
    check="C09",
    severity=Severity.MEDIUM,
    summary="A compose service shares the host's network, PID, IPC or user namespace.",
    rationale=(
        "Sharing a namespace removes the isolation between the service and the rest of the VM, such as "
        "the TEE platform's own agents and sockets."
    ),
    remediation="Remove `network_mode: host`, `pid: host`, `ipc: host` and `userns_mode: host`; publish ports instead.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    network_mode: host\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    ports:\n      - \"8080:8080\"\n",
    language="compose",
)

COMPOSE_DOCKER_SOCKET = declare(
    id="compose-docker-socket-mounted",
    check="C09",
    severity=Severity.HIGH,
    summary="A compose service mounts the Docker (or Podman, containerd) socket.",
    rationale=(
        "The container-engine socket lets the service start any image with any privileges, so code that "
        "was never measured can run inside the TEE. A read-only mount does not help: the API still works."
    ),
    remediation="Remove the socket mount; use the TEE platform's own socket for keys and quotes.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    volumes:\n      - /var/run/dstack.sock:/var/run/dstack.sock\n",
    language="compose",
    known_problems=(
        "A short-syntax entry with no container path (`- /var/run/docker.sock`) makes an anonymous volume "
        "in Docker rather than a bind mount; it is still reported, with low confidence."
    ),
)

COMPOSE_HOST_ROOT = declare(
    id="compose-host-root-mounted",
    check="C09",
    severity=Severity.HIGH,
    summary="A compose service mounts the host's root directory `/`.",
    rationale=(
        "A service that sees the VM's whole file system can read its keys and, with write access, change "
        "its files. A read-only mount still exposes everything for reading."
    ),
    remediation="Mount only the directories the service needs, read-only where possible.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    volumes:\n      - /:/host\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    volumes:\n      - data:/data\nvolumes:\n  data: {}\n",
    language="compose",
)

COMPOSE_DEVICE = declare(
    id="compose-device-mapped",
    check="C09",
    severity=Severity.LOW,
    summary="A compose service maps a host device other than the TEE's own.",
    rationale="Device access is a path to the host kernel's drivers, outside what the application needs.",
    remediation="Remove the device, or confirm that the service needs it and say why in a comment.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    devices:\n      - /dev/mem:/dev/mem\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    devices:\n      - /dev/tdx_guest:/dev/tdx_guest\n",
    language="compose",
)

COMPOSE_IMAGE_NOT_DIGEST_PINNED = declare(
    id="compose-image-not-digest-pinned",
    check="C02",
    severity=Severity.MEDIUM,
    summary="A compose service names its image by tag instead of by digest.",
    rationale=(
        "On dstack the compose file is measured but the image behind a tag is not, so the registry can "
        "swap the code behind an unchanged measurement."
    ),
    remediation="Pin the image by digest: `image: ghcr.io/org/app:1.4@sha256:...`.",
    bad="services:\n  app:\n    image: ghcr.io/org/app:1.4\n",
    good="services:\n  app:\n    image: ghcr.io/org/app:1.4@" + DIGEST + "\n",
    language="compose",
)

COMPOSE_IMAGE_LATEST = declare(
    id="compose-image-latest-tag",
    check="C02",
    severity=Severity.LOW,
    summary="A compose service uses `:latest` or no tag, without a digest.",
    rationale="`:latest` changes with every push, so the same compose file runs different code over time.",
    remediation="Name a version tag and pin the digest.",
    bad="services:\n  app:\n    image: ghcr.io/org/app:latest\n",
    good="services:\n  app:\n    image: ghcr.io/org/app:1.4@" + DIGEST + "\n",
    language="compose",
)

COMPOSE_LITERAL_SECRET = declare(
    id="compose-literal-secret-env",
    check="C04",
    severity=Severity.HIGH,
    summary="A compose `environment:` entry holds a literal secret.",
    rationale=(
        "The compose file is committed and, on dstack, published with the measurement, so a literal "
        "secret in it is public."
    ),
    remediation="Reference a variable (`${API_KEY}`) supplied as an encrypted secret, or fetch it from a KMS.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    environment:\n      API_KEY: sk-live-4f9a8b7c6d5e4f3a2b1c\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n    environment:\n      API_KEY: ${API_KEY}\n",
    language="compose",
)

COMPOSE_ENV_FILE = declare(
    id="compose-env-file-committed",
    check="C04",
    severity=Severity.MEDIUM,
    summary="A compose `env_file` names a file that is committed in the repository.",
    rationale="Environment files usually hold credentials; committed, they are readable by anyone with the source.",
    remediation="Keep the file out of the repository (add it to .gitignore) and supply secrets encrypted.",
    bad="services:\n  app:\n    image: app@" + DIGEST + "\n    env_file: app.env\n",
    good="services:\n  app:\n    image: app@" + DIGEST + "\n",
    language="compose",
    known_problems="Files named `*.example`, `*.sample` or `*.template` are not reported.",
)
