"""The demo exchange's price model: correlated, fat-tailed daily candles with volatility regimes.

Each coin's daily log return is a market factor, a sector factor and its own noise, all Student-t
(4 degrees of freedom, scaled to unit variance), with volatility set by a market-wide two-state
Markov chain (calm or turbulent; turbulence lifts the market factor most, so correlations rise in
a sell-off as they do in crypto). A weak pull of the log price towards the coin's level keeps a
decade of simulation at believable prices without visibly changing the return statistics.

Every random stream is drawn day by day from a fixed epoch, so the history up to a date does not
depend on how far the simulation runs: the demo at tomorrow's date has today's candles plus one.
This module is pure numpy: no I/O, no clock, no knowledge of symbols beyond the asset table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .demo_assets import PEGGED_QUOTE_VOLUME, SECTORS, DemoAsset

Array = NDArray[np.float64]

_MODEL_VERSION = 1  # bump when the model changes, so old seeds do not silently mean new paths
_TAIL_DF = 4.0
_P_CALM_TO_TURBULENT = 1 / 150
_P_TURBULENT_TO_CALM = 1 / 40
_TURBULENT_MARKET_VOL = 2.3  # relative to calm, before normalising
_TURBULENT_OTHER_VOL = 1.6
_DRIFT_IN_SIGMAS = (0.015, -0.055)  # calm rallies slowly, turbulence sells off; zero on average
_LEVEL_HALF_LIFE_DAYS = 120.0
_WICK = 0.5  # wick length in units of the day's volatility
_PEG_VOL = 0.0002


@dataclass(frozen=True, slots=True)
class SimulatedHistory:
    """Daily candles: a column per base, a row per day from the epoch; volume in base units."""

    bases: tuple[str, ...]
    open: Array
    high: Array
    low: Array
    close: Array
    volume: Array
    turbulent: NDArray[np.bool_]
    daily_vol: Array  # each coin's long-run daily volatility, for spreads and books


def _student_t(rng: np.random.Generator, shape: tuple[int, int]) -> Array:
    draws: Array = rng.standard_t(_TAIL_DF, size=shape)
    return draws / math.sqrt(_TAIL_DF / (_TAIL_DF - 2))


def _regimes(rng: np.random.Generator, days: int) -> NDArray[np.bool_]:
    uniforms = rng.random(days)
    states = np.zeros(days, dtype=bool)
    turbulent = False
    for t in range(days):
        switch = _P_TURBULENT_TO_CALM if turbulent else _P_CALM_TO_TURBULENT
        turbulent = turbulent != (uniforms[t] < switch)
        states[t] = turbulent
    return states


def _vol_multiplier(turbulent: NDArray[np.bool_], ratio: float) -> Array:
    """Calm 1, turbulent ``ratio``, scaled so the long-run mean of the square is 1."""
    share = _P_CALM_TO_TURBULENT / (_P_CALM_TO_TURBULENT + _P_TURBULENT_TO_CALM)
    norm = math.sqrt((1 - share) + share * ratio**2)
    return np.where(turbulent, ratio, 1.0) / norm


def _ar1(shocks: Array, phi: float) -> Array:
    from scipy.signal import lfilter  # imported here: scipy.signal costs ~1 s at start-up

    filtered: Array = lfilter([1.0], [1.0, -phi], shocks, axis=0)
    return filtered


def simulate(assets: tuple[DemoAsset, ...], seed: int, days: int) -> SimulatedHistory:
    """``days`` daily candles for every asset plus the pegged stablecoin (the last column)."""
    streams = [
        np.random.default_rng(s) for s in np.random.SeedSequence([seed, _MODEL_VERSION]).spawn(7)
    ]
    n = len(assets)
    turbulent = _regimes(streams[0], days)
    market_mult = _vol_multiplier(turbulent, _TURBULENT_MARKET_VOL)[:, None]
    other_mult = _vol_multiplier(turbulent, _TURBULENT_OTHER_VOL)[:, None]
    sigma = np.array([a.annual_vol for a in assets]) / math.sqrt(365)
    m_share = np.array([a.market_share for a in assets])
    s_share = np.array([a.sector_share for a in assets])
    sector = np.array([SECTORS.index(a.sector) for a in assets])

    market = _student_t(streams[1], (days, 1))
    sectors = _student_t(streams[2], (days, len(SECTORS)))[:, sector]
    own = _student_t(streams[3], (days, n))
    shocks = (
        np.sqrt(m_share) * market_mult * market
        + np.sqrt(s_share) * other_mult * sectors
        + np.sqrt(1 - m_share - s_share) * other_mult * own
    )
    drift = np.where(turbulent, _DRIFT_IN_SIGMAS[1], _DRIFT_IN_SIGMAS[0])[:, None]
    returns = sigma * (shocks + drift)
    level = _ar1(returns, 1 - math.log(2) / _LEVEL_HALF_LIFE_DAYS)
    close = np.array([a.price for a in assets]) * np.exp(level)
    open_ = np.vstack([np.array([a.price for a in assets])[None, :], close[:-1]])
    day_vol = sigma * np.sqrt(m_share * market_mult**2 + (1 - m_share) * other_mult**2)
    wicks = np.abs(streams[4].standard_normal((days, 2 * n))) * _WICK
    high = np.maximum(open_, close) * np.exp(day_vol * wicks[:, :n])
    low = np.minimum(open_, close) * np.exp(-day_vol * wicks[:, n:])

    activity = 0.6 * (np.abs(returns) / day_vol - 0.8) + np.where(turbulent, 0.45, -0.1)[:, None]
    noise = _ar1(streams[5].standard_normal((days, n + 1)) * 0.15, 0.8)
    quote_volume = np.array([a.quote_volume for a in assets]) * np.exp(activity + noise[:, :n])

    peg = _pegged(streams[6], turbulent, noise[:, n])
    return SimulatedHistory(
        bases=(*(a.base for a in assets), "USDC"),
        open=np.column_stack([open_, peg[0]]),
        high=np.column_stack([high, peg[1]]),
        low=np.column_stack([low, peg[2]]),
        close=np.column_stack([close, peg[3]]),
        volume=np.column_stack([quote_volume / close, peg[4]]),
        turbulent=turbulent,
        daily_vol=np.append(sigma, _PEG_VOL),
    )


def _pegged(
    rng: np.random.Generator, turbulent: NDArray[np.bool_], noise: Array
) -> tuple[Array, Array, Array, Array, Array]:
    """A stablecoin: a strongly mean-reverting wobble around 1.0 that widens in turbulence."""
    scale = np.where(turbulent, 3.0, 1.0) * _PEG_VOL
    draws = _student_t(rng, (len(turbulent), 3))
    close = np.clip(1.0 + _ar1(scale * draws[:, 0], 0.6), 0.985, 1.015)
    open_ = np.concatenate([[1.0], close[:-1]])
    high = np.maximum(open_, close) + scale * np.abs(draws[:, 1])
    low = np.minimum(open_, close) - scale * np.abs(draws[:, 2])
    quote_volume = PEGGED_QUOTE_VOLUME * np.exp(noise + np.where(turbulent, 0.5, 0.0))
    return open_, high, low, close, quote_volume / close
