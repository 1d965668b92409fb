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
    "watch_settings",
    "watch_checks",
    "watch_alerts",
    "watch_heartbeats",
    "demo_clock",
)


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
)

confirmations = Table(
    "confirmations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_hash", HASH, ForeignKey("plans.plan_hash"), nullable=False, index=True),
    Column("status", String(32), nullable=False),
    Column("message", Text, nullable=False),
    *_stamps(),
    # A plan executes at most once, whatever the code above us does.
    Index(
        "ux_confirmations_executed",
        "plan_hash",
        unique=True,
        sqlite_where=text("status = 'executed'"),
        postgresql_where=text("status = 'executed'"),
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
)

deposits = Table(
    "deposits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("asset", String(20), nullable=False, index=True),
    Column("amount", Text, nullable=False),
    Column("note", Text, nullable=False),
    *_stamps(),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", Text, nullable=False),
    *_stamps(),
    Column("payload", Text, nullable=False),
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

# -- the watcher and the demo clock (migration 0003) ----------------------------------------------

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
)

demo_clock = Table(
    "demo_clock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("offset_seconds", Integer, nullable=False),
    Column("note", Text, nullable=False),
    *_stamps(),
)
