"""A preview decides with the one policy: risk rules, contributions and the halt act in ``plan``.

The rules' arithmetic is tested in tests/policy; these tests check that the engine hands the
policy the account the journal knows (holdings, average cost, the last decision, the last
deposit) and drafts what the decision says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.config import load_settings
from assistant.domain import Decision, parse_spec_toml
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.engine.strategy import (
    Account,
    account_view,
    plan_action,
    risk_limits,
    spec_targets,
)
from assistant.journal import Journal
from assistant.market import DemoMarket
from assistant.policy import decide

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def _spec(extra: str = "") -> Any:
    return parse_spec_toml(
        f"""
name = "rules"
capital = 1000
lookback_days = 60
[universe]
symbols = ["BTC", "ETH", "SOL"]
[rebalance]
drift_threshold = 0.9
{extra}
"""
    )


def _services(journal: Journal, days: int) -> Services:
    at = NOW + timedelta(days=days)
    return Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of=at.date()),
        journal=journal,
        clock=Clock(fixed=at),
    )


def _account(journal: Journal, spec: Any) -> str:
    plan = journal.latest_plan(spec.name)
    assert plan is not None
    return plan.account


def _funded(spec: Any) -> Journal:
    journal = Journal.open("sqlite://")
    first = _services(journal, 0)
    execute_plan(first, plan_rebalance(first, spec).plan_hash)
    return journal


def test_a_contribution_buys_toward_the_targets_without_selling() -> None:
    spec = _spec("[contributions]\namount = 100\nevery_days = 7\n")
    journal = _funded(spec)
    try:
        early = plan_rebalance(_services(journal, 3), spec)
        assert early.trigger == "user_request"  # nothing due yet: the person asked
        assert early.funding == 0
        plan = plan_rebalance(_services(journal, 8), spec)
        assert plan.trigger == "contribution"
        assert plan.funding == Decimal(100)
        assert plan.orders and all(o.side == "buy" for o in plan.orders)
        assert sum(o.notional for o in plan.orders) <= Decimal(100)
    finally:
        journal.close()


def test_stop_loss_and_take_profit_sell_only_what_they_name() -> None:
    spec = _spec("[risk]\nstop_loss = 0.01\ntake_profit = 0.01\ntake_profit_sell = 0.5\n")
    journal = _funded(spec)
    try:
        plan = plan_rebalance(_services(journal, 10), spec)
        assert plan.trigger in ("stop_loss", "take_profit")
        assert plan.orders and all(o.side == "sell" for o in plan.orders)
        for order in plan.orders:
            assert order.symbol.split("/")[0] in plan.trigger_detail
    finally:
        journal.close()


def test_entry_prices_are_the_average_cost_of_the_fills() -> None:
    spec = _spec()
    journal = _funded(spec)
    try:
        entries = journal.paper_entry_prices(_account(journal, spec), "USDT")
        assert set(entries) == {"BTC", "ETH", "SOL"}
        assert all(e > 0 for e in entries.values())
    finally:
        journal.close()


def _closes(path: list[float]) -> pd.DataFrame:
    index = pd.date_range("2025-01-01", periods=len(path), freq="D", tz="UTC")
    rng = np.random.default_rng(3)
    walk = np.exp(np.cumsum(rng.normal(0, 0.01, size=(len(path), 2)), axis=0))
    data = {"BTC": walk[:, 0] * path, "ETH": walk[:, 1] * 100}
    return pd.DataFrame(data, index=index)


def _decision(trigger: str, at: datetime, value: float) -> Decision:
    sold = [{"symbol": "BTC/USDT", "side": "sell"}, {"symbol": "ETH/USDT", "side": "sell"}]
    return Decision.model_construct(
        trigger=trigger,
        created_at=at,
        target_weights={"BTC": 0.5, "ETH": 0.5},
        value_after=Decimal(str(value)),
        orders=sold if trigger == "max_drawdown" else [],
        prices={},  # no fills to undo: the value after is the mark
        results=[],
    )


def _decide(spec: Any, closes: pd.DataFrame, decisions: list[Decision], now: datetime) -> Any:
    account = Account(
        balances={"BTC": Decimal(1), "ETH": Decimal(10), "USDT": Decimal(0)},
        entries={"BTC": Decimal(100), "ETH": Decimal(100)},
        decisions=decisions,
        last_deposit=None,
    )
    view = account_view(spec, closes, account, now, 0.0)
    decision = decide(risk_limits(spec), spec.rebalance, view)
    return plan_action(spec, decision, view, spec_targets(spec, closes), funding=Decimal(0))


def _two(extra: str) -> Any:
    return parse_spec_toml(
        f"""
