"""The ``history`` market: real Binance daily candles shipped with CoinPilot, plus fetched days.

``assistant/market/data/daily`` holds 21 coins' USDT daily candles up to 2026-01-05 (provenance in
its README). ``coinpilot market fetch binance`` appends later days to the user's candle cache
(``$COINPILOT_HOME/cache/ohlcv/binance/BASE-USDT/1d.csv``); this market serves each shipped file
followed by the cached days that continue it, so backtests see both without the network.

The market is a panel, so its clock is honest for every asset at once: it ends on the last day
that *every* still-listed coin has. A coin fetched further than the others is cut to that day
rather than making the others look delisted; only the coins whose shipped file stops early (MATIC
and XMR, delisted by Binance) are inactive. Cached days that do not continue a shipped file
without a gap are not used (:meth:`HistoryMarket.coverage` says so), and nothing is ever filled.
The shipped files are never written to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import pandas as pd

from .cache_io import cache_root
from .cache_ohlcv import OhlcvSeries
from .csv_market import CsvMarket
from .csv_reader import read_ohlcv_csv
from .symbols import normalize_symbol

#: The folder of shipped ``SYMBOL.csv.gz`` files (package data, present in a wheel and a checkout).
SHIPPED_DAILY: Final = Path(__file__).resolve().parent / "data" / "daily"
#: Where the shipped candles come from, and so which cached series may continue them.
EXCHANGE: Final = "binance"
QUOTE: Final = "USDT"
TIMEFRAME: Final = "1d"
NAME: Final = "history"
_DAY: Final = pd.Timedelta(days=1)


def continues(exchange: str, timeframe: str) -> bool:
    """Whether candles of ``exchange`` at ``timeframe`` can extend the shipped history."""
    return exchange.strip().lower() == EXCHANGE and timeframe == TIMEFRAME


@dataclass(frozen=True)
class Coverage:
    """How far one coin's history reaches: shipped, fetched, and what the market serves."""

    base: str
    shipped_last: datetime
    fetched_last: datetime | None  # the last cached day that continues the file; None: none
    listed: bool  # False: the shipped file stops early (the coin was delisted)
    problem: str | None = None  # why cached days were not used


class HistoryMarket(CsvMarket):
    """The shipped daily history, extended by the candle cache under ``home`` when given."""

    def __init__(self, home: Path | None = None, *, folder: Path = SHIPPED_DAILY) -> None:
        super().__init__(folder, quote=QUOTE)
        self._ohlcv_cache = None if home is None else cache_root(home) / "ohlcv"
        self._shipped: dict[str, pd.DataFrame] = {}
        self._coverage: dict[str, Coverage] = {}
        self._extended: dict[str, pd.DataFrame] = {}
        self._shipped_end: pd.Timestamp | None = None
        self._end: pd.Timestamp | None = None

    @property
    def name(self) -> str:
        return NAME

    def shipped_last(self) -> datetime:
        """The last day of the shipped snapshot (2026-01-05 in this release)."""
        return self._snapshot_end().to_pydatetime()

    def listed(self) -> list[str]:
        """Coins still trading when the snapshot was taken: their file reaches its last day."""
        last = self._snapshot_end()
        return [b for b in self._files if self._shipped_frame(b).index[-1] == last]

    def listed_pairs(self) -> list[str]:
        """``BASE/USDT`` for every listed coin: what ``market fetch binance`` extends by default."""
        return [f"{b}/{QUOTE}" for b in sorted(self.listed())]

    def starts(self, exchange: str, timeframe: str, symbols: Iterable[str]) -> dict[str, datetime]:
        """The first day to fetch for each symbol that continues a shipped file (the day after
        the snapshot), so the cache joins the history without a gap. Other symbols, exchanges
        and timeframes are not the history's business and get no entry."""
        if not continues(exchange, timeframe):
            return {}
        listed = set(self.listed_pairs())
        first = (self._snapshot_end() + _DAY).to_pydatetime()
        return {s: first for s in symbols if normalize_symbol(s) in listed}

    def coverage(self) -> list[Coverage]:
        """Each coin's reach, shipped and fetched, in symbol order."""
        for base in self._files:
            self._extended_frame(base)
        return [self._coverage[b] for b in sorted(self._files)]

    def end(self) -> datetime:
        """The market's last day: the last day every listed coin has, shipped or fetched."""
        if self._end is None:
            self._end = min(self._extended_frame(b).index[-1] for b in self.listed())
        return self._end.to_pydatetime()

    def _load(self, base: str) -> pd.DataFrame:
        frame = self._extended_frame(base)
        return frame.loc[frame.index <= pd.Timestamp(self.end())]

    def _snapshot_end(self) -> pd.Timestamp:
        if self._shipped_end is None:
            self._shipped_end = pd.Timestamp(
                max(self._shipped_frame(b).index[-1] for b in self._files)
            )
        return self._shipped_end

    def _shipped_frame(self, base: str) -> pd.DataFrame:
        frame = self._shipped.get(base)
        if frame is None:
            frame = self._shipped[base] = read_ohlcv_csv(self._files[base])
        return frame

    def _extended_frame(self, base: str) -> pd.DataFrame:
        frame = self._extended.get(base)
        if frame is None:
            frame, coverage = self._extend(base)
            self._extended[base], self._coverage[base] = frame, coverage
        return frame

    def _extend(self, base: str) -> tuple[pd.DataFrame, Coverage]:
        shipped = self._shipped_frame(base)
        last = shipped.index[-1]
        listed = last == self._snapshot_end()
        plain = Coverage(base, last.to_pydatetime(), None, listed)
        if self._ohlcv_cache is None or not listed:
            return shipped, plain
        cached = OhlcvSeries(self._ohlcv_cache, EXCHANGE, f"{base}/{QUOTE}", TIMEFRAME).frame()
        newer = cached.loc[cached.index > last]
        if newer.empty:
            return shipped, plain
        if newer.index[0] != last + _DAY:
            problem = (
                f"the cached {base}/{QUOTE} days start on {newer.index[0].date()}, not on "
                f"{(last + _DAY).date()}, the day after the shipped history; they are not used "
                "so no gap is served."
            )
            return shipped, Coverage(base, last.to_pydatetime(), None, listed, problem)
        frame = pd.concat([shipped, newer.astype(float)])
        frame.index = pd.DatetimeIndex(frame.index, name="timestamp")
        return frame, Coverage(base, last.to_pydatetime(), newer.index[-1].to_pydatetime(), True)
