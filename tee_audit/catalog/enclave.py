"""Rules for enclave configuration: Gramine manifests, AWS Nitro, dstack and Oasis ROFL."""

from __future__ import annotations

from tee_audit.model import Severity
from tee_audit.registry import declare

_GRAMINE_DOCS = (
    "Gramine's manifest documentation (Documentation/manifest-syntax.rst of gramineproject/gramine, "
    "read at commit 0035e6f, a Gramine 1.x release line)"
)

GRAMINE_DEBUG_ENCLAVE = declare(
    id="gramine-debug-enclave",
    check="C10",
    severity=Severity.HIGH,
    summary="A Gramine manifest sets `sgx.debug = true`.",
    rationale=(
        "A debug enclave lets the host read and change enclave memory with a debugger, so it protects "
        f"nothing; {_GRAMINE_DOCS} describes `sgx.debug` as the switch between debug and production enclaves."
    ),
    remediation="Set `sgx.debug = false` (the default) for every manifest that is deployed.",
    bad='sgx.debug = true\n',
    good='sgx.debug = false\n',
    language="gramine-manifest",
    known_problems="A value produced by a Jinja expression is not evaluated and not reported.",
)

GRAMINE_INSECURE_OPTION = declare(
    id="gramine-insecure-option",
    check="C10",
    severity=Severity.HIGH,
    summary="A Gramine manifest turns on an `insecure__` option.",
    rationale=(
        "Options named `insecure__` hand control to the host: `loader.insecure__use_cmdline_argv` and "
        "`loader.insecure__use_host_env` let it choose arguments and variables such as LD_PRELOAD, and "
        f"`sys.insecure__allow_eventfd` and `sgx.insecure__rpc_thread_num` rely on host behaviour ({_GRAMINE_DOCS})."
    ),
    remediation="Remove the option; pass fixed arguments with `loader.argv` and variables with `loader.env.NAME`.",
    bad="loader.insecure__use_host_env = true\n",
    good='loader.env.LD_LIBRARY_PATH = "/lib"\n',
    language="gramine-manifest",
)

GRAMINE_HARDCODED_KEY = declare(
    id="gramine-hardcoded-encryption-key",
    check="C04",
    severity=Severity.HIGH,
    summary="A Gramine manifest hard-codes an encrypted-files key with `fs.insecure__keys`.",
    rationale=(
        "The manifest is read by the host and usually published, so a key written in it protects the "
        f"encrypted files from nobody; {_GRAMINE_DOCS} allows it for debugging only."
    ),
    remediation="Provision the key after attestation (Secret Provisioning) or use `_sgx_mrenclave` sealing keys.",
    bad='fs.insecure__keys.default = "ffeeddccbbaa99887766554433221100"\n',
    good='fs.mounts = [{ type = "encrypted", path = "/data", uri = "file:data", key_name = "_sgx_mrenclave" }]\n',
    language="gramine-manifest",
)

GRAMINE_FILE_CHECK_ALLOW_ALL = declare(
    id="gramine-file-check-allow-all",
    check="C10",
    severity=Severity.HIGH,
    summary='A Gramine manifest sets `sgx.file_check_policy = "allow_all_but_log"`.',
    rationale=(
        "With this policy every file not listed as trusted is opened unchecked, so the host can feed the "
        f"enclave any library or configuration it likes; {_GRAMINE_DOCS} presents it as a porting aid."
    ),
    remediation='Use the default `"strict"` policy and list files as trusted or encrypted.',
    bad='sgx.file_check_policy = "allow_all_but_log"\n',
    good='sgx.file_check_policy = "strict"\n',
    language="gramine-manifest",
)

GRAMINE_ALLOWED_CODE = declare(
    id="gramine-allowed-file-holds-code",
    check="C10",
    severity=Severity.MEDIUM,
    summary="`sgx.allowed_files` lists code, libraries or configuration and state files.",
    rationale=(
        "Allowed files are not hashed, so the host can replace them; the Gramine documentation warns "
        "that allowing files with code or critical information is insecure."
    ),
    remediation="List code and configuration as `sgx.trusted_files` and state as an encrypted mount.",
    bad='sgx.allowed_files = ["file:app/plugin.py"]\n',
    good='sgx.allowed_files = ["file:/tmp/output.log"]\n',
    language="gramine-manifest",
    known_problems="Files are judged by extension and directory (bin, lib, site-packages), not by content.",
)

GRAMINE_VERBOSE_LOG = declare(
    id="gramine-verbose-log-level",
    check="C10",
    severity=Severity.MEDIUM,
    summary="`loader.log_level` is more verbose than `error`.",
    rationale=f"{_GRAMINE_DOCS} says only the `error` level suits production, because other levels may leak data.",
    remediation='Set `loader.log_level = "error"` or leave the default.',
    bad='loader.log_level = "debug"\n',
    good='loader.log_level = "error"\n',
    language="gramine-manifest",
)

GRAMINE_PROFILING = declare(
    id="gramine-profiling-enabled",
    check="C10",
    severity=Severity.MEDIUM,
    summary="SGX profiling or statistics are on (`sgx.profile.enable`, `sgx.vtune_profile`, `sgx.enable_stats`).",
    rationale=(
        "These options work only in debug enclaves and expose enclave execution to the host's tools; "
        f"{_GRAMINE_DOCS} marks them insecure for production."
    ),
    remediation='Remove them, or set `sgx.profile.enable = "none"` and `sgx.enable_stats = false`.',
    bad="sgx.enable_stats = true\n",
    good="sgx.enable_stats = false\n",
    language="gramine-manifest",
)

