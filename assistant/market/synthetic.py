"""Synthetic top of book and depth for markets that have prices but no live order book.

The demo exchange and the CSV files know a last price, a volatility and a typical daily quote
volume; from those this module builds a bid/ask and a stepped book the planner can walk for
slippage. Spreads widen with volatility and narrow with liquidity; visible depth per side is a
fixed fraction of daily quote volume, decaying away from the mid. The ticker and the book come from
the same arithmetic, so the book's best bid and ask always equal the ticker's. Everything here is
made up from those inputs and must never be presented as a real exchange's book.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from decimal import Decimal

import numpy as np

from assistant.domain import BookLevel, MarketInfo, OrderBook, Ticker, UserInputError

from .candles import MarketStats

#: Most levels a synthetic book will show on one side.
MAX_BOOK_DEPTH = 100
#: The depth the per-side notional is spread over; deeper requests add thinner levels beyond it.
REFERENCE_LEVELS = 25
#: Visible notional on each side of the book, as a fraction of daily quote volume.
DEPTH_FRACTION = 0.004
_SPREAD_SCALE = 0.05  # relative spread = scale * daily vol / sqrt(quote volume in millions)
_MIN_SPREAD = 2e-5
_MAX_SPREAD = 0.01
_LEVEL_DECAY = 15.0  # levels over which depth falls by a factor e


def stable_rng(*parts: int | str) -> np.random.Generator:
    """A generator fixed by its parts alone (Python's ``hash`` of a str changes per process)."""
    words: list[int] = []
    for part in parts:
        if isinstance(part, str):
            part = int.from_bytes(hashlib.blake2b(part.encode(), digest_size=8).digest(), "big")
        words.append(part & 0xFFFF_FFFF_FFFF_FFFF)
    return np.random.default_rng(np.random.SeedSequence(words))


def spread_fraction(daily_vol: float, quote_volume: float) -> float:
    """Full bid/ask spread relative to the mid: wider when volatile, narrower when liquid."""
    millions = max(quote_volume, 1e4) / 1e6
    raw = _SPREAD_SCALE * max(daily_vol, 0.0) / math.sqrt(millions)
    return min(max(raw, _MIN_SPREAD), _MAX_SPREAD)


def _top_ticks(info: MarketInfo, stats: MarketStats) -> tuple[int, int]:
    tick = float(info.price_step)
    centre = stats.last / tick
    spread = spread_fraction(stats.daily_vol, stats.typical_quote_volume)
    half = max(spread * centre / 2, 0.5)
    bid = max(round(centre - half), 1)
    ask = max(round(centre + half), bid + 1)
    return bid, ask


def synthetic_ticker(
    info: MarketInfo, stats: MarketStats, *, timestamp: datetime, simulated: bool
) -> Ticker:
    """Bid and ask around the last price on the price grid, with the last 24h's quote volume."""
    bid, ask = _top_ticks(info, stats)
    step = info.price_step
    return Ticker(
        symbol=info.symbol,
        timestamp=timestamp,
        bid=bid * step,
        ask=ask * step,
        last=max(round(stats.last / float(step)), 1) * step,
        quote_volume=Decimal(repr(round(stats.quote_volume_24h, 2))),
        simulated=simulated,
    )


def synthetic_book(
    info: MarketInfo,
    stats: MarketStats,
    *,
    timestamp: datetime,
    depth: int,
    rng: np.random.Generator,
    simulated: bool = True,
) -> OrderBook:
    """``depth`` levels a side; a shallower request returns a prefix of a deeper one."""
    if not 1 <= depth <= MAX_BOOK_DEPTH:
        raise UserInputError(
            f"order book depth must be between 1 and {MAX_BOOK_DEPTH}, got {depth}.",
            hint="Ask for 20 levels unless you need more.",
        )
    bid, ask = _top_ticks(info, stats)
    tick = float(info.price_step)
    gap = max(1, round(stats.last * max(stats.daily_vol, 1e-4) / 60 / tick))
    index = np.arange(MAX_BOOK_DEPTH)
    shape = np.exp(-index / _LEVEL_DECAY) * (0.5 + rng.random((2, MAX_BOOK_DEPTH)))
    per_side = DEPTH_FRACTION * stats.typical_quote_volume
    notional = per_side / shape[:, :REFERENCE_LEVELS].sum(axis=1)
    sides: list[list[BookLevel]] = []
    for side, (top, sign) in enumerate(((bid, -1), (ask, 1))):
        levels: list[BookLevel] = []
        for i in range(depth):
            ticks = top + sign * i * gap
            if ticks < 1:
                break
            price = ticks * info.price_step
            steps = max(
                int(notional[side] * shape[side, i] / float(price) / float(info.amount_step)), 1
            )
            levels.append(BookLevel(price=price, amount=steps * info.amount_step))
        sides.append(levels)
    return OrderBook(
        symbol=info.symbol, timestamp=timestamp, bids=sides[0], asks=sides[1], simulated=simulated
    )
