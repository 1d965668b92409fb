"""Reading several feeds: one bad feed never stops the others; storage, 304s and history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.market.news import DEFAULT_FEEDS, NewsStore, configured_feeds, read_news

from .conftest import FeedRoute, FeedServer

NOW = datetime(2025, 12, 13, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> NewsStore:
    return NewsStore(f"sqlite:///{tmp_path / 'journal.db'}")


def test_a_bad_feed_is_reported_and_the_others_are_read(
    feed_server: FeedServer, rss_path: Path, atom_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<html>not a feed</html>")
    slow = feed_server.serve("/slow", FeedRoute(b"<rss/>", delay=1.0))
    report = read_news([str(rss_path), str(broken), slow, str(atom_path)], timeout=0.2, now=NOW)
    statuses = {f.source: f.status for f in report.feeds}
    assert statuses == {
        str(rss_path): "ok",
        str(broken): "error",
        slow: "error",
        str(atom_path): "ok",
    }
    assert {f.source for f in report.errors} == {str(broken), slow}
    assert all(f.error for f in report.errors)
    titles = [i.title for i in report.items]
    # the Atom copy of the Bitcoin story (same normalised link and title) is dropped
    assert titles.count("Bitcoin hits record high as ETF inflows surge") == 1
    assert len(titles) == 4
    dated = [i.published for i in report.items if i.published]
    assert dated == sorted(dated, reverse=True)


def test_a_second_read_uses_conditional_get_and_serves_stored_headlines(
    feed_server: FeedServer, rss_path: Path, store: NewsStore
) -> None:
    url = feed_server.serve("/feed", FeedRoute(rss_path.read_bytes(), etag='"abc"'))
    first = read_news([url], store=store, now=NOW)
    assert first.feeds[0].status == "ok" and first.feeds[0].new == 3
    second = read_news([url], store=store, now=NOW)
    assert second.feeds[0].status == "not_modified" and second.feeds[0].new == 0
    assert feed_server.state.seen_headers[-1]["If-None-Match"] == '"abc"'
    assert sorted(i.title for i in second.items) == sorted(i.title for i in first.items)


def test_stored_headlines_are_kept_once_and_found_by_asset(
    rss_path: Path, atom_path: Path, store: NewsStore
) -> None:
    read_news([str(rss_path), str(atom_path)], store=store, now=NOW)
    read_news([str(rss_path)], store=store, now=NOW)  # a local file has no ETag: re-parsed
    everything = store.recent()
    assert len(everything) == 4  # 3 RSS + 1 Atom; the Atom copy of the Bitcoin story is the same
    assert [i.title for i in everything].count("Bitcoin hits record high as ETF inflows surge") == 1
    assert [i.title for i in store.recent(asset="eth")] == [
        "Exchange hacked: $40 million in ETH stolen 'overnight'"
    ]
    assert store.recent(asset="SOL")[0].published == datetime(2025, 12, 12, 18, 30, 2, tzinfo=UTC)


def test_a_failing_feed_keeps_its_validators_and_records_the_error(
    feed_server: FeedServer, rss_path: Path, store: NewsStore
) -> None:
    url = feed_server.serve("/feed", FeedRoute(rss_path.read_bytes(), etag='"v1"'))
    read_news([url], store=store, now=NOW)
    feed_server.serve("/feed", FeedRoute(b"busy", status=503))
    report = read_news([url], store=store, now=NOW)
    assert report.feeds[0].status == "error"
    state = store.feed_state(url)
    assert state is not None and state.etag == '"v1"' and "503" in (state.last_error or "")


def test_feeds_come_from_settings_or_default_to_the_well_known_outlets(tmp_path: Path) -> None:
    assert configured_feeds([]) == list(DEFAULT_FEEDS)
    assert configured_feeds(["  ", "/tmp/feed.xml"]) == ["/tmp/feed.xml"]
    settings = load_settings(home=tmp_path, news_feeds=["https://decrypt.co/feed"])
    assert configured_feeds(settings.news_feeds) == ["https://decrypt.co/feed"]
    assert len(DEFAULT_FEEDS) == 4 and all(u.startswith("https://") for u in DEFAULT_FEEDS)


def test_the_store_shares_the_journal_url_and_creates_only_its_tables(tmp_path: Path) -> None:
    import sqlalchemy as sa

    settings = load_settings(home=tmp_path)
    NewsStore(settings.resolved_journal_url)
    engine = sa.create_engine(settings.resolved_journal_url)
    assert set(sa.inspect(engine).get_table_names()) == {"news_items", "news_feeds"}
