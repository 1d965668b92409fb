"""The day loop's shortcuts change the work, never a number.

Scanning days in blocks, sizing blocks from the last segment, searching for the first drift
candidate over a flat block, skipping the carry-forward on gap-free data and keeping the
half spread as one number: each is checked here against the plain way over many seeded cases,
to the bit, with every risk rule on and off.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import (
    BacktestResult,
    backtest_weights,
    prepare_panel,
    run_backtest,
    walk_forward,
)
from assistant.backtest.costs import Costs
from assistant.backtest.trading import Book, rebalance
from assistant.domain import Rebalance
from assistant.portfolio import allocate
from tests.backtest.builders import random_walks, spec

simulate_module = __import__("assistant.backtest.simulate", fromlist=["_scan"])


def _day_by_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scan looks at one day at a time: the plain loop the blocks must agree with."""
    monkeypatch.setattr(simulate_module, "_MIN_BLOCK", 1)
    monkeypatch.setattr(simulate_module, "_MAX_BLOCK", 1)


def _same(a: BacktestResult, b: BacktestResult) -> None:
    assert a.fingerprint == b.fingerprint
    assert np.array_equal(a.weights.to_numpy(), b.weights.to_numpy())
    assert a.rebalances == b.rebalances and a.events == b.events
    assert a.warnings == b.warnings and a.metrics == b.metrics


