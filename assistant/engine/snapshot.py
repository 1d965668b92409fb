"""market_snapshot: prices, recent returns and volatility for a few assets, computed by code.

The agent quotes these numbers; it never estimates a price itself.
"""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal

import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.domain import UnknownSymbolError
from assistant.market import resolve_symbol

from .services import Services


class AssetSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    symbol: str
    price: Decimal
    change_1d: float | None
    change_30d: float | None
    volatility_30d: float | None  # annualized (365 days), from daily closes


class MarketSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    market: str
    simulated: bool
    as_of: datetime
    assets: list[AssetSnapshot]
    unknown: list[str]


def market_snapshot(services: Services, bases: list[str], quote: str = "USDT") -> MarketSnapshot:
    market = services.market
    assets, unknown = [], []
    for base in bases:
        try:
            info = resolve_symbol(market, base.upper(), quote)
        except UnknownSymbolError as exc:
            unknown.append(exc.message)
            continue
        closes = market.ohlcv(info.symbol, "1d", limit=31)["close"].astype(float).to_numpy()
        rets = closes[1:] / closes[:-1] - 1.0
        vol = math.sqrt(365) * float(np.std(rets, ddof=1)) if len(rets) > 2 else None
        assets.append(
            AssetSnapshot(
                symbol=info.symbol,
                price=market.ticker(info.symbol).last,
                change_1d=float(closes[-1] / closes[-2] - 1) if len(closes) > 1 else None,
                change_30d=float(closes[-1] / closes[0] - 1) if len(closes) > 30 else None,
                volatility_30d=vol,
            )
        )
    return MarketSnapshot(
        market=market.name,
        simulated=market.simulated,
        as_of=market.now(),
        assets=assets,
        unknown=unknown,
    )
