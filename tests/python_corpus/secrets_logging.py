"""Secrets reaching log calls, print and warnings, in every call form."""
import logging
import os
import secrets
import sys
import warnings
from logging import getLogger as get_log

import structlog
from loguru import logger as loguru_log

log = logging.getLogger("svc")
alias_log = get_log(__name__)
struct_log = structlog.get_logger()


def unseal(sealing_key: bytes, api_token: str, cache: dict, rotated_at: str):
    log.warning("sealing key %s", sealing_key.hex())  # expect: secret-logged
    log.debug(f"token={api_token}")  # expect: secret-logged
    log.info("unsealed", extra={"tok": api_token})  # expect: secret-logged
    log.info("token cache has %d entries", len(cache))  # ok: secret-logged
    log.info("credential rotated at %s", rotated_at)  # ok: secret-logged


def generated():
    key = os.urandom(32)
    print(key)  # expect: secret-logged
    print("key length", len(key))  # ok: secret-logged
    token = secrets.token_hex(16)
    logging.info("token %s" % token)  # expect: secret-logged
    logging.log(logging.INFO, "token {}".format(token))  # expect: secret-logged
    alias_log.error("token: " + token)  # expect: secret-logged
    sys.stderr.write(token)  # expect: secret-logged
    sys.stdout.write("started\n")  # ok: secret-logged
    warnings.warn(f"weak token {token}")  # expect: secret-logged
    loguru_log.info("token {}", token)  # expect: secret-logged
    struct_log.info("issued", token=token)  # expect: secret-logged


def multi_line(password: str):
    log.info(  # expect: secret-logged
        "login with %s",
        password,
    )


def exception_logged(mnemonic: str):
    try:
        raise RuntimeError("cannot restore " + mnemonic)  # expect: secret-in-exception
    except RuntimeError as error:
        log.exception(error)  # expect: secret-logged


def exception_not_secret(path: str):
    try:
        raise FileNotFoundError(path)  # ok: secret-in-exception
    except FileNotFoundError as error:
        log.exception(error)  # ok: secret-logged


def hashed(private_key: bytes):
    import hashlib

    log.info("key id %s", hashlib.sha256(private_key).hexdigest())  # ok: secret-logged


def redacted(api_key: str):
    log.info("api key %s", redact(api_key))  # ok: secret-logged
    log.info("api key %s", mask_secret(api_key))  # ok: secret-logged


def redact(value: str) -> str:
    return value[:2] + "***"


def mask_secret(value: str) -> str:
    return "***"


def unresolved_logger(self_logger, seed_phrase: str):
    self_logger.info("seed %s", seed_phrase)  # expect: secret-logged


def count_only(tokens: list, token_count: int):
    log.info("issued %d tokens", token_count)  # ok: secret-logged


def lexer_error(token, close_token):
    raise SyntaxError(f"unexpected {token} before {close_token}")  # ok: secret-in-exception


def clients(secret_client, password_manager):
    log.info("using %s and %s", secret_client, password_manager)  # ok: secret-logged


def bearer(session_token: str, github_token: str):
    log.debug("session %s", session_token)  # expect: secret-logged
    print(github_token)  # expect: secret-logged