def _messy_closes(rng: np.random.Generator, n: int, days: int) -> pd.DataFrame:
    closes = random_walks(n, days, seed=int(rng.integers(1_000_000)), vol=0.05)
    for j in range(n):
        roll = rng.random()
        if roll < 0.2:
            closes.iloc[: int(rng.integers(1, days // 2)), j] = np.nan  # listed late
        elif roll < 0.3:
            closes.iloc[int(rng.integers(days // 2, days)) :, j] = np.nan  # delisted
        elif roll < 0.4:
            at = int(rng.integers(1, days - 5))
            closes.iloc[at : at + 3, j] = np.nan  # a gap
    return closes


def _fixed_case(seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    n, days = int(rng.integers(1, 12)), int(rng.integers(60, 400))
    closes = _messy_closes(rng, n, days) if rng.random() < 0.5 else random_walks(n, days, seed=seed)
    raw = rng.random(n)
    shares = (raw / raw.sum() * rng.uniform(0.6, 1.0)).tolist()
    weights = dict(zip(closes.columns, shares, strict=True))
    threshold = float(rng.choice([0.01, 0.03, 0.1]))
    every = int(rng.choice([5, 30]))
    rule = [
        Rebalance(drift_threshold=threshold),
        Rebalance(every_days=every),
        Rebalance(drift_threshold=threshold, every_days=every),
        None,
    ][int(rng.integers(4))]
    volumes = closes * 0.0 + 2_000.0 if rng.random() < 0.3 else None
    return {
        "weights": weights,
        "closes": closes,
        "rule": rule,
        "fee_bps": float(rng.choice([0.0, 10.0])),
        "half_spread_bps": float(rng.choice([0.0, 3.0])),
        "min_notional": float(rng.choice([0.0, 25.0])),
        "volumes": volumes,
    }


@pytest.mark.parametrize("seed", range(12))
def test_fixed_weights_give_the_same_bits_day_by_day(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _fixed_case(seed)
    blocks = backtest_weights(**case)
    _day_by_day(monkeypatch)
    _same(blocks, backtest_weights(**case))


@pytest.mark.parametrize("seed", range(8))
def test_risk_rules_and_refits_give_the_same_bits_day_by_day(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(100 + seed)
    closes = _messy_closes(rng, int(rng.integers(2, 7)), int(rng.integers(200, 400)))
    risk: dict[str, float] = {}
    if seed % 2 == 0:
        risk["stop_loss"] = 0.15
    if seed % 3 == 0:
        risk["max_drawdown"] = 0.3
    if seed % 4 < 2:
        risk["daily_loss_limit"] = 0.08
    s = spec(
        list(closes.columns),
        objective=["hrp", "inverse_vol", "min_variance"][seed % 3],
        rebalance={"drift_threshold": 0.04, "every_days": 45},
        risk=risk,
        constraints={"max_weight": 0.6, "max_turnover": 0.7} if seed % 2 else {},
    )
    runs = [
        lambda: run_backtest(s, closes, allocator=allocate, min_history_days=30),
        lambda: run_backtest(s, closes, allocator=allocate, min_history_days=30, fee_bps=0.0),
    ]
    before = [run() for run in runs]
    assert any(r.events for r in before) or not risk
    _day_by_day(monkeypatch)
    for run, first in zip(runs, before, strict=True):
        _same(first, run())


def test_a_table_s_memory_layout_does_not_change_a_bit() -> None:
    """Sums run in memory order, so the panel fixes the order whatever table it was given."""
    closes = random_walks(7, 300, seed=5)
    built = [
        closes,
        pd.DataFrame(
            np.asfortranarray(closes.to_numpy()), index=closes.index, columns=closes.columns
        ),
        pd.DataFrame({c: closes[c].to_numpy() for c in closes.columns}, index=closes.index),
        pd.concat({c: closes[c] for c in closes.columns}, axis=1),
        closes.astype(np.float32).astype(np.float64),
    ]
    weights = dict.fromkeys(closes.columns, 0.13)
    rule = Rebalance(drift_threshold=0.02)
    s = spec(list(closes.columns), objective="hrp", rebalance={"every_days": 20})
    fixed = [backtest_weights(weights, c, rule=rule, fee_bps=10.0).fingerprint for c in built[:4]]
    fitted = [run_backtest(s, c, allocator=allocate).fingerprint for c in built[:4]]
    assert len(set(fixed)) == 1 and len(set(fitted)) == 1
    assert prepare_panel(built[1]).priced.flags["C_CONTIGUOUS"]


def test_gap_free_and_gappy_tables_give_the_same_panel_for_the_gap_free_assets() -> None:
    """A table with no missing close skips the carry-forward; adding one late asset takes the
    full path. The other assets' prices, tradable days and table must not differ."""
    clean = random_walks(4, 120, seed=9)
    gappy = clean.assign(LATE=np.r_[[np.nan] * 50, np.linspace(5.0, 6.0, 70)])
    a, b = prepare_panel(clean), prepare_panel(gappy)
    assert np.array_equal(a.price, b.price[:, :4]) and np.array_equal(a.tradable, b.tradable[:, :4])
    assert a.closes.equals(b.closes.iloc[:, :4])
    assert (a.first.tolist(), a.last.tolist()) == (b.first[:4].tolist(), b.last[:4].tolist())
    assert b.first[4] == 50 and not b.tradable[:50, 4].any()


def test_the_half_spread_alone_costs_what_zero_depth_volumes_cost() -> None:
    """Without volumes the half spread is kept as one number; zero volumes give the same
    half spread as an array (no depth, no impact). Same bits either way."""
    rng = np.random.default_rng(3)
    costs = Costs(fee_bps=10.0, half_spread_bps=4.0, min_notional=20.0)
    for _ in range(200):
        n = int(rng.integers(1, 30))
        prices = rng.uniform(1.0, 500.0, n)
        units = rng.uniform(0.0, 3.0, n) * (rng.random(n) < 0.8)
        entry = np.where(units > 0, rng.uniform(1.0, 500.0, n), 0.0)
        targets = rng.random(n)
        targets *= rng.uniform(0.5, 1.0) / targets.sum()
        tradable = rng.random(n) < 0.9
        cash = float(rng.uniform(0.0, 2_000.0))
        books = [Book(units.copy(), cash, entry.copy()) for _ in range(2)]
        fills = [
            rebalance(book, targets, prices, tradable, costs, volume=volume, max_turnover=0.8)
            for book, volume in zip(books, (None, np.zeros(n)), strict=True)
        ]
        assert fills[0] == fills[1]
        assert np.array_equal(books[0].units, books[1].units)
        assert np.array_equal(books[0].entry, books[1].entry) and books[0].cash == books[1].cash


def test_eligibility_is_one_read_only_array_between_turns_and_always_the_formula() -> None:
    """The loop keeps one eligibility array until an asset joins or leaves; on every day it
    must equal the definition (min_history closes before the day, a close the day before)."""
    from assistant.backtest import FixedWeights, RiskLimits, SimSettings
    from assistant.backtest.state import LoopState

    closes = _messy_closes(np.random.default_rng(11), 6, 200)
    panel = prepare_panel(closes)
    settings = SimSettings(
        rule=None, risk=RiskLimits(), costs=Costs(), capital=1.0, quote="USDT", min_history=9
    )
    state = LoopState(panel, FixedWeights({}), settings)
    previous = None
    for day in range(len(panel.dates) + 3):
        mask = state.eligible(day)
        expected = (panel.first + 9 <= day) & (panel.last >= day - 1)
        assert mask.tolist() == expected.tolist() and not mask.flags.writeable
        if previous is not None and mask is not previous:
            assert mask.tolist() != previous.tolist()  # a new array only when something turned
        previous = mask


def test_fixed_weights_recompute_for_an_array_the_caller_may_change() -> None:
    from assistant.backtest import FixedWeights

    panel = prepare_panel(random_walks(3, 10, seed=1))
    policy = FixedWeights({"C00": 0.5, "C01": 0.3, "C02": 0.2})
    eligible = np.array([True, False, True])
    assert policy.target(panel, 5, eligible).weights.tolist() == [0.5, 0.0, 0.2]
    eligible[1] = True  # the same (writable) array, changed: no cached answer may be reused
    assert policy.target(panel, 5, eligible).weights.tolist() == [0.5, 0.3, 0.2]


def test_records_are_what_model_construct_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The records skip pydantic's per-field look-ups; they must be the models
    ``model_construct`` builds (same state, fields set, dump and equality), and the fallback
    for another pydantic or another row shape must give them too."""
    from assistant.backtest import records
    from assistant.backtest.records import RebalanceRecord, construct_records

    closes = random_walks(5, 300, seed=4)
    result = backtest_weights(
        dict.fromkeys(closes.columns, 0.15), closes, rule=Rebalance(drift_threshold=0.02)
    )
    assert len(result.rebalances) > 5
    rows = [dict(r.__dict__) for r in result.rebalances]
    for got, row in zip(result.rebalances, rows, strict=True):
        want = RebalanceRecord.model_construct(**row)
        assert got.__getstate__() == want.__getstate__() and got == want
        assert got.model_dump_json() == want.model_dump_json()
    assert records._SLOTS_MATCH is True
    monkeypatch.setattr(records, "_SLOTS_MATCH", False)  # as if pydantic built models otherwise
    assert construct_records(dict(row) for row in rows) == result.rebalances
    shuffled = [dict(reversed(list(row.items()))) for row in rows]  # not in the model's order
    again = construct_records(shuffled)
    assert [r.__getstate__() for r in again] == [r.__getstate__() for r in result.rebalances]


def _unwritten_rows_are_nan(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop's weights table starts as garbage (np.empty); here it starts as NaN, so a row
    that no one wrote would show in the result."""
    from assistant.backtest.state import LoopState

    real = LoopState.__init__

    def poisoned(self: LoopState, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        self.weights.fill(np.nan)

    monkeypatch.setattr(LoopState, "__init__", poisoned)


@pytest.mark.parametrize("seed", range(8))
def test_every_row_of_the_weights_is_written(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows before the first action day are set to cash, the scans write every row from it
    on: starting from NaN instead of zeros changes nothing, with late starts, late listings,
    an allocation that never comes, risk halts and walk-forward refits."""
    rng = np.random.default_rng(500 + seed)
    closes = _messy_closes(rng, int(rng.integers(2, 6)), int(rng.integers(150, 300)))
    s = spec(
        list(closes.columns),
        objective="inverse_vol",
        rebalance={"drift_threshold": 0.04, "every_days": 30},
        risk={"stop_loss": 0.15, "max_drawdown": 0.25} if seed % 2 else {},
    )
    start = closes.index[int(rng.integers(0, 60))]
    runs = [
        lambda: backtest_weights(**_fixed_case(seed)),
        lambda: backtest_weights(
            dict.fromkeys(closes.columns, 0.2), closes, rule=None, start=start, min_history_days=40
        ),
        lambda: run_backtest(s, closes, allocator=allocate, start=start, min_history_days=30),
        lambda: run_backtest(s, closes, allocator=allocate, min_history_days=10_000),  # all cash
        lambda: walk_forward(s, closes, allocator=allocate, refit_every=20, window=40),
    ]
    before = [run() for run in runs]
    _unwritten_rows_are_nan(monkeypatch)
    for run, first in zip(runs, before, strict=True):
        again = run()
        assert not np.isnan(again.weights.to_numpy()).any()
        _same(first, again)
