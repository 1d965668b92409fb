"""The first journal schema: audit tables, conversations, and append-only guards.

Revision ID: 0001
Revises:
Create Date: 2026-11-20

The append-only triggers are the only dialect-specific SQL in the journal, and each dialect gets
its own: SQLite ``RAISE(ABORT, ...)`` triggers, PostgreSQL a plpgsql trigger function. Any other
database gets the tables without triggers (the store itself never updates or deletes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen history: this script spells out its tables instead of importing today's schema.

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

AUDIT_TABLES = (
    "specs",
    "plans",
    "confirmations",
    "order_intents",
    "order_results",
    "fills",
    "deposits",
    "snapshots",
    "decisions",
)


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "specs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text(), nullable=True),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_specs_name_version", "specs", ["name", "version"])
    op.create_index("ix_specs_at", "specs", ["at"])

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("spec_name", sa.String(64), nullable=False),
        sa.Column("spec_version", sa.Integer(), nullable=False),
        sa.Column("spec_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_plans_spec_name", "plans", ["spec_name"])
    op.create_index("ix_plans_at", "plans", ["at"])

    op.create_table(
        "confirmations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "plan_hash", sa.String(64), sa.ForeignKey("plans.plan_hash"), nullable=False
        ),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_confirmations_plan_hash", "confirmations", ["plan_hash"])
    op.create_index("ix_confirmations_at", "confirmations", ["at"])
    executed = sa.text("status = 'executed'")
    op.create_index(
        "ux_confirmations_executed",
        "confirmations",
        ["plan_hash"],
        unique=True,
        sqlite_where=executed,
        postgresql_where=executed,
    )

    op.create_table(
        "order_intents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_order_id", sa.String(100), nullable=False, unique=True),
        sa.Column(
            "plan_hash", sa.String(64), sa.ForeignKey("plans.plan_hash"), nullable=False
        ),
        sa.Column("symbol", sa.String(40), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_order_intents_plan_hash", "order_intents", ["plan_hash"])
    op.create_index("ix_order_intents_at", "order_intents", ["at"])

    op.create_table(
        "order_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "client_order_id",
            sa.String(100),
            sa.ForeignKey("order_intents.client_order_id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("symbol", sa.String(40), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_order_results_at", "order_results", ["at"])

    op.create_table(
        "fills",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "order_result_id", sa.Integer(), sa.ForeignKey("order_results.id"), nullable=False
        ),
        sa.Column("client_order_id", sa.String(100), nullable=False),
        sa.Column("symbol", sa.String(40), nullable=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("base", sa.String(20), nullable=False),
        sa.Column("quote", sa.String(20), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_fills_order_result_id", "fills", ["order_result_id"])
    op.create_index("ix_fills_client_order_id", "fills", ["client_order_id"])
    op.create_index("ix_fills_at", "fills", ["at"])

    op.create_table(
        "deposits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("asset", sa.String(20), nullable=False),
        sa.Column("amount", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_deposits_asset", "deposits", ["asset"])
    op.create_index("ix_deposits_at", "deposits", ["at"])

    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_snapshots_at", "snapshots", ["at"])

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("decision_id", sa.String(100), nullable=False, unique=True),
        sa.Column("plan_hash", sa.String(64), nullable=False),
        sa.Column("spec_name", sa.String(64), nullable=False),
        *_stamps(),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_index("ix_decisions_plan_hash", "decisions", ["plan_hash"])
    op.create_index("ix_decisions_at", "decisions", ["at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_messages_conversation_id", "messages", ["conversation_id"])
    op.create_index("ix_messages_at", "messages", ["at"])

    _guard_append_only()


def _guard_append_only() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for table in AUDIT_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION coinpilot_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in AUDIT_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION coinpilot_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION coinpilot_append_only()"
            )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    for table in reversed(AUDIT_TABLES + ("messages",)):
        # Dropping a table drops its triggers on both dialects.
        op.drop_table(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION coinpilot_append_only()")
