"""Accounts: named paper and exchange accounts, every record scoped to one, execution locks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Existing journals keep working: every existing plan, order, fill, deposit, snapshot, decision
and confirmation belongs to the account ``paper`` (the column default), and when the journal
already holds plans or deposits that account is created, with each planned strategy bound to it.
Columns are added with ``ALTER TABLE ... ADD COLUMN`` (no table rebuild), so the append-only
triggers of 0001 stay in place; the new audit tables get their own.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its tables instead of importing today's schema.

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

SCOPED = (
    "plans",
    "confirmations",
    "order_intents",
    "order_results",
    "fills",
    "deposits",
    "snapshots",
    "decisions",
)
NEW_AUDIT = ("accounts", "strategy_accounts")
LEGACY = "paper"


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    accounts = op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("exchange", sa.String(40), nullable=True),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("quote", sa.String(20), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_accounts_at", "accounts", ["at"])

    bindings = op.create_table(
        "strategy_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spec_name", sa.String(64), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_strategy_accounts_spec_name", "strategy_accounts", ["spec_name"])
    op.create_index("ix_strategy_accounts_account", "strategy_accounts", ["account"])
    op.create_index("ix_strategy_accounts_at", "strategy_accounts", ["at"])

    op.create_table(
        "execution_locks",
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("plan_hash", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("host", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    )

    for table in SCOPED:
        op.add_column(
            table,
            sa.Column("account", sa.String(64), nullable=False, server_default=LEGACY),
        )
        op.create_index(f"ix_{table}_account", table, ["account"])

    op.add_column(
        "deposits", sa.Column("kind", sa.String(16), nullable=False, server_default="deposit")
    )
    op.add_column("deposits", sa.Column("plan_hash", sa.String(64), nullable=True))
    op.add_column("deposits", sa.Column("payload", sa.Text(), nullable=True))
    funding = sa.text("kind = 'funding'")
    op.create_index(
        "ux_deposits_funding",
        "deposits",
        ["plan_hash"],
        unique=True,
        sqlite_where=funding,
        postgresql_where=funding,
    )
    op.add_column("order_intents", sa.Column("before", sa.Text(), nullable=True))

    started = sa.text("status = 'started'")
    op.create_index(
        "ux_confirmations_started",
        "confirmations",
        ["plan_hash"],
        unique=True,
        sqlite_where=started,
        postgresql_where=started,
    )
    finished = sa.text("status IN ('executed', 'partial')")
    op.create_index(
        "ux_confirmations_finished",
        "confirmations",
        ["plan_hash"],
        unique=True,
        sqlite_where=finished,
        postgresql_where=finished,
    )

    _guard_append_only()
    if not context_is_offline():
        _adopt_legacy_account(accounts, bindings)


def context_is_offline() -> bool:
    return bool(op.get_context().as_sql)


def _adopt_legacy_account(accounts: sa.Table, bindings: sa.Table) -> None:
    """The shared paper account of a journal from before accounts becomes the account 'paper'."""
    conn = op.get_bind()
    first = conn.execute(
        sa.text("SELECT MIN(at) FROM (SELECT at FROM plans UNION ALL SELECT at FROM deposits) t")
    ).scalar()
    if first is None:
        return
    sqlite = conn.dialect.name == "sqlite"
    when = _utc(first)
    payload = {
        "name": LEGACY,
        "kind": "paper",
        "exchange": None,
        "sandbox": False,
        "quote": "USDT",
        "created_at": when.isoformat().replace("+00:00", "Z"),
    }
    stamp = _stored(when, sqlite)
    op.bulk_insert(
        accounts,
        [
            {
                "name": LEGACY,
                "kind": "paper",
                "exchange": None,
                "sandbox": False,
                "quote": "USDT",
                "at": stamp,
                "recorded_at": stamp,
                "payload": json.dumps(payload, separators=(",", ":")),
            }
        ],
    )
    specs = conn.execute(
        sa.text("SELECT spec_name, MIN(at) FROM plans GROUP BY spec_name ORDER BY MIN(at)")
    ).all()
    if specs:
        op.bulk_insert(
            bindings,
            [
                {
                    "spec_name": name,
                    "account": LEGACY,
                    "note": "planned on the shared paper account before accounts existed",
                    "at": _stored(_utc(at), sqlite),
                    "recorded_at": _stored(_utc(at), sqlite),
                }
                for name, at in specs
            ],
        )


def _utc(value: object) -> datetime:
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _stored(when: datetime, sqlite: bool) -> datetime:
    """As the journal stores it: naive UTC on SQLite, aware elsewhere."""
    return when.replace(tzinfo=None) if sqlite else when


def _guard_append_only() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for table in NEW_AUDIT:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    elif dialect == "postgresql":
        for table in NEW_AUDIT:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION coinpilot_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION coinpilot_append_only()"
            )


def downgrade() -> None:
    op.drop_index("ux_confirmations_finished", table_name="confirmations")
    op.drop_index("ux_confirmations_started", table_name="confirmations")
    op.drop_column("order_intents", "before")
    op.drop_index("ux_deposits_funding", table_name="deposits")
    for column in ("payload", "plan_hash", "kind"):
        op.drop_column("deposits", column)
    for table in SCOPED:
        op.drop_index(f"ix_{table}_account", table_name=table)
        op.drop_column(table, "account")
    op.drop_table("execution_locks")
    op.drop_table("strategy_accounts")
    op.drop_table("accounts")
