"""Live limits and the kill switch on the fake Binance: every refusal sends nothing and is
journaled with its reason; a halt holds across sessions until trading is resumed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.domain import (
    LimitExceededError,
    RebalancePlan,
    TradingHaltedError,
    UserInputError,
    parse_spec,
)
from assistant.engine import (
    Services,
    add_exchange_account,
    add_paper_account,
    confirmation_phrase,
    execute_plan,
    halt_trading,
    plan_rebalance,
    resume_trading,
)
from assistant.engine.limits import traded_today
from tests.market_live.fake_binance import FakeBinance

from .conftest import API_KEY, API_SECRET, FakeTime
from .engine_setup import LIVE_SPEC, live_services

D = Decimal
ACCOUNT = "binance-main"


def linked(
    exchange: FakeBinance, fake_time: FakeTime, mp: pytest.MonkeyPatch, **limits: Any
) -> Services:
    services = live_services(exchange, fake_time, mp)
    if limits:
        services.settings = services.settings.model_copy(update=limits)
    add_exchange_account(services, ACCOUNT, exchange="binance")
    return services


def planned(services: Services) -> RebalancePlan:
    return plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)


def refusals(services: Services, plan: RebalancePlan) -> list[str]:
    return [
        str(c["message"])
        for c in services.journal.confirmations(plan.plan_hash)
        if c["status"] == "refused"
    ]


def test_halt_refuses_every_confirm_until_trading_is_resumed(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    plan = planned(services)
    report = halt_trading(services, None, "exchange outage")
    assert report.scope == "*"
    with pytest.raises(TradingHaltedError, match="trading is halted on every account") as info:
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert "(exchange outage)" in info.value.message and "nothing was sent" in info.value.message
    assert exchange.requests_to("order", "POST") == []
    assert services.journal.started_at(plan.plan_hash) is None
    assert "trading is halted on every account" in refusals(services, plan)[0]

    assert resume_trading(services, None) == ["*"]
    assert services.journal.halt_of(ACCOUNT) is None
    decision = execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert decision.outcome == "executed"
    kinds = [e["kind"] for e in services.journal.events(ACCOUNT, ("halt", "resume"))]
    assert kinds == ["resume", "halt"]


def test_an_account_halt_covers_paper_too_and_stops_only_that_account(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    add_paper_account(services, "my-paper", capital=D("5000"))
    halt_trading(services, "my-paper", "testing the switch")
    assert services.journal.halt_of("my-paper") is not None
    assert services.journal.halt_of(ACCOUNT) is None
    paper = plan_rebalance(
        services, parse_spec({**LIVE_SPEC, "name": "p", "execution": {}}), account="my-paper"
    )
    with pytest.raises(TradingHaltedError, match="halted on account my-paper"):
        execute_plan(services, paper.plan_hash)
    assert services.journal.balances("my-paper") == {"USDT": D("5000")}
    with pytest.raises(UserInputError, match="no account named"):
        resume_trading(services, "nope")
    assert resume_trading(services, "my-paper") == ["my-paper"]


def test_halt_leaves_an_order_it_did_not_place_and_says_so(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    other = exchange.client(api_key=API_KEY, secret=API_SECRET)
    other.create_order("BTC/USDT", "limit", "sell", 0.1, 999999)
    report = halt_trading(services, ACCOUNT, "by hand")
    assert report.cancelled == []
    assert len(report.left) == 1 and "not placed by CoinPilot" in report.left[0]
    assert exchange.requests_to("order", "DELETE") == []  # never cancels the person's orders


def test_an_order_above_the_per_order_cap_is_refused_and_journaled(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch, max_order_notional=D("500"))
    plan = planned(services)
    assert max(o.notional for o in plan.orders) > 500
    with pytest.raises(LimitExceededError, match=r"above the per-order limit of 500\.00 USDT"):
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert exchange.requests_to("order", "POST") == []
    assert "per-order limit" in refusals(services, plan)[0]


def test_an_account_s_own_limit_overrides_the_default(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = {ACCOUNT: {"max_daily_notional": "100"}}
    services = linked(exchange, fake_time, monkeypatch, max_daily_notional=D("1e9"))
    services.settings = services.settings.model_validate(
        {**services.settings.model_dump(), "account_limits": own}
    )
    plan = planned(services)
    with pytest.raises(LimitExceededError, match=r"above the daily limit of 100\.00 USDT"):
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert exchange.requests_to("order", "POST") == []


def test_the_daily_cap_counts_what_was_traded_today(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    first = planned(services)
    execute_plan(services, first.plan_hash, typed=confirmation_phrase(first))
    today = traded_today(services, services.journal.get_account(ACCOUNT))
    assert today > 1000  # the first plan's fills
    sent = len(exchange.requests_to("order", "POST"))
    spec = {
        **LIVE_SPEC,
        "rebalance": {"drift_threshold": 0.0001},
        "constraints": {"max_weight": 0.4},
    }
    second = plan_rebalance(services, parse_spec(spec), account=ACCOUNT)
    total = sum((o.notional for o in second.orders), D(0))
    assert total > 0
    # The second plan alone fits under the cap; with today's fills it does not.
    cap = today + total - D("0.01")
    services.settings = services.settings.model_copy(update={"max_daily_notional": cap})
    with pytest.raises(LimitExceededError, match="already traded today"):
        execute_plan(services, second.plan_hash, typed=confirmation_phrase(second))
    assert len(exchange.requests_to("order", "POST")) == sent


def test_an_order_that_would_slip_too_far_is_refused(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch, max_slippage=1e-9)
    plan = planned(services)
    assert any(o.slippage > 0 for o in plan.orders)
    with pytest.raises(LimitExceededError, match="above the maximum slippage"):
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert exchange.requests_to("order", "POST") == []
