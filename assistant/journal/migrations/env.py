"""Alembic's entry point for the journal, driven from code (``assistant.journal.migrate``).

Online, the caller hands over an open connection in ``config.attributes["connection"]`` and owns
its transaction, so an upgrade commits or rolls back as one. Offline (``sql=True``), the SQL for
the URL's dialect is rendered without a database. It must never read an ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

from assistant.journal.schema import VERSION_TABLE, metadata

config = context.config

if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
