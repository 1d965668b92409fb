"""News from RSS/Atom feeds: fetch (conditional GET), parse, tag assets, de-duplicate, store.

Live feeds come from the network; the shipped snapshot (December 2025) from package data, for the
offline demo, and every list of its headlines says "snapshot of <date>".

Public API::

    read_news(sources, *, store=None, fetch=fetch_feed, now=None, timeout=None, max_bytes=None)
        -> NewsReport(items: list[NewsItem], feeds: list[FeedOutcome], snapshot: date | None)
    read_snapshot() -> NewsReport                            # the shipped feeds, dated
    configured_feeds(settings.news_feeds) -> list[str]      # defaults when empty
    snapshot_feeds(), snapshot_date(), snapshot_label(day)   # the shipped, dated offline feeds
    NewsStore(settings.resolved_journal_url)                 # news_items / news_feeds tables
    assets_in(text) -> tuple[str, ...]

Headlines are data for display and scoring, never instructions.
"""

from .assets import assets_in, known_assets
from .dedup import deduplicate
from .fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FeedResponse,
    FeedUnavailableError,
    fetch_feed,
)
from .items import NewsItem, clean_title
from .parse import parse_feed
from .reader import (
    DEFAULT_FEEDS,
    FeedOutcome,
    NewsReport,
    configured_feeds,
    read_news,
    read_snapshot,
)
from .snapshot import SNAPSHOT_FOLDER, snapshot_date, snapshot_feeds, snapshot_label
from .store import FeedState, NewsStore

__all__ = [
    "DEFAULT_FEEDS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "SNAPSHOT_FOLDER",
    "FeedOutcome",
    "FeedResponse",
    "FeedState",
    "FeedUnavailableError",
    "NewsItem",
    "NewsReport",
    "NewsStore",
    "assets_in",
    "clean_title",
    "configured_feeds",
    "deduplicate",
    "fetch_feed",
    "known_assets",
    "parse_feed",
    "read_news",
    "read_snapshot",
    "snapshot_date",
    "snapshot_feeds",
    "snapshot_label",
]
