"""Outside data that drives signing or value transfers, with and without verification."""
import json

import ccxt
import httpx
import requests
from anthropic import Anthropic
from eth_account import Account
from eth_account.messages import encode_defunct
from oracle import verify_signature
from web3 import Web3

w3 = Web3()
exchange = ccxt.binance()


def pay_from_quote(account):
    quote = requests.get("https://api.example.com/quote").json()
    tx = {"to": quote["to"], "value": quote["amount"], "nonce": 1}
    signed = account.sign_transaction(tx)  # expect: unverified-external-data-signed
    return w3.eth.send_raw_transaction(signed.raw_transaction)  # ok: unverified-external-data-signed


def pay_verified(account, oracle_key):
    quote = requests.get("https://api.example.com/quote").json()
    verify_signature(quote, oracle_key)
    tx = {"to": quote["to"], "value": quote["amount"]}
    return account.sign_transaction(tx)  # ok: unverified-external-data-signed


def verify_signature(payload, key) -> None:
    if payload.get("sig") != key:
        raise ValueError("bad signature")


def pay_checked_inline(account):
    price = requests.get("https://api.example.com/price").json()
    if not verify_price_attestation(price):
        raise ValueError("unattested price")
    return account.sign_transaction({"value": price["wei"]})  # ok: unverified-external-data-signed


def verify_price_attestation(price) -> bool:
    return bool(price)


async def async_transfer(token, to_address):
    async with httpx.AsyncClient() as client:
        response = await client.get("https://api.example.com/payout")
    amount = response.json()["amount"]
    return token.functions.transfer(to_address, amount)  # expect: unverified-external-data-signed


def llm_trader(prompt: str):
    reply = Anthropic().messages.create(model="claude", max_tokens=50, messages=[{"role": "user", "content": prompt}])
    decision = reply.content[0].text
    exchange.create_order("ETH/USDT", "market", decision, 1)  # expect: unverified-external-data-signed


def static_transfer(token, to_address):
    return token.functions.transfer(to_address, 10**18)  # ok: unverified-external-data-signed


def sign_fetched_message(account):
    message = requests.get("https://api.example.com/challenge").text
    return Account.sign_message(message, account.key)  # expect: unverified-external-data-signed


def fetch_amount() -> int:
    return requests.get("https://api.example.com/amount").json()["amount"]


def pay_via_helper(token, to_address):
    return token.functions.transfer(to_address, fetch_amount())  # expect: unverified-external-data-signed


def pay_from_signed_payload(account, oracle):
    quote = requests.get("https://api.example.com/quote").json()
    payload = quote["payload"]
    if not verify_signature(encode_defunct(text=payload), quote["signature"], oracle):
        return None
    order = json.loads(payload)
    return account.sign_transaction({"to": order["to"], "value": order["amount"]})  # ok: unverified-external-data-signed


def pay_beside_signed_payload(account, oracle):
    quote = requests.get("https://api.example.com/quote").json()
    if not verify_signature(encode_defunct(text=quote["payload"]), quote["signature"], oracle):
        return None
    return account.sign_transaction({"to": quote["router"], "value": quote["amount"]})  # expect: unverified-external-data-signed
