"""C12 rules of the Python analyzer: keys injected from outside the enclave."""

from tee_audit.model import Severity
from tee_audit.registry import declare

_COMMON = dict(check="C12", severity=Severity.HIGH, language="python")

KEY_FROM_ENVIRONMENT = declare(
    id="key-from-environment",
    summary="A private, signing, sealing or wallet key is read from an environment variable.",
    rationale="The operator sets the environment, so the identity users trust was chosen by the operator, not "
    "derived inside the enclave.",
    remediation="Derive the key inside the enclave (dstack get_key, KMS bound to the attestation).",
    bad='import os\nfrom eth_account import Account\nacct = Account.from_key(os.environ["PRIVATE_KEY"])\n',
    good='from dstack_sdk import DstackClient\nfrom eth_account import Account\n'
    'acct = Account.from_key(DstackClient().get_key("wallet").decode_key())\n',
    **_COMMON,
)

KEY_FROM_CLI_ARGUMENT = declare(
    id="key-from-cli-argument",
    summary="A private, signing, sealing or wallet key is accepted as a command-line argument.",
    rationale="Arguments come from whoever starts the process, which in a TEE is the untrusted host.",
    remediation="Derive or provision the key inside the enclave instead.",
    bad='import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--private-key")\n',
    good='import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument("--rpc-url")\n',
    **_COMMON,
)

KEY_FROM_HOST_FILE = declare(
    id="key-from-host-file",
    summary="A key is read from a file path the host provides.",
    rationale="Files outside the measured image are written by the operator, so the key is theirs to choose.",
    remediation="Derive the key inside the enclave or unseal it with an enclave-bound key.",
    bad='with open("/data/wallet.key") as handle:\n    key = handle.read()\n',
    good='with open("/data/config.json") as handle:\n    config = handle.read()\n',
    **_COMMON,
)
