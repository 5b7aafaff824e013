"""TLS verification off and plain HTTP."""
import os
import ssl
import urllib.request

import aiohttp
import httpx
import requests
from web3 import Web3

URL = "https://api.example.com"
NO_VERIFY = False
CA_BUNDLE = "/etc/ssl/ca.pem"


def clients():
    sess = requests.Session(); sess.verify = False  # expect: tls-verification-disabled
    requests.post(URL, verify=NO_VERIFY)  # expect: tls-verification-disabled
    requests.get(URL, verify="/etc/ssl/ca.pem")  # ok: tls-verification-disabled
    requests.get(URL, verify=CA_BUNDLE)  # ok: tls-verification-disabled
    requests.get(URL, verify=False)  # expect: tls-verification-disabled
    httpx.Client(verify=False)  # expect: tls-verification-disabled
    httpx.get(URL, verify=True)  # ok: tls-verification-disabled
    client = httpx.AsyncClient(verify=False)  # expect: tls-verification-disabled
    return client


async def aio():
    connector = aiohttp.TCPConnector(ssl=False)  # expect: tls-verification-disabled
    legacy = aiohttp.TCPConnector(verify_ssl=False)  # expect: tls-verification-disabled
    async with aiohttp.ClientSession(connector=connector) as session:
        await session.get(URL, ssl=False)  # expect: tls-verification-disabled
        await session.get(URL)  # ok: tls-verification-disabled
    return legacy


def contexts():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE  # expect: tls-verification-disabled
    unverified = ssl._create_unverified_context()  # expect: tls-verification-disabled
    ssl._create_default_https_context = ssl._create_unverified_context  # expect: tls-verification-disabled
    good = ssl.create_default_context(cafile=CA_BUNDLE)  # ok: tls-verification-disabled
    names = {ssl.CERT_NONE: "none", ssl.CERT_REQUIRED: "required"}  # ok: tls-verification-disabled
    if good.verify_mode == ssl.CERT_NONE:  # ok: tls-verification-disabled
        raise RuntimeError(names[good.verify_mode])
    ssl.wrap_socket(None, cert_reqs=ssl.CERT_NONE)  # expect: tls-verification-disabled
    return urllib.request.urlopen(URL, context=unverified), good


def environment():
    os.environ["PYTHONHTTPSVERIFY"] = "0"  # expect: tls-verification-disabled
    os.environ["CURL_CA_BUNDLE"] = ""  # expect: tls-verification-disabled
    os.environ["REQUESTS_CA_BUNDLE"] = CA_BUNDLE  # ok: tls-verification-disabled


def plain_http():
    requests.get("http://api.example.com/price")  # expect: plain-http-to-remote-host
    requests.get("http://localhost:8080/health")  # ok: plain-http-to-remote-host
    requests.get("http://127.0.0.1:8545")  # ok: plain-http-to-remote-host
    requests.get("http://signer:9000/sign")  # ok: plain-http-to-remote-host
    rpc_url = "http://mainnet.infura.io/v3/project"  # ok: plain-http-to-remote-host
    docs_link = "http://www.w3.org/2000/svg"  # ok: plain-http-to-remote-host
    return Web3(Web3.HTTPProvider(rpc_url)), docs_link  # expect: plain-http-to-remote-host


PRICE_BASE = "http://prices.example.com"


def price(symbol: str):
    return requests.get(f"{PRICE_BASE}/v1/{symbol}")  # expect: plain-http-to-remote-host


def price_concatenated(symbol: str):
    return requests.get(PRICE_BASE + "/v1/" + symbol)  # expect: plain-http-to-remote-host


def price_internal(symbol: str):
    return requests.get(f"http://oracle:8080/v1/{symbol}")  # ok: plain-http-to-remote-host


def price_tls(symbol: str):
    return requests.get(f"https://prices.example.com/v1/{symbol}")  # ok: plain-http-to-remote-host
