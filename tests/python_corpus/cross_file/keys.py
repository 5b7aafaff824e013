"""Helpers whose summaries carry secrets across files."""
import os


def new_signing_key() -> bytes:
    return os.urandom(32)


def describe(value) -> str:
    return "value=" + str(value)


def emit(message, *, logger):
    logger.info(message)


def report(value):
    print("report:", value)  # expect: secret-logged


def sha_of(value: bytes) -> str:
    import hashlib

    return hashlib.sha256(value).hexdigest()


class Vault:
    def __init__(self):
        self.master = os.urandom(32)

    def dump(self):
        print(self.master)  # expect: secret-logged

    def public_id(self):
        return sha_of(self.master)
