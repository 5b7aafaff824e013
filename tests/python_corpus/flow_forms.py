"""Every way a value travels: unpacking, containers, formatting, conversions, globals, classes, returns."""
import base64
import json
import logging
import os

log = logging.getLogger(__name__)
MASTER = os.urandom(32)
PUBLIC_LABEL = "node-1"


class Signer:
    sealed = os.urandom(32)
    region = "eu"

    def __init__(self, seed_hex: str):
        self.seed_hex = seed_hex
        self.name = "signer"

    def leak(self):
        log.info("seed %s", self.seed_hex)  # expect: secret-logged
        log.info("name %s", self.name)  # ok: secret-logged
        log.info("class secret %s", Signer.sealed)  # expect: secret-logged
        log.info("region %s", Signer.region)  # ok: secret-logged


def forms():
    key, label = os.urandom(32), "main"
    log.info("label %s", label)  # ok: secret-logged
    log.info("key %s", key)  # expect: secret-logged
    first, second = [os.urandom(8), os.urandom(8)]
    log.info("first %s", first)  # expect: secret-logged
    pair = (key, label)
    log.info("pair %s", pair)  # expect: secret-logged
    log.info("as list %s", [key])  # expect: secret-logged
    log.info("as dict %s", {"k": key})  # expect: secret-logged
    log.info("in set %s", {key})  # expect: secret-logged
    log.info("sub %s", pair[0])  # expect: secret-logged
    log.info("percent %s" % (key,))  # expect: secret-logged
    log.info("format {}".format(key))  # expect: secret-logged
    log.info("concat " + key.hex())  # expect: secret-logged
    log.info(str(key))  # expect: secret-logged
    log.info(bytes(key))  # expect: secret-logged
    log.info(repr(key))  # expect: secret-logged
    log.info(json.dumps({"key": key.hex()}))  # expect: secret-logged
    log.info(base64.b64encode(key))  # expect: secret-logged
    log.info("len %d", len(key))  # ok: secret-logged
    log.info("global %s", MASTER.hex())  # expect: secret-logged
    log.info("public %s", PUBLIC_LABEL)  # ok: secret-logged
    encoded = key.hex().upper()
    log.info("chained %s", encoded)  # expect: secret-logged
    key = b"rotated"
    log.info("after rebinding %s", key)  # ok: secret-logged


def branches(flag: bool):
    value = "public"
    if flag:
        value = os.urandom(8)
    log.info("maybe %s", value)  # expect: secret-logged


def loops():
    parts = []
    for _ in range(3):
        parts.append(os.urandom(4))
    log.info("joined %s", b"".join(parts))  # expect: secret-logged
    for piece in [os.urandom(4)]:
        log.info("piece %s", piece)  # expect: secret-logged


def comprehension():
    keys = [os.urandom(4) for _ in range(3)]
    log.info("keys %s", [k.hex() for k in keys])  # expect: secret-logged
    log.info("count %d", len([k for k in keys]))  # ok: secret-logged


def returns_secret():
    return os.urandom(16)


def returns_public():
    return "public"


def passthrough(value):
    return {"wrapped": value}


def returns_and_passthrough():
    log.info("returned %s", returns_secret())  # expect: secret-logged
    log.info("returned %s", returns_public())  # ok: secret-logged
    log.info("wrapped %s", passthrough(returns_secret()))  # expect: secret-logged
    log.info("wrapped %s", passthrough("public"))  # ok: secret-logged


def log_it(message):
    log.info("message %s", message)  # expect: secret-logged


def caller_chain():
    log_it(os.urandom(4))
    log_it("hello")


def walrus():
    if (fresh := os.urandom(4)) is not None:
        log.info("fresh %s", fresh)  # expect: secret-logged


async def awaited(client):
    token = await client.fetch_token()
    log.info("token %s", token)  # ok: secret-logged
