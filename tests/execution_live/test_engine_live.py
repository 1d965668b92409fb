"""Exchange accounts through the same engine path as paper: plan, confirm, orders on the fake
Binance through the real ccxt client, and the journal equal to the exchange afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import (
    ExecutionInterruptedError,
    NotAvailableError,
    UserInputError,
    parse_spec,
)
from assistant.engine import (
    add_exchange_account,
    check_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
    portfolio_status,
    resume_executions,
)
from assistant.execution.key_permissions import UnsafeKeyError
from tests.market_live.fake_binance import FakeBinance, Fault

from .conftest import FakeTime
from .engine_setup import LIVE_SPEC, live_services

D = Decimal


def exchange_balances(exchange: FakeBinance) -> dict[str, Decimal]:
    free = exchange.account.free
    return {a: v for a, v in free.items() if v != 0}


def test_an_exchange_account_is_added_checked_planned_and_executed_like_paper(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch)
    check = add_exchange_account(services, "binance-main", exchange="binance")
    assert check.can_trade is True and check.can_withdraw is False
    assert services.journal.balances("binance-main") == {"BTC": D("0.5"), "USDT": D("10000")}

    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
    assert plan.account_badge == "LIVE" and plan.funding == 0 and plan.market == "ccxt:binance"
    phrase = confirmation_phrase(plan)
    assert phrase.startswith(f"LIVE {len(plan.orders)} orders ") and phrase.endswith(" USDT")
    with pytest.raises(UserInputError, match="type its confirmation"):
        execute_plan(services, plan.plan_hash)
    with pytest.raises(UserInputError, match="does not match"):
        execute_plan(services, plan.plan_hash, typed="LIVE 1 orders 1.00 USDT")
    assert exchange.requests_to("order", "POST") == []

    decision = execute_plan(services, plan.plan_hash, typed=phrase)
    assert decision.outcome == "executed" and decision.account == "binance-main"
    assert all(r.status == "filled" for r in decision.results)
    posts = exchange.requests_to("order", "POST")
    assert sorted(p.params["newClientOrderId"] for p in posts) == sorted(
        r.client_order_id for r in decision.results
    )
    assert services.journal.balances("binance-main") == exchange_balances(exchange)
    status = portfolio_status(services, account="binance-main")
    assert status.badge == "LIVE" and {h.asset for h in status.holdings} >= {"ETH", "SOL"}


def test_live_orders_need_live_mode_enabled(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch, mode="paper")
    add_exchange_account(services, "binance-main", exchange="binance")
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
    with pytest.raises(NotAvailableError, match="live trading is not enabled"):
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    assert exchange.requests_to("order", "POST") == []
    assert services.journal.started_at(plan.plan_hash) is None


def test_a_key_that_can_withdraw_is_refused_and_no_account_is_recorded(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange.account.restrictions["enableWithdrawals"] = True
    services = live_services(exchange, fake_time, monkeypatch)
    with pytest.raises(UnsafeKeyError, match="can withdraw funds"):
        add_exchange_account(services, "binance-main", exchange="binance")
    assert services.journal.accounts() == []


def test_a_testnet_account_says_testnet_everywhere(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch)
    check = add_exchange_account(services, "binance-main", exchange="binance", sandbox=True)
    assert check.account.badge == "TESTNET" and any("TESTNET" in n for n in check.notes)
    assert check_account(services, "binance-main").account.label == "binance-main (binance TESTNET)"
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
    assert plan.account_badge == "TESTNET"
    assert confirmation_phrase(plan).startswith("TESTNET ")


def test_an_order_whose_fate_is_unknown_stops_the_plan_and_is_settled_by_the_next_confirm(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch, deadline=10.0)
    add_exchange_account(services, "binance-main", exchange="binance")
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
    phrase = confirmation_phrase(plan)
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    exchange.inject("GET order", Fault(status=503, times=-1))
    with pytest.raises(ExecutionInterruptedError, match="Nothing more was sent"):
        execute_plan(services, plan.plan_hash, typed=phrase)
    assert len(exchange.requests_to("order", "POST")) == 1
    assert len(services.journal.intents_without_result("binance-main")) == 1

    (report,) = resume_executions(services)  # the exchange still cannot say: it waits
    assert report.decisions == [] and "not resolved yet" in report.waiting[plan.plan_hash]
    assert len(exchange.requests_to("order", "POST")) == 1

    exchange.state.faults.clear()  # the exchange recovers
    decision = execute_plan(services, plan.plan_hash, typed=phrase)
    assert decision.outcome == "executed" and all(r.status == "filled" for r in decision.results)
    assert "reconciled" in decision.results[0].message
    assert len(exchange.requests_to("order", "POST")) == len(plan.orders)  # none sent twice
    assert services.journal.balances("binance-main") == exchange_balances(exchange)


def test_resume_tells_a_live_plan_to_be_confirmed_and_sends_nothing(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch, deadline=10.0)
    add_exchange_account(services, "binance-main", exchange="binance")
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    exchange.inject("GET order", Fault(status=503, times=-1))
    with pytest.raises(ExecutionInterruptedError):
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    exchange.state.faults.clear()
    (report,) = resume_executions(services)
    assert report.decisions == []
    assert "--typed" in report.waiting[plan.plan_hash]
    assert len(exchange.requests_to("order", "POST")) == 1
    assert services.journal.intents_without_result() == []  # the lost order was found
