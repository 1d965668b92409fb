"""Bring a journal database to the newest schema, driven from code (no ``alembic.ini``).

``Journal.open`` calls :func:`upgrade` every time: a journal already at head costs one read, an
older one is upgraded inside a single write transaction, so a crash mid-way leaves it as it was.
It refuses, changing nothing, a database that holds someone else's tables or that a newer
CoinPilot wrote. It must never downgrade or drop anything on its own.

Alembic (with Mako and Pygments behind it) is imported only when a journal is not already at
:data:`HEAD_REVISION`: the one read that tells costs a few milliseconds, the import about a
fifth of `coinpilot spec`'s start-up.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, column, inspect, select, table

from assistant.domain import JournalError

from .database import Database
from .schema import VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest script's revision in migrations/versions. A new script must update it:
#: tests/journal/test_journal_migrations.py holds it equal to alembic's head.
HEAD_REVISION = "0007"


def alembic_config(
    *,
    connection: Connection | None = None,
    url: str | None = None,
    output: io.StringIO | None = None,
) -> Config:
    """An Alembic config pointing at our scripts; pass a connection (online) or a URL (SQL)."""
    from alembic.config import Config

    config = Config(output_buffer=output)
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the journal has no migration scripts"
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(db: Database) -> None:
    """Upgrade ``db`` to head, or raise :class:`JournalError` and leave it untouched."""
    with db.transaction(write=False) as conn:
        if _recorded_revisions(conn) == [HEAD_REVISION]:
            return
    from alembic import command
    from alembic.script import ScriptDirectory

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
    from alembic import command

    output = io.StringIO()
    command.upgrade(alembic_config(url=url, output=output), "head", sql=True)
    return output.getvalue()


def _recorded_revisions(conn: Connection) -> list[str]:
    """The revisions stamped in the version table (none when there is no table), without alembic."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return []
    versions = table(VERSION_TABLE, column("version_num"))
    return [str(v) for v in conn.execute(select(versions.c.version_num)).scalars()]
