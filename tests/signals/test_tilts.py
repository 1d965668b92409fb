"""The spec's tilts: momentum filter, mean-reversion tilt, sentiment tilt (and its absence)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.domain import SignalTilts
from assistant.signals import apply_tilts


def _closes() -> pd.DataFrame:
    days = 120
    rng = np.random.default_rng(5)
    up = 100 * np.exp(np.linspace(0, 0.5, days))
    down = 100 * np.exp(np.linspace(0, -0.5, days))
    # a noisy process pulled back to 100, ending well below its mean
    mr = [100.0]
    for _ in range(days - 2):
        mr.append(100 + 0.8 * (mr[-1] - 100) + rng.normal(0, 1.0))
    mr.append(94.0)
    index = pd.date_range("2024-01-01", periods=days, tz="UTC")
    return pd.DataFrame({"UP": up, "DOWN": down, "MR": mr}, index=index)


def test_zero_tilts_change_nothing_and_say_nothing() -> None:
    out = apply_tilts({"UP": 0.5, "DOWN": 0.5}, _closes(), SignalTilts())
    assert out.weights == {"UP": 0.5, "DOWN": 0.5} and out.notes == []


def test_the_momentum_filter_moves_a_falling_assets_weight_to_cash() -> None:
    out = apply_tilts({"UP": 0.5, "DOWN": 0.5}, _closes(), SignalTilts(momentum=0.6))
    assert out.weights["UP"] == 0.5
    assert out.weights["DOWN"] == pytest.approx(0.2)
    assert "DOWN" in out.notes[0] and "cash" in out.notes[0]


def test_the_mean_reversion_tilt_favours_the_asset_below_its_mean_and_keeps_the_total() -> None:
    weights = {"UP": 0.3, "MR": 0.3}
    out = apply_tilts(weights, _closes(), SignalTilts(mean_reversion=1.0))
    assert out.weights["MR"] > 0.3 > out.weights["UP"]
    assert sum(out.weights.values()) == pytest.approx(0.6)
    assert "mean-reversion tilt: MR" in out.notes[0]


def test_without_a_sentiment_input_the_tilt_reports_it_and_changes_nothing() -> None:
    out = apply_tilts({"UP": 0.5, "DOWN": 0.5}, _closes(), SignalTilts(sentiment=1.0))
    assert out.weights == {"UP": 0.5, "DOWN": 0.5}
    assert out.notes == ["sentiment tilt: no sentiment input was given, so weights are unchanged"]


def test_sentiment_scores_shift_weight_within_the_max_weight_cap() -> None:
    out = apply_tilts(
        {"UP": 0.4, "DOWN": 0.4, "MR": 0.2},
        _closes(),
        SignalTilts(sentiment=1.0),
        max_weight=0.45,
        sentiment={"UP": 1.0, "DOWN": -1.0},
    )
    assert out.weights["UP"] == pytest.approx(0.45)
    assert out.weights["DOWN"] < 0.4
    assert max(out.weights.values()) <= 0.45 + 1e-12
    assert sum(out.weights.values()) == pytest.approx(1.0)
