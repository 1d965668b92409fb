"""The spec's optional signal tilts, applied on top of the optimizer's target weights.

Each tilt has a strength ``s`` in 0..1 (0 is off). They run in this order, and every one that
changes a weight says so in the notes, because a tilt is a departure from the optimizer that a
person must be able to see:

1. **Momentum filter**: an asset whose ``momentum_window``-day return (or the return over all the
   closes given, when they are fewer) is negative keeps only ``1 - s`` of its weight; the rest
   goes to cash (s = 1 drops falling assets entirely).
2. **Mean-reversion tilt**: an Ornstein-Uhlenbeck fit of the log closes over the last
   ``reversion_window`` days gives each reverting asset a z-score ``z`` (distance from its
   mean in equilibrium standard deviations). Its weight is multiplied by
   ``1 - s * clip(z, -1, 1) / 2``: up to ``s/2`` more below its mean, less above it.
3. **Sentiment tilt**: a score in -1..1 per asset (from the news/sentiment source) multiplies
   the weight by ``1 + s * score / 2``. Without a sentiment input the tilt changes nothing and
   the notes say "no sentiment input".
4. **Exchange-flow tilt**: the same, with the on-chain exchange-flow score in -1..1
   (:mod:`.exchange_flow`: positive for unusual net outflow from exchanges). Assets without
   on-chain history keep their weight, and the notes name the ones that had a score.
5. **RSI tilt** (contrarian): Wilder's 14-day RSI at the last close gives
   ``x = (50 - RSI) / 50`` (+1 at RSI 0, oversold; -1 at RSI 100, overbought).
6. **MACD tilt** (trend): the 12/26/9 histogram at the last close over 1% of that close,
   clipped to -1..1, is ``x``: a MACD above its signal line adds weight, below it takes some.
7. **Bollinger tilt** (contrarian): %B of the 20-day, 2-sigma bands gives
   ``x = clip(1 - 2 %B, -1, 1)`` (+1 at the lower band, -1 at the upper one).

   Tilts 5 to 7 multiply the weight by ``1 + s * x / 2``. An asset with too few closes for the
   indicator keeps its weight, and the note says which had no reading.

Tilts 2 to 7 keep the invested total: the tilted weights are rescaled to the sum they had, with
no weight above ``max_weight`` (any excess that cannot be placed goes to cash). The momentum
filter deliberately moves weight to cash and may take a weight below ``min_weight``.
The window passed in must end at the last close known at decision time: this module never
looks at anything else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assistant.domain import DataError, SignalTilts

from .mean_reversion import fit_ou
from .oscillators import bollinger_bands, macd, rsi

__all__ = ["NO_FLOW_INPUT", "NO_SENTIMENT_INPUT", "TiltResult", "apply_tilts"]

#: The notes of a sentiment or exchange-flow tilt given no input (a caller that knows why, such
#: as a preview with stale news, replaces them with its own sentence).
NO_SENTIMENT_INPUT = "sentiment tilt: no sentiment input was given, so weights are unchanged"
NO_FLOW_INPUT = "exchange-flow tilt: no on-chain input was given, so weights are unchanged"

_EPS = 1e-12
#: Fewest days a momentum reading uses; an OU fit needs twice as many closes.
_MIN_DAYS = 5


@dataclass(frozen=True)
class TiltResult:
    """Tilted weights per asset (cash is ``1 - sum``) and one note per tilt that acted."""

    weights: dict[str, float]
    notes: list[str] = field(default_factory=list)


def apply_tilts(
    weights: Mapping[str, float],
    closes: pd.DataFrame,
    tilts: SignalTilts,
    *,
    max_weight: float = 1.0,
    sentiment: Mapping[str, float] | None = None,
    exchange_flow: Mapping[str, float] | None = None,
    momentum_window: int = 90,
    reversion_window: int = 90,
) -> TiltResult:
    """Apply the non-zero tilts of ``tilts`` to ``weights`` using the trailing ``closes``."""
    out = {str(a): float(w) for a, w in weights.items()}
    notes: list[str] = []
    if tilts.momentum > 0.0:
        out = _momentum_filter(out, closes, tilts.momentum, momentum_window, notes)
    if tilts.mean_reversion > 0.0:
        factors = _reversion_factors(out, closes, tilts.mean_reversion, reversion_window, notes)
        out = _rescale(out, factors, max_weight, notes, "mean-reversion")
    if tilts.sentiment > 0.0:
        if sentiment is None:
            notes.append(NO_SENTIMENT_INPUT)
        else:
            factors = _sentiment_factors(out, sentiment, tilts.sentiment, notes)
            out = _rescale(out, factors, max_weight, notes, "sentiment")
    if tilts.exchange_flow > 0.0:
        if exchange_flow is None:
            notes.append(NO_FLOW_INPUT)
        else:
            factors = _score_factors(
                out, exchange_flow, tilts.exchange_flow, notes, "exchange-flow"
            )
            out = _rescale(out, factors, max_weight, notes, "exchange-flow")
    for label, strength, reading in (
        ("RSI", tilts.rsi, _rsi_reading),
        ("MACD", tilts.macd, _macd_reading),
        ("Bollinger", tilts.bollinger, _bollinger_reading),
    ):
        if strength > 0.0:
            factors = _indicator_factors(out, closes, strength, label, reading, notes)
            out = _rescale(out, factors, max_weight, notes, label)
    return TiltResult(weights=out, notes=notes)


#: Closes each indicator needs for a reading at the last close.
_RSI_DAYS, _MACD_DAYS, _BOLLINGER_DAYS = 15, 34, 20


def _rsi_reading(values: np.ndarray) -> tuple[float, str] | None:
    if len(values) < _RSI_DAYS:
        return None
    level = float(rsi(pd.Series(values)).iloc[-1])
    return (50.0 - level) / 50.0, f"RSI {level:.0f}"


def _macd_reading(values: np.ndarray) -> tuple[float, str] | None:
    if len(values) < _MACD_DAYS:
        return None
    hist = float(macd(pd.Series(values)).histogram.iloc[-1])
    share = hist / float(values[-1])
    return float(np.clip(share / 0.01, -1.0, 1.0)), f"histogram {share:+.2%} of the price"


def _bollinger_reading(values: np.ndarray) -> tuple[float, str] | None:
    if len(values) < _BOLLINGER_DAYS:
        return None
    b = float(bollinger_bands(pd.Series(values)).percent_b.iloc[-1])
    if np.isnan(b):
        return None
    return float(np.clip(1.0 - 2.0 * b, -1.0, 1.0)), f"%B {b:.2f}"


def _indicator_factors(
    weights: dict[str, float],
    closes: pd.DataFrame,
    s: float,
    label: str,
    reading: Callable[[np.ndarray], tuple[float, str] | None],
    notes: list[str],
) -> dict[str, float]:
    factors: dict[str, float] = {}
    read: list[str] = []
    missing: list[str] = []
    for asset, w in weights.items():
        if w <= 0.0:
            continue
        values = _column(closes, asset, len(closes))
        got = reading(values)
        if got is None:
            missing.append(asset)
            continue
        x, text = got
        factors[asset] = 1.0 + s * x / 2.0
        read.append(f"{asset} {text}")
    if read:
        notes.append(f"{label} tilt: " + ", ".join(read))
    if missing:
        notes.append(
            f"{label} tilt: too few closes for a reading of {', '.join(missing)}; "
            "their weights are unchanged"
        )
    return factors


def _column(closes: pd.DataFrame, asset: str, window: int) -> np.ndarray:
    if asset not in closes.columns:
        raise DataError(
            f"The tilt needs closes for {asset}, which are not in the window.",
            hint="Pass the same closes the optimizer used.",
        )
    values = closes[asset].to_numpy(dtype=np.float64)
    values = values[~np.isnan(values)]
    return np.asarray(values[-(window + 1) :], dtype=np.float64)


def _momentum_filter(
    weights: dict[str, float], closes: pd.DataFrame, s: float, window: int, notes: list[str]
) -> dict[str, float]:
    cut: list[str] = []
    out = dict(weights)
    spans: set[int] = set()
    for asset, w in weights.items():
        values = _column(closes, asset, window)
        span = len(values) - 1  # the window, or all the closes given when they are fewer
        if w <= 0.0 or span < _MIN_DAYS:
            continue
        change = values[-1] / values[0] - 1.0
        if change < 0.0:
            out[asset] = w * (1.0 - s)
            cut.append(f"{asset} ({change:+.1%})")
            spans.add(span)
    if cut:
        days = "/".join(str(d) for d in sorted(spans))
        notes.append(
            f"momentum filter: {', '.join(cut)} fell over {days} days, so each keeps "
            f"{1.0 - s:.0%} of its weight and the rest goes to cash"
        )
    return out


def _reversion_factors(
    weights: dict[str, float], closes: pd.DataFrame, s: float, window: int, notes: list[str]
) -> dict[str, float]:
    factors: dict[str, float] = {}
    moved: list[str] = []
    for asset, w in weights.items():
        values = _column(closes, asset, window)
        if w <= 0.0 or len(values) < _MIN_DAYS * 2:
            continue
        fit = fit_ou(np.log(values))
        z = fit.zscore(float(np.log(values[-1])))
        if np.isnan(z) or fit.half_life > window:
            continue
        factors[asset] = 1.0 - s * float(np.clip(z, -1.0, 1.0)) / 2.0
        moved.append(f"{asset} z={z:+.2f} (half-life {fit.half_life:.0f}d)")
    if moved:
        notes.append("mean-reversion tilt: " + ", ".join(moved))
    return factors


def _sentiment_factors(
    weights: dict[str, float], sentiment: Mapping[str, float], s: float, notes: list[str]
) -> dict[str, float]:
    return _score_factors(weights, sentiment, s, notes, "sentiment")


def _score_factors(
    weights: dict[str, float],
    scores: Mapping[str, float],
    s: float,
    notes: list[str],
    label: str,
) -> dict[str, float]:
    factors: dict[str, float] = {}
    for asset, w in weights.items():
        score = scores.get(asset)
        if w <= 0.0 or score is None or not np.isfinite(score):
            continue
        factors[asset] = 1.0 + s * float(np.clip(score, -1.0, 1.0)) / 2.0
    scored = ", ".join(f"{a} {scores[a]:+.2f}" for a in factors)
    notes.append(
        f"{label} tilt: {scored}" if scored else f"{label} tilt: no score for any held asset"
    )
    return factors


def _rescale(
    weights: dict[str, float],
    factors: Mapping[str, float],
    max_weight: float,
    notes: list[str],
    label: str,
) -> dict[str, float]:
    """Multiply by ``factors``, then restore the invested total under the ``max_weight`` cap."""
    if not factors:
        return weights
    budget = sum(weights.values())
    tilted = {a: w * factors.get(a, 1.0) for a, w in weights.items()}
    total = sum(tilted.values())
    if total <= _EPS:
        return weights
    out = {a: w * budget / total for a, w in tilted.items()}
    for _ in range(len(out) + 1):
        over = {a for a, w in out.items() if w > max_weight + _EPS}
        if not over:
            break
        excess = sum(out[a] - max_weight for a in over)
        for a in over:
            out[a] = max_weight
        free = {a: w for a, w in out.items() if w < max_weight - _EPS and w > 0.0}
        room = sum(free.values())
        if room <= _EPS:
            notes.append(f"{label} tilt: {excess:.2%} could not be placed under max_weight; cash")
            break
        for a, w in free.items():
            out[a] = w + excess * w / room
    return out
