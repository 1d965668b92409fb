"""Spec features in a backtest: cash reserve, top-N universe by volume, tilts and their notes."""

from __future__ import annotations

import pandas as pd
import pytest

from assistant.backtest import run_backtest
from assistant.domain import DataError, StrategySpec
from assistant.portfolio import allocate
from assistant.signals import apply_tilts
from tests.backtest.builders import Recording, random_walks, spec


def test_the_cash_reserve_is_held_from_the_first_rebalance() -> None:
    closes = random_walks(4, 300)
    result = run_backtest(spec(list(closes.columns), constraints={"cash_reserve": 0.2}), closes,
                          allocator=allocate)  # fmt: skip
    first = result.rebalances[0]
    assert first.targets["USDT"] == pytest.approx(0.2)
    assert result.weights.loc[first.date, "USDT"] == pytest.approx(0.2, abs=0.002)


def test_a_top_n_universe_picks_the_largest_volumes_known_before_the_trade() -> None:
    closes = random_walks(4, 200)
    volumes = pd.DataFrame({c: 1_000.0 * (i + 1) for i, c in enumerate(closes.columns)},
                           index=closes.index)  # fmt: skip
    top = StrategySpec.model_validate(
        {"universe": {"top_n": 2}, "rebalance": {"every_days": 30}, "lookback_days": 60}
    )
    recorder = Recording()
    run_backtest(top, closes, allocator=recorder, volumes=volumes)
    assert list(recorder.windows[0].columns) == ["C02", "C03"]
    with pytest.raises(DataError, match="no volumes"):
        run_backtest(top, closes, allocator=Recording())


def test_tilts_show_in_the_rebalance_notes_and_a_missing_sentiment_is_said_once() -> None:
    closes = random_walks(4, 300, seed=3)
    s = spec(list(closes.columns), signals={"momentum": 1.0, "sentiment": 0.5})
    result = run_backtest(s, closes, allocator=allocate, tilter=apply_tilts)
    notes = [n for r in result.rebalances for n in r.notes]
    assert any(n.startswith("momentum filter:") for n in notes)
    assert "sentiment tilt: no sentiment input was given, so it changed nothing" in result.notes
    untilted = run_backtest(s, closes, allocator=allocate)
    assert any("no tilt function was given" in n for n in untilted.notes)


def test_a_sentiment_table_tilts_with_the_scores_known_the_day_before() -> None:
    closes = random_walks(3, 200, seed=8)
    scores = pd.DataFrame({"C00": 1.0, "C01": -1.0}, index=closes.index)
    s = spec(list(closes.columns), signals={"sentiment": 1.0}, rebalance={"every_days": 30})
    result = run_backtest(s, closes, allocator=allocate, tilter=apply_tilts, sentiment=scores)
    assert any("sentiment tilt: C00 +1.00, C01 -1.00" in n for n in result.rebalances[0].notes)
    plain = run_backtest(s.model_copy(update={"signals": s.signals.model_copy(
        update={"sentiment": 0.0})}), closes, allocator=allocate)  # fmt: skip
    assert result.rebalances[0].targets["C00"] > plain.rebalances[0].targets["C00"]
