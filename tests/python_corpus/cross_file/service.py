"""Callers in another module: flows through summaries of keys.py."""
import logging

from cross_file.keys import Vault, describe, new_signing_key, report, sha_of

log = logging.getLogger(__name__)


def start():
    key = new_signing_key()
    log.info(describe(key))  # expect: secret-logged
    log.info(sha_of(key))  # ok: secret-logged
    report(key)
    vault = Vault()
    log.info("vault %s", vault.public_id())  # ok: secret-logged


def untouched():
    report("static")
