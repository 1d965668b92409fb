"""Bring a journal database to the newest schema, driven from code (no ``alembic.ini``).

``Journal.open`` calls :func:`upgrade` every time: a journal already at head costs one read, an
older one is upgraded inside a single write transaction, so a crash mid-way leaves it as it was.
It refuses, changing nothing, a database that holds someone else's tables or that a newer
CoinPilot wrote. It must never downgrade or drop anything on its own.
"""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from assistant.domain import JournalError

from .database import Database
from .schema import VERSION_TABLE

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(
    *,
    connection: Connection | None = None,
    url: str | None = None,
    output: io.StringIO | None = None,
) -> Config:
    """An Alembic config pointing at our scripts; pass a connection (online) or a URL (SQL)."""
    config = Config(output_buffer=output)
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the journal has no migration scripts"
    return head


def current_revision(conn: Connection) -> str | None:
    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(db: Database) -> None:
    """Upgrade ``db`` to head, or raise :class:`JournalError` and leave it untouched."""
    head = head_revision()
    with db.transaction(write=False) as conn:
        current = current_revision(conn)
        tables = sorted(inspect(conn).get_table_names())
    if current == head:
        return
    if current is None and tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise JournalError(
            f"the database {db.where} already holds tables that are not a CoinPilot journal "
            f"({shown}); nothing was changed.",
            hint="Point COINPILOT_JOURNAL_URL at an empty database or at a CoinPilot journal.",
        )
    scripts = ScriptDirectory.from_config(alembic_config())
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise JournalError(
            f"the journal {db.where} was written by a newer CoinPilot (schema {current}); "
            "nothing was changed.",
            hint="Upgrade CoinPilot, or point COINPILOT_JOURNAL_URL at another journal.",
        )
    with db.transaction(write=True) as conn:
        command.upgrade(alembic_config(connection=conn), "head")


def migration_sql(url: str) -> str:
    """The SQL that creates the journal on ``url``'s dialect, rendered without connecting.

    For a database administrator who applies schema changes by hand (e.g. on PostgreSQL).
    """
    output = io.StringIO()
    command.upgrade(alembic_config(url=url, output=output), "head", sql=True)
    return output.getvalue()
