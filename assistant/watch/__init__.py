"""The watcher: checks active strategies on a schedule, proposes, alerts, and acts only as allowed.

``run_round`` is one round (``coinpilot watch --once``, the app's timer); ``watch_forever``
repeats it every interval under one :class:`WatchLock` per account it watches
(:class:`WatchLocks`: two processes may watch two accounts, never one account);
``watch_status`` reads each account's heartbeat and the newest checks and alerts back for
``coinpilot watch --status``. The watcher
never executes a plan the person did not opt in to, and never past their caps.
"""

from .lock import WatcherRunningError, WatchLock, WatchLocks
from .round import RoundReport, active_strategies, run_round
from .status import WatchStatus, watch_status

__all__ = [
    "RoundReport",
    "WatchLock",
    "WatchLocks",
    "WatchStatus",
    "WatcherRunningError",
    "active_strategies",
    "run_round",
    "watch_status",
]
