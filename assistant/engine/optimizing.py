"""optimize_prices: weights straight from price files, without a spec or an account.

Uses simple daily returns of the closes over the window all assets share, so the numbers are
reproducible with any other library given the same file. Without a path it reads the shipped real
history (``assistant/market/data/daily``, extended by any days fetched into the cache), so the
command works on a fresh clone with no data of one's own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from assistant.domain import TargetAllocation
from assistant.market import all_closes, load_closes
from assistant.market.history import HistoryMarket
from assistant.portfolio import allocate, shared_window


class OptimizeResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    start: datetime
    end: datetime
    observations: int
    allocation: TargetAllocation


def _until_first_end(closes: pd.DataFrame) -> pd.DataFrame:
    """Cut the rows after the first asset's last price (a delisting ends the shared window).

    Gaps *inside* the window are left in place, so ``shared_window`` reports them as errors.
    """
    present = closes.notna().to_numpy()
    if not present.any():
        return closes
    last_rows = [int(len(present) - 1 - present[::-1, i].argmax()) for i in range(present.shape[1])]
    return closes.iloc[: min(last_rows) + 1]


def optimize_prices(
    path: str | Path | None = None,
    *,
    home: Path | None = None,
    objective: str = "hrp",
    linkage: str = "single",
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    cash_reserve: float = 0.0,
    exclude: list[str] | None = None,
    lookback_days: int | None = None,
) -> OptimizeResult:
    """Weights for the closes at ``path`` or, when it is None, in the ``history`` market (whose
    fetched days live under ``home``)."""
    if path is None:
        history = HistoryMarket(home)
        raw, source = all_closes(history), history.name
    else:
        raw, source = load_closes(path), str(path)
    closes = shared_window(_until_first_end(raw))
    allocation = allocate(
        closes,
        objective=objective,
        linkage=linkage,
        min_weight=min_weight,
        max_weight=max_weight,
        cash_reserve=cash_reserve,
        exclude=exclude or [],
        lookback_days=lookback_days or len(closes),
    )
    return OptimizeResult(
        source=source,
        start=closes.index[0].to_pydatetime(),
        end=closes.index[-1].to_pydatetime(),
        observations=len(closes) - 1,
        allocation=allocation,
    )
