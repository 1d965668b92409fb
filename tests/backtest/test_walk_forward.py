"""Walk-forward: refits every K days on a rolling window that always ends before the trade."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from assistant.backtest import walk_forward
from assistant.domain import UserInputError
from tests.backtest.builders import Recording, random_walks, spec


def test_refits_happen_every_k_days_on_a_window_of_the_given_length() -> None:
    closes = random_walks(4, 300, seed=5)
    recorder = Recording()
    result = walk_forward(
        spec(list(closes.columns), rebalance={"drift_threshold": 0.5}),
        closes,
        allocator=recorder,
        refit_every=30,
        window=60,
    )
    refits = [r for r in result.rebalances if r.trigger in ("initial", "refit")]
    gaps = {(b.date - a.date).days for a, b in itertools.pairwise(refits)}
    assert gaps == {30}
    assert len(recorder.windows) == len(refits)
    for window, record in zip(recorder.windows, refits, strict=True):
        assert len(window) == 60
        assert window.index[-1] == pd.Timestamp(record.date) - pd.Timedelta(days=1)
    assert "walk-forward 30d/60d" in result.name and result.settings["refit_every"] == 30


def test_between_refits_the_drift_rule_trades_back_to_the_latest_targets_without_refitting() -> (
    None
):
    closes = random_walks(4, 300, seed=6, vol=0.06)
    recorder = Recording()
    result = walk_forward(
        spec(list(closes.columns), rebalance={"drift_threshold": 0.03}),
        closes,
        allocator=recorder,
        refit_every=60,
        window=60,
    )
    drift = [r for r in result.rebalances if r.trigger == "drift"]
    assert drift, "the 3% drift rule should fire between 60-day refits"
    assert len(recorder.windows) == len(result.rebalances) - len(drift)


def test_bad_walk_forward_settings_are_refused() -> None:
    closes = random_walks(2, 100)
    with pytest.raises(UserInputError, match="refit_every"):
        walk_forward(spec(list(closes.columns)), closes, allocator=Recording(), refit_every=0)
    with pytest.raises(UserInputError, match="too short"):
        walk_forward(spec(list(closes.columns)), closes, allocator=Recording(), window=10)
