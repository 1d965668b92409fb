"""A round of the watcher: check every active strategy once, alert, record, beat.

Active means: the strategy has an executed decision and the person has not switched its
watching off (``coinpilot watch --set NAME --off``). A round may be limited to some accounts
(those whose watcher locks the process holds, :mod:`.lock`); it then beats once per account, so
``coinpilot watch --status`` can say of each account whether its watcher is alive. Everything a
round learns goes to the journal before the next begins, so a watcher that stops and starts
again continues from there: the previous check (for repeated alerts), today's auto-executed
spend (for the daily cap) and the values since the last decision (for the risk rules) are all
read back from it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from assistant.alerts import AlertSink
from assistant.domain import CoinPilotError
from assistant.domain.watch import AlertRecord, CheckRecord, Heartbeat, WatchSettings
from assistant.engine.demo_clock import sync_demo_clock
from assistant.engine.services import Services
from assistant.journal.schema import LEGACY_ACCOUNT

from .alerting import alert_for, deliver
from .check import check_strategy

log = logging.getLogger(__name__)


@dataclass
class RoundReport:
    checks: list[CheckRecord] = field(default_factory=list)
    alerts: list[AlertRecord] = field(default_factory=list)
    heartbeat: Heartbeat | None = None

    @property
    def fired(self) -> int:
        return _fired(self.checks)


def instance_name() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def active_strategies(
    services: Services, accounts: Collection[str] | None = None
) -> list[tuple[str, WatchSettings]]:
    """The active strategies (on ``accounts`` only, when given), by name."""
    journal = services.journal
    active = []
    for name in journal.decided_strategies():
        settings = journal.watch_settings(name) or WatchSettings(spec_name=name)
        if settings.watched and (accounts is None or strategy_account(services, name) in accounts):
            active.append((name, settings))
    return active


def strategy_account(services: Services, name: str) -> str:
    """The account strategy ``name`` runs on: its binding, else its last decision's."""
    journal = services.journal
    bound = journal.account_of(name)
    if bound is not None:
        return bound
    last = journal.latest_decision(name)
    return last.account if last is not None else LEGACY_ACCOUNT


def watched_accounts(services: Services) -> list[str]:
    """The accounts that have an active strategy, the ones a watcher of every account locks."""
    return sorted({strategy_account(services, name) for name, _ in active_strategies(services)})


def run_round(
    services: Services,
    sinks: Sequence[AlertSink],
    *,
    interval: float,
    lock: threading.Lock | None = None,
    accounts: Collection[str] | None = None,
) -> RoundReport:
    """Check each active strategy once (those on ``accounts`` only, when given); ``lock``
    serialises with other users of ``services``."""
    guard = lock or threading.Lock()
    report = RoundReport()
    max_age = timedelta(hours=services.settings.watch_max_data_age_hours)
    with guard:
        sync_demo_clock(services)
        for name, settings in active_strategies(services, accounts):
            previous = next(iter(services.journal.checks(name, limit=1)), None)
            check = _check_one(services, name, settings, max_age, previous)
            services.journal.record_check(check)
            report.checks.append(check)
            alert = alert_for(check, previous)
            if alert is not None:
                report.alerts.append(deliver(alert, sinks, services.journal))
        beat = Heartbeat(
            at=services.clock.now(),
            instance=instance_name(),
            interval_seconds=interval,
            checked=len(report.checks),
            fired=report.fired,
            note=services.market.name,
        )
        targets: list[str | None] = [*sorted(accounts)] if accounts else [None]
        for account in targets:
            mine = [c for c in report.checks if strategy_account(services, c.spec_name) == account]
            beat = beat.model_copy(
                update={"account": account}
                if account is None
                else {"account": account, "checked": len(mine), "fired": _fired(mine)}
            )
            services.journal.record_heartbeat(beat)
        report.heartbeat = beat
    return report


def _fired(checks: Sequence[CheckRecord]) -> int:
    return sum(1 for c in checks if c.outcome != "quiet")


def _check_one(
    services: Services,
    name: str,
    settings: WatchSettings,
    max_age: timedelta,
    previous: CheckRecord | None,
) -> CheckRecord:
    now = services.clock.now()
    spec = services.journal.latest_spec(name)
    if spec is None:
        return CheckRecord(
            spec_name=name, at=now, outcome="error", reason="its spec is not in the journal"
        )
    try:
        return check_strategy(services, spec, settings, max_age=max_age, previous=previous)
    except CoinPilotError as exc:
        hint = f" {exc.hint}" if exc.hint else ""
        return CheckRecord(spec_name=name, at=now, outcome="error", reason=exc.message + hint)
