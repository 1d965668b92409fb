"""``Journal``: the one object the rest of CoinPilot uses to record and read its history.

The journal is the source of truth for what was proposed, confirmed, sent, filled and why.
``Journal.open(url)`` connects (SQLite by default; any SQLAlchemy URL such as PostgreSQL) and
upgrades the schema to head. Every record is committed when its call returns, unless grouped with
``with journal.transaction():``. There is deliberately no update anywhere in the API, and one
delete only: forgetting a conversation's chat messages (:mod:`.conversations`), which are memory,
not evidence.
For tests and the demo, ``Journal.open("sqlite://")`` is a private in-memory journal.
"""

from __future__ import annotations

from types import TracebackType

from .accounts import AccountRecords
from .conversations import ConversationRecords
from .database import connect
from .decisions import DecisionRecords
from .events import EventRecords
from .history import HistoryRecords
from .locks import LockRecords
from .migrate import upgrade
from .orders import OrderRecords
from .paper import PaperRecords
from .plans import PlanRecords
from .specs import SpecRecords
from .timeline import Timeline
from .wallets import WalletRecords
from .watch import WatchRecords

#: Seconds a write waits for another process's write lock before giving up (SQLite).
DEFAULT_BUSY_TIMEOUT = 5.0


class Journal(
    AccountRecords,
    SpecRecords,
    PlanRecords,
    OrderRecords,
    PaperRecords,
    DecisionRecords,
    LockRecords,
    EventRecords,
    WalletRecords,
    WatchRecords,
    HistoryRecords,
    ConversationRecords,
    Timeline,
):
    """Accounts, specs, plans, confirmations, orders, fills, deposits, snapshots, decisions,
    messages and conversations, the execution locks on accounts, account events
    (reconciliations, halts), watched wallets; the watcher's settings, checks, alerts and
    heartbeats; the demo clock."""

    @classmethod
    def open(cls, url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Journal:
        """Connect to ``url`` and bring its schema to head.

        ``busy_timeout`` (seconds) is how long a SQLite write waits for a lock held by another
        process before :class:`~assistant.domain.JournalError` says the journal is locked.
        """
        db = connect(url, busy_timeout=busy_timeout)
        try:
            upgrade(db)
        except BaseException:
            db.dispose()
            raise
        return cls(db)

    def close(self) -> None:
        """Release the database; later calls raise :class:`~assistant.domain.JournalError`."""
        if not self._closed:
            self._closed = True
            self._db.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Journal {self.where} ({state})>"
