"""Reading the configured feeds: fetch, parse, tag, store and de-duplicate, one feed at a time.

Each feed is fetched with its stored ETag / Last-Modified; a 304 costs no parsing and its stored
headlines are used. A feed that fails (timeout, too big, malformed, missing file) is reported in
its :class:`FeedOutcome` with the reason and the others go on. Without a store everything still
works, only without conditional GET or history. Scoring is not done here: headlines go to
:mod:`assistant.signals.sentiment` as data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from assistant.domain import CoinPilotError

from .dedup import deduplicate
from .fetch import FeedResponse, fetch_feed
from .items import NewsItem
from .parse import parse_feed
from .snapshot import snapshot_date, snapshot_feeds, snapshot_label
from .store import FeedState, NewsStore

#: Well-known crypto outlets' public RSS feeds, used when ``Settings.news_feeds`` is empty.
DEFAULT_FEEDS: tuple[str, ...] = (
    "https://www.coindesk.com/arc/outboundfeeds/rss/",
    "https://cointelegraph.com/rss",
    "https://decrypt.co/feed",
    "https://www.theblock.co/rss.xml",
)

Fetcher = Callable[..., FeedResponse]


def configured_feeds(news_feeds: Sequence[str]) -> list[str]:
    """The feeds from settings (URLs or local paths), or the defaults when none are set."""
    chosen = [f.strip() for f in news_feeds if f.strip()]
    return chosen or list(DEFAULT_FEEDS)


@dataclass(frozen=True)
class FeedOutcome:
    source: str
    status: Literal["ok", "not_modified", "error"]
    items: int  # headlines this feed contributed
    new: int  # of which stored for the first time (0 without a store)
    error: str | None = None
    #: The failure is in what was given (a missing file, a bad URL, not a feed), not an outage.
    bad_input: bool = False


@dataclass(frozen=True)
class NewsReport:
    items: list[NewsItem]  # de-duplicated, newest first
    feeds: list[FeedOutcome]
    #: The day of the shipped snapshot these headlines come from; None when the feeds are live.
    snapshot: date | None = None

    @property
    def label(self) -> str:
        """``snapshot of 2025-12-13`` or ``live``: shown with every list of these headlines."""
        return "live" if self.snapshot is None else snapshot_label(self.snapshot)

    @property
    def errors(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if f.status == "error"]

    @property
    def all_failed(self) -> bool:
        """Every feed failed (nothing was read at all), as opposed to some feeds failing."""
        return bool(self.feeds) and len(self.errors) == len(self.feeds)


def _read_one(
    source: str, store: NewsStore | None, fetch: Fetcher, now: datetime, **limits: float
) -> tuple[list[NewsItem], FeedOutcome]:
    state = store.feed_state(source) if store else None
    try:
        response = fetch(
            source,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            **limits,
        )
        if response.not_modified and store is not None:
            items = store.recent(sources=[source], limit=500)
            outcome = FeedOutcome(source, "not_modified", len(items), 0)
        else:
            items = parse_feed(response.body or b"", source)
            new = store.add(items, now) if store else []
            outcome = FeedOutcome(source, "ok", len(items), len(new))
        if store is not None:
            store.save_feed_state(FeedState(source, response.etag, response.last_modified, now))
        return items, outcome
    except CoinPilotError as exc:
        if store is not None:  # keep the validators: the next read can still be conditional
            etag, modified = (state.etag, state.last_modified) if state else (None, None)
            store.save_feed_state(FeedState(source, etag, modified, now, str(exc)))
        return [], FeedOutcome(source, "error", 0, 0, str(exc), bad_input=exc.bad_input)


def read_news(
    sources: Sequence[str],
    *,
    store: NewsStore | None = None,
    fetch: Fetcher = fetch_feed,
    now: datetime | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> NewsReport:
    """Every feed read (or reported as failed); headlines de-duplicated, newest first."""
    moment = now or datetime.now(UTC)
    limits: dict[str, float] = {}
    if timeout is not None:
        limits["timeout"] = timeout
    if max_bytes is not None:
        limits["max_bytes"] = max_bytes
    collected: list[NewsItem] = []
    outcomes: list[FeedOutcome] = []
    for source in sources:
        items, outcome = _read_one(source, store, fetch, moment, **limits)
        collected.extend(items)
        outcomes.append(outcome)
    far_past = datetime.min.replace(tzinfo=UTC)
    collected.sort(key=lambda i: i.published or far_past, reverse=True)
    return NewsReport(deduplicate(collected), outcomes)


def read_snapshot() -> NewsReport:
    """The shipped feeds, labelled with their date; no store (old news must not mix with live)."""
    report = read_news(snapshot_feeds())
    return NewsReport(report.items, report.feeds, snapshot=snapshot_date())
