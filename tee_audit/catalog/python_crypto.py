"""C16 rules of the Python analyzer: weak randomness and weak primitives."""

from tee_audit.model import Confidence, Severity
from tee_audit.registry import declare

_COMMON = dict(check="C16", language="python")

INSECURE_RANDOM_KEY = declare(
    id="insecure-random-key-material",
    severity=Severity.HIGH,
    summary="A value from random, numpy.random or the clock becomes key material.",
    rationale="These generators are predictable, so the key can be recomputed by anyone who guesses the seed.",
    remediation="Use secrets or os.urandom, or derive the key inside the enclave.",
    bad='import random\nfrom eth_account import Account\nacct = Account.from_key(random.getrandbits(256).to_bytes(32, "big"))\n',
    good='import secrets\nfrom eth_account import Account\nacct = Account.from_key(secrets.token_bytes(32))\n',
    **_COMMON,
)

DEPRECATED_CRYPTO_LIBRARY = declare(
    id="deprecated-crypto-library",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    summary="An unmaintained crypto package is imported (pycrypto, pyDes, simple-crypt).",
    rationale="pycrypto has known, unfixed vulnerabilities and no releases since 2013.",
    remediation="Use cryptography or pycryptodome (declare pycryptodome if you keep the Crypto namespace).",
    bad="from Crypto.Cipher import AES\n",
    good="from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n",
    known_problems="pycryptodome also installs the Crypto package; the rule stays quiet when a dependency "
    "file of the project names pycryptodome.",
    **_COMMON,
)

WEAK_HASH_IN_SIGNATURE = declare(
    id="weak-hash-in-signature",
    severity=Severity.HIGH,
    summary="MD5 or SHA-1 is used to sign or verify.",
    rationale="Collisions in MD5 and SHA-1 let an attacker get a signature that is valid for a second message.",
    remediation="Use SHA-256 or stronger.",
    bad='from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.asymmetric import ec\n'
    'def sign(key, data):\n    return key.sign(data, ec.ECDSA(hashes.SHA1()))\n',
    good='from cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.asymmetric import ec\n'
    'def sign(key, data):\n    return key.sign(data, ec.ECDSA(hashes.SHA256()))\n',
    **_COMMON,
)

ECB_MODE = declare(
    id="ecb-mode",
    severity=Severity.HIGH,
    summary="A block cipher is used in ECB mode.",
    rationale="ECB encrypts equal blocks to equal ciphertext, which leaks the structure of the plaintext.",
    remediation="Use an authenticated mode such as AES-GCM.",
    bad='from Crypto.Cipher import AES\ndef seal(key, data):\n    return AES.new(key, AES.MODE_ECB).encrypt(data)\n',
    good='from Crypto.Cipher import AES\ndef seal(key, data):\n    return AES.new(key, AES.MODE_GCM).encrypt(data)\n',
    **_COMMON,
)
