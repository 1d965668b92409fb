"""An exchange-flow score per day from on-chain inflow and outflow (pure: series in, series out).

Net flow is inflow minus outflow (coins, per day). The score on day t is
``-tanh(mean of the last `short` days' net flow / standard deviation of the last `long` days')``:
in -1..1, positive when coins have been leaving exchanges faster than usual (often read as
holders taking coins off exchanges), negative when they have been arriving (often read as coins
readied for sale). That reading is a heuristic, not an established edge; the score only says how
unusual the recent flow is. A day's score uses that day and earlier days only; days without
``long`` days of flows before them get no score (NaN), never a guess.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["flow_score"]


def flow_score(
    inflow: pd.Series, outflow: pd.Series, *, short: int = 7, long: int = 30
) -> pd.Series:
    """The daily score (see the module docstring), indexed like the flows' common days."""
    if short < 1 or long < 2 or short > long:
        raise ValueError(f"need 1 <= short <= long and long >= 2; got short={short}, long={long}")
    net = (inflow - outflow).dropna().sort_index()
    recent = net.rolling(short, min_periods=short).mean()
    spread = net.rolling(long, min_periods=long).std()
    ratio = recent / spread.where(spread > 0.0)
    return pd.Series(-np.tanh(ratio.to_numpy(dtype=float)), index=net.index, name="flow_score")
