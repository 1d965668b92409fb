"""Filling the OHLCV cache for several symbols at once, with progress: ``coinpilot market fetch``.

Each symbol is synced on its own: a delisted pair, a refused request or an unreachable exchange
is reported against that symbol and the others go on. Progress is reported per page through a
plain callback, so the CLI can draw a bar and tests can count calls; this module never prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assistant.domain import CoinPilotError

from .cache_market import CachedMarket, SyncReport
from .candles import to_utc


@dataclass(frozen=True)
class FetchProgress:
    """Where a fetch stands: ``candles`` of about ``expected`` fetched for ``symbol``."""

    symbol: str
    index: int  # 0-based position of the symbol in the request
    total_symbols: int
    candles: int  # fetched so far for this symbol
    expected: int | None  # rough number still missing when the symbol started (None: unknown)
    done: bool
    error: str | None = None


@dataclass(frozen=True)
class FetchResult:
    symbol: str
    report: SyncReport | None
    error: CoinPilotError | None

    @property
    def ok(self) -> bool:
        return self.error is None


def _expected(
    market: CachedMarket, symbol: str, timeframe: str, since: datetime | None
) -> int | None:
    """Candles the sync will likely add: an estimate for a progress bar, never a promise."""
    try:
        step = market.timeframe_ms(timeframe)
        info = market.resolve(symbol)
    except CoinPilotError:
        return None  # the sync itself raises the same error, against this symbol
    rows = market.series(info.symbol, timeframe).load()
    now = to_utc(market.now()).timestamp() * 1000
    since_ms = None if since is None else to_utc(since).timestamp() * 1000
    if not len(rows):
        return None if since_ms is None else max(int((now - since_ms) // step), 0)
    missing = max(now - rows[-1, 0] - step, 0) // step
    if since_ms is not None and since_ms < rows[0, 0]:
        missing += (rows[0, 0] - since_ms) // step
    return int(missing)


def _sync_one(
    market: CachedMarket,
    symbol: str,
    timeframe: str,
    since: datetime | None,
    step: Callable[[int, bool, str | None], None],
) -> FetchResult:
    fetched = 0

    def on_rows(n: int) -> None:
        nonlocal fetched
        fetched += n
        step(fetched, False, None)

    try:
        sync = market.sync(symbol, timeframe, since, on_rows=on_rows)
    except CoinPilotError as exc:
        step(fetched, True, str(exc))
        return FetchResult(symbol, None, exc)
    step(fetched, True, None)
    return FetchResult(sync.symbol, sync, None)


def fetch_history(
    market: CachedMarket,
    symbols: Sequence[str],
    timeframe: str = "1d",
    since: datetime | None = None,
    progress: Callable[[FetchProgress], None] | None = None,
    *,
    starts: Mapping[str, datetime] | None = None,
) -> list[FetchResult]:
    """Sync each symbol's ``timeframe`` candles from ``since`` (or the cache's end) to now.

    ``starts`` gives a symbol its own first day when ``since`` is None (the shipped history's
    coins start the day after it ends). Errors are per symbol (in each :class:`FetchResult`); a
    failure never stops the others.
    """
    report = progress or (lambda p: None)
    results: list[FetchResult] = []
    for index, symbol in enumerate(symbols):
        first = since if since is not None else (starts or {}).get(symbol)
        expected = _expected(market, symbol, timeframe, first)

        def step(
            fetched: int,
            done: bool,
            error: str | None,
            symbol: str = symbol,
            index: int = index,
            expected: int | None = expected,
        ) -> None:
            report(FetchProgress(symbol, index, len(symbols), fetched, expected, done, error))

        results.append(_sync_one(market, symbol, timeframe, first, step))
    return results
