"""Which outside reading a decision may use (news sentiment, exchange flow), and when it is stale.

Both inputs are tables of daily scores in -1..1 (UTC days x assets). A decision taken on the
close of day D (the backtester's trade on D+1, a preview on the market's last close) may use:

- **sentiment**: the row of day D or an earlier one: a day's headlines are all out by its close;
- **exchange flow**: the row of day D-1 or an earlier one: a day's on-chain figures are published
  after the day ends, so day D's may not be known at its close.

The newest such row is the reading. One older than the input's limit (``max_age_days`` before
the row the decision could at best have) is **stale**: the tilt gets no input and changes
nothing, and the caller says so with the reading's day and age, never a silent zero. The
backtester (``backtest/policy.py``) and every preview (``engine/signal_inputs.py``) pick their
reading here, so the same table gives the same tilt in every mode. Pure: tables in, numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = [
    "FLOW",
    "SENTIMENT",
    "InputRule",
    "Reading",
    "known_reading",
]


@dataclass(frozen=True)
class InputRule:
    """How late an input's day is known (``lag_days`` after the decision's close day) and how
    much older than that its newest row may be before it is stale."""

    name: str
    lag_days: int
    max_age_days: int


SENTIMENT = InputRule("sentiment", lag_days=0, max_age_days=2)
FLOW = InputRule("exchange-flow", lag_days=1, max_age_days=3)


@dataclass(frozen=True)
class Reading:
    """The scores a decision uses (None: no tilt), the day of the newest row it could see
    (fresh or not; None when there is none) and that row's age in days, counted from the
    decision's close day."""

    scores: dict[str, float] | None
    day: date | None
    age_days: int | None

    @property
    def fresh(self) -> bool:
        return self.scores is not None


def _days(index: pd.Index) -> pd.DatetimeIndex:
    stamps = pd.DatetimeIndex(index)
    if stamps.tz is not None:
        stamps = stamps.tz_convert("UTC").tz_localize(None)
    return stamps.normalize()


def _day(stamp: object) -> pd.Timestamp:
    day = pd.Timestamp(stamp)  # type: ignore[arg-type]
    if day.tzinfo is not None:
        day = day.tz_convert("UTC").tz_localize(None)
    return day.normalize()


def known_reading(table: pd.DataFrame | None, decided_on: object, rule: InputRule) -> Reading:
    """The reading of ``table`` a decision on the close of ``decided_on`` may use."""
    if table is None or table.empty:
        return Reading(None, None, None)
    close = _day(decided_on)
    last = close - pd.Timedelta(days=rule.lag_days)
    days = _days(table.index)
    known = table.loc[days <= last]
    if known.empty:
        return Reading(None, None, None)
    row_day = _days(known.index)[-1]
    age = int((close - row_day).days)
    if age > rule.lag_days + rule.max_age_days:
        return Reading(None, row_day.date(), age)
    row = known.iloc[-1]
    scores = {str(a).upper(): float(v) for a, v in row.items() if pd.notna(v)}
    return Reading(scores, row_day.date(), age)
