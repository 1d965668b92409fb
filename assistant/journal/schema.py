"""The journal's tables, as SQLAlchemy Core metadata the store queries through.

This describes the schema *at head*; the migration scripts in ``migrations/versions`` are what
create it, and a test proves the two agree. Every domain object is kept whole as JSON text in
``payload`` (Decimals as strings, so nothing loses precision) beside the few key columns that are
indexed or joined on. Amounts are never stored in numeric columns: SQLite would turn them into
floats. Nothing here may use SQL of one dialect only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import TypeDecorator

#: The table Alembic keeps the schema revision in; a distinct name tells our journal apart.
VERSION_TABLE = "coinpilot_migrations"

#: Audit tables: the store never updates or deletes, and the migration adds triggers that refuse.
APPEND_ONLY_TABLES = (
    "specs",
    "plans",
    "confirmations",
    "order_intents",
    "order_results",
    "fills",
    "deposits",
    "snapshots",
    "decisions",
    "accounts",
    "strategy_accounts",
    "account_events",
    "wallets",
    "watch_settings",
    "watch_checks",
    "watch_alerts",
    "watch_heartbeats",
    "demo_clock",
    "balance_checkpoints",
)

#: The account of every record written before accounts existed (migration 0002).
LEGACY_ACCOUNT = "paper"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every dialect (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime reached the journal; convert with codec.utc first")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

HASH = String(64)
NAME = String(100)
NAME_64 = String(64)


def _account() -> Column[Any]:
    """The account a record belongs to; rows from before accounts belong to ``paper``."""
    return Column("account", NAME_64, nullable=False, server_default=LEGACY_ACCOUNT, index=True)


def _stamps() -> list[Column[Any]]:
    """``at``: when the thing happened; ``recorded_at``: when the journal wrote it."""
    return [
        Column("at", UTCDateTime(), nullable=False, index=True),
        Column("recorded_at", UTCDateTime(), nullable=False),
    ]


specs = Table(
    "specs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", HASH, nullable=False, unique=True),
    Column("source", Text, nullable=True),
    *_stamps(),
    Column("payload", Text, nullable=False),
    Index("ix_specs_name_version", "name", "version"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_hash", HASH, nullable=False, unique=True),
    Column("spec_name", String(64), nullable=False, index=True),
    Column("spec_version", Integer, nullable=False),
    Column("spec_hash", HASH, nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
)

confirmations = Table(
    "confirmations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_hash", HASH, ForeignKey("plans.plan_hash"), nullable=False, index=True),
    Column("status", String(32), nullable=False),
    Column("message", Text, nullable=False),
    *_stamps(),
    _account(),
    # A plan executes at most once, whatever the code above us does.
    Index(
        "ux_confirmations_executed",
        "plan_hash",
        unique=True,
        sqlite_where=text("status = 'executed'"),
        postgresql_where=text("status = 'executed'"),
    ),
    # ...starts at most once (the record an interrupted execution is found by)...
    Index(
        "ux_confirmations_started",
        "plan_hash",
        unique=True,
        sqlite_where=text("status = 'started'"),
        postgresql_where=text("status = 'started'"),
    ),
    # ...and ends at most once, completed or partially executed.
    Index(
        "ux_confirmations_finished",
        "plan_hash",
        unique=True,
        sqlite_where=text("status IN ('executed', 'partial')"),
        postgresql_where=text("status IN ('executed', 'partial')"),
    ),
)

order_intents = Table(
    "order_intents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client_order_id", NAME, nullable=False, unique=True),
    Column("plan_hash", HASH, ForeignKey("plans.plan_hash"), nullable=False, index=True),
    Column("symbol", String(40), nullable=False),
    Column("side", String(4), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
    #: Free and total balances read just before the send (live accounts), as JSON.
    Column("before", Text, nullable=True),
)

order_results = Table(
    "order_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "client_order_id",
        NAME,
        ForeignKey("order_intents.client_order_id"),
        nullable=False,
        unique=True,
    ),
    Column("symbol", String(40), nullable=False),
    Column("side", String(4), nullable=False),
    Column("status", String(20), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
)

fills = Table(
    "fills",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_result_id", Integer, ForeignKey("order_results.id"), nullable=False, index=True),
    Column("client_order_id", NAME, nullable=False, index=True),
    Column("symbol", String(40), nullable=False),
    Column("side", String(4), nullable=False),
    Column("base", String(20), nullable=False),
    Column("quote", String(20), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
)

deposits = Table(
    "deposits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("asset", String(20), nullable=False, index=True),
    Column("amount", Text, nullable=False),
    Column("note", Text, nullable=False),
    *_stamps(),
    _account(),
    #: deposit (money put in), funding (a plan's paper capital: once per plan), import (holdings
    #: the person already had, with their source).
    Column("kind", String(16), nullable=False, server_default="deposit"),
    Column("plan_hash", HASH, nullable=True),
    Column("payload", Text, nullable=True),
    Index(
        "ux_deposits_funding",
        "plan_hash",
        unique=True,
        sqlite_where=text("kind = 'funding'"),
        postgresql_where=text("kind = 'funding'"),
    ),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", Text, nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("decision_id", NAME, nullable=False, unique=True),
    Column("plan_hash", HASH, nullable=False, index=True),
    Column("spec_name", String(64), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    _account(),
    Index("ix_decisions_spec_name_at", "spec_name", "at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", NAME, nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("content", Text, nullable=False),
    Column("meta", Text, nullable=False),
    *_stamps(),
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", NAME_64, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("exchange", String(40), nullable=True),
    Column("sandbox", Boolean, nullable=False),
    Column("quote", String(20), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
)

#: Which account a strategy runs on: its latest row. Moving a strategy is a new row.
strategy_accounts = Table(
    "strategy_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("spec_name", String(64), nullable=False, index=True),
    Column("account", NAME_64, nullable=False, index=True),
    Column("note", Text, nullable=False),
    *_stamps(),
)

#: One row per account while a process executes on it: a lease other processes respect. Not an
#: audit table (it is claimed, renewed and released); the audit trail is the confirmations.
execution_locks = Table(
    "execution_locks",
    metadata,
    Column("account", NAME_64, primary_key=True),
    Column("plan_hash", HASH, nullable=False),
    Column("owner", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("acquired_at", UTCDateTime(), nullable=False),
    Column("heartbeat_at", UTCDateTime(), nullable=False),
)

#: What happened to an account outside its plans: a reconciliation (``reconciled``: matched or
#: resolved within tolerance; ``mismatch``: refused), a halt or resume of trading (account ``*``:
#: every account), a refusal (``refused``). Append-only: the halt state is the latest row.
account_events = Table(
    "account_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", NAME_64, nullable=False, index=True),
    Column("kind", String(16), nullable=False, index=True),
    Column("message", Text, nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
)

#: Watched wallets as events: each row adds or removes one name; the latest row per name wins.
#: Read-only addresses, never accounts: nothing trades from them (see domain/wallet.py).
wallets = Table(
    "wallets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), nullable=False, index=True),
    Column("action", String(8), nullable=False),
    Column("chain", String(16), nullable=False),
    Column("address", String(64), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
)

# -- the watcher and the demo clock (migration 0005) ----------------------------------------------

watch_settings = Table(
    "watch_settings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("spec_name", String(64), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    Index("ix_watch_settings_spec_name_at", "spec_name", "at"),
)

watch_checks = Table(
    "watch_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("spec_name", String(64), nullable=False),
    Column("outcome", String(20), nullable=False),
    # The account's value at the check, as text (never a float): the risk rules read it alone.
    Column("value", Text, nullable=True),
    *_stamps(),
    Column("payload", Text, nullable=False),
    Index("ix_watch_checks_spec_name_at", "spec_name", "at"),
)

watch_alerts = Table(
    "watch_alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("spec_name", String(64), nullable=True),
    *_stamps(),
    Column("payload", Text, nullable=False),
)

watch_heartbeats = Table(
    "watch_heartbeats",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("instance", String(100), nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    # The account a beat is for (migration 0007); NULL: a round over every account.
    Column("account", String(64), nullable=True),
    Index("ix_watch_heartbeats_account_at", "account", "at"),
)

demo_clock = Table(
    "demo_clock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("offset_seconds", Integer, nullable=False),
    Column("note", Text, nullable=False),
    *_stamps(),
)

# -- balance checkpoints (migration 0006) ---------------------------------------------------------

#: An account's balances as summed after a write that changed them: derived data a read starts
#: from, never the truth. It covers the account's deposits up to ``deposit_id`` (``deposits`` rows)
#: and its fills up to ``fill_id`` (``fills`` rows); see :mod:`assistant.journal.balances`.
balance_checkpoints = Table(
    "balance_checkpoints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account", NAME_64, nullable=False),
    Column("deposit_id", Integer, nullable=False),
    Column("deposits", Integer, nullable=False),
    Column("fill_id", Integer, nullable=False),
    Column("fills", Integer, nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
    Index("ix_balance_checkpoints_account_id", "account", "id"),
)
