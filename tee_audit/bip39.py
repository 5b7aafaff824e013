"""The BIP-39 English word list and the mnemonic checksum.

The word list in `data/bip39_english.txt` is the one published with BIP-39
(2048 words, SHA-256 2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda),
taken from the `mnemonic` 0.21 wheel on PyPI (MIT licence).
"""

from __future__ import annotations

import hashlib
import importlib.resources
from functools import lru_cache

WORD_COUNTS = frozenset({12, 15, 18, 21, 24})
"""The phrase lengths BIP-39 defines: 128 to 256 bits of entropy."""


@lru_cache(maxsize=1)
def word_index() -> dict[str, int]:
    """Map each word of the English list to its 11-bit index."""
    text = importlib.resources.files("tee_audit").joinpath("data/bip39_english.txt").read_text(encoding="utf-8")
    words = text.split()
    if len(words) != 2048:
        raise RuntimeError(f"BIP-39 word list has {len(words)} words, expected 2048")
    return {word: index for index, word in enumerate(words)}


def is_word(word: str) -> bool:
    return word in word_index()


def checksum_valid(words: list[str]) -> bool:
    """Tell whether `words` form a mnemonic whose checksum bits match.

    Each word carries 11 bits. The last `len(words) / 3` bits are the first
    bits of SHA-256 over the entropy, so a random list of words passes with
    a chance of 1 in 16 (12 words) to 1 in 256 (24 words).
    """
    if len(words) not in WORD_COUNTS:
        return False
    index = word_index()
    try:
        bits = 0
        for word in words:
            bits = (bits << 11) | index[word]
    except KeyError:
        return False

    checksum_bits = len(words) // 3
    entropy_bits = len(words) * 11 - checksum_bits
    entropy = (bits >> checksum_bits).to_bytes(entropy_bits // 8, "big")
    expected = hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits)
    return bits & ((1 << checksum_bits) - 1) == expected
