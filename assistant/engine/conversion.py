"""conversion_rate: what an amount in another currency is worth in the strategy's quote, now.

The rate is the market's, read from its tickers (:func:`assistant.market.conversion_rate`), so an
amount given in euros is converted at a number a person can check, never at one CoinPilot knows
by heart. None when the market lists no pair that gives it.
"""

from __future__ import annotations

from assistant.market import ConversionRate
from assistant.market import conversion_rate as market_rate

from .services import Services


def conversion_rate(
    services: Services, currency: str, quote: str = "USDT"
) -> ConversionRate | None:
    return market_rate(services.market, currency, quote)
