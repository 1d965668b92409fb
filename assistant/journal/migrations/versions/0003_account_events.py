"""Account events: reconciliations, trading halts and resumes, and refusals outside a plan.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

One append-only table: what the reconciliation gate found and did on an account, when trading
was halted or resumed (on one account, or on every account: ``*``), and every refusal that is not
a plan's refused confirmation. The halt state is the latest halt or resume row of a scope, so the
history of who halted what, and why, stays readable. Journals from 0002 gain the empty table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its table instead of importing today's schema.

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

TABLE = "account_events"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_account_events_account", TABLE, ["account"])
    op.create_index("ix_account_events_kind", TABLE, ["kind"])
    op.create_index("ix_account_events_at", TABLE, ["at"])
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
