"""The watcher: checks active strategies on a schedule, proposes, alerts, and acts only as allowed.

``run_round`` is one round (``coinpilot watch --once``, the app's timer); ``watch_forever``
repeats it every interval under the one-per-home :class:`WatchLock`; ``watch_status`` reads the
heartbeat and the newest checks and alerts back for ``coinpilot watch --status``. The watcher
never executes a plan the person did not opt in to, and never past their caps.
"""

from .lock import WatcherRunningError, WatchLock
from .round import RoundReport, active_strategies, run_round
from .status import WatchStatus, watch_status

__all__ = [
    "RoundReport",
    "WatchLock",
    "WatchStatus",
    "WatcherRunningError",
    "active_strategies",
    "run_round",
    "watch_status",
]
