"""Replay parity for the risk exits and recurring contributions, on the shipped history.

Each window was picked so that its rule fires (named in the test). The replay and the backtest
must trade on the same days (the exits counted as trade days) with the same fills to 1e-9
relative; measured, they agree to about 1e-12 (fees) and 1e-14 (holdings, equity).
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.backtest import BacktestResult
from assistant.market.history import HistoryMarket
from assistant.watch.replay import SAME_FILLS, Parity, ReplayResult, compare_with_backtest
from assistant.watch.replay import replay_spec as run_replay

from .test_replay_parity import EQUITY_GAP, _services, _spec


def _run(start: str, end: str, **overrides: Any) -> tuple[ReplayResult, Parity, BacktestResult]:
    svc = _services(HistoryMarket())
    spec = _spec(**overrides)
    try:
        replayed = run_replay(svc, spec, start=start, end=end)
        parity, result = compare_with_backtest(svc, spec, replayed, start=start, end=end)
    finally:
        svc.close()
    return replayed, parity, result


def _days(result: BacktestResult, rule: str) -> list[str]:
    return sorted({f"{e.date:%Y-%m-%d}" for e in result.events if e.rule == rule})


def _traded(parity: Parity) -> set[str]:
    return {f"{d:%Y-%m-%d}" for d in parity.replay_days}


def test_stop_loss_sells_on_the_backtests_days() -> None:
    _, parity, result = _run("2025-01-20", "2025-03-15", risk={"stop_loss": 0.1})
    fired = _days(result, "stop_loss")
    assert len(fired) >= 3
    assert set(fired) <= _traded(parity)  # the exits are counted as trade days
    assert parity.replay_days == parity.backtest_days
    assert parity.holding_gap <= EQUITY_GAP
    assert parity.within(SAME_FILLS)


def test_a_partial_take_profit_on_the_backtests_days() -> None:
    _, parity, result = _run(
        "2025-01-01", "2025-02-10", risk={"take_profit": 0.05, "take_profit_sell": 0.5}
    )
    fired = _days(result, "take_profit")
    assert fired == ["2025-01-03", "2025-01-04", "2025-01-07", "2025-01-18"]
    assert set(fired) <= _traded(parity)
    assert parity.replay_days == parity.backtest_days
    assert parity.within(SAME_FILLS)


def test_drawdown_halt_and_reentry_on_the_backtests_days() -> None:
    replayed, parity, result = _run("2025-01-01", "2025-03-20", risk={"max_drawdown": 0.15})
    assert _days(result, "max_drawdown") == ["2025-02-05"]
    resumed = [f"{r.date:%Y-%m-%d}" for r in result.rebalances if r.trigger == "resume"]
    assert resumed == ["2025-03-07"]  # the 30-day cooldown, then a fresh allocation
    assert {"2025-02-05", "2025-03-07"} <= _traded(parity)
    assert any(c.outcome == "risk" and c.trigger == "max_drawdown" for c in replayed.checks)
    assert parity.replay_days == parity.backtest_days
    assert parity.within(SAME_FILLS)


def test_contributions_are_funded_and_bought_as_the_backtest_assumes() -> None:
    replayed, parity, result = _run(
        "2025-01-01",
        "2025-02-15",
        contributions={"amount": 500, "every_days": 10},
        rebalance={"drift_threshold": 0.05},
    )
    days = [f"{d:%Y-%m-%d}" for d in replayed.flows]
    assert days == ["2025-01-11", "2025-01-21", "2025-01-31", "2025-02-10"]
    assert sum(replayed.flows.values()) == pytest.approx(2000.0)
    bought = [r for r in result.rebalances if r.trigger == "contribution"]
    assert [f"{r.date:%Y-%m-%d}" for r in bought] == days
    assert all(c.outcome in ("quiet", "executed") for c in replayed.checks)
    assert parity.replay_days == parity.backtest_days
    mine, theirs = replayed.money_weighted_return(), result.metrics.money_weighted_return
    assert mine is not None and theirs is not None
    assert mine == pytest.approx(theirs, rel=SAME_FILLS)
    assert parity.within(SAME_FILLS)


def test_a_drawdown_halt_with_contributions_during_it() -> None:
    """The high-water mark grows with each contribution as the backtester's does, and money
    still arrives (kept as cash) while the halt lasts."""
    replayed, parity, result = _run(
        "2025-01-01",
        "2025-03-20",
        risk={"max_drawdown": 0.15},
        contributions={"amount": 500, "every_days": 10},
    )
    assert _days(result, "max_drawdown") == ["2025-02-05"]
    halted = [d for d in replayed.flows if "2025-02-05" < f"{d:%Y-%m-%d}" < "2025-03-07"]
    assert len(halted) == 3  # credited during the cooldown, bought nothing
    assert parity.replay_days == parity.backtest_days
    assert parity.within(SAME_FILLS)


def test_a_replay_without_contributions_credits_nothing() -> None:
    replayed, _, result = _run("2025-06-01", "2025-06-20")
    assert replayed.flows == {} and replayed.money_weighted_return() is None
    assert result.metrics.money_weighted_return is None
