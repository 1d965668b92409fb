"""Balance checkpoints: an account's balances as summed after a write that changed them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Derived data, never the truth: each row says "the deposits of this account up to id
``deposit_id`` (``deposits`` of them) and its fills up to ``fill_id`` (``fills`` of them) sum to
these balances", so a read sums only the rows after it (``assistant/journal/balances.py``). A
journal upgraded from 0005 has none and reads every row, as before, until its next write. Rows
are append-only like the records they summarize (guarded as in 0001); (account, id) finds an
account's newest one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its table instead of importing today's schema.

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

TABLE = "balance_checkpoints"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("deposit_id", sa.Integer(), nullable=False),
        sa.Column("deposits", sa.Integer(), nullable=False),
        sa.Column("fill_id", sa.Integer(), nullable=False),
        sa.Column("fills", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_balance_checkpoints_account_id", TABLE, ["account", "id"])
    op.create_index("ix_balance_checkpoints_at", TABLE, ["at"])
    _guard_append_only()


def _guard_append_only() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION coinpilot_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION coinpilot_append_only()"
        )


def downgrade() -> None:
    op.drop_table(TABLE)
