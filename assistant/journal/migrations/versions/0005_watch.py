"""The watcher's records and the demo clock: checks, alerts, heartbeats, per-strategy settings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Written beside the accounts (0002, 0003) and wallets (0004) scripts and chained after them, so
the history stays linear. Indexes: a year of hourly checks on ten strategies is 87,600
rows, so every read the watcher or a screen makes is by (spec, time) or (time) through an index,
and ``decisions`` gets (spec_name, at) for "the last decision of this strategy". All new tables
are append-only audit records, guarded like those of 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its tables instead of importing today's schema.

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

NEW_AUDIT = ("watch_settings", "watch_checks", "watch_alerts", "watch_heartbeats", "demo_clock")


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "watch_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spec_name", sa.String(64), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_watch_settings_spec_name_at", "watch_settings", ["spec_name", "at"])
    op.create_index("ix_watch_settings_at", "watch_settings", ["at"])
    op.create_table(
        "watch_checks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spec_name", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_watch_checks_spec_name_at", "watch_checks", ["spec_name", "at"])
    op.create_index("ix_watch_checks_at", "watch_checks", ["at"])
    op.create_table(
        "watch_alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spec_name", sa.String(64), nullable=True),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_watch_alerts_at", "watch_alerts", ["at"])
    op.create_table(
        "watch_heartbeats",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("instance", sa.String(100), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_watch_heartbeats_at", "watch_heartbeats", ["at"])
    op.create_table(
        "demo_clock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("offset_seconds", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_demo_clock_at", "demo_clock", ["at"])
    op.create_index("ix_decisions_spec_name_at", "decisions", ["spec_name", "at"])
    _guard_append_only()


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
    op.drop_index("ix_decisions_spec_name_at", table_name="decisions")
    for table in reversed(NEW_AUDIT):
        op.drop_table(table)
