"""Checks the agent and its clients run before trusting outside data."""

from eth_account import Account

MINIMUM_TCB_STATUS = ("UpToDate",)


def verify_oracle_signature(message, signature: str, oracle_address: str) -> bool:
    """Accept a price quote only when the oracle's key signed it."""
    return Account.recover_message(message, signature=signature) == oracle_address


def check_tcb_status(status: str) -> None:
    """Reject a quote from a platform whose TCB is out of date."""
    if status not in MINIMUM_TCB_STATUS:
        raise ValueError(f"TCB status {status} is not accepted")
