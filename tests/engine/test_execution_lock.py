"""The per-account execution lock: respected across processes, taken over from the dead only."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.domain import Decision, PlanBusyError, PlanError, parse_spec
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.engine.execution_lock import HOST, LEASE_TTL, hold, pid_alive
from assistant.journal import Journal
from assistant.market import DemoMarket
from tests.engine.conftest import NOW
from tests.engine.test_accounts import CORE


@pytest.fixture
def file_services(tmp_path: Path) -> Iterator[Services]:
    """Services on a journal file, so a second Journal (another 'process') can share it."""
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    svc = Services(
        load_settings(), DemoMarket(seed=7, as_of="2026-01-15"), Journal.open(url), Clock(NOW)
    )
    yield svc
    svc.close()


def second(services: Services) -> Services:
    url = services.journal.where
    return Services(
        services.settings, services.market, Journal.open(f"sqlite:///{url}"), Clock(NOW)
    )


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not pid_alive(child.pid)
    return child.pid


def test_two_confirms_of_one_plan_racing_fund_once_and_execute_once(
    file_services: Services,
) -> None:
    plan = plan_rebalance(file_services, parse_spec(CORE))
    other = second(file_services)
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def confirm(services: Services) -> None:
        start.wait()
        try:
            outcomes.append(execute_plan(services, plan.plan_hash))
        except PlanError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=confirm, args=(s,)) for s in (file_services, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    decisions = [o for o in outcomes if isinstance(o, Decision)]
    refusals = [o for o in outcomes if isinstance(o, PlanError)]
    assert len(decisions) == 1 and len(refusals) == 1
    assert "already executing this plan" in str(refusals[0]) or "already executed" in str(
        refusals[0]
    )
    fundings = [c for c in file_services.journal.credits("paper-core") if c["kind"] == "funding"]
    assert len(fundings) == 1
    statuses = [c["status"] for c in file_services.journal.confirmations(plan.plan_hash)]
    assert statuses.count("started") == 1 and statuses.count("executed") == 1


def test_a_lock_held_by_a_live_process_stops_a_confirm_and_changes_nothing(
    file_services: Services,
) -> None:
    plan = plan_rebalance(file_services, parse_spec(CORE))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        journal = file_services.journal
        assert journal.claim_lock("paper-core", plan.plan_hash, "x", HOST, sleeper.pid, NOW) is None
        with pytest.raises(PlanBusyError, match=f"pid {sleeper.pid}") as info:
            execute_plan(file_services, plan.plan_hash)
        assert "already executing this plan" in info.value.message
        assert journal.balances("paper-core") == {} and journal.started_at(plan.plan_hash) is None
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_lock_left_by_a_dead_process_is_taken_over(file_services: Services) -> None:
    plan = plan_rebalance(file_services, parse_spec(CORE))
    file_services.journal.claim_lock("paper-core", plan.plan_hash, "old", HOST, dead_pid(), NOW)
    decision = execute_plan(file_services, plan.plan_hash)
    assert decision.outcome == "executed"
    assert file_services.journal.lock_of("paper-core") is None  # released after


def test_another_hosts_lock_is_respected_until_its_heartbeat_is_stale(
    file_services: Services,
) -> None:
    plan = plan_rebalance(file_services, parse_spec(CORE))
    journal = file_services.journal
    journal.claim_lock("paper-core", plan.plan_hash, "far:1:a", "far-away-host", 1, NOW)
    with pytest.raises(PlanBusyError, match="far-away-host"):
        execute_plan(file_services, plan.plan_hash)
    file_services.clock = Clock(NOW + LEASE_TTL + timedelta(seconds=1))
    with pytest.raises(PlanError, match="expired"):  # taken over; then the gate speaks
        execute_plan(file_services, plan.plan_hash)
    assert journal.lock_of("paper-core") is None


def test_a_taken_over_lease_cannot_be_renewed_by_its_old_holder(file_services: Services) -> None:
    journal = file_services.journal
    with hold(file_services, "acct", "p" * 64) as lock:
        held = journal.lock_of("acct")
        assert held is not None
        assert journal.take_over_lock(held, "q" * 64, "thief", HOST, 1, NOW)
        with pytest.raises(Exception, match="taken over"):
            lock.beat()
    assert journal.lock_of("acct") is not None  # the thief's lease stays
