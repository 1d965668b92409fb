"""RSI, MACD and Bollinger Bands against hand computation, textbook recursions and `ta`."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from assistant.domain import UserInputError
from assistant.signals import bollinger_bands, ema, macd, rsi


def _walk(n: int = 400, seed: int = 1) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100.0 * np.exp(np.cumsum(rng.normal(0.0, 0.03, n))), name="X")


def _textbook_rsi(prices: list[float], n: int) -> list[float]:
    """Wilder (1978) as written: seed with simple means, then avg = (avg * (n-1) + x) / n."""
    changes = [b - a for a, b in itertools.pairwise(prices)]
    gains = [max(c, 0.0) for c in changes]
    losses = [max(-c, 0.0) for c in changes]
    avg_gain, avg_loss = sum(gains[:n]) / n, sum(losses[:n]) / n
    out = [float("nan")] * n + [100 - 100 / (1 + avg_gain / avg_loss)]
    for g, loss in zip(gains[n:], losses[n:], strict=True):
        avg_gain = (avg_gain * (n - 1) + g) / n
        avg_loss = (avg_loss * (n - 1) + loss) / n
        out.append(100 - 100 / (1 + avg_gain / avg_loss))
    return out


def test_rsi_of_a_hand_computed_series() -> None:
    # changes +2, -1, +3, -2 with n = 2: seed gain 1, loss 0.5 -> RS 2 -> RSI 66.67;
    # then gain (1*1 + 3)/2 = 2, loss (0.5 + 0)/2 = 0.25 -> RS 8 -> 88.89;
    # then gain (2 + 0)/2 = 1, loss (0.25 + 2)/2 = 1.125 -> RS 0.889 -> 47.06.
    out = rsi(pd.Series([10.0, 12.0, 11.0, 14.0, 12.0]), window=2)
    assert out.isna().tolist() == [True, True, False, False, False]
    assert out.iloc[2:].tolist() == pytest.approx([200 / 3, 800 / 9, 100 - 100 / (1 + 8 / 9)])


def test_rsi_matches_wilders_textbook_recursion_exactly() -> None:
    prices = _walk().tolist()
    ours = rsi(pd.Series(prices), window=14).to_numpy()
    assert np.allclose(ours, _textbook_rsi(prices, 14), rtol=0, atol=1e-12, equal_nan=True)


def test_rsi_converges_to_the_ta_library_after_its_warm_up() -> None:
    ta = pytest.importorskip("ta", reason="the `ta` package is the published reference (dev only)")
    prices = _walk()
    theirs = ta.momentum.RSIIndicator(prices, window=14).rsi()
    # ta seeds Wilder's average with the first change instead of a 14-day mean; the seed's
    # weight decays as (13/14)^k, so the two agree once the start is far behind.
    assert np.max(np.abs(rsi(prices).iloc[300:] - theirs.iloc[300:])) < 1e-6


def test_rsi_is_100_when_a_price_only_rises_and_per_column_for_tables() -> None:
    table = pd.DataFrame({"UP": np.arange(1.0, 31.0), "X": _walk(30).to_numpy()})
    out = rsi(table)
    assert (out["UP"].dropna() == 100.0).all()
    assert out["X"].equals(rsi(table["X"]))


def test_macd_matches_hand_ema_and_the_ta_library() -> None:
    prices = _walk()
    alpha = 2.0 / 13.0
    hand = [prices.iloc[0]]
    for p in prices.iloc[1:]:
        hand.append(alpha * p + (1 - alpha) * hand[-1])
    assert ema(prices, 12).iloc[11:].to_numpy() == pytest.approx(hand[11:], rel=1e-13)
    result = macd(prices)
    assert result.line.first_valid_index() == 25 and result.signal.first_valid_index() == 33
    assert np.allclose(result.histogram, result.line - result.signal, equal_nan=True)
    ta = pytest.importorskip("ta", reason="the `ta` package is the published reference (dev only)")
    ref = ta.trend.MACD(prices)
    assert np.allclose(result.line, ref.macd(), atol=1e-12, equal_nan=True)
    assert np.allclose(result.signal, ref.macd_signal(), atol=1e-12, equal_nan=True)


def test_bollinger_bands_use_the_population_deviation() -> None:
    bands = bollinger_bands(pd.Series([1.0, 2.0, 3.0, 4.0]), window=4, k=2.0)
    # mean 2.5, population sd sqrt(1.25)
    assert bands.middle.iloc[-1] == pytest.approx(2.5)
    assert bands.upper.iloc[-1] == pytest.approx(2.5 + 2 * 1.25**0.5)
    assert bands.percent_b.iloc[-1] == pytest.approx((4 - (2.5 - 2 * 1.25**0.5)) / (4 * 1.25**0.5))
    ta = pytest.importorskip("ta", reason="the `ta` package is the published reference (dev only)")
    prices = _walk()
    ref = ta.volatility.BollingerBands(prices, window=20, window_dev=2)
    ours = bollinger_bands(prices)
    assert np.allclose(ours.upper, ref.bollinger_hband(), atol=1e-10, equal_nan=True)
    assert np.allclose(ours.lower, ref.bollinger_lband(), atol=1e-10, equal_nan=True)


def test_indicators_never_use_later_rows() -> None:
    prices = _walk(200)
    changed = prices.copy()
    changed.iloc[150:] *= 3.0
    for fn in (rsi, lambda p: macd(p).signal, lambda p: bollinger_bands(p).upper):
        assert np.allclose(fn(prices).iloc[:150], fn(changed).iloc[:150], equal_nan=True)


@pytest.mark.parametrize("window", [0, -3, 2.5, True])
def test_a_bad_window_is_refused_with_a_fix(window: object) -> None:
    with pytest.raises(UserInputError, match="whole number"):
        rsi(_walk(50), window=window)  # type: ignore[arg-type]


def test_macd_refuses_a_fast_span_not_shorter_than_the_slow_one() -> None:
    with pytest.raises(UserInputError, match="shorter"):
        macd(_walk(50), fast=26, slow=12)
