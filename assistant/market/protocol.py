"""The market-data port: every source of prices (demo, CSV, ccxt) looks like this.

A market never trades; it only describes. Everything it returns is already validated: an adapter
that reads a NaN, a zero price or an unknown symbol raises a :class:`DataError` or
:class:`UnknownSymbolError` instead of handing bad numbers up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from assistant.domain import MarketInfo, OrderBook, Ticker

if TYPE_CHECKING:
    import pandas as pd

#: Columns of every OHLCV frame; the index is a tz-aware UTC ``DatetimeIndex`` of candle open times.
OHLCV_COLUMNS = ("open", "high", "low", "close", "volume")


@runtime_checkable
class MarketData(Protocol):
    @property
    def name(self) -> str:
        """How the user selects it: ``demo``, ``csv:<folder>``, ``ccxt:<exchange>``."""
        ...

    @property
    def simulated(self) -> bool:
        """True when prices are not real; every surface must say so."""
        ...

    def now(self) -> datetime:
        """The market's clock (UTC): wall time for live data, the last candle for files."""
        ...

    def markets(self) -> Mapping[str, MarketInfo]:
        """Tradable pairs keyed by ``BASE/QUOTE``."""
        ...

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Candles for ``BASE/QUOTE`` with columns :data:`OHLCV_COLUMNS`, oldest first."""
        ...

    def ticker(self, symbol: str) -> Ticker: ...

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook: ...
