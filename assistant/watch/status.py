"""``coinpilot watch --status``: is each account's watcher alive, when did it last check, what
did it find."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from assistant.domain.watch import AlertRecord, CheckRecord, Heartbeat
from assistant.engine.services import Services


@dataclass(frozen=True)
class AccountWatch:
    """One account with active strategies, and the newest beat of a watcher that covered it
    (its own watcher's, else a round over every account)."""

    account: str
    heartbeat: Heartbeat | None
    alive: bool


@dataclass(frozen=True)
class WatchStatus:
    now: datetime
    heartbeat: Heartbeat | None
    alive: bool
    strategies: list[str]
    latest_checks: list[CheckRecord]
    alerts: list[AlertRecord]
    accounts: list[AccountWatch] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.heartbeat is None:
            return "no watcher has run on this home yet"
        return "watcher " + _describe(self.now, self.heartbeat, self.alive)

    @property
    def account_lines(self) -> list[str]:
        """One line per account: who watches it and when it last checked."""
        lines = []
        for a in self.accounts:
            if a.heartbeat is None:
                lines.append(f"account {a.account}: no watcher has checked it yet")
            else:
                lines.append(f"account {a.account}: {_describe(self.now, a.heartbeat, a.alive)}")
        return lines


def _describe(now: datetime, beat: Heartbeat, alive: bool) -> str:
    age = (now - beat.at).total_seconds()
    state = "alive" if alive else "silent (no heartbeat within two intervals)"
    return (
        f"{beat.instance} {state}: last round {age:.0f} s ago, "
        f"{beat.checked} checked, {beat.fired} fired"
    )


def _alive(now: datetime, beat: Heartbeat | None) -> bool:
    return beat is not None and (now - beat.at).total_seconds() <= 2 * beat.interval_seconds + 60


def watch_status(services: Services, *, alerts: int = 5, account: str | None = None) -> WatchStatus:
    """The watchers' state from the journal (of ``account`` alone, when named)."""
    from .round import active_strategies, strategy_account

    journal = services.journal
    now = services.clock.now()
    scope = None if account is None else [account]
    names = [name for name, _ in active_strategies(services, scope)]
    held = sorted({strategy_account(services, n) for n in names} | set(scope or []))
    every = journal.latest_heartbeat(every_account=True)
    rows = []
    for name in held:
        own = journal.latest_heartbeat(name)
        beat = max((b for b in (own, every) if b is not None), key=lambda b: b.at, default=None)
        rows.append(AccountWatch(name, beat, _alive(now, beat)))
    beat = rows[0].heartbeat if account is not None else journal.latest_heartbeat()
    latest = [c for name in names for c in journal.checks(name, limit=1)]
    return WatchStatus(
        now=now,
        heartbeat=beat,
        alive=_alive(now, beat),
        strategies=names,
        latest_checks=latest,
        alerts=journal.alerts(alerts),
        accounts=rows,
    )
