"""Python 3.12 syntax the scanner must parse on any interpreter."""
import logging
import os

log = logging.getLogger(__name__)
type KeyBytes = bytes


def describe[T](value: T) -> T:
    return value


def handle(command, private_key: str):
    match command:
        case {"action": "show"}:
            log.info(f"key={f"{private_key}"}")  # expect: secret-logged
        case ["rotate", *rest]:
            log.info(f"rotating {len(rest)} {"items"}")  # ok: secret-logged
        case _:
            pass
    seed = os.urandom(16)
    if (copy := seed):
        print(copy)  # expect: secret-logged
