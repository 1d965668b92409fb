"""Returns of an account against two benchmarks, from daily values: pure pandas, no I/O.

- The account's return is **time-weighted**: each day's return is ``(value - deposits that day)
  / previous value - 1``, so money put in is not counted as gain.
- **BTC** is buying and holding bitcoin from the first day.
- **Equal weight** holds the account's first assets in equal parts, rebalanced every day (the
  mean of their daily returns).

Period returns compound the daily returns of the last N days; a period longer than the history
is left out rather than shown for a shorter span.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Periods shown beside "since inception", in days.
PERIODS = ((7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year"))


@dataclass(frozen=True)
class Returns:
    """Daily returns (index: days) of the account and of each benchmark, aligned."""

    daily: pd.DataFrame  # columns: "portfolio", "BTC", "equal weight"

    def growth(self) -> pd.DataFrame:
        """Each column as the value of 100 put in on the first day."""
        return 100.0 * (1.0 + self.daily.fillna(0.0)).cumprod()

    def period_table(self) -> list[tuple[str, int | None, dict[str, float]]]:
        """``(label, days, {column: return})`` since inception and for each covered period."""
        rows: list[tuple[str, int | None, dict[str, float]]] = [
            ("since inception", None, _compound(self.daily))
        ]
        observed = len(self.daily) - 1  # the first day has no return
        for days, label in PERIODS:
            if days <= observed:
                rows.append((label, days, _compound(self.daily.iloc[-days:])))
        return rows


def _compound(frame: pd.DataFrame) -> dict[str, float]:
    return {str(c): float(np.prod(1.0 + frame[c].fillna(0.0).to_numpy()) - 1.0) for c in frame}


def daily_returns(
    values: pd.Series, flows: pd.Series, btc: pd.Series, basket: pd.DataFrame
) -> Returns:
    """``values``: the account's value at each day's close; ``flows``: deposits per day (same
    index, 0 where none); ``btc``: BTC closes; ``basket``: closes of the equal-weight assets."""
    previous = values.shift(1)
    account = (values - flows) / previous - 1.0
    account.iloc[0] = np.nan
    daily = pd.DataFrame(
        {
            "portfolio": account,
            "BTC": btc.pct_change(fill_method=None),
            "equal weight": basket.pct_change(fill_method=None).mean(axis=1, skipna=True),
        },
        index=values.index,
    )
    daily.iloc[0] = np.nan
    return Returns(daily=daily)
