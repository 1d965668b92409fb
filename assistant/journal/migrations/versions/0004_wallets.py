"""Watched wallets: add/remove events for read-only addresses on EVM chains and Solana.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

An append-only table like the audit tables of 0001, with the same per-dialect guards: a wallet
is removed by a new 'removed' row, never by deleting the 'added' one. Nothing else changes, so
every existing journal upgrades in place.

Written beside the accounts work (0002 accounts, 0003 account events) and chained after it, so
the history stays linear: 0001 -> 0002 -> 0003 -> 0004.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its table instead of importing today's schema.

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

TABLE = "wallets"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("chain", sa.String(16), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_wallets_name", TABLE, ["name"])
    op.create_index("ix_wallets_at", TABLE, ["at"])
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"
            )
    elif dialect == "postgresql":  # coinpilot_append_only() was created by 0001
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION coinpilot_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION coinpilot_append_only()"
        )


def downgrade() -> None:
    op.drop_table(TABLE)  # its triggers go with it on both dialects
