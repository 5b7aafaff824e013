"""Secrets in exceptions, and subprocess and model-loading corner cases."""
import logging
import os
import subprocess

from flask import Flask
from transformers import AutoModel, pipeline

app = Flask(__name__)
log = logging.getLogger(__name__)


class KeyError_(Exception):
    pass


def validate(private_key: str):
    if len(private_key) != 64:
        raise ValueError(f"invalid key {private_key}")  # expect: secret-in-exception
    if not private_key.startswith("0x"):
        raise ValueError("key must start with 0x")  # ok: secret-in-exception


def custom(api_key: str):
    raise KeyError_("rejected " + api_key)  # expect: secret-in-exception


def error_built_then_logged(api_key: str):
    error = RuntimeError("bad key %s" % api_key)  # expect: secret-in-exception
    log.error("failed: %s", error)  # expect: secret-logged


@app.route("/check")
def check_endpoint():
    secret = os.urandom(8)
    try:
        raise ValueError(f"mismatch {secret.hex()}")  # expect: secret-in-exception
    except ValueError as exc:
        return {"error": str(exc)}  # expect: secret-in-http-response


def commands(password: str, archive_name: str):
    env = dict(os.environ, PGPASSWORD=password)
    subprocess.run(["pg_dump", "db"], env=env)  # ok: secret-passed-to-subprocess, command-built-from-data
    os.system("mysql -p" + password)  # expect: secret-passed-to-subprocess, command-built-from-data
    subprocess.Popen(f"gpg --passphrase {password}", shell=True)  # expect: secret-passed-to-subprocess, command-built-from-data
    subprocess.run(["zip", archive_name])  # expect: command-built-from-data


def models(repo: str):
    AutoModel.from_pretrained(repo, trust_remote_code=True)  # expect: remote-code-trusted
    pipeline("text-generation", model=repo, trust_remote_code=True)  # expect: remote-code-trusted
    TRUST = True
    AutoModel.from_pretrained(repo, trust_remote_code=TRUST)  # expect: remote-code-trusted
