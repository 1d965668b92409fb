"""RSI, MACD and Bollinger as tilts: the direction each one moves weight, and what it says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.domain import SignalTilts
from assistant.signals import apply_tilts, bollinger_bands, macd, rsi

DAYS = 120


def _closes(up: np.ndarray, down: np.ndarray) -> pd.DataFrame:
    index = pd.date_range("2025-01-01", periods=len(up), freq="D", tz="UTC")
    return pd.DataFrame({"UP": up, "DOWN": down}, index=index)


def _trends() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    noise = rng.normal(0.0, 0.004, size=(DAYS, 2))
    up = 100 * np.exp(np.cumsum(0.01 + noise[:, 0]))
    down = 100 * np.exp(np.cumsum(-0.01 + noise[:, 1]))
    return _closes(up, down)


EVEN = {"UP": 0.5, "DOWN": 0.5}


def test_rsi_is_contrarian_it_adds_to_the_oversold_coin() -> None:
    closes = _trends()
    levels = rsi(closes).iloc[-1]
    assert levels["UP"] > 70 and levels["DOWN"] < 30
    out = apply_tilts(EVEN, closes, SignalTilts(rsi=1.0))
    assert out.weights["DOWN"] > 0.5 > out.weights["UP"]
    assert sum(out.weights.values()) == pytest.approx(1.0)
    assert any(n.startswith("RSI tilt: ") and "DOWN RSI" in n for n in out.notes)


def test_macd_follows_the_trend() -> None:
    closes = _trends()
    hist = macd(closes).histogram.iloc[-1]
    out = apply_tilts(EVEN, closes, SignalTilts(macd=1.0))
    assert np.sign(out.weights["UP"] - 0.5) == np.sign(hist["UP"] - hist["DOWN"])
    assert sum(out.weights.values()) == pytest.approx(1.0)


def test_bollinger_adds_below_the_lower_band_and_takes_above_the_upper() -> None:
    flat = np.full(DAYS, 100.0) + np.sin(np.arange(DAYS))  # a band with some width
    low, high = flat.copy(), flat.copy()
    low[-1], high[-1] = 90.0, 110.0
    closes = pd.DataFrame(
        {"LOW": low, "HIGH": high},
        index=pd.date_range("2025-01-01", periods=DAYS, freq="D", tz="UTC"),
    )
    b = bollinger_bands(closes).percent_b.iloc[-1]
    assert b["LOW"] < 0.0 and b["HIGH"] > 1.0
    out = apply_tilts({"LOW": 0.4, "HIGH": 0.4}, closes, SignalTilts(bollinger=0.5))
    assert out.weights["LOW"] > 0.4 > out.weights["HIGH"]
    assert sum(out.weights.values()) == pytest.approx(0.8)  # the cash share is kept


def test_the_cap_holds_after_an_indicator_tilt() -> None:
    out = apply_tilts(EVEN, _trends(), SignalTilts(rsi=1.0), max_weight=0.55)
    assert max(out.weights.values()) <= 0.55 + 1e-12


def test_too_few_closes_is_said_and_changes_nothing() -> None:
    closes = _trends().iloc[:10]
    out = apply_tilts(EVEN, closes, SignalTilts(rsi=1.0, macd=1.0, bollinger=1.0))
    assert out.weights == EVEN
    assert len([n for n in out.notes if "too few closes" in n]) == 3


def test_a_tilt_at_zero_strength_changes_nothing() -> None:
    out = apply_tilts(EVEN, _trends(), SignalTilts())
    assert out.weights == EVEN and out.notes == []
