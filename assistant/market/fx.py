"""A currency's rate in the quote, fetched from the market's own pairs: never assumed.

"I have €5,000" is invested in USDT only at a rate this market quotes now: the ``EUR/USDT`` pair
(its last price is USDT per euro), the inverse ``USDT/EUR`` (one over its last price), or a
stablecoin listed against both (``USDC/EUR`` and ``USDC/USDT``: the two prices' ratio). The answer
names the pair(s), the market and the ticker's time so a person sees where the number came from.
No pair, no rate: the caller asks instead. This module must never hold a rate of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from assistant.domain import CoinPilotError

from .protocol import MarketData
from .rules import STABLECOINS

#: Digits kept of a rate: more than any exchange quotes for a fiat pair, so nothing is lost.
_RATE = Decimal("1e-8")


@dataclass(frozen=True)
class ConversionRate:
    """What one unit of ``currency`` is worth in ``quote`` on ``market``, and from which pairs."""

    currency: str
    quote: str
    rate: Decimal  # quote per currency: 1.0842 USDT per EUR
    pairs: tuple[str, ...]  # what was read: ("EUR/USDT",) or ("USDC/EUR", "USDC/USDT")
    market: str
    simulated: bool
    timestamp: datetime


def conversion_rate(market: MarketData, currency: str, quote: str) -> ConversionRate | None:
    """The rate from the market's tickers, or None when it lists no pair that gives one.

    A ticker that cannot be fetched (a network error, a delisted pair) also gives None: the
    person is asked for the amount in the quote rather than shown a stale or guessed rate.
    """
    currency, quote = currency.upper(), quote.upper()
    listed = {s for s, m in market.markets().items() if m.active}
    try:
        if f"{currency}/{quote}" in listed:
            ticker = market.ticker(f"{currency}/{quote}")
            return _rate(market, currency, quote, ticker.last, ticker.timestamp, (ticker.symbol,))
        if f"{quote}/{currency}" in listed:
            ticker = market.ticker(f"{quote}/{currency}")
            return _rate(
                market, currency, quote, 1 / ticker.last, ticker.timestamp, (ticker.symbol,)
            )
        for stable in sorted(STABLECOINS - {quote}):
            if {f"{stable}/{currency}", f"{stable}/{quote}"} <= listed:
                local = market.ticker(f"{stable}/{currency}")
                there = market.ticker(f"{stable}/{quote}")
                return _rate(
                    market,
                    currency,
                    quote,
                    there.last / local.last,
                    min(local.timestamp, there.timestamp),
                    (local.symbol, there.symbol),
                )
    except CoinPilotError:
        return None
    return None


def _rate(
    market: MarketData,
    currency: str,
    quote: str,
    value: Decimal,
    at: datetime,
    pairs: tuple[str, ...],
) -> ConversionRate:
    return ConversionRate(
        currency=currency,
        quote=quote,
        rate=value.quantize(_RATE).normalize(),
        pairs=pairs,
        market=market.name,
        simulated=market.simulated,
        timestamp=at,
    )
