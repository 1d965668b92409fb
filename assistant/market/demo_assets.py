"""The demo exchange's listing: which coins it simulates and the character of each.

Levels, volatilities and volumes are round figures close to Binance spot around the start of 2026
(daily quote volume in USDT, annualised volatility of daily log returns); the variance shares set
how much of each coin's movement comes from the whole market and from its sector, which is what
makes the simulated correlations look like crypto's (0.4 to 0.85, higher within a sector). This is
a table of parameters only; it must never hold prices that pretend to be current quotes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: The quote currency of every demo pair.
DEMO_QUOTE = "USDT"
#: The one stablecoin pair, pegged near 1.0.
PEGGED_BASE = "USDC"
PEGGED_QUOTE_VOLUME = 8.0e8
#: The one fiat pair, EUR/USDT (simulated in :mod:`.demo_fx`): a rate to convert euro amounts,
#: never a coin to hold. Its level is USDT per euro.
FX_BASE = "EUR"
FX_CENTRE = 1.12
FX_QUOTE_VOLUME = 1.5e8  # USDT a day: a mid-sized Binance pair


@dataclass(frozen=True, slots=True)
class DemoAsset:
    """One simulated coin quoted in USDT."""

    base: str
    sector: str
    price: float  # centre the log price is pulled back to, in USDT
    annual_vol: float  # of daily log returns, over all regimes
    market_share: float  # fraction of return variance from the market factor
    sector_share: float  # fraction from the sector factor; the rest is the coin's own
    quote_volume: float  # typical daily traded value, USDT
    min_notional: Decimal = Decimal(5)


_TEN = Decimal(10)

DEMO_ASSETS: tuple[DemoAsset, ...] = (
    DemoAsset("BTC", "payments", 93_000.0, 0.55, 0.82, 0.05, 2.0e9),
    DemoAsset("ETH", "platforms", 3_200.0, 0.72, 0.74, 0.10, 1.7e9),
    DemoAsset("SOL", "platforms", 135.0, 0.95, 0.58, 0.16, 7.0e8),
    DemoAsset("BNB", "platforms", 900.0, 0.65, 0.60, 0.12, 2.5e8),
    DemoAsset("XRP", "payments", 2.1, 0.85, 0.45, 0.30, 5.0e8),
    DemoAsset("ADA", "platforms", 0.40, 0.90, 0.58, 0.18, 1.3e8),
    DemoAsset("DOGE", "meme", 0.15, 1.05, 0.44, 0.30, 2.9e8),
    DemoAsset("AVAX", "platforms", 14.0, 1.00, 0.56, 0.18, 7.0e7),
    DemoAsset("DOT", "platforms", 2.2, 0.92, 0.58, 0.18, 3.0e7),
    DemoAsset("LINK", "infrastructure", 13.5, 0.95, 0.55, 0.15, 8.0e7),
    DemoAsset("LTC", "payments", 82.0, 0.80, 0.60, 0.15, 7.0e7),
    DemoAsset("TRX", "payments", 0.29, 0.60, 0.35, 0.10, 1.2e8),
    DemoAsset("ATOM", "platforms", 2.4, 0.92, 0.52, 0.16, 1.0e7, _TEN),
    DemoAsset("UNI", "defi", 6.0, 1.00, 0.52, 0.20, 5.0e7),
    DemoAsset("XLM", "payments", 0.24, 0.85, 0.45, 0.30, 3.4e7),
    DemoAsset("BCH", "payments", 640.0, 0.82, 0.55, 0.15, 3.0e7),
    DemoAsset("ETC", "platforms", 13.0, 0.85, 0.52, 0.16, 1.5e7, _TEN),
    DemoAsset("NEAR", "platforms", 1.7, 1.05, 0.52, 0.18, 4.0e7, _TEN),
    DemoAsset("AAVE", "defi", 165.0, 1.00, 0.50, 0.20, 5.0e7),
    DemoAsset("SHIB", "meme", 0.0000090, 1.00, 0.42, 0.30, 3.0e7),
    DemoAsset("FIL", "infrastructure", 1.5, 1.05, 0.50, 0.15, 2.5e7, _TEN),
)

SECTORS: tuple[str, ...] = tuple(sorted({asset.sector for asset in DEMO_ASSETS}))
