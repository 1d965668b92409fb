"""Wallets across chains, read-only: EVM and Solana JSON-RPC, a balance cache, an offline twin.

Reads balances of public addresses; there is no key, no signing and no method that changes
anything on a chain (:data:`~.jsonrpc.READ_METHODS`). Plain JSON-RPC over the shared HTTP helper
was chosen over web3.py and solana-py: see ARCHITECTURE.md for the measurements.
"""

from .balances import ChainBalance, WalletRead, from_units
from .chains import CHAIN_INFO, ChainInfo, Token, tokens_for
from .jsonrpc import READ_METHODS, JsonRpc, RpcRefusedError
from .reader import read_wallet
from .simulated import LABEL as SIMULATED_LABEL
from .simulated import simulated_balances

__all__ = [
    "CHAIN_INFO",
    "READ_METHODS",
    "SIMULATED_LABEL",
    "ChainBalance",
    "ChainInfo",
    "JsonRpc",
    "RpcRefusedError",
    "Token",
    "WalletRead",
    "from_units",
    "read_wallet",
    "simulated_balances",
    "tokens_for",
]
