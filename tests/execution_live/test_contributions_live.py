"""Recurring contributions on an exchange account, on the fake Binance through the real ccxt client.

The person deposits at the exchange and accepts the new balance (``reconcile --accept``); a
due contribution is then a buy-only plan paid from the account's free USDT, never a deposit by
the plan. Short of money, it is sized to what is free and says so; with nothing free it buys
nothing and says what to do. Live still needs the typed phrase.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from assistant.domain import Account, UserInputError, parse_spec
from assistant.engine import (
    Clock,
    Services,
    add_exchange_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
    reconcile_account_with_exchange,
)
from tests.market_live.fake_binance import FakeBinance

from .conftest import FakeTime
from .engine_setup import LIVE_SPEC, live_services

D = Decimal
START = datetime.now(UTC).replace(microsecond=0)


def _spec(amount: int) -> Any:
    return parse_spec(
        {
            **LIVE_SPEC,
            "rebalance": {"drift_threshold": 0.5},
            "contributions": {"amount": amount, "every_days": 7},
        }
    )


def _started(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch, amount: int
) -> Services:
    """An exchange account whose first allocation ran (nearly no USDT left free)."""
    services = live_services(exchange, fake_time, monkeypatch)
    services.clock = Clock(fixed=START)
    add_exchange_account(services, "binance-main", exchange="binance")
    first = plan_rebalance(services, _spec(amount), account="binance-main")
    assert first.orders  # the first allocation of the strategy on this account
    execute_plan(services, first.plan_hash, typed=confirmation_phrase(first))
    return services


def _deposit(services: Services, exchange: FakeBinance, amount: str) -> None:
    """The person deposits at the exchange and accepts the new balance."""
    exchange.account.move("USDT", free=D(amount))
    reconcile_account_with_exchange(services, _account(services), accept=True)


def _account(services: Services) -> Account:
    return next(a for a in services.journal.accounts() if a.name == "binance-main")


def _spent(plan: Any) -> Decimal:
    assert plan.orders and all(o.side == "buy" for o in plan.orders)
    return sum((o.notional for o in plan.orders), D(0))


def test_a_due_contribution_buys_with_the_free_usdt_and_needs_the_typed_phrase(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _started(exchange, fake_time, monkeypatch, amount=200)
    services.clock = Clock(fixed=START + timedelta(days=3))
    _deposit(services, exchange, "200")
    early = plan_rebalance(services, _spec(200), account="binance-main")
    assert early.trigger == "user_request"  # not due yet

    services.clock = Clock(fixed=START + timedelta(days=8))
    plan = plan_rebalance(services, _spec(200), account="binance-main")
    assert plan.trigger == "contribution" and plan.funding == 0
    assert "buys toward the targets with 200.00 USDT of the account's free USDT" in (
        plan.trigger_detail
    )
    assert D("150") < _spent(plan) <= D("200")
    with pytest.raises(UserInputError, match="type its confirmation"):
        execute_plan(services, plan.plan_hash)
    posts_before = len(exchange.requests_to("order", "POST"))
    decision = execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert decision.trigger == "contribution" and decision.funding == 0
    posts = exchange.requests_to("order", "POST")[posts_before:]
    assert posts and all(p.params["side"] == "BUY" for p in posts)

    services.clock = Clock(fixed=START + timedelta(days=10))
    after = plan_rebalance(services, _spec(200), account="binance-main")
    assert after.trigger == "user_request"  # the schedule counts from the contribution


def test_a_short_free_balance_sizes_the_plan_to_it_and_says_so(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _started(exchange, fake_time, monkeypatch, amount=500)
    services.clock = Clock(fixed=START + timedelta(days=8))
    _deposit(services, exchange, "120")
    plan = plan_rebalance(services, _spec(500), account="binance-main")
    assert plan.trigger == "contribution"
    assert "a contribution of 500.00 USDT is due" in plan.trigger_detail
    assert "so the plan is sized to that" in plan.trigger_detail
    free = plan.balances_before["USDT"]  # the deposit and the first allocation's leftover
    assert D("120") <= free < D("500")
    assert f"only {free:,.2f} USDT is free" in plan.trigger_detail, plan.trigger_detail
    assert D("100") < _spent(plan) <= free


def test_nothing_free_buys_nothing_and_says_what_to_do(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _started(exchange, fake_time, monkeypatch, amount=100)
    free = exchange.account.free.get("USDT", D(0))
    exchange.account.move("USDT", free=-free)  # the person moved the leftover cash away
    services.clock = Clock(fixed=START + timedelta(days=8))
    reconcile_account_with_exchange(services, _account(services), accept=True)
    plan = plan_rebalance(services, _spec(100), account="binance-main")
    assert plan.trigger == "contribution" and plan.orders == []
    assert "so nothing is bought" in plan.trigger_detail
    assert "coinpilot reconcile --accept" in plan.trigger_detail
