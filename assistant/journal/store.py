"""The base every group of journal records builds on: connections and the unit of work.

Each ``record_*`` call is its own committed transaction unless the caller opened
``with journal.transaction():``, in which case every write (and read) inside the block shares one
transaction that commits when the block ends and rolls back, whole, if it raises. The active unit
of work is per thread, so a worker thread never joins another thread's transaction. This class
offers no update or delete, and none may be added: the journal is an audit trail. (Chat messages
are the one exception: a person may forget a conversation, :mod:`.conversations`.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table

from assistant.domain import JournalError

from .codec import damaged, now
from .database import Database


class Store:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._closed = False
        self._local = threading.local()

    @property
    def where(self) -> str:
        """The journal's file path (SQLite) or URL without password, as messages name it."""
        return self._db.where

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several records into one all-or-nothing write (e.g. an intent and its result).

        Nested blocks join the outermost one. Without this block, each record commits at once.
        """
        if self._active() is not None:
            yield
            return
        self._check_open()
        with self._db.transaction(write=True) as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection to read with; a stored value the driver cannot convert (a date that is
        not a date) is a damaged journal, reported as such instead of as a ValueError."""
        try:
            active = self._active()
            if active is not None:
                yield active
                return
            self._check_open()
            with self._db.transaction(write=False) as conn:
                yield conn
        except (ValueError, TypeError) as exc:
            raise damaged("a value", self.where, f"{type(exc).__name__}: {exc}"[:200]) from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        active = self._active()
        if active is not None:
            yield active
            return
        self._check_open()
        with self._db.transaction(write=True) as conn:
            yield conn

    @staticmethod
    def _insert(conn: Connection, table: Table, **values: Any) -> int:
        values.setdefault("recorded_at", now())
        result = conn.execute(table.insert().values(**values))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _active(self) -> Connection | None:
        conn: Connection | None = getattr(self._local, "conn", None)
        return conn

    def _check_open(self) -> None:
        if self._closed:
            raise JournalError(
                f"the journal {self.where} was closed; open it again with Journal.open(url)."
            )
