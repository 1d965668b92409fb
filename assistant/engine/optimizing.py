"""optimize_prices: weights straight from price files, without a spec or an account.

Uses simple daily returns of the closes over the window all assets share, so the numbers are
reproducible with any other library given the same file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from assistant.domain import TargetAllocation
from assistant.market import load_closes
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
    path: str | Path,
    *,
    objective: str = "hrp",
    linkage: str = "single",
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    cash_reserve: float = 0.0,
    exclude: list[str] | None = None,
    lookback_days: int | None = None,
) -> OptimizeResult:
    closes = shared_window(_until_first_end(load_closes(path)))
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
        source=str(path),
        start=closes.index[0].to_pydatetime(),
        end=closes.index[-1].to_pydatetime(),
        observations=len(closes) - 1,
        allocation=allocation,
    )
