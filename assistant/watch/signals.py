"""What the watcher reads before it decides: data freshness and the risk rules.

Freshness: every asset the strategy holds or targets must have a ticker no older than
``max_age`` by the services' clock (the demo's moved clock on the demo market). Risk rules use
the definitions of :mod:`assistant.policy.risk` on the values the watcher journaled with each
check since the strategy's last decision:

- max drawdown: value at or below the high-water mark (the decision's value and every checked
  value since) times ``1 - max_drawdown``;
- daily loss limit: value at or below the newest checked value from 24 hours or more ago times
  ``1 - limit``;
- stop-loss: an asset's price at or below its price at the last decision times
  ``1 - stop_loss``. The entry is that decision's price, not the position's average cost, which
  the watcher does not keep.

Neither reads a clock or writes anything: the caller passes ``now`` and the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from assistant.domain import DataError, Decision, StrategySpec
from assistant.journal import Journal
from assistant.market.protocol import MarketData
from assistant.policy.risk import daily_loss_breached, drawdown_breached, stop_loss_hit


@dataclass(frozen=True)
class Freshness:
    as_of: datetime | None
    problem: str | None


def data_freshness(
    market: MarketData, quote: str, assets: Iterable[str], now: datetime, max_age: timedelta
) -> Freshness:
    """The oldest ticker among ``assets``; a problem when one is missing or older than allowed."""
    oldest: datetime | None = None
    for asset in sorted(set(assets) - {quote}):
        try:
            stamp = market.ticker(f"{asset}/{quote}").timestamp
        except DataError as exc:
            return Freshness(oldest, f"no price for {asset}/{quote}: {exc.message}")
        oldest = stamp if oldest is None else min(oldest, stamp)
        age = now - stamp
        if age > max_age:
            hours = age.total_seconds() / 3600
            return Freshness(
                oldest,
                f"{asset}/{quote} data is {hours:.0f} h old (more than "
                f"{max_age.total_seconds() / 3600:.0f} h allowed)",
            )
    return Freshness(oldest, None)


def risk_breach(
    spec: StrategySpec,
    last: Decision,
    journal: Journal,
    value: Decimal,
    prices: Mapping[str, Decimal],
    now: datetime,
) -> str | None:
    """The first risk rule the strategy's current state breaks, as a sentence; None if none."""
    risk = spec.risk
    if risk.stop_loss is not None:
        for asset, weight in sorted(last.weights_after.items()):
            entry = last.prices.get(asset)
            price = prices.get(asset)
            if weight <= 0 or entry is None or price is None or asset == spec.quote:
                continue
            if stop_loss_hit(float(price), float(entry), risk.stop_loss):
                drop = 1 - float(price) / float(entry)
                return (
                    f"stop-loss: {asset} is {drop:.1%} below its price at the last decision "
                    f"(limit {risk.stop_loss:.0%})"
                )
    if risk.max_drawdown is None and risk.daily_loss_limit is None:
        return None
    history = journal.check_values(spec.name, since=last.created_at)
    values = [(last.created_at, float(last.value_after))] + [(t, float(v)) for t, v in history]
    now_value = float(value)
    if risk.max_drawdown is not None:
        high = max(v for _, v in values)
        if high > 0 and drawdown_breached(now_value, high, risk.max_drawdown):
            return (
                f"max drawdown: value {now_value:,.2f} is {1 - now_value / high:.1%} below its "
                f"high of {high:,.2f} (limit {risk.max_drawdown:.0%})"
            )
    if risk.daily_loss_limit is not None:
        earlier = [v for t, v in values if t <= now - timedelta(days=1)]
        if earlier and earlier[-1] > 0:
            before = earlier[-1]
            if daily_loss_breached(now_value, before, risk.daily_loss_limit):
                return (
                    f"daily loss limit: value fell {1 - now_value / before:.1%} in a day "
                    f"(limit {risk.daily_loss_limit:.0%})"
                )
    return None
