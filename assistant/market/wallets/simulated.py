"""The offline twin of a wallet read: SIMULATED balances, the same for the same address.

The demo has no network, yet "what's in my wallets?" should show the whole path (read, price,
merge). These amounts are made up from a hash of the chain and address: the native coin and two
of the chain's listed tokens. Every surface labels them SIMULATED; they say nothing about the
real address. ``wallet_source = "rpc"`` (or a live market) reads the chain.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from .balances import ChainBalance
from .chains import CHAIN_INFO

LABEL = "SIMULATED balances (made up from the address; not read from the chain)"


def simulated_balances(chain: str, address: str) -> list[ChainBalance]:
    info = CHAIN_INFO[chain]
    seed = hashlib.sha256(f"{chain}:{address}".encode()).digest()
    native = Decimal(int.from_bytes(seed[:4], "big") % 5_000_000).scaleb(-6)  # 0..5 coins
    balances = [ChainBalance(info.native, native)]
    for i, token in enumerate(info.tokens[:2]):
        units = int.from_bytes(seed[4 + 4 * i : 8 + 4 * i], "big") % 500_000
        balances.append(
            ChainBalance(token.symbol, Decimal(units).scaleb(-2), token.address, token.prices_as)
        )
    return balances
