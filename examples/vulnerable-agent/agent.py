"""A trading agent that signs swaps with a wallet key it holds in a TEE.

This is the VULNERABLE example for tee-audit's demo: each handler throws
away part of what the enclave guarantees. Do not deploy it. The key below is
a throwaway value generated for this demo and controls no funds.
"""

import logging
import os
import pickle
import random
import time

import requests
from eth_account import Account
from flask import Flask, jsonify, request
from web3 import Web3

app = Flask(__name__)
log = logging.getLogger("agent")

# A fallback key baked into the image: anyone with the image has the wallet.
FALLBACK_KEY = "0x7d7d78d948eafebd5903e38c67914342cc4df564a3b78511868e695d948ab0cc"
PRICE_FEED = "http://prices.example.com/v1/eth-usdc"
w3 = Web3(Web3.HTTPProvider("https://rpc.example.org"))


def load_wallet():
    """Take the wallet key from the operator's environment."""
    key = os.environ.get("WALLET_PRIVATE_KEY", FALLBACK_KEY)
    account = Account.from_key(key)
    log.info("loaded wallet with key %s", key)
    return account


account = load_wallet()


@app.post("/strategy")
def upload_strategy():
    """Accept a trading strategy object from a client."""
    strategy = pickle.loads(request.data)
    return jsonify(accepted=str(strategy))


@app.post("/evaluate")
def evaluate():
    """Evaluate a pricing formula sent by the client."""
    formula = request.json["formula"]
    return jsonify(result=eval(formula))


@app.post("/swap")
def swap():
    """Fetch a quote and sign the swap it describes, trusting the feed."""
    quote = requests.get(PRICE_FEED, verify=False, timeout=10).json()
    transaction = {
        "to": quote["router"],
        "value": int(quote["amount"]),
        "gas": 200000,
        "gasPrice": w3.eth.gas_price,
        "nonce": w3.eth.get_transaction_count(account.address),
        "chainId": 1,
    }
    signed = account.sign_transaction(transaction)
    w3.eth.send_raw_transaction(signed.raw_transaction)
    return jsonify(hash=signed.hash.hex())


@app.get("/debug/key")
def debug_key():
    """Return the wallet key so support staff can check it."""
    return jsonify(key=account.key.hex())


def new_session_secret() -> bytes:
    """Make a session secret for API clients."""
    random.seed(time.time())
    return random.getrandbits(256).to_bytes(32, "big")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080, debug=True)
