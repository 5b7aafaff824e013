"""A trading agent that signs swaps with a wallet key derived inside a TEE.

The HARDENED example for tee-audit's demo: the key is derived by the
platform's key service inside the enclave and never leaves it, the public
address is bound to the attestation quote, and price quotes are accepted
only with a valid signature from the oracle.
"""

import hashlib
import json
import logging

import requests
from dstack_sdk import TappdClient
from eth_account import Account
from eth_account.messages import encode_defunct
from flask import Flask, jsonify, request
from web3 import Web3

from verify_quote import verify_oracle_signature

app = Flask(__name__)
log = logging.getLogger("agent")

PRICE_FEED = "https://prices.example.com/v1/eth-usdc"
ORACLE_ADDRESS = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4"
w3 = Web3(Web3.HTTPProvider("https://rpc.example.org"))
tappd = TappdClient("/var/run/tappd.sock")


def derive_wallet():
    """Derive the wallet key from the dstack KMS-backed key service."""
    derived = tappd.derive_key("/agent/wallet", "wallet")
    account = Account.from_key(derived.toBytes(32))
    log.info("wallet address %s", account.address)
    return account


account = derive_wallet()


@app.get("/attestation")
def attestation():
    """Return a quote whose report data binds the wallet address and the caller's nonce."""
    nonce = request.args["nonce"]
    report_data = hashlib.sha256(f"{account.address}:{nonce}".encode()).hexdigest()
    quote = tappd.tdx_quote(report_data)
    return jsonify(address=account.address, quote=quote.quote)


@app.post("/swap")
def swap():
    """Sign a swap only for an order the oracle signed; every field comes from the signed payload."""
    response = requests.get(PRICE_FEED, timeout=10)
    response.raise_for_status()
    quote = response.json()
    payload = quote["payload"]
    if not verify_oracle_signature(encode_defunct(text=payload), quote["signature"], ORACLE_ADDRESS):
        return jsonify(error="quote signature invalid"), 400

    order = json.loads(payload)
    transaction = {
        "to": order["router"],
        "value": int(order["amount"]),
        "gas": 200000,
        "gasPrice": w3.eth.gas_price,
        "nonce": w3.eth.get_transaction_count(account.address),
        "chainId": 1,
    }
    signed = account.sign_transaction(transaction)
    w3.eth.send_raw_transaction(signed.raw_transaction)
    return jsonify(hash=signed.hash.hex())


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8080)
