"""The connection to the journal's database: engine set-up, SQLite pragmas and transactions.

SQLite gets WAL (readers never wait for the writer), foreign keys, a busy timeout, and write
transactions that start with ``BEGIN IMMEDIATE`` so two processes queue for the write lock instead
of failing half-way through a transaction. The journal holds balances and trades, so its file is
private: the folder is created 0700 and the file 0600 (SQLite gives its -wal and -shm files the
database file's mode). Any other SQLAlchemy URL (PostgreSQL) is used as given.
Every driver error leaves here as a :class:`JournalError`; this module must never swallow one.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from assistant.domain import JournalError

from .failures import translate

_WRITE = "coinpilot_write"


@dataclass(frozen=True)
class Database:
    engine: Engine
    #: How messages name the journal: the file path for SQLite, the URL without password otherwise.
    where: str
    #: Serializes transactions when every thread shares one connection (in-memory SQLite).
    lock: AbstractContextManager[Any] = field(default_factory=nullcontext)

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Connection]:
        """One transaction, committed when the block ends and rolled back if it raises."""
        try:
            with self.lock, self.engine.connect() as conn:
                if write:
                    conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            raise translate(exc, self.where) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def connect(url: str, *, busy_timeout: float) -> Database:
    """An engine for ``url``; for a SQLite file, its folder is created first."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise JournalError(
            f"the journal URL {url!r} is not a database URL.",
            hint="Use sqlite:///path/to/journal.db or postgresql+psycopg://user@host/db.",
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed, busy_timeout)
    where = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise JournalError(
            f"cannot open the journal {where}: its database driver is not installed ({exc}).",
            hint="Install the driver, for example `pip install psycopg[binary]` for PostgreSQL.",
        ) from None
    return Database(engine, where)


def _sqlite(url: URL, busy_timeout: float) -> Database:
    path = url.database or ""
    memory = path in ("", ":memory:") or path.startswith("file::memory:")
    if memory:
        # One shared connection, or every checkout would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        where = "in memory"
    else:
        file = Path(path).expanduser()
        try:
            private_file(file)
        except OSError as exc:
            reason = "it is not a folder" if isinstance(exc, FileExistsError) else exc.strerror
            raise JournalError(
                f"cannot create the journal's folder {file.parent} ({reason}).",
                hint="Point COINPILOT_JOURNAL_URL or COINPILOT_HOME at a folder you can write to.",
            ) from None
        engine = create_engine(url.set(database=str(file)), connect_args={"timeout": busy_timeout})
        where = str(file)
    millis = max(0, round(busy_timeout * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the driver: we emit BEGIN ourselves (below).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {millis}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    # One shared in-memory connection cannot hold two threads' transactions at once.
    return Database(engine, where, lock=threading.RLock() if memory else nullcontext())


def private_file(file: Path) -> None:
    """Create ``file``'s folder (0700) and the file itself (0600) unless they exist, and take
    group and other permissions away from the file and its SQLite companions if they have any."""
    file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(file, os.O_CREAT | os.O_RDWR, 0o600))
    for companion in (file, *(file.with_name(file.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            mode = stat.S_IMODE(companion.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            os.chmod(companion, mode & 0o700)
