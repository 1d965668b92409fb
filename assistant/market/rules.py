"""Exchange trading rules (tick size, lot size, minimum notional, fees) derived from a price level.

Simulated and file-based markets have no exchange to ask for its rules, so they derive them the
way Binance's PRICE_FILTER / LOT_SIZE / NOTIONAL filters look in practice: about five significant
digits of price, one amount step worth between 0.1 and 1 quote unit, a 5 USDT minimum order. The
demo and the CSV market both call these helpers, so the planner sees the same rules from either.
This module must never guess rules for a live exchange: ccxt markets carry their own.
"""

from __future__ import annotations

import math
from decimal import Decimal

from assistant.domain import MarketInfo

#: Binance's spot fee without discounts, for both sides of the book.
DEFAULT_TAKER_FEE = Decimal("0.001")
DEFAULT_MAKER_FEE = Decimal("0.001")
#: The smallest order value most Binance spot pairs accept, in the quote currency.
DEFAULT_MIN_NOTIONAL = Decimal(5)
#: Assets pegged to a fiat currency: ranking a universe by volume skips them by default.
STABLECOINS = frozenset({"USDT", "USDC", "BUSD", "DAI", "TUSD", "FDUSD", "USDP", "USDD", "PYUSD"})
#: Fiat currencies that exchanges list as pairs (Binance's EUR/USDT, TRY/USDT's mirror USDT/TRY):
#: a rate to convert an amount with, never a coin to hold, so no universe includes them.
FIAT = frozenset(
    {
        "EUR",
        "GBP",
        "CHF",
        "JPY",
        "AUD",
        "CAD",
        "NZD",
        "TRY",
        "BRL",
        "ARS",
        "MXN",
        "ZAR",
        "PLN",
        "UAH",
        "RUB",
        "NGN",
        "IDR",
        "INR",
        "KRW",
        "CNY",
        "HKD",
        "SGD",
        "SEK",
        "NOK",
        "DKK",
        "CZK",
        "RON",
        "COP",
        "USD",
    }
)

#: The prices CoinPilot accepts from files and simulations. Below the finest tick it derives
#: (1e-8) a price cannot be quoted at all, and nothing trades above a trillion: a price outside
#: is a damaged file, not a market (a last close of 1e-300 would buy billions of BTC).
MIN_PRICE = 1e-8
MAX_PRICE = 1e12
#: Far above any real day's volume, and low enough that price x volume stays finite.
MAX_VOLUME = 1e24

_FINEST_STEP = -8  # exchanges quote at most 8 decimals
_COARSEST_PRICE_STEP = -2  # a cent is the coarsest tick on USDT pairs
_COARSEST_AMOUNT_STEP = 0  # whole units for the cheapest coins (SHIB, PEPE)


def _power_of_ten(exponent: int) -> Decimal:
    return Decimal(1).scaleb(exponent)


def _check_price(price: float) -> None:
    if not math.isfinite(price) or price <= 0:
        raise ValueError(f"a price level must be a positive finite number, got {price!r}")


def price_step_for(price: float) -> Decimal:
    """Tick size giving about five significant digits, between 1e-8 and 0.01.

    BTC at 95,000 and ETH at 3,000 tick in cents, XRP at 2.2 in 0.0001, SHIB at 0.00001 in 1e-8.
    """
    _check_price(price)
    exponent = math.floor(math.log10(price)) - 4
    return _power_of_ten(min(max(exponent, _FINEST_STEP), _COARSEST_PRICE_STEP))


def amount_step_for(price: float) -> Decimal:
    """Lot size whose value is between 0.1 and 1 quote unit, never coarser than a whole coin.

    BTC at 95,000 trades in 0.00001 (about 0.95 USDT a step), SOL at 150 in 0.001, DOGE in 1.
    """
    _check_price(price)
    exponent = math.ceil(math.log10(0.1 / price) - 1e-12)
    return _power_of_ten(min(max(exponent, _FINEST_STEP), _COARSEST_AMOUNT_STEP))


def round_to_step(value: float, step: Decimal) -> Decimal:
    """The multiple of ``step`` nearest to ``value``, exactly (for prices, not order amounts)."""
    steps = round(Decimal(repr(float(value))) / step)
    return steps * step


def market_info(
    base: str,
    quote: str,
    price: float,
    *,
    min_notional: Decimal = DEFAULT_MIN_NOTIONAL,
    taker_fee: Decimal = DEFAULT_TAKER_FEE,
    maker_fee: Decimal = DEFAULT_MAKER_FEE,
    active: bool = True,
) -> MarketInfo:
    """The rules of ``BASE/QUOTE`` at the given price level (the minimum amount is one step)."""
    amount_step = amount_step_for(price)
    return MarketInfo(
        symbol=f"{base}/{quote}",
        base=base,
        quote=quote,
        amount_step=amount_step,
        price_step=price_step_for(price),
        min_amount=amount_step,
        min_notional=min_notional,
        taker_fee=taker_fee,
        maker_fee=maker_fee,
        active=active,
    )
