"""Secret sources: key generation, KMS and TEE key derivation, env, files and config."""
import json
import logging
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from dstack_sdk import DstackClient, TappdClient
from eth_account import Account
from mnemonic import Mnemonic
from nacl.signing import SigningKey
from web3 import Web3
import boto3
import coincurve
import ecdsa

log = logging.getLogger(__name__)


def eth_keys():
    acct = Account.create()
    log.info("account %s", acct.address)  # ok: secret-logged
    log.info("key %s", acct.key.hex())  # expect: secret-logged
    restored = Account.from_key(os.urandom(32))
    print(restored.key)  # expect: secret-logged
    w3 = Web3()
    fresh = w3.eth.account.create()
    print(fresh.address)  # ok: secret-logged
    print(fresh.key)  # expect: secret-logged


def cryptography_keys():
    private = ec.generate_private_key(ec.SECP256K1())
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    log.debug(pem)  # expect: secret-logged
    public = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
    log.debug(public)  # ok: secret-logged
    signer = ed25519.Ed25519PrivateKey.generate()
    print(signer.private_bytes_raw())  # expect: secret-logged


def other_libraries():
    sk = ecdsa.SigningKey.generate()
    print(sk.to_string())  # expect: secret-logged
    print(sk.get_verifying_key().to_string())  # ok: secret-logged
    cc = coincurve.PrivateKey()
    print(cc.secret)  # expect: secret-logged
    print(cc.public_key.format())  # ok: secret-logged
    nk = SigningKey.generate()
    print(bytes(nk))  # expect: secret-logged
    print(nk.verify_key.encode())  # ok: secret-logged
    words = Mnemonic("english").generate(strength=256)
    print(words)  # expect: secret-logged


def tee_keys():
    client = DstackClient()
    derived = client.get_key("wallet")
    log.info("derived %s", derived)  # expect: secret-logged
    tappd = TappdClient()
    legacy = tappd.derive_key("/app")
    print(legacy.key)  # expect: secret-logged


def nitro_kms(ciphertext: bytes):
    kms = boto3.client("kms")
    plaintext = kms.decrypt(CiphertextBlob=ciphertext)["Plaintext"]
    print(plaintext)  # expect: secret-logged


def env_and_config():
    key = os.environ["SIGNER_PRIVATE_KEY"]  # expect: key-from-environment
    print(key)  # expect: secret-logged
    region = os.environ["AWS_REGION"]
    print(region)  # ok: secret-logged
    with open("config.json") as handle:
        config = json.load(handle)
    print(config["api_key"])  # expect: secret-logged
    print(config["rpc_url"])  # ok: secret-logged


def injected_client(dstack, cache):
    derived = dstack.get_key("signer")
    print(derived)  # expect: secret-logged
    entry = cache.get_key("session")
    print(entry)  # ok: secret-logged
