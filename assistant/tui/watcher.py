"""The watcher while the app is open, and the demo market's running clock.

Every ``watch_interval_seconds`` a thread worker runs one watcher round
(:func:`assistant.watch.run_round`) on the app's services; its alerts become notifications. On
the demo market with ``demo_day_seconds`` set, one simulated day passes every that many
seconds: the clock moves (journaled), the portfolio pane shows the new prices, and a round runs
at once, so drift, a proposal and its alert appear within a minute.

One watcher per account: the app locks the accounts with active strategies that no other
watcher holds; if ``coinpilot watch`` already watches one, the app says so and leaves that
account to it (its running clock still moves). Nothing here executes a plan unless the person
opted in for that strategy with caps (``coinpilot watch --set``), exactly as the CLI watcher.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.timer import Timer

if TYPE_CHECKING:
    from assistant.domain.watch import AlertRecord
    from assistant.watch import RoundReport, WatchLocks

    from .app import CoinPilotApp
    from .backend import Backend

_SEVERITY = {"info": "information", "warning": "warning", "error": "error"}


class AppWatcher:
    """Timers owned by the app; started when the backend is ready, stopped when it closes."""

    def __init__(self, app: CoinPilotApp) -> None:
        self._app = app
        self._timers: list[Timer] = []
        self._locks: WatchLocks | None = None
        self._busy = threading.Lock()  # one round (or clock tick) at a time
        self.backend: Backend | None = None
        self.rounds = 0
        self.days_moved = 0

    @property
    def watching(self) -> bool:
        """Whether the app holds the watcher lock of at least one account."""
        return self._locks is not None and bool(self._locks.accounts)

    def start(self, backend: Backend) -> None:
        from assistant.domain import CoinPilotError
        from assistant.market.demo import DemoMarket
        from assistant.watch import WatchLocks

        self.stop()
        self.backend = backend
        settings = backend.settings
        locks = WatchLocks(settings.home)
        try:
            self._take(locks)
        except CoinPilotError as exc:
            self._app.notify(
                f"{exc.message} The app does not watch while it runs.",
                title="Watcher",
                severity="warning",
            )
        else:
            self._locks = locks
            self._timers.append(self._app.set_interval(settings.watch_interval_seconds, self.tick))
        day = settings.demo_day_seconds
        if day > 0 and isinstance(backend.services.market, DemoMarket):
            self._timers.append(self._app.set_interval(day, self.next_day))

    def _take(self, locks: WatchLocks, *, quiet: bool = False) -> None:
        """Lock the accounts with active strategies that no other watcher holds; say once
        which ones another watcher holds (the app leaves those to it)."""
        from assistant.watch.round import watched_accounts

        assert self.backend is not None
        elsewhere = locks.take(watched_accounts(self.backend.services))
        if elsewhere and not quiet:
            self._app.notify(
                f"another watcher is watching account {', '.join(elsewhere)}; the app leaves "
                "it to that watcher and watches the others.",
                title="Watcher",
                severity="warning",
            )

    def stop(self) -> None:
        for timer in self._timers:
            timer.stop()
        self._timers.clear()
        if self._locks is not None:
            self._locks.release()
            self._locks = None

    # -- work, off the UI thread -------------------------------------------------------------

    def tick(self) -> None:
        self._app.run_worker(self._round, thread=True, group="watcher", exclusive=False)

    def next_day(self) -> None:
        self._app.run_worker(self._advance, thread=True, group="watcher", exclusive=False)

    def _advance(self) -> None:
        from assistant.engine.demo_clock import advance_demo_clock

        backend = self.backend
        if backend is None or not self._busy.acquire(blocking=False):
            return  # the previous day is still being worked through: skip this tick
        try:
            advance_demo_clock(backend.services, timedelta(days=1), note="the app's running clock")
            self.days_moved += 1
            if self._locks is not None:
                self._run(backend)
            status = backend.status()
        except Exception as exc:  # never a traceback in the UI
            self._failed(exc, "moving the demo clock")
            return
        finally:
            self._busy.release()
        self._app.call_from_thread(self._app.main.show_status, status)

    def _round(self) -> None:
        backend = self.backend
        if backend is None or self._locks is None or not self._busy.acquire(blocking=False):
            return
        try:
            self._run(backend)
        except Exception as exc:
            self._failed(exc, "a watcher round")
        finally:
            self._busy.release()

    def _run(self, backend: Backend) -> RoundReport:
        from assistant.alerts import CollectingSink
        from assistant.watch import run_round
        from assistant.watch.alerting import sinks_from_settings

        sinks = [s for s in sinks_from_settings(backend.settings) if s.name != "desktop"]
        sinks.append(CollectingSink("app", self._notify))
        assert self._locks is not None
        self._take(self._locks, quiet=True)  # accounts that became active since the last round
        report = run_round(
            backend.services,
            sinks,
            interval=backend.settings.watch_interval_seconds,
            accounts=self._locks.accounts,
        )
        self.rounds += 1
        return report

    def _notify(self, alert: AlertRecord) -> None:
        self._app.call_from_thread(
            self._app.notify,
            alert.body,
            title=alert.title,
            severity=_SEVERITY[alert.severity],  # type: ignore[arg-type]
            timeout=20,
        )

    def _failed(self, exc: Exception, doing: str) -> None:
        from assistant.domain import CoinPilotError

        message = (
            exc.message if isinstance(exc, CoinPilotError) else self._app.log_error(exc, doing)
        )
        self._app.call_from_thread(self._app.notify, message, title="Watcher", severity="error")