name = "halt"
capital = 1000
lookback_days = 60
[universe]
symbols = ["BTC", "ETH"]
[rebalance]
drift_threshold = 0.9
{extra}
"""
    )


def test_the_drawdown_halt_sells_everything_then_waits_out_its_cooldown() -> None:
    spec = _two('[risk]\nmax_drawdown = 0.2\nlevel = "aggressive"\n')
    path = [100.0] * 80 + [40.0] * 10
    closes = _closes(path)
    last_close = closes.index[-1].to_pydatetime()
    start = closes.index[0].to_pydatetime()
    fired = _decide(spec, closes, [_decision("drift", start, 2000.0)], last_close)
    assert fired.trigger == "max_drawdown"
    assert fired.target is not None and fired.target.cash_weight == 1.0

    halted = _decide(spec, closes, [_decision("max_drawdown", last_close, 0.0)], last_close)
    assert halted.trigger == "max_drawdown" and halted.target is None

    later = last_close + timedelta(days=31)
    resumed = _decide(spec, closes, [_decision("max_drawdown", last_close, 0.0)], later)
    assert resumed.trigger == "resume" and resumed.target is not None


def test_the_daily_loss_limit_pauses_the_rebalance() -> None:
    spec = _two('[risk]\ndaily_loss_limit = 0.02\nlevel = "aggressive"\n')
    closes = _closes([100.0] * 89 + [50.0])
    last_close = closes.index[-1].to_pydatetime()
    action = _decide(spec, closes, [_decision("drift", last_close, 1.0)], last_close)
    assert action.trigger == "daily_loss_limit" and action.target is None


def test_a_plain_english_goal_runs_through_a_backtest_to_a_confirmed_paper_trade() -> None:
    from assistant.agent.goal_parser import parse_goal
    from assistant.domain import parse_spec
    from assistant.engine.backtesting import backtest_spec

    goal = "60% BTC, 40% ETH with $1000, take profit at 30%, add $100 every week"
    result = parse_goal(goal, known_symbols=["BTC", "ETH", "SOL"])
    assert result.status == "ok" and result.spec is not None, result.message
    spec = parse_spec({**result.spec, "name": "goal"})
    journal = Journal.open("sqlite://")
    services = _services(journal, 0)
    try:
        run = backtest_spec(services, spec, start="2025-01-01", end="2025-06-30")
        assert run.metrics.contributed is not None and run.metrics.contributed > 1000
        assert run.metrics.money_weighted_return is not None
        assert any(r.trigger == "contribution" for r in run.rebalances)
        plan = plan_rebalance(services, spec)
        assert plan.allocation.weights == {"BTC": 0.6, "ETH": 0.4}
        decision = execute_plan(services, plan.plan_hash)
        assert decision.weights_after["BTC"] > 0.5
        later = plan_rebalance(_services(journal, 8), spec)
        assert later.trigger == "contribution" and later.funding == 100
    finally:
        journal.close()


def test_after_a_partial_take_profit_the_rest_counts_as_bought_at_the_sale_price() -> None:
    spec = _spec("[risk]\ntake_profit = 0.01\ntake_profit_sell = 0.5\n")
    journal = _funded(spec)
    try:
        before = journal.paper_entry_prices(_account(journal, spec), "USDT")
        later = _services(journal, 10)
        plan = plan_rebalance(later, spec)
        assert plan.trigger == "take_profit", plan.trigger_detail
        decision = execute_plan(later, plan.plan_hash)
        after = journal.paper_entry_prices(_account(journal, spec), "USDT")
        taken = {r.client_order_id for r in decision.results}
        assert journal.paper_entry_prices(_account(journal, spec), "USDT", reset_by=taken) != after
        sold = {r.symbol.split("/")[0]: r.fills[-1].price for r in decision.results}
        assert sold and after == before  # a plain sell leaves the average cost
        again = plan_rebalance(_services(journal, 10), spec)
        assert again.trigger != "take_profit"  # measured from the sale price now
        for asset, price in sold.items():
            assert (
                journal.paper_entry_prices(_account(journal, spec), "USDT", reset_by=taken)[asset]
                == price
            )
    finally:
        journal.close()


def _made(trigger: str, at: datetime, weights: dict[str, float], sells: list[str]) -> Decision:
    return Decision.model_construct(
        trigger=trigger,
        created_at=at,
        target_weights=weights,
        value_after=Decimal(1000),
        orders=[{"symbol": f"{a}/USDT", "side": "sell"} for a in sells],
        prices={},  # no fills to undo: the value after is the mark
        results=[],
    )


def _view(spec: Any, decisions: list[Decision], now: datetime) -> Any:
    closes = _closes([100.0] * 90)
    account = Account(
        balances={"BTC": Decimal(5), "ETH": Decimal(5), "USDT": Decimal(0)},
        entries={"BTC": Decimal(100), "ETH": Decimal(100)},
        decisions=decisions,
        last_deposit=None,
    )
    return account_view(spec, closes, account, now, 0.0)


def test_the_calendar_counts_from_the_last_rebalance_not_a_contribution() -> None:
    spec = parse_spec_toml(
        'name = "cal"\ncapital = 1000\nlookback_days = 60\n[universe]\n'
        'symbols = ["BTC", "ETH"]\n[rebalance]\nevery_days = 30\n'
    )
    now = datetime(2025, 4, 1, tzinfo=UTC)
    decisions = [
        _made("contribution", now - timedelta(days=1), {"BTC": 0.9, "ETH": 0.1}, []),
        _made("drift", now - timedelta(days=40), {"BTC": 0.5, "ETH": 0.5}, []),
    ]
    view = _view(spec, decisions, now)
    assert view.days_since_rebalance == pytest.approx(40.0)
    assert view.aims is not None and view.aims[0] == pytest.approx(0.5)


def test_an_exit_shrinks_the_targets_in_force() -> None:
    spec = _two("[risk]\nstop_loss = 0.2\n")
    now = datetime(2025, 4, 1, tzinfo=UTC)
    decisions = [
        _made("stop_loss", now - timedelta(days=2), {"BTC": 0.0, "ETH": 0.5}, ["BTC"]),
        _made("drift", now - timedelta(days=10), {"BTC": 0.5, "ETH": 0.5}, []),
    ]
    view = _view(spec, decisions, now)
    assert view.aims is not None
    assert list(view.aims) == pytest.approx([0.0, 0.5, 0.5])


def test_a_plan_made_during_a_halt_does_not_restart_its_cooldown() -> None:
    spec = _two("[risk]\nmax_drawdown = 0.2\n")
    now = datetime(2025, 4, 1, tzinfo=UTC)
    decisions = [
        _made("max_drawdown", now - timedelta(days=1), {}, []),  # a deposit while halted
        _made("max_drawdown", now - timedelta(days=31), {}, ["BTC", "ETH"]),
        _made("drift", now - timedelta(days=60), {"BTC": 0.5, "ETH": 0.5}, []),
    ]
    view = _view(spec, decisions, now)
    assert view.halted and view.cooldown_over


def test_check_strategy_says_what_fired_and_writes_nothing() -> None:
    from assistant.engine import check_strategy

    spec = _spec("[contributions]\namount = 100\nevery_days = 7\n")
    journal = _funded(spec)
    try:
        plans = len(journal.decisions(limit=50))
        quiet = check_strategy(_services(journal, 3), spec)
        assert not quiet.fired and quiet.trigger == "user_request" and quiet.trades
        due = check_strategy(_services(journal, 8), spec)
        assert due.fired and due.trigger == "contribution" and due.funding == Decimal(100)
        assert len(journal.decisions(limit=50)) == plans
        assert journal.latest_plan(spec.name) is not None
        assert journal.latest_plan(spec.name).trigger == "initial"  # type: ignore[union-attr]
    finally:
        journal.close()
