"""A parenthesized import with an alias on its own line."""
from pickle import (
    dumps,
    loads
    as unpack,
)


def restore(blob):
    return unpack(blob)  # expect: unsafe-deserialization


def save(value):
    return dumps(value)  # ok: unsafe-deserialization
