"""A snapshot of an account's balances: free and total per asset, at one moment.

The lookup ladder's last step compares one taken before an order was sent with one taken after;
the engine may journal the first beside the order intent so the comparison survives a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .ccxt_orders import dec


@dataclass(frozen=True)
class Holdings:
    """Free and total amounts per asset, as ``fetch_balance`` reported them at one moment."""

    free: Mapping[str, Decimal]
    total: Mapping[str, Decimal]

    @classmethod
    def from_ccxt(cls, raw: Mapping[str, Any]) -> Holdings:
        def part(key: str) -> dict[str, Decimal]:
            values = raw.get(key) or {}
            return {a: dec(v, f"a {key} balance") for a, v in values.items() if v is not None}

        return cls(free=part("free"), total=part("total"))

    def as_data(self) -> dict[str, dict[str, str]]:
        """JSON data (exact amounts as strings), as the journal keeps it beside an intent."""
        return {
            "free": {a: str(v) for a, v in self.free.items()},
            "total": {a: str(v) for a, v in self.total.items()},
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Holdings:
        """Back from :meth:`as_data`."""
        return cls.from_ccxt(data)
