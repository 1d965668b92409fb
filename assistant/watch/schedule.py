"""The schedule: parse an interval, and repeat rounds under the one-per-home lock until stopped."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

from assistant.alerts import AlertSink
from assistant.domain import UserInputError
from assistant.engine.services import Services

from .lock import WatchLock
from .round import RoundReport, run_round

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
) -> int:
    """Hold the lock and run a round every ``interval`` seconds until ``stop`` is set (or once).

    Returns the number of rounds run. The lock is released however this ends.
    """
    rounds = 0
    with WatchLock(services.settings.home):
        while not stop.is_set():
            report = run_round(services, sinks, interval=interval)
            rounds += 1
            if on_round is not None:
                on_round(report)
            if once:
                break
            stop.wait(interval)
    return rounds
