"""The shipped BIP-39 word list and the mnemonic checksum."""

from __future__ import annotations

import hashlib
import importlib.resources

from tee_audit import bip39

# Test vectors published with BIP-39 (entropy 0x00..., 0x7f7f..., 0xffff...).
VALID_12 = "legal winner thank year wave sausage worth useful legal winner thank yellow"
VALID_24 = " ".join(["zoo"] * 23 + ["vote"])


def test_word_list_is_the_published_one():
    raw = importlib.resources.files("tee_audit").joinpath("data/bip39_english.txt").read_bytes()

    assert hashlib.sha256(raw).hexdigest() == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
    assert len(bip39.word_index()) == 2048


def test_checksum_accepts_test_vectors():
    assert bip39.checksum_valid(VALID_12.split())
    assert bip39.checksum_valid(VALID_24.split())
    assert bip39.checksum_valid(["abandon"] * 11 + ["about"])


def test_checksum_rejects_changed_last_word():
    assert not bip39.checksum_valid(VALID_12.replace("yellow", "year").split())


def test_checksum_rejects_wrong_length_and_unknown_word():
    assert not bip39.checksum_valid(VALID_12.split()[:11])
    assert not bip39.checksum_valid(VALID_12.replace("legal", "lethal", 1).split())
