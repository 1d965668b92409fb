"""account_performance: one account's returns since inception and by period, against BTC
and an equal-weight basket, with the growth curves the app charts.

The account's value each day is its holdings after the newest execution before that day's close
(journal snapshots), valued at the market's daily closes; deposits are taken out of the returns
(time-weighted). Everything is computed from the journal and the market, nothing is estimated;
an account never executed has no performance, and says so.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict

from assistant.domain import DataError
from assistant.market import closes_for

from .services import Services


class PeriodReturn(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    days: int | None
    portfolio: float
    btc: float
    equal_weight: float


class Performance(BaseModel):
    """Returns of the paper account and its benchmarks; ``growth`` is 100 grown day by day."""

    model_config = ConfigDict(frozen=True)

    quote: str
    inception: date
    as_of: date
    basket: list[str]
    periods: list[PeriodReturn]
    days: list[date]
    growth: dict[str, list[float]]
    notes: list[str]


def account_performance(
    services: Services, quote: str = "USDT", account: str | None = None
) -> Performance | None:
    """None when the account has never executed a plan (nothing to measure yet). ``account``:
    the account to measure (every record in the journal when None, as before accounts)."""
    import pandas as pd

    from assistant.portfolio.performance import daily_returns

    journal, market = services.journal, services.market
    snapshots = journal.snapshots(account)
    if not snapshots:
        return None
    first_day = _day(snapshots[0].at)
    last_day = _day(market.now())
    if last_day <= first_day:
        last_day = first_day + timedelta(days=1)  # too young: shown as one day, all flat
    span = (last_day - first_day).days + 1
    assets = sorted({a for s in snapshots for a in s.balances if a != quote})
    basket = sorted(a for a, q in snapshots[0].balances.items() if a != quote and q > 0)
    notes: list[str] = []
    wanted = sorted(set(assets) | {"BTC"})
    closes = closes_for(market, wanted, quote, days=max(span, 2), include_inactive=True)
    index = pd.date_range(pd.Timestamp(first_day, tz="UTC"), periods=span, freq="D")
    closes = closes.reindex(index).ffill()
    values = pd.Series(0.0, index=index)
    for i, snap in enumerate(snapshots):
        start = pd.Timestamp(_day(snap.at), tz="UTC")
        end = (
            pd.Timestamp(_day(snapshots[i + 1].at), tz="UTC")
            if i + 1 < len(snapshots)
            else index[-1] + pd.Timedelta(days=1)
        )
        rows = (index >= start) & (index < end)
        day_value = pd.Series(0.0, index=index[rows])
        for asset, qty in snap.balances.items():
            price = 1.0 if asset == quote else closes[asset][rows]
            day_value = day_value + float(qty) * price
        values[rows] = day_value
    flows = pd.Series(0.0, index=index)
    for at, asset, amount in journal.deposits(account):
        if asset != quote:
            notes.append(f"a deposit of {amount} {asset} is not counted (not in {quote})")
            continue
        stamp = pd.Timestamp(_day(at), tz="UTC")
        if stamp in flows.index and stamp != index[0]:
            flows.loc[[stamp]] += float(amount)
    if values.isna().any():
        raise DataError(
            "the account held an asset the market has no closes for; performance needs them.",
            hint="Use the market the account traded on.",
        )
    returns = daily_returns(values, flows, closes["BTC"], closes[basket] if basket else closes[[]])
    table = returns.period_table()
    growth = returns.growth()
    return Performance(
        quote=quote,
        inception=first_day,
        as_of=last_day,
        basket=basket,
        periods=[
            PeriodReturn(
                label=label,
                days=days,
                portfolio=r["portfolio"],
                btc=r["BTC"],
                equal_weight=r["equal weight"],
            )
            for label, days, r in table
        ],
        days=[t.date() for t in growth.index],
        growth={str(c): [float(v) for v in growth[c]] for c in growth.columns},
        notes=notes,
    )


def _day(when: datetime) -> date:
    return when.date()
