"""Weak randomness feeding keys, deprecated packages, weak hashes in signatures, ECB."""
import hashlib
import random
import secrets
import time
from random import choice, getrandbits

import numpy as np
from Crypto.Cipher import AES  # expect: deprecated-crypto-library
from Crypto.Hash import SHA1  # ok: deprecated-crypto-library
from Crypto.Signature import pkcs1_15  # ok: deprecated-crypto-library
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from eth_account import Account
import pyDes  # expect: deprecated-crypto-library

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def weak_keys():
    Account.from_key(random.getrandbits(256).to_bytes(32, "big"))  # expect: insecure-random-key-material
    Account.from_key(secrets.token_bytes(32))  # ok: insecure-random-key-material
    api_token = "".join(choice(ALPHABET) for _ in range(32))  # expect: insecure-random-key-material
    session_id = "".join(secrets.choice(ALPHABET) for _ in range(32))  # ok: insecure-random-key-material
    nonce = random.randbytes(12)  # expect: insecure-random-key-material
    jitter = random.random()  # ok: insecure-random-key-material
    seed = np.random.bytes(32)  # expect: insecure-random-key-material
    salt = str(time.time()).encode()  # expect: insecure-random-key-material
    key = getrandbits(128).to_bytes(16, "big")  # expect: insecure-random-key-material
    Fernet(key)  # expect: insecure-random-key-material
    rng = random.SystemRandom()
    secret = rng.getrandbits(256)  # ok: insecure-random-key-material
    return api_token, session_id, nonce, jitter, seed, salt, secret


def generate_private_key():
    return random.randint(1, 2**256)  # expect: insecure-random-key-material


def make_signer_key():
    material = random.getrandbits(256)
    return material.to_bytes(32, "big")  # expect: insecure-random-key-material


def sign_payload(key, data):
    digest = hashlib.md5(data).digest()  # ok: weak-hash-in-signature
    return key.sign(digest, ec.ECDSA(hashes.SHA256()))  # expect: weak-hash-in-signature


def rsa_sign(key, data):
    return key.sign(data, padding.PKCS1v15(), hashes.SHA1())  # expect: weak-hash-in-signature


def legacy_sign(key, data):
    h = SHA1.new(data)  # ok: weak-hash-in-signature
    return pkcs1_15.new(key).sign(h)  # expect: weak-hash-in-signature


def verify_payload(public_key, signature, data):
    public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))  # ok: weak-hash-in-signature


def cache_key(data):
    return hashlib.md5(data).hexdigest()  # ok: weak-hash-in-signature


def ciphers(key, block):
    AES.new(key, AES.MODE_ECB).encrypt(block)  # expect: ecb-mode
    AES.new(key, AES.MODE_GCM).encrypt(block)  # ok: ecb-mode
    Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # expect: ecb-mode
    Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()  # ok: ecb-mode
