"""Market data: the :class:`MarketData` port and its offline adapters (demo, CSV, shipped history).

Adapters only describe markets; none of them trades. See DESIGN.md for the layer rules.

Each name's module is imported on first use (:mod:`assistant._lazy`): listing the demo's
markets must not load pandas or the CSV readers.
"""

from typing import TYPE_CHECKING

from assistant._lazy import lazy_exports

if TYPE_CHECKING:
    from .candles import TIMEFRAMES as TIMEFRAMES
    from .candles import MarketStats as MarketStats
    from .candles import market_stats as market_stats
    from .candles import select_candles as select_candles
    from .candles import to_utc as to_utc
    from .candles import utc_midnight as utc_midnight
    from .closes import all_closes as all_closes
    from .closes import closes_for as closes_for
    from .closes import load_closes as load_closes
    from .csv_market import CsvMarket as CsvMarket
    from .csv_market import Gap as Gap
    from .csv_reader import read_ohlcv_csv as read_ohlcv_csv
    from .csv_reader import read_wide_closes as read_wide_closes
    from .demo import DEFAULT_HISTORY_DAYS as DEFAULT_HISTORY_DAYS
    from .demo import DemoMarket as DemoMarket
    from .demo_assets import DEMO_ASSETS as DEMO_ASSETS
    from .demo_assets import DEMO_QUOTE as DEMO_QUOTE
    from .demo_assets import DemoAsset as DemoAsset
    from .factory import is_live as is_live
    from .factory import open_market as open_market
    from .fx import ConversionRate as ConversionRate
    from .fx import conversion_rate as conversion_rate
    from .history import HistoryMarket as HistoryMarket
    from .protocol import OHLCV_COLUMNS as OHLCV_COLUMNS
    from .protocol import MarketData as MarketData
    from .rules import DEFAULT_MAKER_FEE as DEFAULT_MAKER_FEE
    from .rules import DEFAULT_MIN_NOTIONAL as DEFAULT_MIN_NOTIONAL
    from .rules import DEFAULT_TAKER_FEE as DEFAULT_TAKER_FEE
    from .rules import FIAT as FIAT
    from .rules import STABLECOINS as STABLECOINS
    from .rules import amount_step_for as amount_step_for
    from .rules import market_info as market_info
    from .rules import price_step_for as price_step_for
    from .rules import round_to_step as round_to_step
    from .symbols import normalize_symbol as normalize_symbol
    from .symbols import resolve_symbol as resolve_symbol
    from .symbols import universe_candidates as universe_candidates
    from .synthetic import MAX_BOOK_DEPTH as MAX_BOOK_DEPTH
    from .synthetic import spread_fraction as spread_fraction
    from .synthetic import synthetic_book as synthetic_book
    from .synthetic import synthetic_ticker as synthetic_ticker
else:
    _LAZY = {
        ".candles": (
            "TIMEFRAMES",
            "MarketStats",
            "market_stats",
            "select_candles",
            "to_utc",
            "utc_midnight",
        ),
        ".closes": ("all_closes", "closes_for", "load_closes"),
        ".csv_market": ("CsvMarket", "Gap"),
        ".csv_reader": ("read_ohlcv_csv", "read_wide_closes"),
        ".demo": ("DEFAULT_HISTORY_DAYS", "DemoMarket"),
        ".demo_assets": ("DEMO_ASSETS", "DEMO_QUOTE", "DemoAsset"),
        ".factory": ("is_live", "open_market"),
        ".fx": ("ConversionRate", "conversion_rate"),
        ".history": ("HistoryMarket",),
        ".protocol": ("OHLCV_COLUMNS", "MarketData"),
        ".rules": (
            "DEFAULT_MAKER_FEE",
            "DEFAULT_MIN_NOTIONAL",
            "DEFAULT_TAKER_FEE",
            "FIAT",
            "STABLECOINS",
            "amount_step_for",
            "market_info",
            "price_step_for",
            "round_to_step",
        ),
        ".symbols": ("normalize_symbol", "resolve_symbol", "universe_candidates"),
        ".synthetic": ("MAX_BOOK_DEPTH", "spread_fraction", "synthetic_book", "synthetic_ticker"),
    }
    __getattr__ = lazy_exports(__name__, _LAZY)
