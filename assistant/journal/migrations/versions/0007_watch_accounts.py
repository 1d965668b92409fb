"""The watcher per account: each heartbeat names the account it is for.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Watchers lock and beat per account (``assistant/watch/lock.py``), so ``watch_heartbeats`` gets
a nullable ``account`` column (NULL: a round over every account, as every beat written before
this migration was) and an index on (account, at) for "the newest beat of this account". The
column is added in place (``ALTER TABLE ... ADD COLUMN`` on both dialects), so the table's
append-only triggers stay as 0005 made them. It follows the balance checkpoints (0006), which
were built at the same time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("watch_heartbeats", sa.Column("account", sa.String(64), nullable=True))
    op.create_index("ix_watch_heartbeats_account_at", "watch_heartbeats", ["account", "at"])


def downgrade() -> None:
    op.drop_index("ix_watch_heartbeats_account_at", table_name="watch_heartbeats")
    with op.batch_alter_table("watch_heartbeats") as batch:
        batch.drop_column("account")
    if op.get_context().dialect.name == "sqlite":  # the batch rebuilt the table: guard it again
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS watch_heartbeats_no_{action.lower()} BEFORE "
                f"{action} ON watch_heartbeats BEGIN SELECT RAISE(ABORT, 'watch_heartbeats is "
                "append-only'); END"
            )
