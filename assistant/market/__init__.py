"""Market data: the :class:`MarketData` port and its offline adapters (demo, CSV, shipped history).

Adapters only describe markets; none of them trades. See DESIGN.md for the layer rules.
"""

from .candles import TIMEFRAMES, MarketStats, market_stats, select_candles, to_utc, utc_midnight
from .closes import all_closes, closes_for, load_closes
from .csv_market import CsvMarket, Gap
from .csv_reader import read_ohlcv_csv, read_wide_closes
from .demo import DEFAULT_HISTORY_DAYS, DemoMarket
from .demo_assets import DEMO_ASSETS, DEMO_QUOTE, DemoAsset
from .factory import is_live, open_market
from .history import HistoryMarket
from .protocol import OHLCV_COLUMNS, MarketData
from .rules import (
    DEFAULT_MAKER_FEE,
    DEFAULT_MIN_NOTIONAL,
    DEFAULT_TAKER_FEE,
    STABLECOINS,
    amount_step_for,
    market_info,
    price_step_for,
    round_to_step,
)
from .symbols import normalize_symbol, resolve_symbol, top_by_volume
from .synthetic import MAX_BOOK_DEPTH, spread_fraction, synthetic_book, synthetic_ticker

__all__ = [
    "DEFAULT_HISTORY_DAYS",
    "DEFAULT_MAKER_FEE",
    "DEFAULT_MIN_NOTIONAL",
    "DEFAULT_TAKER_FEE",
    "DEMO_ASSETS",
    "DEMO_QUOTE",
    "MAX_BOOK_DEPTH",
    "OHLCV_COLUMNS",
    "STABLECOINS",
    "TIMEFRAMES",
    "CsvMarket",
    "DemoAsset",
    "DemoMarket",
    "Gap",
    "HistoryMarket",
    "MarketData",
    "MarketStats",
    "all_closes",
    "amount_step_for",
    "closes_for",
    "is_live",
    "load_closes",
    "market_info",
    "market_stats",
    "normalize_symbol",
    "open_market",
    "price_step_for",
    "read_ohlcv_csv",
    "read_wide_closes",
    "resolve_symbol",
    "round_to_step",
    "select_candles",
    "spread_fraction",
    "synthetic_book",
    "synthetic_ticker",
    "to_utc",
    "top_by_volume",
    "utc_midnight",
]
