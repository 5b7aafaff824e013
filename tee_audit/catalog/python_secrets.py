"""C04 rules of the Python analyzer: secrets that flow out of the enclave.

Literal secrets in source are the text-level scanner's job; these rules
follow generated, derived or injected secrets to the places they leave by.
"""

from tee_audit.model import Severity
from tee_audit.registry import declare

_COMMON = dict(check="C04", severity=Severity.CRITICAL, language="python")

SECRET_LOGGED = declare(
    id="secret-logged",
    summary="A secret reaches a log call, print or warnings.warn.",
    rationale="Logs leave the enclave through the host's console and log collectors, so a logged key "
    "is a key the operator holds.",
    remediation="Log a hash, an address or a public key instead, or drop the value from the message.",
    bad='import logging, os\nlog = logging.getLogger(__name__)\nkey = os.urandom(32)\nlog.info("key %s", key.hex())\n',
    good='import hashlib, logging, os\nlog = logging.getLogger(__name__)\nkey = os.urandom(32)\n'
    'log.info("key id %s", hashlib.sha256(key).hexdigest()[:8])\n',
    **_COMMON,
)

SECRET_IN_EXCEPTION = declare(
    id="secret-in-exception",
    summary="A secret is formatted into an exception message.",
    rationale="Exception messages end up in tracebacks, logs and error responses, all of which leave the enclave.",
    remediation="Name the failing key by an identifier or hash, never by its value.",
    bad='def load(private_key: str):\n    raise ValueError(f"bad key {private_key}")\n',
    good='def load(private_key: str):\n    raise ValueError("bad key: expected 32 bytes of hex")\n',
    **_COMMON,
)

SECRET_WRITTEN_TO_FILE = declare(
    id="secret-written-to-file",
    summary="A secret is written to a file in the clear.",
    rationale="Files written by an enclave land on host-controlled disks or volumes unless they are sealed or "
    "encrypted first.",
    remediation="Encrypt the value to a sealing or KMS key before writing it, or keep it in memory.",
    bad='import secrets\ntoken = secrets.token_hex(32)\nwith open("token.txt", "w") as handle:\n    handle.write(token)\n',
    good='import secrets\ntoken = secrets.token_hex(32)\nwith open("token.txt", "w") as handle:\n    handle.write("rotated")\n',
    **_COMMON,
)

SECRET_IN_HTTP_RESPONSE = declare(
    id="secret-in-http-response",
    summary="A secret is returned in an HTTP response of a web handler.",
    rationale="Whoever can call the endpoint gets the key, including the host that relays the traffic.",
    remediation="Return the public key or address; keep private material inside the enclave.",
    bad='from flask import Flask, jsonify\nfrom eth_account import Account\napp = Flask(__name__)\n'
    'acct = Account.create()\n@app.route("/key")\ndef key():\n    return jsonify(key=acct.key.hex())\n',
    good='from flask import Flask, jsonify\nfrom eth_account import Account\napp = Flask(__name__)\n'
    'acct = Account.create()\n@app.route("/key")\ndef key():\n    return jsonify(address=acct.address)\n',
    **_COMMON,
)

SECRET_SENT_OVER_NETWORK = declare(
    id="secret-sent-over-network",
    summary="A secret is put in the URL, parameters, body or headers of an outbound request.",
    rationale="Outbound traffic passes through the host; a secret sent anywhere but an attested peer leaves the TEE.",
    remediation="Send a signature or a derived public value; if the peer must hold the secret, use an attested channel.",
    bad='import os, requests\nkey = os.urandom(32)\nrequests.post("https://backup.example.com", data=key)\n',
    good='import os, requests\nkey = os.urandom(32)\nrequests.post("https://backup.example.com", data=b"ping")\n',
    **_COMMON,
)

SECRET_PASSED_TO_SUBPROCESS = declare(
    id="secret-passed-to-subprocess",
    summary="A secret is passed on the command line of a subprocess.",
    rationale="Command lines are visible in process listings and often logged by the tools they start.",
    remediation="Pass the secret through a pipe or an inherited file descriptor.",
    bad='import subprocess\ndef unlock(password: str):\n    subprocess.run(["unlock", password])\n',
    good='import subprocess\ndef unlock(password: str):\n    subprocess.run(["unlock", "--stdin"], input=b"")\n',
    **_COMMON,
)

SECRET_SENT_TO_LLM = declare(
    id="secret-sent-to-llm",
    summary="A secret is included in a prompt sent to an LLM API.",
    rationale="Prompts go to a third-party service outside the enclave and may be stored or echoed back.",
    remediation="Keep keys out of prompts; give the model an identifier and resolve it inside the enclave.",
    bad='from openai import OpenAI\nclient = OpenAI()\ndef ask(api_token: str):\n'
    '    client.chat.completions.create(model="m", messages=[{"role": "user", "content": api_token}])\n',
    good='from openai import OpenAI\nclient = OpenAI()\ndef ask(question: str):\n'
    '    client.chat.completions.create(model="m", messages=[{"role": "user", "content": question}])\n',
    **_COMMON,
)
