"""CachedMarket: a live exchange with a local memory, so work goes on when the exchange does not.

Candles are synced incrementally into :class:`OhlcvSeries` files (only what is newer than the last
cached candle, or older than the first when an earlier ``since`` is asked for the first time) and
served from there; a second backtest costs at most one request per series. Markets, tickers and
order books are fetched live and their last good answer is kept. When the exchange cannot be
reached (a :class:`RetryableExchangeError` after retries), cached data is served and
:meth:`CachedMarket.staleness` says what is old and by how much. Refusals (unknown symbol, bad
timeframe) are never papered over with cached data: they are raised as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, TypeVar

import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError

from assistant.domain import MarketInfo, OrderBook, RetryableExchangeError, Ticker

from .cache_ohlcv import OhlcvSeries, SeriesMeta
from .cache_snapshots import Snapshot, SnapshotStore
from .candles import select_candles, to_utc
from .ccxt_markets import SpotMarkets, resolve
from .ccxt_ohlcv import Row

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

#: Candles fetched for a series that has no cache yet and no ``since``.
DEFAULT_CANDLES = 1000


class PagedSource(Protocol):
    """What the cache needs from a live market (:class:`CcxtMarket` is one)."""

    @property
    def name(self) -> str: ...
    @property
    def exchange_id(self) -> str: ...
    def now(self) -> datetime: ...
    def spot_markets(self, *, reload: bool = False) -> SpotMarkets: ...
    def timeframe_ms(self, timeframe: str) -> int: ...
    def iter_rows(
        self, symbol: str, timeframe: str, since: datetime, *, until: datetime | None = None
    ) -> Iterator[list[Row]]: ...
    def ticker(self, symbol: str) -> Ticker: ...
    def order_book(self, symbol: str, depth: int = 20) -> OrderBook: ...


@dataclass(frozen=True)
class Staleness:
    """Data served from the cache because the exchange could not be reached."""

    what: str  # e.g. "BTC/USDT 1d candles", "BTC/USDT ticker", "market list"
    as_of: datetime | None  # when it was last fetched from the exchange (None: unknown)
    reason: str  # why it could not be refreshed

    def age(self, now: datetime) -> timedelta | None:
        return None if self.as_of is None else max(now - self.as_of, timedelta(0))

    def describe(self, now: datetime) -> str:
        age = self.age(now)
        when = "at an unknown time" if age is None else f"{_human(age)} ago"
        return f"{self.what}: cached data from {when} ({self.reason})"


def _human(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    return f"{hours // 24} days"


@dataclass(frozen=True)
class SyncReport:
    symbol: str
    timeframe: str
    added: int  # candles written by this sync
    cached: int  # candles in the cache after it
    first: datetime | None
    last: datetime | None


def _dt(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _ms(moment: datetime) -> int:
    return int(to_utc(moment).timestamp() * 1000)


class CachedMarket:
    """A :class:`PagedSource` with its data kept under ``root`` (``$COINPILOT_HOME/cache``)."""

    def __init__(self, live: PagedSource, root: Path, *, default_candles: int = DEFAULT_CANDLES):
        self._live = live
        self._ohlcv_root = root / "ohlcv"
        self._snapshots = SnapshotStore(root / "snapshots", live.exchange_id)
        self._default_candles = default_candles
        self._spot: SpotMarkets | None = None
        self._stale: dict[str, Staleness] = {}

    @property
    def name(self) -> str:
        return self._live.name

    @property
    def exchange_id(self) -> str:
        return self._live.exchange_id

    @property
    def simulated(self) -> bool:
        return False

    def now(self) -> datetime:
        return self._live.now()

    # --- freshness -------------------------------------------------------------------------
    def staleness(self) -> Staleness | None:
        """The oldest data now being served from cache instead of live; None when all is live."""
        if not self._stale:
            return None
        far_past = datetime.min.replace(tzinfo=UTC)
        return min(self._stale.values(), key=lambda s: s.as_of or far_past)

    def stale_items(self) -> list[Staleness]:
        return list(self._stale.values())

    def _served_live(self, what: str) -> None:
        self._stale.pop(what, None)

    def _served_stale(self, what: str, as_of: datetime | None, exc: RetryableExchangeError) -> None:
        self._stale[what] = Staleness(what, as_of, exc.message)
        log.warning("%s unreachable: serving cached %s (%s)", self.exchange_id, what, exc.message)

    # --- markets -------------------------------------------------------------------------
    def spot_markets(self, *, reload: bool = False) -> SpotMarkets:
        if self._spot is not None and not reload:
            return self._spot
        what = "market list"
        try:
            spot = self._live.spot_markets(reload=reload)
        except RetryableExchangeError as exc:
            snap = self._snapshots.load("markets", "spot")
            if snap is None:
                raise _no_cache(exc, what) from exc
            spot = _decode_markets(self.exchange_id, snap)
            self._served_stale(what, snap.saved_at, exc)
        else:
            self._snapshots.save("markets", "spot", _encode_markets(spot), self.now())
            self._served_live(what)
        self._spot = spot
        return spot

    def markets(self) -> Mapping[str, MarketInfo]:
        return MappingProxyType(dict(self.spot_markets().by_symbol))

    def resolve(self, symbol: str) -> MarketInfo:
        return resolve(self.spot_markets(), symbol)

    # --- candles -------------------------------------------------------------------------
    def timeframe_ms(self, timeframe: str) -> int:
        return self._live.timeframe_ms(timeframe)

    def series(self, symbol: str, timeframe: str) -> OhlcvSeries:
        return OhlcvSeries(self._ohlcv_root, self.exchange_id, symbol, timeframe)

    def sync(
        self,
        symbol: str,
        timeframe: str,
        since: datetime | None = None,
        *,
        on_rows: Callable[[int], None] = lambda n: None,
    ) -> SyncReport:
        """Bring the cached series up to date (and back to ``since``); returns what changed.

        Each forward page is appended as it arrives, so an interrupted sync keeps its progress.
        """
        info = self.resolve(symbol)
        step = self._live.timeframe_ms(timeframe)
        series = self.series(info.symbol, timeframe)
        rows = series.load()
        meta = series.read_meta()
        now_ms = _ms(self.now())
        since_ms = None if since is None else _ms(since)
        requested = meta.requested_from_ms
        added = 0
        if len(rows) == 0:
            start = (
                since_ms if since_ms is not None else now_ms - (self._default_candles + 1) * step
            )
            added += self._append_pages(series, info.symbol, timeframe, start, on_rows)
            requested = start if requested is None else min(requested, start)
        else:
            first, last = int(rows[0, 0]), int(rows[-1, 0])
            if (
                since_ms is not None
                and since_ms < first
                and (requested is None or since_ms < requested)
            ):
                older = [
                    r
                    for page in self._live.iter_rows(
                        info.symbol, timeframe, _dt(since_ms), until=_dt(first - step)
                    )
                    for r in page
                    if r[0] < first
                ]
                if older:
                    series.replace(np.vstack([np.asarray(older, dtype=float), rows]))
                    added += len(older)
                    on_rows(len(older))
                requested = since_ms
            if now_ms >= last + 2 * step:  # a candle newer than the cache may have closed
                added += self._append_pages(series, info.symbol, timeframe, last + step, on_rows)
        series.write_meta(SeriesMeta(synced_at=self.now(), requested_from_ms=requested))
        final = series.load()
        return SyncReport(
            symbol=info.symbol,
            timeframe=timeframe,
            added=added,
            cached=len(final),
            first=_dt(final[0, 0]) if len(final) else None,
            last=_dt(final[-1, 0]) if len(final) else None,
        )

    def _append_pages(
        self,
        series: OhlcvSeries,
        symbol: str,
        timeframe: str,
        start_ms: int,
        on_rows: Callable[[int], None],
    ) -> int:
        added = 0
        for page in self._live.iter_rows(symbol, timeframe, _dt(start_ms)):
            series.append(page)
            added += len(page)
            on_rows(len(page))
        return added

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Closed candles from the cache, synced first; stale cache when the exchange is down."""
        info = self.resolve(symbol)
        what = f"{info.symbol} {timeframe} candles"
        series = self.series(info.symbol, timeframe)
        start = since
        if start is None and limit is not None:
            start = self.now() - timedelta(milliseconds=self._live.timeframe_ms(timeframe)) * (
                limit + 1
            )
        try:
            self.sync(info.symbol, timeframe, start)
        except RetryableExchangeError as exc:
            rows = series.load()
            if len(rows) == 0:
                raise _no_cache(exc, what) from exc
            as_of = series.read_meta().synced_at
            self._served_stale(what, as_of, exc)
        else:
            self._served_live(what)
        return select_candles(series.frame(), since, limit)

    # --- moments -------------------------------------------------------------------------
    def ticker(self, symbol: str) -> Ticker:
        info = self.resolve(symbol)
        return self._moment(
            "tickers",
            info.symbol,
            f"{info.symbol} ticker",
            Ticker,
            lambda: self._live.ticker(info.symbol),
        )

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        info = self.resolve(symbol)
        book = self._moment(
            "books",
            info.symbol,
            f"{info.symbol} order book",
            OrderBook,
            lambda: self._live.order_book(info.symbol, depth),
        )
        return book.model_copy(update={"bids": book.bids[:depth], "asks": book.asks[:depth]})

    def _moment(self, kind: str, key: str, what: str, model: type[M], fetch: Callable[[], M]) -> M:
        try:
            value = fetch()
        except RetryableExchangeError as exc:
            snap = self._snapshots.load(kind, key)
            if snap is None:
                raise _no_cache(exc, what) from exc
            try:
                value = model.model_validate(snap.data)
            except ValidationError as bad:
                raise snap.damaged(what, _first_error(bad)) from None
            self._served_stale(what, snap.saved_at, exc)
            return value
        self._snapshots.save(kind, key, value.model_dump(mode="json"), self.now())
        self._served_live(what)
        return value


