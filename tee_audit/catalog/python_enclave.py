"""C10 rules of the Python analyzer: debug switches in the enclave's web stack."""

from tee_audit.model import Severity
from tee_audit.registry import declare

WEB_DEBUG_MODE = declare(
    id="web-debug-mode-enabled",
    check="C10",
    severity=Severity.HIGH,
    language="python",
    summary="Flask, Django or Werkzeug runs with debug mode on.",
    rationale="The debugger runs code sent in a request and error pages show configuration and secrets.",
    remediation="Turn debug off in the image; enable it only from a developer's own configuration.",
    bad='from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0", debug=True)\n',
    good='from flask import Flask\napp = Flask(__name__)\napp.run(host="0.0.0.0")\n',
)
