"""A table of daily news sentiment per asset, the shape the sentiment tilt reads.

Each dated headline is scored once (:func:`.scoring.score_headlines`); an asset's score on a
UTC day is the mean score of that day's headlines that mention it (as
:func:`.scoring.sentiment_by_asset` rolls up a list). Days without a headline about an asset are
NaN: no reading, never a zero. Undated headlines cannot be placed on a day and are left out.
The one policy picks which row a decision may use (:mod:`assistant.policy.inputs`). Pure.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Protocol

import pandas as pd

from .model import SentimentModel
from .scoring import score_headlines

__all__ = ["DatedHeadline", "daily_sentiment"]


class DatedHeadline(Protocol):
    """A headline with its publication time and the assets it mentions (a ``NewsItem``)."""

    @property
    def title(self) -> str: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def assets(self) -> Collection[str]: ...


def daily_sentiment(
    headlines: Iterable[DatedHeadline], model: SentimentModel, assets: Collection[str]
) -> pd.DataFrame:
    """Days (tz-naive UTC dates, ascending) x ``assets`` (those with a headline) of mean scores."""
    wanted = {a.upper() for a in assets}
    items = [
        h for h in headlines if h.published is not None and wanted & {a.upper() for a in h.assets}
    ]
    if not items:
        return pd.DataFrame(dtype=float)
    scores = score_headlines([h.title for h in items], model)
    rows = []
    for item, score in zip(items, scores, strict=True):
        assert item.published is not None  # the undated were left out above
        published = pd.Timestamp(item.published)
        if published.tzinfo is not None:
            published = published.tz_convert("UTC").tz_localize(None)
        for asset in sorted({a.upper() for a in item.assets} & wanted):
            rows.append((published.normalize(), asset, score.score))
    frame = pd.DataFrame(rows, columns=["day", "asset", "score"])
    table = frame.pivot_table(index="day", columns="asset", values="score", aggfunc="mean")
    table.columns.name = None
    return table.sort_index().astype(float)