def _no_cache(exc: RetryableExchangeError, what: str) -> RetryableExchangeError:
    return RetryableExchangeError(
        f"{exc.message} There is no cached {what} to fall back on.",
        hint=exc.hint,
    )


def _encode_markets(spot: SpotMarkets) -> dict[str, object]:
    return {
        "by_symbol": {s: m.model_dump(mode="json") for s, m in spot.by_symbol.items()},
        "ids": dict(spot.ids),
        "skipped": dict(spot.skipped),
    }


def _decode_markets(exchange: str, snap: Snapshot) -> SpotMarkets:
    """The saved market list, or a DataError naming the file: never an empty list by default."""
    data = snap.data
    what = "market list"
    if not isinstance(data, dict):
        raise snap.damaged(what, f"a JSON {type(data).__name__}, not an object")
    parts: dict[str, dict[str, Any]] = {}
    for key in ("by_symbol", "ids", "skipped"):
        value = data.get(key)
        if not isinstance(value, dict):
            raise snap.damaged(what, f"'{key}' is {type(value).__name__}, not an object")
        parts[key] = value
    try:
        by_symbol = {s: MarketInfo.model_validate(m) for s, m in parts["by_symbol"].items()}
    except ValidationError as exc:
        raise snap.damaged(what, _first_error(exc)) from None
    return SpotMarkets(exchange, by_symbol, parts["ids"], parts["skipped"])


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "the value"
    return f"{where}: {err['msg']}"
