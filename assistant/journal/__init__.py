"""The journal: CoinPilot's append-only record of specs, plans, orders, fills and decisions.

SQLAlchemy over SQLite (WAL) by default, any SQLAlchemy URL otherwise; the schema is migrated by
Alembic on open. See :class:`Journal`. This package never decides anything; it remembers.
"""

from .balances import add_fill
from .journal import DEFAULT_BUSY_TIMEOUT, Journal
from .locks import Lease
from .migrate import head_revision, migration_sql
from .orders import split_symbol
from .records import (
    ENTRY_KINDS,
    ChatMessage,
    ConversationSummary,
    DecisionRow,
    EntryKind,
    JournalEntry,
    Snapshot,
)

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "ENTRY_KINDS",
    "ChatMessage",
    "ConversationSummary",
    "DecisionRow",
    "EntryKind",
    "Journal",
    "JournalEntry",
    "Lease",
    "Snapshot",
    "add_fill",
    "head_revision",
    "migration_sql",
    "split_symbol",
]
