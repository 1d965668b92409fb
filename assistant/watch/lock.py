"""One watcher per home: an exclusive ``fcntl`` lock on ``$COINPILOT_HOME/watch.lock``.

The lock belongs to the open file, so it is released when the process ends however it ends;
a stale file left behind blocks nobody. The holder's pid is written in the file so the refusal
can name it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import IO

from assistant.domain import CoinPilotError, NotAvailableError

LOCK_NAME = "watch.lock"


class WatcherRunningError(CoinPilotError):
    """Another watcher already watches this home; two would propose and trade twice."""

    code = "watcher_running"


class WatchLock:
    def __init__(self, home: Path, name: str = LOCK_NAME) -> None:
        self.path = home / name
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows
            raise NotAvailableError(
                "the watcher's one-instance lock needs fcntl, which this system lacks.",
                hint="Run the watcher on Linux or macOS.",
            ) from None
        self.path.parent.mkdir(exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise WatcherRunningError(
                f"another watcher (pid {holder}) is already watching {self.path.parent}.",
                hint="Stop it first, or see what it is doing with `coinpilot watch --status`.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the lock
            self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
