"""DemoMarket: a seeded, offline, simulated exchange, the default market of CoinPilot.

It lists 21 coins and the USDC stablecoin against USDT with Binance-like rules, daily candles from
:mod:`.demo_paths`, and a synthetic ticker and order book per pair; and one fiat pair, EUR/USDT
(:mod:`.demo_fx`), whose only use is converting an amount given in euros at a rate shown.
Everything it returns is marked simulated; a surface that shows its numbers must say so. The same
seed and ``as_of`` always give the same data, and the candles before a date do not change when
``as_of`` moves later, so a demo portfolio opened yesterday keeps yesterday's prices in its
journal. It must never touch the network or pretend its prices are quotes.

numpy, pandas and the price simulation are imported by the methods that need candles, not at the
top: `coinpilot spec` validates a goal against the market list alone and starts faster without.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from assistant.domain import MarketInfo, NotAvailableError, OrderBook, Ticker, UserInputError

from .candles import market_stats, select_candles, utc_midnight
from .demo_assets import DEMO_ASSETS, DEMO_QUOTE, FX_BASE, FX_CENTRE, PEGGED_BASE
from .protocol import OHLCV_COLUMNS
from .rules import DEFAULT_MIN_NOTIONAL, market_info
from .symbols import lookup

if TYPE_CHECKING:
    import pandas as pd

    from .demo_paths import SimulatedHistory

#: The first simulated day; histories are drawn from here so earlier days never change.
EPOCH = datetime(2016, 1, 1, tzinfo=UTC)
#: Four years of daily candles ending at ``as_of``.
DEFAULT_HISTORY_DAYS = 1461


class DemoMarket:
    """A simulated exchange: deterministic for a ``seed`` and the ``as_of`` day (default today)."""

    def __init__(
        self,
        seed: int = 7,
        as_of: date | datetime | str | None = None,
        *,
        history_days: int = DEFAULT_HISTORY_DAYS,
    ) -> None:
        if seed < 0:
            raise UserInputError(f"the demo seed must be 0 or more, got {seed}.")
        self._seed = seed
        self._as_of = utc_midnight(as_of)
        first = self._as_of - timedelta(days=history_days - 1)
        if history_days < 2 or first < EPOCH:
            earliest = (EPOCH + timedelta(days=max(history_days, 2) - 1)).date()
            raise UserInputError(
                f"the demo simulates days from {EPOCH.date()} on; {history_days} days of history "
                f"ending {self._as_of.date()} do not fit.",
                hint=f"Use as_of on or after {earliest}, or at least 2 and fewer history days.",
            )
        self._days = (self._as_of - EPOCH).days + 1
        self._history_days = history_days
        self._history: SimulatedHistory | None = None
        self._frames: dict[str, pd.DataFrame] = {}
        levels = {a.base: (a.price, a.min_notional) for a in DEMO_ASSETS}
        levels[PEGGED_BASE] = (1.0, DEFAULT_MIN_NOTIONAL)
        levels[FX_BASE] = (FX_CENTRE, DEFAULT_MIN_NOTIONAL)
        self._markets: Mapping[str, MarketInfo] = MappingProxyType(
            {
                f"{base}/{DEMO_QUOTE}": market_info(base, DEMO_QUOTE, price, min_notional=minimum)
                for base, (price, minimum) in levels.items()
            }
        )

    @property
    def name(self) -> str:
        return "demo"

    @property
    def simulated(self) -> bool:
        return True

    @property
    def seed(self) -> int:
        return self._seed

    def now(self) -> datetime:
        """Midnight UTC of ``as_of``, the open time of the last daily candle."""
        return self._as_of

    def markets(self) -> Mapping[str, MarketInfo]:
        """Rules are fixed per listing (from each coin's price level), whatever the date."""
        return self._markets

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        info = lookup(self._markets, symbol, self.name)
        if timeframe != "1d":
            raise NotAvailableError(
                f"the demo market has daily candles only; '{timeframe}' was asked for.",
                hint="Use timeframe '1d', or csv:<folder> with intraday files.",
            )
        return select_candles(self._frame(info.base), since, limit)

    def ticker(self, symbol: str) -> Ticker:
        info = lookup(self._markets, symbol, self.name)
        stats = market_stats(self._frame(info.base), "1d")
        from .synthetic import synthetic_ticker

        return synthetic_ticker(
            info,
            stats,
            timestamp=self._as_of,
            simulated=True,
        )

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        info = lookup(self._markets, symbol, self.name)
        stats = market_stats(self._frame(info.base), "1d")
        from .synthetic import stable_rng, synthetic_book

        return synthetic_book(
            info,
            stats,
            timestamp=self._as_of,
            depth=depth,
            rng=stable_rng(self._seed, self._as_of.toordinal(), info.symbol),
            simulated=True,
        )

    def turbulent_days(self) -> pd.Series:
        """The hidden volatility regime per day (True = turbulent), for tests and explanations."""
        import pandas as pd

        history = self._simulated()
        index = self._index()
        return pd.Series(history.turbulent[-len(index) :], index=index, name="turbulent")

    def _simulated(self) -> SimulatedHistory:
        if self._history is None:
            from .demo_paths import simulate

            self._history = simulate(DEMO_ASSETS, self._seed, self._days)
        return self._history

    def _index(self) -> pd.DatetimeIndex:
        import pandas as pd

        first = self._as_of - timedelta(days=self._history_days - 1)
        return pd.date_range(first, self._as_of, freq="D", name="timestamp")

    def _frame(self, base: str) -> pd.DataFrame:
        frame = self._frames.get(base)
        if frame is None:
            import numpy as np
            import pandas as pd

            rows = slice(self._days - self._history_days, self._days)
            if base == FX_BASE:
                from .demo_fx import simulate_fx

                columns = [np.asarray(a[rows]) for a in simulate_fx(self._seed, self._days)]
            else:
                history = self._simulated()
                column = history.bases.index(base)
                arrays = (history.open, history.high, history.low, history.close, history.volume)
                columns = [np.asarray(a[rows, column]) for a in arrays]
            data = dict(zip(OHLCV_COLUMNS, columns, strict=True))
            frame = pd.DataFrame(data, index=self._index())
            self._frames[base] = frame
        return frame
