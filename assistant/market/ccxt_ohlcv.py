"""Turning ccxt candle pages into checked OHLCV frames, and walking pages forward with ``since``.

Exchanges cap each answer (Binance 1000 candles, Kraken 720), so a long history is a series of
pages, each asked for from just after the previous page's last candle. Only *closed* candles are
kept: the candle still forming changes until its period ends, and caching it would store a price
that never existed at the close. Every row is checked (six numbers, finite, prices above zero,
times increasing); a bad row is a :class:`DataError`, never a silent NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from assistant.domain import DataError

from .protocol import OHLCV_COLUMNS

#: One checked candle: (open time in ms, open, high, low, close, volume).
Row = tuple[int, float, float, float, float, float]

#: One page fetcher: (since_ms, limit) -> rows of [ms, open, high, low, close, volume].
PageFetcher = Callable[[int, int], Sequence[Sequence[object]]]


def _number(value: object) -> float:
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def check_rows(rows: Sequence[Sequence[object]], where: str) -> list[Row]:
    """Rows as checked :data:`Row` tuples; a :class:`DataError` names the first bad one."""
    checked: list[Row] = []
    last = -1
    for position, row in enumerate(rows):
        try:
            if len(row) < 6:
                raise ValueError(row)
            stamp = int(_number(row[0]))
            o, h, low, c, v = (_number(x) for x in row[1:6])
        except (TypeError, ValueError):
            raise DataError(
                f"{where} sent a malformed candle at position {position}: {list(row)[:6]!r}.",
                hint="Try again later; if it persists the exchange changed its format.",
            ) from None
        if min(o, h, low, c) <= 0 or v < 0:
            raise DataError(f"{where} sent a candle with a non-positive price at {stamp}.")
        if stamp <= last:
            if stamp == last:
                continue  # a repeated candle at a page boundary: keep the first
            raise DataError(f"{where} sent candles out of time order at {stamp}.")
        checked.append((stamp, o, h, low, c, v))
        last = stamp
    return checked


def rows_to_frame(rows: Sequence[Sequence[float]] | np.ndarray) -> pd.DataFrame:
    """A frame with :data:`OHLCV_COLUMNS` on a UTC ``DatetimeIndex`` named ``timestamp``."""
    array = np.asarray(rows, dtype=float).reshape(-1, 6)
    index = pd.DatetimeIndex(
        pd.to_datetime(array[:, 0].astype("int64"), unit="ms", utc=True), name="timestamp"
    )
    return pd.DataFrame(
        {name: array[:, i + 1] for i, name in enumerate(OHLCV_COLUMNS)}, index=index
    )


def empty_frame() -> pd.DataFrame:
    return rows_to_frame([])


def walk_pages(
    fetch: PageFetcher,
    *,
    since_ms: int,
    timeframe_ms: int,
    now_ms: int,
    page_limit: int,
    until_ms: int | None = None,
    where: str,
) -> Iterator[list[Row]]:
    """Closed candles from ``since_ms`` on, one checked page at a time, until none are left.

    Stops at an empty page, at the candle still forming, at ``until_ms``, or when a page makes no
    progress (an exchange that ignores ``since`` would otherwise loop forever).
    """
    cursor = since_ms
    while True:
        rows = [r for r in check_rows(fetch(cursor, page_limit), where) if r[0] >= cursor]
        if not rows:
            return
        closed = [r for r in rows if r[0] + timeframe_ms <= now_ms]
        if until_ms is not None:
            closed = [r for r in closed if r[0] <= until_ms]
        if closed:
            yield closed
        next_cursor = rows[-1][0] + timeframe_ms
        if len(closed) < len(rows) or next_cursor <= cursor:
            return
        if next_cursor + timeframe_ms > now_ms:  # no newer candle can have closed yet
            return
        if until_ms is not None and next_cursor > until_ms:
            return
        cursor = next_cursor
