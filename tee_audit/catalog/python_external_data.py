"""C07 rules of the Python analyzer: outside data that drives signing."""

from tee_audit.model import Severity
from tee_audit.registry import declare

UNVERIFIED_DATA_SIGNED = declare(
    id="unverified-external-data-signed",
    check="C07",
    severity=Severity.HIGH,
    language="python",
    summary="An HTTP or LLM response reaches a signing or value-moving call without a verification step.",
    rationale="The host can forge any unauthenticated response, so it can choose what the enclave's key signs.",
    remediation="Verify a signature or attestation on the data before it can influence a transaction.",
    bad='import requests\ndef pay(account, w3):\n    quote = requests.get("https://api.example.com/quote").json()\n'
    '    tx = {"to": quote["to"], "value": quote["amount"]}\n    return account.sign_transaction(tx)\n',
    good='import requests\ndef pay(account, w3, oracle):\n    quote = requests.get("https://api.example.com/quote").json()\n'
    '    oracle.verify_signature(quote)\n    tx = {"to": quote["to"], "value": quote["amount"]}\n'
    '    return account.sign_transaction(tx)\n',
)
