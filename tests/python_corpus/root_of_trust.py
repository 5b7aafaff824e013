"""Keys injected from outside the enclave: environment, command line, host files."""
import argparse
import os
from pathlib import Path

import click
from eth_account import Account

OPERATOR_KEY = os.environ.get("OPERATOR_PRIVATE_KEY")  # expect: key-from-environment
RPC = os.environ.get("RPC_URL", "https://rpc.example.com")  # ok: key-from-environment
MNEMONIC = os.getenv("WALLET_MNEMONIC")  # expect: key-from-environment
PORT = os.getenv("PORT", "8000")  # ok: key-from-environment


def account():
    return Account.from_key(os.environ["PRIVATE_KEY"])  # expect: key-from-environment


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--private-key", required=True)  # expect: key-from-cli-argument
    parser.add_argument("--rpc-url")  # ok: key-from-cli-argument
    parser.add_argument("--mnemonic")  # expect: key-from-cli-argument
    parser.add_argument("--key-file")  # ok: key-from-cli-argument
    return parser


@click.command()
@click.option("--signing-key")  # expect: key-from-cli-argument
@click.option("--api-token")  # ok: key-from-cli-argument
@click.option("--verbose", is_flag=True)  # ok: key-from-cli-argument
def cli(signing_key, api_token, verbose):
    return signing_key, api_token, verbose


def host_files():
    with open("/host/keys/signer.pem") as handle:  # expect: key-from-host-file
        pem = handle.read()
    seed = Path("/data/wallet.seed").read_text()  # expect: key-from-host-file
    with open("/data/config.json") as handle:  # ok: key-from-host-file
        config = handle.read()
    with open("/data/out.key", "w") as handle:  # ok: key-from-host-file
        handle.write("placeholder")
    return pem, seed, config