NITRO_DEBUG_MODE = declare(
    id="nitro-debug-mode",
    check="C10",
    severity=Severity.HIGH,
    summary="`nitro-cli run-enclave` is called with `--debug-mode` or `--attach-console`.",
    rationale=(
        "A Nitro enclave started in debug mode produces attestation documents whose PCRs are all zeros "
        "(as Turnkey's Verifiable Cloud documentation on debug mode describes), so the attestation no "
        "longer proves which image runs, and its console output reaches the parent instance. "
        "`--attach-console` reads that console, which nitro-cli offers only for debug-mode enclaves."
    ),
    remediation="Drop `--debug-mode` and `--attach-console` from every command used outside development.",
    bad="nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 2048 --debug-mode\n",
    good="nitro-cli run-enclave --eif-path app.eif --cpu-count 2 --memory 2048\n",
    language="shell",
    known_problems="Reads shell scripts, Makefiles and CI files as text; a command built from variables is missed.",
)

KMS_POLICY_WITHOUT_ATTESTATION = declare(
    id="kms-key-release-without-attestation",
    check="C10",
    severity=Severity.HIGH,
    summary="An AWS KMS key policy allows Decrypt or GenerateDataKey without a condition on the enclave measurement.",
    rationale=(
        "Without a `kms:RecipientAttestation:ImageSha384` or `kms:RecipientAttestation:PCR*` condition, "
        "the parent instance or any principal with the permission gets the key outside the enclave."
    ),
    remediation="Add a condition on `kms:RecipientAttestation:ImageSha384` (or PCR0/PCR8) to each statement.",
    bad=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": '
        '"arn:aws:iam::111122223333:role/app"}, "Action": "kms:Decrypt", "Resource": "*"}]}\n'
    ),
    good=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": '
        '"arn:aws:iam::111122223333:role/app"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": '
        '{"StringEqualsIgnoreCase": {"kms:RecipientAttestation:ImageSha384": "abc"}}}]}\n'
    ),
    language="json",
    known_problems=(
        "The usual administrator statement (`kms:*` for the account root) is reported too, because it "
        "lets IAM policies release the key without attestation."
    ),
)

_DSTACK_DOCS = (
    "dstack's documentation of app-compose.json fields (public_logs, public_sysinfo, kms_enabled, "
    "allowed_envs) in its security notes on CVM boundaries"
)

DSTACK_PUBLIC_LOGS = declare(
    id="dstack-public-logs",
    check="C10",
    severity=Severity.MEDIUM,
    summary="A dstack app-compose.json sets `public_logs: true`.",
    rationale=(
        f"Container logs become readable by anyone through the guest agent's public dashboard ({_DSTACK_DOCS}); "
        "one logged secret is then public."
    ),
    remediation="Set `public_logs` to false for production deployments.",
    bad='{"name": "app", "public_logs": true, "kms_enabled": true}\n',
    good='{"name": "app", "public_logs": false, "kms_enabled": true}\n',
    language="enclave-config",
)

DSTACK_PUBLIC_SYSINFO = declare(
    id="dstack-public-sysinfo",
    check="C10",
    severity=Severity.LOW,
    summary="A dstack app-compose.json sets `public_sysinfo: true`.",
    rationale=f"System information about the CVM is published through the public dashboard ({_DSTACK_DOCS}).",
    remediation="Set `public_sysinfo` to false unless users need it.",
    bad='{"name": "app", "public_sysinfo": true, "kms_enabled": true}\n',
    good='{"name": "app", "public_sysinfo": false, "kms_enabled": true}\n',
    language="enclave-config",
)

DSTACK_KMS_DISABLED = declare(
    id="dstack-kms-disabled",
    check="C11",
    severity=Severity.MEDIUM,
    summary="A dstack app-compose.json sets `kms_enabled: false`.",
    rationale=(
        "Without the KMS the app's keys come from a key provider on the local machine, or there are none, "
        f"so they are lost with that machine and cannot be shared between replicas ({_DSTACK_DOCS})."
    ),
    remediation="Set `kms_enabled: true` and derive keys through the dstack KMS.",
    bad='{"name": "app", "kms_enabled": false}\n',
    good='{"name": "app", "kms_enabled": true}\n',
    language="enclave-config",
)

DSTACK_OPERATOR_ENV = declare(
    id="dstack-operator-env-injection",
    check="C12",
    severity=Severity.MEDIUM,
    summary="dstack `allowed_envs` lets the deployer inject secret-looking or security-relevant variables.",
    rationale=(
        "Encrypted environment variables are not measured into the RTMRs ({docs}), so whoever deploys "
        "the app can set keys or switch off checks without changing the attested compose hash."
    ).format(docs=_DSTACK_DOCS),
    remediation="Derive keys inside the CVM from the KMS, and check injected values in the application.",
    bad='{"name": "app", "kms_enabled": true, "allowed_envs": ["PRIVATE_KEY"]}\n',
    good='{"name": "app", "kms_enabled": true, "allowed_envs": ["RPC_URL"]}\n',
    language="enclave-config",
)

ROFL_ARTIFACT_WITHOUT_HASH = declare(
    id="rofl-artifact-without-hash",
    check="C02",
    severity=Severity.MEDIUM,
    summary="An Oasis ROFL `rofl.yaml` artifact URL has no `#sha256` hash.",
    rationale=(
        "The Oasis ROFL documentation shows each artifact (firmware, kernel, stage2, container runtime) "
        "as a URL followed by `#` and its SHA-256; without it the build takes whatever the server returns."
    ),
    remediation="Append the artifact's SHA-256 to its URL: `https://.../stage1.bin#<sha256>`.",
    bad="artifacts:\n  kernel: https://example.com/stage1.bin\n",
    good="artifacts:\n  kernel: https://example.com/stage1.bin#" + "0" * 64 + "\n",
    language="enclave-config",
)
