"""CsvMarket: a folder of ``SYMBOL.csv`` (or ``SYMBOL.csv.gz``) candle files as a read-only market.

Prices are real (whatever the files hold), so the market is not simulated; but a file has no
order book, so the ticker's bid/ask spread and the whole order book are synthesized from the last
close, recent volatility and recent traded value, and the book is marked ``simulated=True``.
The market's clock is the last candle across all files; a file that ends before that is a
delisted asset: its history stays readable, but its market is inactive and asking for its price
raises. Gaps are reported by :meth:`CsvMarket.gaps`, never filled. Files are parsed once, lazily.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from assistant.domain import DataError, MarketInfo, NotAvailableError, OrderBook, Ticker

from .candles import TIMEFRAMES, market_stats, select_candles, timeframe_of
from .csv_reader import csv_stem, read_ohlcv_csv
from .rules import market_info
from .symbols import lookup
from .synthetic import stable_rng, synthetic_book, synthetic_ticker

_SYMBOL_FILE = re.compile(r"^[A-Za-z0-9]+$")


@dataclass(frozen=True, slots=True)
class Gap:
    """Candles missing between two that exist: ``first`` to ``last`` open times, inclusive."""

    first: datetime
    last: datetime
    missing: int


def _symbol_files(folder: Path) -> dict[str, Path]:
    """``BASE -> file`` for every ``BASE.csv`` or ``BASE.csv.gz`` in ``folder``."""
    files: dict[str, Path] = {}
    for path in sorted([*folder.glob("*.csv"), *folder.glob("*.csv.gz")]):
        stem = csv_stem(path)
        if not _SYMBOL_FILE.match(stem):
            raise DataError(
                f"{path}: the file name must be the asset's symbol, e.g. BTC.csv.",
                hint="Rename it or move it out of the folder.",
            )
        if stem.upper() in files:
            raise DataError(
                f"{folder} holds two files for {stem.upper()}: "
                f"{files[stem.upper()].name} and {path.name}.",
                hint="Keep one of them.",
            )
        files[stem.upper()] = path
    if not files:
        raise DataError(
            f"{folder} holds no .csv files.",
            hint="Add one SYMBOL.csv per asset with timestamp,open,high,low,close,volume.",
        )
    return files


def _when(moment: pd.Timestamp) -> str:
    return moment.date().isoformat() if moment == moment.normalize() else moment.isoformat()


class CsvMarket:
    """Candles from ``<folder>/<BASE>.csv`` quoted in ``quote`` (USDT unless told otherwise)."""

    def __init__(self, folder: str | Path, *, quote: str = "USDT") -> None:
        try:
            self._folder = Path(folder).expanduser().resolve()
            if not self._folder.is_dir():
                raise DataError(
                    f"{self._folder} is not a folder.",
                    hint="Point csv:<folder> at a folder of SYMBOL.csv files (BTC.csv, ETH.csv).",
                )
            self._files = _symbol_files(self._folder)
        except OSError as exc:  # a name too long, a folder we may not list
            raise DataError(f"{folder} cannot be read ({exc.strerror}).") from None
        self._quote = quote.strip().upper()
        self._frames: dict[str, pd.DataFrame] = {}
        self._markets: Mapping[str, MarketInfo] | None = None
        self._timeframe: str | None = None
        self._now: pd.Timestamp | None = None

    @property
    def name(self) -> str:
        return f"csv:{self._folder}"

    @property
    def simulated(self) -> bool:
        return False

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def timeframe(self) -> str:
        """The candle length shared by every file (``1d``, ``4h``, ``1h``...)."""
        if self._timeframe is None:
            found = {b: timeframe_of(pd.DatetimeIndex(self._frame(b).index)) for b in self._files}
            kinds = {tf for tf in found.values() if tf is not None}
            if len(kinds) != 1:
                detail = ", ".join(f"{b}: {tf or '?'}" for b, tf in found.items())
                raise DataError(
                    f"{self._folder} does not hold one candle length ({detail}).",
                    hint="Keep one timeframe per folder: daily files in one, hourly in another.",
                )
            self._timeframe = kinds.pop()
        return self._timeframe

    def now(self) -> datetime:
        """The open time of the newest candle in any file."""
        if self._now is None:
            self._now = max(self._frame(b).index[-1] for b in self._files)
        return self._now.to_pydatetime()

    def markets(self) -> Mapping[str, MarketInfo]:
        """Rules from each file's last close; a file ending before the others is inactive."""
        if self._markets is None:
            _ = self.timeframe  # a folder mixing candle lengths is refused up front
            now = self.now()
            self._markets = MappingProxyType(
                {
                    f"{base}/{self._quote}": market_info(
                        base,
                        self._quote,
                        float(self._frame(base)["close"].iloc[-1]),
                        active=self._frame(base).index[-1] >= now,
                    )
                    for base in self._files
                }
            )
        return self._markets

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        info = lookup(self.markets(), symbol, self.name)
        if timeframe != self.timeframe:
            raise NotAvailableError(
                f"{self.name} holds {self.timeframe} candles; '{timeframe}' was asked for.",
                hint=f"Ask for '{self.timeframe}', or point at a folder of {timeframe} files.",
            )
        return select_candles(self._frame(info.base), since, limit)

    def ticker(self, symbol: str) -> Ticker:
        """The last close with a synthetic spread (real price, made-up bid/ask)."""
        info = self._trading(symbol)
        frame = self._frame(info.base)
        stats = market_stats(frame, self.timeframe)
        return synthetic_ticker(
            info,
            stats,
            timestamp=frame.index[-1].to_pydatetime(),
            simulated=False,
        )

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """A synthetic book around the last close, marked simulated: files have no depth."""
        info = self._trading(symbol)
        frame = self._frame(info.base)
        stats = market_stats(frame, self.timeframe)
        last = frame.index[-1]
        return synthetic_book(
            info,
            stats,
            timestamp=last.to_pydatetime(),
            depth=depth,
            rng=stable_rng("csv", info.symbol, int(last.timestamp())),
            simulated=True,
        )

    def gaps(self, symbol: str) -> list[Gap]:
        """Runs of missing candles inside the file (none before its first or after its last)."""
        info = lookup(self.markets(), symbol, self.name)
        index = pd.DatetimeIndex(self._frame(info.base).index)
        step = pd.Timedelta(TIMEFRAMES[self.timeframe])
        jumps = np.flatnonzero(index[1:] - index[:-1] > step)
        return [
            Gap(
                first=(index[i] + step).to_pydatetime(),
                last=(index[i + 1] - step).to_pydatetime(),
                missing=int((index[i + 1] - index[i]) / step) - 1,
            )
            for i in jumps.tolist()
        ]

    def delisted_on(self, symbol: str) -> datetime | None:
        """The last candle of an asset whose file stops early; ``None`` while it trades."""
        info = lookup(self.markets(), symbol, self.name)
        return None if info.active else self._frame(info.base).index[-1].to_pydatetime()

    def _trading(self, symbol: str) -> MarketInfo:
        info = lookup(self.markets(), symbol, self.name)
        if not info.active:
            last = self._frame(info.base).index[-1]
            newest = _when(pd.Timestamp(self.now()))
            raise DataError(
                f"{info.symbol} stopped trading on {_when(last)}.",
                hint=f"Its history stays readable; the other files run to {newest}. "
                "Choose another asset to hold.",
            )
        return info

    def _frame(self, base: str) -> pd.DataFrame:
        frame = self._frames.get(base)
        if frame is None:
            frame = self._load(base)
            self._frames[base] = frame
        return frame

    def _load(self, base: str) -> pd.DataFrame:
        """One asset's candles as served; a subclass may add to the file's (the history does)."""
        return read_ohlcv_csv(self._files[base])
