"""Where an asset's on-chain history comes from: the shipped snapshot, or Coin Metrics + cache.

``snapshot`` reads the dated files that ship with CoinPilot (no network). ``coinmetrics`` asks the
community API for the days after the cached ones (three days back, since a day's figures can be
revised), merges them into the cache and serves the result as live. When the API cannot be read
(down, timing out, rate-limiting) the cached history is served with its age and the reason; with
nothing cached the error goes up. An unknown asset is never papered over with cached data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from assistant.domain import DataUnavailableError

from ..freshness import age
from .coinmetrics import CoinMetricsSource
from .history import OnchainHistory, tidy
from .snapshot import read_snapshot, snapshot_files
from .store import OnchainStore

#: Days re-read before the last cached one: Coin Metrics may revise recent days.
REVISION_DAYS = 3


def read_onchain(
    asset: str,
    *,
    source: str,
    cache_root: Path,
    coinmetrics: CoinMetricsSource | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> OnchainHistory:
    """``asset``'s daily history from ``source`` ("snapshot" or "coinmetrics")."""
    if source == "snapshot":
        history = read_snapshot(asset)
        if history is None:
            shipped = ", ".join(sorted(snapshot_files())) or "none"
            raise DataUnavailableError(
                f"No on-chain snapshot ships for {asset.upper()} (shipped: {shipped}).",
                hint="Use --source coinmetrics to read the Coin Metrics community API.",
            )
        return history
    live = coinmetrics or CoinMetricsSource()
    store = OnchainStore(cache_root, live.name)
    cached = store.load(asset)
    start = None
    if cached is not None and not cached.frame.empty:
        start = (cached.frame.index[-1] - pd.Timedelta(days=REVISION_DAYS)).date()
    try:
        fresh, missing = live.fetch(asset, start)
    except DataUnavailableError as exc:
        if cached is None:
            raise
        stale = f"cached data fetched {age(now(), cached.fetched_at)} ago ({exc.message})"
        return OnchainHistory(
            asset=asset.upper(),
            frame=cached.frame,
            source=live.name,
            label=f"Coin Metrics community API, CACHED: {stale}",
            fetched_at=cached.fetched_at,
            missing=cached.missing,
            stale=stale,
        )
    frame = fresh if cached is None else tidy(pd.concat([cached.frame, fresh]))
    fetched_at = now()
    store.save(asset, frame, fetched_at, missing)
    return OnchainHistory(
        asset=asset.upper(),
        frame=frame,
        source=live.name,
        label=f"Coin Metrics community API, fetched {fetched_at:%Y-%m-%d %H:%M} UTC",
        fetched_at=fetched_at,
        missing=missing,
    )


def since(history: OnchainHistory, days: int) -> pd.DataFrame:
    """The last ``days`` days of the history (by calendar, up to its last day)."""
    if history.frame.empty:
        return history.frame
    cut = history.frame.index[-1] - timedelta(days=days - 1)
    recent: pd.DataFrame = history.frame.loc[history.frame.index >= cut]
    return recent
