"""From ccxt's market dictionaries to :class:`MarketInfo`, and from what a person typed to a pair.

ccxt states precision in one of three modes per exchange: ``TICK_SIZE`` (the step itself, e.g.
0.01), ``DECIMAL_PLACES`` (2 means 0.01) or ``SIGNIFICANT_DIGITS``. The first two become an exact
:class:`~decimal.Decimal` step here. Significant digits (Bitfinex, Bithumb) have no fixed step,
since the valid grid moves with the size of each number, so such exchanges are refused with a
clear :class:`NotAvailableError` rather than trusted with a step we made up. A market
whose rules cannot be read is left out and named in ``skipped`` rather than given invented rules.
Resolution never guesses: an exact listed pair, or the exchange's own id for one, or an error with
suggestions. Spot markets only: CoinPilot never trades derivatives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import ccxt

from assistant.domain import DataError, MarketInfo, NotAvailableError, UnknownSymbolError

from .symbols import normalize_symbol, unknown_symbol


def check_precision_mode(exchange: str, mode: int) -> None:
    """Refuse exchanges whose precision has no fixed step (see the module docstring)."""
    if mode not in (ccxt.TICK_SIZE, ccxt.DECIMAL_PLACES):
        raise NotAvailableError(
            f"{exchange} states prices in significant digits, which CoinPilot cannot turn into "
            "the fixed price and amount steps its order rounding needs.",
            hint="Use an exchange such as binance, kraken, coinbase, okx or bybit.",
        )


def precision_step(value: Any, mode: int, *, what: str = "precision") -> Decimal:
    """The exact step for a ccxt precision ``value`` under ``TICK_SIZE`` or ``DECIMAL_PLACES``."""
    if value is None:
        raise DataError(f"the exchange states no {what}.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise DataError(f"the exchange's {what} '{value}' is not a number.") from None
    if not number.is_finite():
        raise DataError(f"the exchange's {what} '{value}' is not a number.")
    if mode == ccxt.TICK_SIZE:
        if number <= 0:
            raise DataError(f"the exchange's {what} '{value}' is not a positive step.")
        return number.normalize()
    if mode == ccxt.DECIMAL_PLACES:
        if number != number.to_integral_value():
            raise DataError(f"the exchange's {what} '{value}' is not a whole number of decimals.")
        return Decimal(1).scaleb(-int(number))
    raise DataError(f"unsupported ccxt precision mode {mode!r} for {what}.")


def _decimal_or_zero(value: Any) -> Decimal:
    if value is None:
        return Decimal(0)
    number = Decimal(str(value))
    return number if number.is_finite() and number > 0 else Decimal(0)


def _fee(market: Mapping[str, Any], side: str, fallback: Any) -> Decimal:
    value = market.get(side)
    value = fallback if value is None else value
    if value is None:
        raise DataError(f"no {side} fee is stated.")
    return Decimal(str(value))


def market_info_from_ccxt(
    market: Mapping[str, Any],
    mode: int,
    *,
    fees: Mapping[str, Any] | None = None,
) -> MarketInfo:
    """One ccxt spot market as :class:`MarketInfo`; :class:`DataError` if its rules are missing."""
    symbol = str(market["symbol"])
    precision = market.get("precision") or {}
    limits = market.get("limits") or {}
    fees = fees or {}
    try:
        return MarketInfo(
            symbol=symbol,
            base=str(market["base"]),
            quote=str(market["quote"]),
            amount_step=precision_step(precision.get("amount"), mode, what="amount precision"),
            price_step=precision_step(precision.get("price"), mode, what="price precision"),
            min_amount=_decimal_or_zero((limits.get("amount") or {}).get("min")),
            min_notional=_decimal_or_zero((limits.get("cost") or {}).get("min")),
            taker_fee=_fee(market, "taker", fees.get("taker")),
            maker_fee=_fee(market, "maker", fees.get("maker")),
            active=market.get("active") is not False,
        )
    except (DataError, InvalidOperation, ValueError) as exc:
        reason = exc.message if isinstance(exc, DataError) else str(exc)
        raise DataError(f"{symbol}: {reason}") from None


@dataclass(frozen=True)
class SpotMarkets:
    """The spot pairs of one exchange, with the exchange's ids and what could not be read."""

    exchange: str
    by_symbol: Mapping[str, MarketInfo]
    ids: Mapping[str, str] = field(default_factory=dict)  # exchange id (BTCUSDT) -> BTC/USDT
    skipped: Mapping[str, str] = field(default_factory=dict)  # symbol -> why it was left out


def spot_markets(
    exchange: str,
    raw: Iterable[Mapping[str, Any]],
    mode: int,
    *,
    fees: Mapping[str, Any] | None = None,
) -> SpotMarkets:
    """Convert ccxt's markets, keeping spot pairs whose rules are complete."""
    by_symbol: dict[str, MarketInfo] = {}
    ids: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for market in raw:
        if not market.get("spot", market.get("type") == "spot"):
            continue
        symbol = str(market.get("symbol"))
        try:
            info = market_info_from_ccxt(market, mode, fees=fees)
        except DataError as exc:
            skipped[symbol] = exc.message
            continue
        by_symbol[info.symbol] = info
        if market.get("id"):
            ids[str(market["id"]).upper()] = info.symbol
    return SpotMarkets(exchange, by_symbol, ids, skipped)


def resolve(markets: SpotMarkets, text: str) -> MarketInfo:
    """The pair ``text`` names exactly (``BTC/USDT``, ``btc-usdt``, or the id ``BTCUSDT``)."""
    where = markets.exchange
    key = normalize_symbol(text)
    info = markets.by_symbol.get(key)
    if info is not None:
        return info
    by_id = markets.ids.get(key.replace("/", ""))
    if "/" not in key and by_id is not None:
        return markets.by_symbol[by_id]
    if key in markets.skipped:
        raise UnknownSymbolError(
            f"{key} is listed on {where} but its trading rules cannot be read "
            f"({markets.skipped[key]}).",
            hint="Choose another pair, or another exchange for this one.",
        )
    if "/" not in key:
        pairs = sorted(s for s, m in markets.by_symbol.items() if m.base == key)
        if pairs:
            shown = ", ".join(pairs[:8]) + (", ..." if len(pairs) > 8 else "")
            raise UnknownSymbolError(
                f"'{text}' is ambiguous on {where}: it is the base of {len(pairs)} pairs.",
                hint=f"Write the pair as BASE/QUOTE, one of: {shown}.",
            )
    raise unknown_symbol(key, markets.by_symbol, where)
