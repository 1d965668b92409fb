"""The schedule: parse an interval, and repeat rounds under the accounts' locks until stopped."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence

from assistant.alerts import AlertSink
from assistant.domain import UserInputError
from assistant.engine.services import Services

from .lock import WatchLocks
from .round import RoundReport, run_round, watched_accounts

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$", re.IGNORECASE)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600}


def parse_interval(text: str) -> float:
    """``90``, ``90s``, ``15m`` or ``1h`` in seconds, between 1 second and a day."""
    match = _INTERVAL.match(text)
    seconds = float(match.group(1)) * _SECONDS[match.group(2).lower()] if match else 0.0
    if not 1 <= seconds <= 86_400:
        raise UserInputError(
            f"'{text}' is not a watch interval.",
            hint="Give seconds, minutes or hours between 1 s and 24 h, e.g. 90s, 15m or 1h.",
        )
    return seconds


def watch_forever(
    services: Services,
    sinks: Sequence[AlertSink],
    *,
    interval: float,
    stop: threading.Event,
    on_round: Callable[[RoundReport], None] | None = None,
    once: bool = False,
    account: str | None = None,
) -> int:
    """Hold the accounts' locks and run a round every ``interval`` seconds until ``stop`` is
    set (or once): ``account``'s alone when named, else every account with an active strategy.

    Starting is refused (:class:`~.lock.WatcherRunningError`) when another watcher holds one
    of them. A watcher of every account takes the lock of an account that becomes active
    later, and leaves one another watcher took meanwhile to that watcher. Returns the number
    of rounds run; the locks are released however this ends.
    """
    if account is not None:
        services.journal.get_account(account)  # an unknown account: a UserInputError that says so
    rounds = 0
    with WatchLocks(services.settings.home) as locks:
        locks.acquire([account] if account is not None else watched_accounts(services))
        while not stop.is_set():
            if account is None:
                for other in locks.take(watched_accounts(services)):
                    log.info("account %s is watched by another watcher; skipped", other)
            report = run_round(services, sinks, interval=interval, accounts=locks.accounts)
            rounds += 1
            if on_round is not None:
                on_round(report)
            if once:
                break
            stop.wait(interval)
    return rounds
