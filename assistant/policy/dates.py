"""How a decision names a day in its sentences, the same in a backtest and a preview."""

from __future__ import annotations

import pandas as pd

__all__ = ["day_label"]


def day_label(stamp: object) -> str:
    """``2022-06-18`` for a midnight timestamp, else its string form."""
    if isinstance(stamp, pd.Timestamp) and stamp == stamp.normalize():
        return stamp.date().isoformat()
    return str(stamp)
