"""Pure indicators and the spec's signal tilts: prices in, numbers out.

Every function here reads only the rows it is given and never looks past the last one, so the
backtester and the live engine can pass the window known at decision time and get the same
answer. Nothing here reads files, talks to an exchange or keeps state. Sentiment scores come from
the caller (the market/news layer computes them); this package only applies them.
"""

from .exchange_flow import flow_score
from .mean_reversion import OUFit, fit_ou
from .oscillators import BollingerBands, Macd, bollinger_bands, ema, macd, rsi
from .statistics import PERIODS_PER_YEAR, momentum, realized_volatility, rolling_correlation
from .tilts import TiltResult, apply_tilts

__all__ = [
    "PERIODS_PER_YEAR",
    "BollingerBands",
    "Macd",
    "OUFit",
    "TiltResult",
    "apply_tilts",
    "bollinger_bands",
    "ema",
    "fit_ou",
    "flow_score",
    "macd",
    "momentum",
    "realized_volatility",
    "rolling_correlation",
    "rsi",
]
