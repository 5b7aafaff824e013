"""C08 rules of the Python analyzer: TLS turned off and plain HTTP."""

from tee_audit.model import Severity
from tee_audit.registry import declare

TLS_VERIFICATION_DISABLED = declare(
    id="tls-verification-disabled",
    check="C08",
    severity=Severity.HIGH,
    language="python",
    summary="Certificate or host-name verification is turned off for an outbound connection.",
    rationale="The host sits on the path of every connection, so without verification it can read and change "
    "all traffic.",
    remediation="Keep verification on; pass a CA bundle path to verify= for private CAs.",
    bad='import requests\nrequests.get("https://api.example.com", verify=False)\n',
    good='import requests\nrequests.get("https://api.example.com", verify="/etc/ssl/ca.pem")\n',
)

PLAIN_HTTP_TO_REMOTE_HOST = declare(
    id="plain-http-to-remote-host",
    check="C08",
    severity=Severity.MEDIUM,
    language="python",
    summary="A request goes over plain http:// to a host other than loopback or an internal service name.",
    rationale="Plain HTTP can be read and rewritten by the host and every network hop.",
    remediation="Use https:// and keep certificate verification on.",
    bad='import requests\nrequests.get("http://api.example.com/price")\n',
    good='import requests\nrequests.get("https://api.example.com/price")\n',
)
