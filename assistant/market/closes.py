"""Wide frames of closes (one column per asset) for the optimizer, from files or any market.

The optimizer wants a plain table: a UTC index of days and one float column of closes per asset.
:func:`load_closes` builds it from files (``coinpilot optimize --prices PATH``), :func:`all_closes`
from a file-backed market (the shipped history), :func:`closes_for` from any :class:`MarketData`.
All keep missing values as NaN (an asset not yet listed, delisted, or a gap): choosing the window
all assets share is the caller's decision, never made here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

import pandas as pd

from assistant.domain import DataError, UserInputError

from .csv_market import CsvMarket
from .csv_reader import csv_stem, read_header, read_ohlcv_csv, read_wide_closes
from .protocol import OHLCV_COLUMNS, MarketData
from .symbols import resolve_symbol


def _wide(series: dict[str, pd.Series]) -> pd.DataFrame:
    frame = pd.concat(series, axis=1, sort=True).astype(float)
    frame.index.name = "timestamp"
    frame.columns.name = None
    return frame


def load_closes(path: str | Path) -> pd.DataFrame:
    """Closes from a folder of ``SYMBOL.csv`` candle files, one such file, or one wide CSV.

    A file whose header holds ``open,high,low,close,volume`` is one asset's candles (named by the
    file); any other file is a wide table: a timestamp column, then one column per asset.
    """
    path = Path(path).expanduser()
    try:
        folder, exists = path.is_dir(), path.exists()
    except OSError as exc:  # a name too long
        raise DataError(f"{path} cannot be read ({exc.strerror}).") from None
    if folder:
        return all_closes(CsvMarket(path))
    if not exists:
        raise DataError(
            f"{path} does not exist.",
            hint="Give a folder of SYMBOL.csv candle files or one CSV of closes.",
        )
    names = {n.lower() for n in read_header(path)}
    if names.issuperset(OHLCV_COLUMNS):
        return _wide({csv_stem(path).upper(): read_ohlcv_csv(path)["close"]})
    return _wide({str(c): s for c, s in read_wide_closes(path).items()})


def all_closes(market: CsvMarket) -> pd.DataFrame:
    """Every close a file-backed market holds (the shipped history included), delisted too."""
    frames = {
        info.base: market.ohlcv(info.symbol, market.timeframe)["close"]
        for info in market.markets().values()
    }
    return _wide(frames)


def closes_for(
    market: MarketData,
    bases: Iterable[str],
    quote: str,
    days: int,
    *,
    include_inactive: bool = False,
) -> pd.DataFrame:
    """Daily closes of ``BASE/quote`` for the ``days`` days ending at ``market.now()``.

    Columns are the bases, upper-cased, in the order given. An asset that no longer trades is
    refused unless ``include_inactive`` (for backtests that must see survivorship).
    """
    if days < 2:
        raise UserInputError(f"closes need at least 2 days to give a return, got {days}.")
    since = market.now() - timedelta(days=days - 1)
    series: dict[str, pd.Series] = {}
    for base in bases:
        info = resolve_symbol(market, base, quote)
        if not info.active and not include_inactive:
            raise DataError(
                f"{info.symbol} no longer trades on {market.name}.",
                hint="Drop it from the universe; its history is still there for backtests.",
            )
        closes = market.ohlcv(info.symbol, "1d", since=since)["close"]
        if closes.empty:
            raise DataError(
                f"{market.name} has no daily candles for {info.symbol} in the last {days} days."
            )
        series[info.base] = closes
    if not series:
        raise UserInputError("closes_for needs at least one asset.")
    return _wide(series)
