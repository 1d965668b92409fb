"""The demo exchange's one fiat pair, EUR/USDT: a simulated euro rate for converting amounts.

Binance lists EUR/USDT, so a demo exchange that looks like it may list it too; CoinPilot uses it
only to convert an amount a person gives in euros ("I have €5,000") into the USDT it invests, at a
rate it can show with its source and time. The series is simulated, like every demo price: a
mean-reverting log rate whose parameters are round figures close to EUR/USD from 2016 to 2026
(between about 0.96 and 1.23, centred near 1.12, annualised volatility about 7%, shocks that
fade over a year or so). Its random stream is its own, so adding it changed no coin's candles.
It must never be read as a real exchange rate.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .demo_assets import FX_CENTRE, FX_QUOTE_VOLUME

Array = NDArray[np.float64]

FX_START = 1.09  # EUR/USD in early January 2016, where the demo's history begins
FX_ANNUAL_VOL = 0.07
FX_HALF_LIFE_DAYS = 365.0
FX_MIN, FX_MAX = 0.90, 1.35  # a guard only: EUR/USD stayed within 0.95-1.25 from 2015 to 2025
_STREAM = 978  # ISO 4217's number for EUR: this series' seed, apart from the coins' streams


def simulate_fx(seed: int, days: int) -> tuple[Array, Array, Array, Array, Array]:
    """``days`` daily candles (open, high, low, close, volume in euros) from the demo's epoch.

    Every draw is made day by day from one stream, so the candles before a date are the same
    whatever ``days`` is (a later ``as_of`` only adds days).
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, _STREAM]))
    draws = rng.standard_normal((days, 4))
    sigma = FX_ANNUAL_VOL / math.sqrt(365)
    phi = 1 - math.log(2) / FX_HALF_LIFE_DAYS
    centre = math.log(FX_CENTRE)
    level = np.empty(days)
    x = math.log(FX_START)
    for t in range(days):
        x = centre + phi * (x - centre) + sigma * draws[t, 0]
        level[t] = x
    close = np.clip(np.exp(level), FX_MIN, FX_MAX)
    open_ = np.concatenate([[FX_START], close[:-1]])
    high = np.maximum(open_, close) * np.exp(sigma * 0.5 * np.abs(draws[:, 1]))
    low = np.minimum(open_, close) * np.exp(-sigma * 0.5 * np.abs(draws[:, 2]))
    quote_volume = FX_QUOTE_VOLUME * np.exp(0.2 * draws[:, 3])
    return open_, high, low, close, quote_volume / close
