"""``coinpilot watch --status``: is a watcher alive, when did it last check, what did it find."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.domain.watch import AlertRecord, CheckRecord, Heartbeat
from assistant.engine.services import Services


@dataclass(frozen=True)
class WatchStatus:
    now: datetime
    heartbeat: Heartbeat | None
    alive: bool
    strategies: list[str]
    latest_checks: list[CheckRecord]
    alerts: list[AlertRecord]

    @property
    def summary(self) -> str:
        if self.heartbeat is None:
            return "no watcher has run on this home yet"
        age = (self.now - self.heartbeat.at).total_seconds()
        state = "alive" if self.alive else "silent (no heartbeat within two intervals)"
        return (
            f"watcher {self.heartbeat.instance} {state}: last round {age:.0f} s ago, "
            f"{self.heartbeat.checked} checked, {self.heartbeat.fired} fired"
        )


def watch_status(services: Services, *, alerts: int = 5) -> WatchStatus:
    from .round import active_strategies

    journal = services.journal
    now = services.clock.now()
    beat = journal.latest_heartbeat()
    alive = beat is not None and (now - beat.at).total_seconds() <= 2 * beat.interval_seconds + 60
    names = [name for name, _ in active_strategies(services)]
    latest = [c for name in names for c in journal.checks(name, limit=1)]
    return WatchStatus(
        now=now,
        heartbeat=beat,
        alive=alive,
        strategies=names,
        latest_checks=latest,
        alerts=journal.alerts(alerts),
    )
