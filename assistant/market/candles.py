"""Candle-frame helpers every market adapter shares: UTC days, ``since``/``limit``, summary stats.

``since`` and ``limit`` follow ccxt: candles opening at or after ``since``, at most ``limit`` of
them counted from ``since``; with no ``since``, the most recent ``limit``. Frames handed out are
copies, so a caller can never corrupt an adapter's cache. Nothing here reads files; the only clock
read is "today" when no day is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from assistant.domain import UserInputError

from .protocol import OHLCV_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

#: Candle lengths by timeframe name (ccxt's names).
TIMEFRAMES: dict[str, timedelta] = {
    "1m": timedelta(minutes=1),
    "5m": timedelta(minutes=5),
    "15m": timedelta(minutes=15),
    "30m": timedelta(minutes=30),
    "1h": timedelta(hours=1),
    "2h": timedelta(hours=2),
    "4h": timedelta(hours=4),
    "6h": timedelta(hours=6),
    "12h": timedelta(hours=12),
    "1d": timedelta(days=1),
    "1w": timedelta(weeks=1),
}


def to_utc(moment: datetime) -> datetime:
    """A naive datetime is taken as UTC; an aware one is converted to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_midnight(value: date | datetime | str | None) -> datetime:
    """Midnight UTC of a day given as a date, a datetime, an ISO string, or today when ``None``."""
    if value is None:
        return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise UserInputError(
                f"'{value}' is not a date.", hint="Write it as YYYY-MM-DD, e.g. 2025-06-30."
            ) from None
    if isinstance(value, datetime):
        value = to_utc(value).date()
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def timeframe_of(index: pd.DatetimeIndex) -> str | None:
    """The named timeframe whose length is the most common spacing of ``index`` (None if odd)."""
    if len(index) < 2:
        return None
    import pandas as pd  # the demo's market list needs the day helpers above, not pandas

    spacing = pd.Series(index[1:] - index[:-1]).mode().iloc[0]
    for name, length in TIMEFRAMES.items():
        if spacing == pd.Timedelta(length):
            return name
    return None


def select_candles(frame: pd.DataFrame, since: datetime | None, limit: int | None) -> pd.DataFrame:
    """Apply ccxt's ``since``/``limit`` to a frame indexed by candle open time (returns a copy)."""
    if limit is not None and limit < 1:
        raise UserInputError(f"limit must be at least 1 candle, got {limit}.")
    out = frame
    if since is not None:
        import pandas as pd

        out = out.loc[out.index >= pd.Timestamp(to_utc(since))]
        if limit is not None:
            out = out.iloc[:limit]
    elif limit is not None:
        out = out.iloc[-limit:]
    return out.loc[:, list(OHLCV_COLUMNS)].copy()


@dataclass(frozen=True, slots=True)
class MarketStats:
    """What a synthetic ticker and book need to know about a market's recent trading."""

    last: float
    daily_vol: float  # standard deviation of daily log returns, recent
    quote_volume_24h: float
    typical_quote_volume: float  # mean daily traded value, recent


def market_stats(frame: pd.DataFrame, timeframe: str, window_days: int = 30) -> MarketStats:
    """Recent volatility and traded value from the last ``window_days`` of candles."""
    import numpy as np

    per_day = timedelta(days=1) / TIMEFRAMES[timeframe]
    recent = frame.iloc[-max(round(window_days * per_day), 2) :]
    close = recent["close"].to_numpy(dtype=float)
    traded = close * recent["volume"].to_numpy(dtype=float)
    log_returns = np.diff(np.log(close))
    vol = float(np.std(log_returns, ddof=1)) * math.sqrt(per_day) if len(log_returns) > 1 else 0.0
    day_candles = max(round(per_day), 1)
    return MarketStats(
        last=float(close[-1]),
        daily_vol=vol,
        quote_volume_24h=float(traded[-day_candles:].sum()),
        typical_quote_volume=float(traded.mean()) * per_day,
    )
