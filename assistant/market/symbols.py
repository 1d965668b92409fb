"""Turning what a person typed into a listed market, and ranking markets for universe rules.

A typo must come back as a suggestion ("did you mean ETH/USDT?"), never as a silent substitution:
the model repairs its proposal from the message, and the person confirms the result. Nothing here
chooses assets on anyone's behalf beyond the explicit top-N-by-volume rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from assistant.domain import MarketInfo, UnknownSymbolError, UserInputError

from .protocol import MarketData
from .rules import FIAT, STABLECOINS


def normalize_symbol(symbol: str) -> str:
    """``btc/usdt``, ``BTC-USDT`` and ``btc_usdt`` all mean ``BTC/USDT``."""
    return symbol.strip().upper().replace("-", "/").replace("_", "/")


def unknown_symbol(symbol: str, listed: Iterable[str], where: str) -> UnknownSymbolError:
    """The error for a symbol ``where`` does not list, with the closest listed ones as hints."""
    listed = sorted(listed)
    close = difflib.get_close_matches(symbol, listed, n=3, cutoff=0.6)
    if close:
        hint = "Did you mean " + " or ".join(close) + "?"
    elif listed:
        shown = ", ".join(listed[:12]) + (", ..." if len(listed) > 12 else "")
        hint = f"Listed pairs: {shown}."
    else:
        hint = "This market lists no pairs at all."
    return UnknownSymbolError(f"{symbol} is not listed on {where}.", hint=hint)


def lookup(markets: Mapping[str, MarketInfo], symbol: str, where: str) -> MarketInfo:
    """The market for ``symbol`` (any common spelling), or an :class:`UnknownSymbolError`."""
    key = normalize_symbol(symbol)
    info = markets.get(key)
    if info is None:
        raise unknown_symbol(key, markets, where)
    return info


def resolve_symbol(market: MarketData, base: str, quote: str) -> MarketInfo:
    """The listed ``BASE/QUOTE`` pair; suggestions on a typo. Check ``.active`` before trading."""
    base, quote = base.strip().upper(), quote.strip().upper()
    markets = market.markets()
    info = markets.get(f"{base}/{quote}")
    if info is not None:
        return info
    quoted = {s for s, m in markets.items() if m.quote == quote}
    if not quoted:
        quotes = sorted({m.quote for m in markets.values()})
        raise UnknownSymbolError(
            f"{market.name} has no pairs quoted in {quote}.",
            hint=f"Quote currencies there: {', '.join(quotes) or 'none'}.",
        )
    raise unknown_symbol(f"{base}/{quote}", quoted, market.name)


def universe_candidates(
    market: MarketData,
    quote: str,
    n: int,
    exclude: Iterable[str] = (),
    *,
    include_stablecoins: bool = False,
) -> list[MarketInfo]:
    """The active ``*/quote`` pairs a top-``n`` universe is chosen from, by symbol.

    Stablecoins are left out unless asked for (holding USDC is not diversification), as are fiat
    currencies (EUR/USDT is a conversion rate) and the bases in ``exclude``. Asking for more than
    the market has is an error, not a shorter list. Which ``n`` of them are held is the one
    policy's rule (``policy.universe.top_by_volume``).
    """
    quote = quote.strip().upper()
    if n < 1:
        raise UserInputError(f"top_n must be at least 1, got {n}.")
    skip = {e.strip().upper() for e in exclude} | FIAT
    if not include_stablecoins:
        skip |= STABLECOINS
    candidates = [
        m for m in market.markets().values() if m.quote == quote and m.active and m.base not in skip
    ]
    if len(candidates) < n:
        raise UserInputError(
            f"{market.name} has only {len(candidates)} active {quote} pairs after exclusions; "
            f"top {n} cannot be filled.",
            hint=f"Ask for at most {len(candidates)} assets or exclude fewer.",
        )
    return sorted(candidates, key=lambda m: m.symbol)
