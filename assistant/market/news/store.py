"""News storage in the journal's database, in two tables of its own: ``news_items``, ``news_feeds``.

The journal package is not touched: this store uses the same SQLAlchemy URL (SQLite by default,
PostgreSQL by URL) with its own ``MetaData``, and creates only its two tables if they are missing
(``create_all`` on them alone; the journal's Alembic migrations neither see nor manage them).
``news_items`` is append-only and keyed by story (:func:`story_key`), so a headline read twice is
stored once. ``news_feeds`` keeps each feed's ETag / Last-Modified for conditional GET and its
last error. Times are stored as naive UTC and come back aware. A database failure becomes a
:class:`JournalError` that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from assistant.domain import JournalError

from .dedup import story_key
from .items import NewsItem

T = TypeVar("T")

metadata = sa.MetaData()

news_items = sa.Table(
    "news_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("story_key", sa.String(1024), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("link", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("published", sa.DateTime, nullable=True, index=True),
    sa.Column("fetched_at", sa.DateTime, nullable=False),
    sa.Column("assets", sa.String(512), nullable=False),  # ",BTC,ETH," for LIKE queries
)

news_feeds = sa.Table(
    "news_feeds",
    metadata,
    sa.Column("source", sa.String(2048), primary_key=True),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("checked_at", sa.DateTime, nullable=False),
    sa.Column("last_error", sa.Text, nullable=True),
)


@dataclass(frozen=True)
class FeedState:
    source: str
    etag: str | None
    last_modified: str | None
    checked_at: datetime
    last_error: str | None = None


def _naive(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


class NewsStore:
    """Headlines and feed validators in the database at ``url``."""

    def __init__(self, url: str) -> None:
        self._url = "the journal database"
        try:
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                    parents=True, exist_ok=True
                )
        except OSError as exc:
            raise JournalError(
                f"the news tables' folder cannot be created ({exc.strerror}).",
                hint="Point COINPILOT_JOURNAL_URL or COINPILOT_HOME at a folder you can write to.",
            ) from None
        self._engine = self._guard(lambda: sa.create_engine(url))
        self._url = self._engine.url.render_as_string(hide_password=True)
        self._guard(lambda: metadata.create_all(self._engine))

    def _guard(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except SQLAlchemyError as exc:
            raise JournalError(
                f"the news tables in {self._url} cannot be used ({type(exc).__name__}).",
                hint="Check the journal database URL and that no other program holds a lock.",
            ) from exc

    def add(self, items: Iterable[NewsItem], fetched_at: datetime) -> list[NewsItem]:
        """Store the items not stored yet; returns those new ones."""
        by_key: dict[str, NewsItem] = {}
        for item in items:
            by_key.setdefault(story_key(item), item)

        def work() -> list[NewsItem]:
            with self._engine.begin() as conn:
                keys = list(by_key)
                existing = set()
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    query = sa.select(news_items.c.story_key).where(
                        news_items.c.story_key.in_(chunk)
                    )
                    existing |= set(conn.execute(query).scalars())
                new = [(k, i) for k, i in by_key.items() if k not in existing]
                if new:
                    conn.execute(
                        news_items.insert(),
                        [
                            {
                                "story_key": k,
                                "title": i.title,
                                "link": i.link,
                                "source": i.source,
                                "published": _naive(i.published),
                                "fetched_at": _naive(fetched_at),
                                "assets": "," + ",".join(i.assets) + ",",
                            }
                            for k, i in new
                        ],
                    )
                return [i for _, i in new]

        return self._guard(work)

    def recent(
        self,
        *,
        limit: int = 100,
        asset: str | None = None,
        sources: Sequence[str] | None = None,
        since: datetime | None = None,
    ) -> list[NewsItem]:
        """Stored headlines, newest first (undated ones last)."""
        query = sa.select(news_items)
        if asset:
            query = query.where(news_items.c.assets.like(f"%,{asset.upper()},%"))
        if sources is not None:
            query = query.where(news_items.c.source.in_(list(sources)))
        if since is not None:
            query = query.where(news_items.c.published >= _naive(since))
        query = query.order_by(
            news_items.c.published.is_(None), news_items.c.published.desc(), news_items.c.id.desc()
        ).limit(limit)

        def work() -> list[NewsItem]:
            with self._engine.connect() as conn:
                rows = conn.execute(query).mappings().all()
            return [
                NewsItem(
                    title=r["title"],
                    link=r["link"],
                    source=r["source"],
                    published=_aware(r["published"]),
                    assets=tuple(a for a in r["assets"].split(",") if a),
                )
                for r in rows
            ]

        return self._guard(work)

    def feed_state(self, source: str) -> FeedState | None:
        def work() -> FeedState | None:
            with self._engine.connect() as conn:
                row = (
                    conn.execute(sa.select(news_feeds).where(news_feeds.c.source == source))
                    .mappings()
                    .first()
                )
            if row is None:
                return None
            checked = _aware(row["checked_at"])
            assert checked is not None
            return FeedState(
                row["source"], row["etag"], row["last_modified"], checked, row["last_error"]
            )

        return self._guard(work)

    def save_feed_state(self, state: FeedState) -> None:
        values = {
            "etag": state.etag,
            "last_modified": state.last_modified,
            "checked_at": _naive(state.checked_at),
            "last_error": state.last_error,
        }

        def work() -> None:
            with self._engine.begin() as conn:
                updated = conn.execute(
                    news_feeds.update().where(news_feeds.c.source == state.source).values(**values)
                )
                if updated.rowcount == 0:
                    conn.execute(news_feeds.insert().values(source=state.source, **values))

        self._guard(work)
