"""What a wallet read returns: each asset's amount on one chain, exact, with where it came from.

Amounts are :class:`~decimal.Decimal` built from the chain's integer units and decimals (wei,
lamports, token base units), so nothing is lost to floats. ``token`` is the contract or mint, or
``None`` for the chain's native coin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class ChainBalance:
    asset: str
    amount: Decimal
    token: str | None = None
    prices_as: str | None = None


@dataclass(frozen=True)
class WalletRead:
    """One wallet's balances, as read (or as last cached, with ``stale`` saying how old)."""

    chain: str
    address: str
    balances: list[ChainBalance]
    source: str  # "rpc" or "simulated"
    label: str
    fetched_at: datetime | None
    simulated: bool = False
    stale: str | None = None
    notes: list[str] = field(default_factory=list)


def from_units(units: int, decimals: int) -> Decimal:
    """``units`` base units of a token with ``decimals`` decimals, exactly, without trailing
    zeros (1 ETH reads "1", not "1.000000000000000000") and never in exponent notation."""
    amount = Decimal(units).scaleb(-decimals)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()
