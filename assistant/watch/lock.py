"""One watcher per account: an exclusive ``fcntl`` lock on ``$COINPILOT_HOME/watch/<account>.lock``.

Two processes may watch two accounts (``coinpilot watch --account A`` beside ``--account B``);
two on the same account would propose and trade twice, so the second is refused with the
holder's pid. A watcher of every account (``coinpilot watch``, the app) holds one lock per
account it watches, takes the lock of an account that becomes active later, and leaves an
account another watcher holds to that watcher.

A lock belongs to its open file, so it is released when the process ends however it ends; a
stale file left behind blocks nobody. The holder's pid is written in the file so the refusal
can name it. Account names are ``[a-z0-9][a-z0-9._-]*`` (``domain/accounts.py``), safe as file
names.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from assistant.domain import CoinPilotError, NotAvailableError

__all__ = ["LOCK_FOLDER", "WatchLock", "WatchLocks", "WatcherRunningError"]

LOCK_FOLDER = "watch"


class WatcherRunningError(CoinPilotError):
    """Another watcher already watches this account; two would propose and trade twice."""

    code = "watcher_running"


class WatchLock:
    """The lock of one account's watcher."""

    def __init__(self, home: Path, account: str) -> None:
        self.account = account
        self.path = home / LOCK_FOLDER / f"{account}.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows
            raise NotAvailableError(
                "the watcher's one-instance lock needs fcntl, which this system lacks.",
                hint="Run the watcher on Linux or macOS.",
            ) from None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise WatcherRunningError(
                f"another watcher (pid {holder}) is already watching account {self.account}.",
                hint="Stop it first, watch another account with `coinpilot watch --account "
                "NAME`, or see what it is doing with `coinpilot watch --status`.",
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


class WatchLocks:
    """The accounts one watcher holds, a :class:`WatchLock` each."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._held: dict[str, WatchLock] = {}

    @property
    def accounts(self) -> frozenset[str]:
        return frozenset(self._held)

    def acquire(self, accounts: Iterable[str]) -> None:
        """Hold every one of ``accounts``, or none of those it did not hold before: the first
        one another watcher holds is refused (:class:`WatcherRunningError`)."""
        taken: list[WatchLock] = []
        try:
            for account in sorted(set(accounts) - set(self._held)):
                lock = WatchLock(self.home, account)
                lock.acquire()
                taken.append(lock)
        except CoinPilotError:
            for lock in taken:
                lock.release()
            raise
        self._held.update((lock.account, lock) for lock in taken)

    def take(self, accounts: Iterable[str]) -> list[str]:
        """Hold those of ``accounts`` that are free; return those another watcher holds."""
        elsewhere = []
        for account in sorted(set(accounts) - set(self._held)):
            lock = WatchLock(self.home, account)
            try:
                lock.acquire()
            except WatcherRunningError:
                elsewhere.append(account)
            else:
                self._held[account] = lock
        return elsewhere

    def release(self) -> None:
        for lock in self._held.values():
            lock.release()
        self._held.clear()

    def __enter__(self) -> WatchLocks:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
