"""A top-N universe on a market now: the one policy's rule, applied to the candles a market has.

``universe.top_n`` holds the ``n`` busiest assets among those with enough history
(``policy.universe``: the mean daily quote volume over the last ``VOLUME_DAYS`` closes). The
backtester ranks its panel with that rule on every rebalance; a preview ranks here, on the
daily candles of every candidate pair up to the market's last close, so a preview and a
backtest on the same data hold the same assets. (It once ranked by the ticker's 24-hour
volume, which a backtest cannot see, and before the history check.) This reads one series of
candles per candidate pair: the price of one rule, paid once per preview.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from assistant.domain import MarketInfo, StrategySpec
from assistant.market import universe_candidates
from assistant.market.protocol import MarketData
from assistant.policy import (
    VOLUME_DAYS,
    eligible_columns,
    join_days,
    mean_quote_volume,
    top_by_volume,
)

__all__ = ["top_n_universe"]


def top_n_universe(market: MarketData, spec: StrategySpec) -> tuple[list[MarketInfo], str]:
    """The pairs a top-N spec holds on ``market`` now, busiest first, and a note that says how
    they were chosen."""
    n = spec.universe.top_n
    assert n is not None
    candidates = universe_candidates(market, spec.quote, n, spec.universe.exclude)
    days = max(spec.lookback_days, VOLUME_DAYS)
    since = market.now() - timedelta(days=days - 1)
    closes: dict[str, pd.Series] = {}
    volumes: dict[str, pd.Series] = {}
    for info in candidates:
        frame = market.ohlcv(info.symbol, "1d", since=since)
        closes[info.base] = frame["close"].astype(float)
        volumes[info.base] = frame["volume"].astype(float) * closes[info.base]
    table = pd.DataFrame(closes).sort_index()
    eligible, _ = eligible_columns(table, join_days(spec.lookback_days))
    by_base = {m.base: m for m in candidates}
    if len(eligible) <= n:
        chosen = eligible or [m.base for m in candidates][:n]  # none old enough: the policy says so
        return [by_base[b] for b in chosen], _note(spec, market, chosen)
    mean = mean_quote_volume(pd.DataFrame(volumes).reindex(table.index)[eligible]).iloc[-1]
    chosen = top_by_volume({b: float(mean[b]) for b in eligible}, n)
    return [by_base[b] for b in chosen], _note(spec, market, chosen)


def _note(spec: StrategySpec, market: MarketData, chosen: list[str]) -> str:
    return (
        f"top {spec.universe.top_n} by mean daily volume over the last {VOLUME_DAYS} days on "
        f"{market.name}, among assets with {join_days(spec.lookback_days)} days of closes: "
        f"{', '.join(chosen)}"
    )
