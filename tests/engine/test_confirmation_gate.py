"""The gate between a preview and money moving: execute_plan(plan_hash)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.domain import ConfigError, PlanError, SpecError, parse_spec
from assistant.engine import (
    Clock,
    Services,
    execute_plan,
    explain_decision,
    plan_rebalance,
    portfolio_status,
)
from assistant.journal import Journal
from tests.engine.conftest import NOW

SPEC = {
    "name": "core",
    "capital": "5000",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "constraints": {"max_weight": 0.5},
    "rebalance": {"drift_threshold": 0.05},
}


def test_plan_then_confirm_fills_orders_and_records_the_decision(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    assert plan.trigger == "initial" and plan.funding == Decimal("5000")
    assert plan.is_intact() and len(plan.orders) == 3
    assert max(plan.allocation.weights.values()) <= 0.5 + 1e-12

    decision = execute_plan(services, plan.plan_hash[:12])
    assert all(r.status == "filled" for r in decision.results)
    balances = services.journal.balances("paper-core")
    assert balances["USDT"] >= 0
    spent = sum(f.cost + f.fee for r in decision.results for f in r.fills)
    assert balances["USDT"] == Decimal("5000") - spent

    status = portfolio_status(services)
    assert status.last_decision_id == decision.decision_id
    assert {h.asset for h in status.holdings} == {"BTC", "ETH", "SOL"}
    assert status.max_drift is not None and status.max_drift < 0.01

    why = explain_decision(services)
    assert why.found and why.decision_id == decision.decision_id
    assert any("Trigger: initial" in line for line in why.lines)


def test_confirm_refuses_expired_plan_and_changes_nothing(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    services.clock = Clock(fixed=NOW + timedelta(seconds=services.settings.plan_ttl_seconds + 1))
    with pytest.raises(PlanError, match="expired"):
        execute_plan(services, plan.plan_hash)
    assert services.journal.balances("paper-core") == {}
    assert services.journal.decisions(10) == []


def test_confirm_refuses_a_plan_superseded_by_a_newer_preview(services: Services) -> None:
    first = plan_rebalance(services, parse_spec(SPEC))
    services.clock = Clock(fixed=NOW + timedelta(seconds=5))
    second = plan_rebalance(services, parse_spec({**SPEC, "constraints": {"max_weight": 0.45}}))
    with pytest.raises(PlanError, match="newer plan"):
        execute_plan(services, first.plan_hash)
    execute_plan(services, second.plan_hash)


def test_confirm_refuses_a_plan_whose_stored_content_changed(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "journal.db"
    services.journal = Journal.open(f"sqlite:///{path}")
    plan = plan_rebalance(services, parse_spec(SPEC))
    raw = sqlite3.connect(str(path))  # what a determined editor of the file would do
    raw.execute("DROP TRIGGER plans_no_update")
    payload = raw.execute("SELECT payload FROM plans").fetchone()[0]
    raw.execute("UPDATE plans SET payload = ?", (payload.replace('"5000"', '"9000"', 1),))
    raw.commit()
    raw.close()
    with pytest.raises(PlanError, match="changed since the preview"):
        execute_plan(services, plan.plan_hash)
    assert services.journal.balances("paper-core") == {}


def test_confirm_refuses_an_unknown_hash(services: Services) -> None:
    with pytest.raises(PlanError, match="no plan with hash"):
        execute_plan(services, "deadbeefdeadbeef")


def test_confirm_runs_a_plan_only_once(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    execute_plan(services, plan.plan_hash)
    with pytest.raises(PlanError, match="already executed"):
        execute_plan(services, plan.plan_hash)


def test_confirm_refuses_when_holdings_changed_since_the_preview(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    services.journal.record_deposit(
        "USDT", Decimal("1"), NOW, "a deposit after the preview", account="paper-core"
    )
    with pytest.raises(PlanError, match="holdings of account paper-core changed"):
        execute_plan(services, plan.plan_hash)


def test_a_live_spec_is_refused_on_a_paper_account_and_live_mode_keeps_paper_on_paper(
    services: Services,
) -> None:
    with pytest.raises(PlanError, match=r"execution\.mode = 'live' and paper-core"):
        plan_rebalance(services, parse_spec({**SPEC, "execution": {"mode": "live"}}))
    plan = plan_rebalance(services, parse_spec(SPEC))
    live = Services(
        settings=services.settings.model_copy(update={"mode": "live"}),
        market=services.market,
        journal=services.journal,
        clock=services.clock,
    )
    decision = execute_plan(live, plan.plan_hash)  # a paper account executes on paper
    assert decision.account == "paper-core" and decision.outcome == "executed"


def test_mode_is_the_only_live_switch_and_an_old_second_switch_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COINPILOT_MODE", "live")
    assert load_settings().mode == "live"
    with pytest.raises(ConfigError, match="live_trading"):
        load_settings(live_trading=True)


def test_unknown_symbol_is_a_spec_error_with_a_suggestion(services: Services) -> None:
    with pytest.raises(SpecError) as info:
        plan_rebalance(services, parse_spec({**SPEC, "universe": {"symbols": ["BTC", "ETHH"]}}))
    assert "ETH" in str(info.value)
    assert services.journal.latest_plan("core") is None


def test_empty_account_without_capital_asks_for_capital(services: Services) -> None:
    spec = {k: v for k, v in SPEC.items() if k != "capital"}
    with pytest.raises(PlanError, match="capital"):
        plan_rebalance(services, parse_spec(spec))


def test_second_plan_after_prices_moved_reports_drift_or_no_rule(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    execute_plan(services, plan.plan_hash)
    services.clock = Clock(fixed=NOW + timedelta(minutes=1))
    again = plan_rebalance(services, parse_spec(SPEC))
    assert again.trigger == "user_request"
    assert "no rule has fired" in again.trigger_detail
    assert again.funding == 0
