"""Executions that stop part-way are completed on the next confirm, or recorded as partial.

A crash is staged by raising a BaseException (as a kill would stop the run) at a chosen journal
write; a full disk by a JournalError there. The chaos suite (tests/chaos) does the same with real
SIGKILLs of real processes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from assistant.domain import ExecutionInterruptedError, JournalError, PlanError, parse_spec
from assistant.engine import (
    Clock,
    Services,
    execute_plan,
    explain_decision,
    plan_rebalance,
    resume_executions,
)
from assistant.journal import Journal
from tests.engine.conftest import NOW
from tests.engine.test_accounts import CORE

ACCOUNT = "paper-core"


class Crash(BaseException):
    """Stands in for SIGKILL: nothing catches it, nothing after it runs."""


def fail_at(
    monkeypatch: pytest.MonkeyPatch, method: str, call: int, error: BaseException
) -> Callable[[], None]:
    """Make the ``call``-th call of ``Journal.<method>`` raise ``error`` (before writing)."""
    real = getattr(Journal, method)
    calls = {"n": 0}

    def wrapped(self: Journal, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Journal, method, wrapped)
    return lambda: monkeypatch.setattr(Journal, method, real)


def sent_once_each(services: Services, plan_hash: str) -> None:
    """Every line's last attempt filled, and no line has two attempts that reached the venue."""
    orders = services.journal.plan_orders(plan_hash)
    reached = [r for _, r in orders if r is not None and r.status != "not_sent"]
    assert len(reached) == len(services.journal.get_plan(plan_hash).orders)
    assert all(r.status == "filled" for r in reached)


def test_a_confirm_stopped_before_its_third_order_is_completed_by_confirming_again(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_rebalance(services, parse_spec(CORE))
    restore = fail_at(monkeypatch, "record_intent", 3, Crash())
    with pytest.raises(Crash):
        execute_plan(services, plan.plan_hash)
    restore()
    assert len(services.journal.plan_orders(plan.plan_hash)) == 2
    assert services.journal.unfinished_plans() == [plan.plan_hash]

    decision = execute_plan(services, plan.plan_hash)
    assert decision.outcome == "executed" and len(decision.results) == len(plan.orders)
    sent_once_each(services, plan.plan_hash)
    fundings = [c for c in services.journal.credits(ACCOUNT) if c["kind"] == "funding"]
    assert [c["amount"] for c in fundings] == ["5000"]
    assert services.journal.unfinished_plans() == []


def test_an_order_filled_on_paper_but_never_recorded_is_sent_again_under_a_new_id(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_rebalance(services, parse_spec(CORE))
    restore = fail_at(monkeypatch, "record_order_result", 2, Crash())
    with pytest.raises(Crash):
        execute_plan(services, plan.plan_hash)
    restore()
    decision = execute_plan(services, plan.plan_hash)
    ids = [i.client_order_id for i, _ in services.journal.plan_orders(plan.plan_hash)]
    assert [i.rsplit("-", 1)[1] for i in ids] == ["000", "001", "001r1", "002"]
    assert decision.results[1].client_order_id.endswith("-001r1")
    sent_once_each(services, plan.plan_hash)
    spent = sum(f.cost + f.fee for r in decision.results for f in r.fills)
    assert services.journal.balances(ACCOUNT)["USDT"] == Decimal("5000") - spent


def test_an_interrupted_plan_that_expired_is_recorded_partial_and_why_explains_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_rebalance(services, parse_spec(CORE))
    restore = fail_at(monkeypatch, "record_intent", 2, Crash())
    with pytest.raises(Crash):
        execute_plan(services, plan.plan_hash)
    restore()
    services.clock = Clock(NOW + timedelta(hours=1))
    (report,) = resume_executions(services)
    (decision,) = report.decisions
    assert decision.outcome == "partial" and len(decision.results) == 1
    assert len(decision.not_sent) == len(plan.orders) - 1
    assert "expired" in decision.not_sent[0].reason
    lines = explain_decision(services, decision.decision_id).lines
    assert any(line.startswith("Partially executed") for line in lines)
    assert any(line.startswith("Not sent:") and "expired" in line for line in lines)
    assert any("funded with 5000" in line for line in lines)
    with pytest.raises(PlanError, match="recorded as partially executed"):
        execute_plan(services, plan.plan_hash)


def test_opening_services_leaves_a_resumable_plan_for_its_confirm(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_rebalance(services, parse_spec(CORE))
    restore = fail_at(monkeypatch, "record_intent", 2, Crash())
    with pytest.raises(Crash):
        execute_plan(services, plan.plan_hash)
    restore()
    from assistant.engine.recovery import settle_paper_accounts

    settle_paper_accounts(services)
    assert services.journal.unfinished_plans() == [plan.plan_hash]  # still resumable: waits
    assert services.journal.intents_without_result() == []


@pytest.mark.parametrize(
    ("method", "call", "says"),
    [
        ("record_funding", 1, "before its paper funding was recorded; no order was sent"),
        ("record_intent", 2, "1 order(s) were sent and recorded before that. The next order"),
        ("record_order_result", 2, "was sent to paper on demo but its result could not be"),
        ("record_decision", 1, "Every order was sent; the decision record could not be"),
    ],
)
def test_a_full_disk_mid_execution_says_truly_what_happened_and_loses_no_order(
    services: Services, monkeypatch: pytest.MonkeyPatch, method: str, call: int, says: str
) -> None:
    full = JournalError("the journal x failed: database or disk is full.")
    plan = plan_rebalance(services, parse_spec(CORE))
    restore = fail_at(monkeypatch, method, call, full)
    with pytest.raises(ExecutionInterruptedError) as info:
        execute_plan(services, plan.plan_hash)
    restore()
    assert says in info.value.message and "database or disk is full" in info.value.message
    assert "Nothing from this step was saved" not in str(info.value)
    assert "never sends one twice" in (info.value.hint or "")
    decision = execute_plan(services, plan.plan_hash)  # space freed: the same confirm completes
    assert decision.outcome == "executed"
    sent_once_each(services, plan.plan_hash)
