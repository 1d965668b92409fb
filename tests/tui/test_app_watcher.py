"""The watcher inside the app: the demo clock runs, drift builds, a proposal is notified."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.config import load_settings
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.journal import Journal
from assistant.market.demo import DemoMarket
from assistant.tui import CoinPilotApp
from assistant.watch import WatchLock
from assistant.watch.round import strategy_account
from tests.tui.conftest import NOW
from tests.tui.helpers import ready, wait_until
from tests.watch.conftest import make_spec

pytestmark = pytest.mark.anyio


def _services(**settings: object) -> Services:
    services = Services(
        settings=load_settings(alert_desktop=False, **settings),
        market=DemoMarket(seed=7, as_of=NOW),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=NOW),
    )
    plan = plan_rebalance(services, make_spec())
    execute_plan(services, plan.plan_hash)
    return services


def _titles(app: CoinPilotApp) -> list[str]:
    return [n.title for n in app._notifications]


@pytest.mark.slow
async def test_the_running_demo_clock_builds_drift_and_the_app_notifies_a_proposal() -> None:
    services = _services(demo_day_seconds=0.2)
    app = CoinPilotApp(services)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            assert app.watcher.watching
            await wait_until(
                pilot,
                lambda: "Rebalance proposed: core" in _titles(app),
                "a proposal notified",
                settle=False,
            )
            assert app.watcher.days_moved >= 1 and app.watcher.rounds >= 1
            check = services.journal.checks("core", limit=1)[0]
            assert check.outcome == "proposed" and check.trigger == "drift"
            assert services.journal.get_plan(check.plan_hash or "").trigger == "drift"
            moved = services.journal.demo_offset()
            assert moved >= timedelta(days=1) and services.market.now() > NOW - timedelta(days=1)
            await pilot.pause(0)
            app.watcher.stop()
            await app.workers.wait_for_complete()
            assert app.main.status is not None and app.main.status.as_of == services.market.now()
    finally:
        services.close()


@pytest.mark.slow
async def test_the_app_leaves_an_account_another_watcher_holds_to_it() -> None:
    services = _services()
    holder = WatchLock(services.settings.home, strategy_account(services, "core"))
    holder.acquire()
    app = CoinPilotApp(services)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            assert not app.watcher.watching
            assert "Watcher" in _titles(app)
    finally:
        holder.release()
        services.close()
