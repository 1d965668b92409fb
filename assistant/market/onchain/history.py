"""One asset's daily on-chain metrics, with where they came from and how fresh they are.

A history is a frame (UTC day index, one float column per metric id, NaN where the source had no
value that day) plus its provenance: the source's name, a label every surface prints (SNAPSHOT,
live, or cached with its age), when it was fetched, and which requested metrics the source does
not serve for this asset. It never pretends: an empty metric is reported missing, not zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from .metrics import METRIC_IDS


@dataclass(frozen=True)
class OnchainHistory:
    asset: str  # upper case, e.g. BTC
    frame: pd.DataFrame  # index: tz-naive daily DatetimeIndex (UTC days), columns: metric ids
    source: str  # "coinmetrics" or "snapshot"
    label: str  # e.g. "SNAPSHOT of 2025-12-29 (Coin Metrics community data)"
    fetched_at: datetime | None  # when the source was last read; None for the shipped snapshot
    missing: tuple[str, ...] = ()  # requested metrics the source has no series for
    stale: str | None = None  # why live data could not be had, when cached data is served
    notes: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> date | None:
        return None if self.frame.empty else self.frame.index[0].date()

    @property
    def last_day(self) -> date | None:
        return None if self.frame.empty else self.frame.index[-1].date()

    def series(self, metric: str) -> pd.Series:
        """One metric's days with a value (possibly none)."""
        if metric not in self.frame.columns:
            return pd.Series(dtype="float64")
        return self.frame[metric].dropna()


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        columns=list(METRIC_IDS), index=pd.DatetimeIndex([], name="day"), dtype=float
    )


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Days sorted, unique (the later answer wins), every known metric present as a column."""
    out = frame[~frame.index.duplicated(keep="last")].sort_index()
    for metric in METRIC_IDS:
        if metric not in out.columns:
            out[metric] = float("nan")
    out.index.name = "day"
    return out[[*METRIC_IDS, *(c for c in out.columns if c not in METRIC_IDS)]].astype(float)
