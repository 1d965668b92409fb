"""The per-account execution lock: one process at a time trades on an account, across processes.

The lock is a lease in the journal (:mod:`assistant.journal.locks`), so every CoinPilot process
on the same journal respects it, on SQLite and PostgreSQL alike. A holder is alive while:

* on this host, its process exists (``kill(pid, 0)``; a zombie counts as dead) and, if it is this
  very process, the lease is one this process holds right now;
* anywhere, its heartbeat is younger than :data:`LEASE_TTL` (renewed before every order).

A lease whose holder is dead (``kill -9``, a power cut) is stale and is taken over with a
compare-and-swap, so two processes cannot both take it; the new holder then reconciles every
order the dead one left before it does anything else (:mod:`.recovery`). A live holder makes the
newcomer stop at once with :class:`PlanBusyError`, changing nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final
from uuid import uuid4

from assistant.domain import JournalError, PlanBusyError
from assistant.journal import Lease

from .services import Services

log = logging.getLogger(__name__)

#: A lease not renewed for this long is stale whoever holds it (orders renew it every few seconds).
LEASE_TTL: Final = timedelta(minutes=10)
HOST: Final = socket.gethostname()[:200]
#: What a lease names instead of a plan while its holder only settles an earlier run's orders.
SETTLING: Final = "settling"

_active: set[str] = set()
_active_lock = threading.Lock()


@dataclass
class AccountLock:
    """A held lease; :meth:`beat` before each step that may take time (an order)."""

    services: Services
    account: str
    owner: str
    plan_hash: str
    took_over: Lease | None = None

    def beat(self, plan_hash: str | None = None) -> None:
        self.plan_hash = plan_hash or self.plan_hash
        self.services.journal.renew_lock(
            self.account, self.owner, self.services.clock.now(), self.plan_hash
        )


@contextmanager
def hold(services: Services, account: str, plan_hash: str) -> Iterator[AccountLock]:
    """Hold ``account``'s execution lock for the block, or raise :class:`PlanBusyError`."""
    journal, now = services.journal, services.clock.now()
    pid = os.getpid()
    owner = f"{HOST}:{pid}:{uuid4().hex[:12]}"
    held = journal.claim_lock(account, plan_hash, owner, HOST, pid, now)
    if held is not None:
        if alive(held, now):
            raise busy(held, plan_hash)
        if not journal.take_over_lock(held, plan_hash, owner, HOST, pid, now):
            current = journal.lock_of(account)
            raise busy(current or held, plan_hash)
        log.warning(
            "took over the execution lock of account %s from pid %s on %s (it stopped); its "
            "orders are reconciled before anything else runs",
            account,
            held.pid,
            held.host,
        )
    with _active_lock:
        _active.add(owner)
    try:
        yield AccountLock(services, account, owner, plan_hash, took_over=held)
    finally:
        with _active_lock:
            _active.discard(owner)
        try:
            journal.release_lock(account, owner)
        except JournalError as exc:  # a full disk: the lease goes stale with this process
            log.warning("could not release the lock on account %s: %s", account, exc.message)


def alive(lease: Lease, now: datetime) -> bool:
    """Whether the holder of ``lease`` may still be executing (see the module docstring)."""
    if lease.host == HOST:
        if lease.pid == os.getpid():
            with _active_lock:
                return lease.owner in _active
        if not pid_alive(lease.pid):
            return False
    return now - lease.heartbeat_at < LEASE_TTL


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (a zombie, killed but not reaped, does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        state = stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def busy(held: Lease, plan_hash: str) -> PlanBusyError:
    if held.plan_hash == SETTLING:
        what = "a settlement of an earlier run's orders"
    else:
        what = "this plan" if held.plan_hash == plan_hash else f"plan {held.plan_hash[:12]}"
    return PlanBusyError(
        f"account {held.account} is already executing {what} in another CoinPilot process "
        f"(pid {held.pid} on {held.host}, since {held.acquired_at:%Y-%m-%d %H:%M:%S} UTC); "
        "nothing was done.",
        hint="Wait for it to finish, then run the command again (`coinpilot journal` shows what "
        "it did).",
    )
