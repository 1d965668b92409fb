"""The shipped news snapshot: dated, read from package data, and the offline markets' only news."""

from __future__ import annotations

import gzip
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.config import load_settings
from assistant.domain import DataError
from assistant.engine import Services
from assistant.engine.news import news_sentiment, wants_live_news
from assistant.journal import Journal
from assistant.market import DemoMarket
from assistant.market.news import (
    SNAPSHOT_FOLDER,
    fetch_feed,
    parse_feed,
    read_snapshot,
    snapshot_date,
    snapshot_feeds,
)


class _NamedMarket(DemoMarket):
    """The demo under another market's name: enough for the live-or-snapshot decision."""

    def __init__(self, name: str) -> None:
        super().__init__(seed=7, as_of="2026-01-05")
        self._label = name

    @property
    def name(self) -> str:
        return self._label


def _services(market: str = "demo", **settings: Any) -> Services:
    return Services(load_settings(**settings), _NamedMarket(market), Journal.open("sqlite://"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the news snapshot must not reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_the_snapshot_is_four_dated_feeds_of_real_headlines(no_network: None) -> None:
    assert [Path(f).name for f in snapshot_feeds()] == [
        "coindesk_2025-12-13.xml.gz",
        "cointelegraph_2025-12-12.xml.gz",
        "decrypt_2025-12-12.xml.gz",
        "theblock_2025-12-13.xml.gz",
    ]
    assert snapshot_date() == date(2025, 12, 13)
    report = read_snapshot()
    assert [f.items for f in report.feeds] == [25, 30, 58, 19]
    assert report.snapshot == date(2025, 12, 13) and report.label == "snapshot of 2025-12-13"
    assert len(report.items) > 100 and all(i.published for i in report.items)
    assert max(i.published for i in report.items if i.published).date() == date(2025, 12, 12)


def test_offline_markets_read_the_snapshot_and_a_live_one_the_network() -> None:
    assert not wants_live_news(_services("demo"))
    assert not wants_live_news(_services("history"))
    assert wants_live_news(_services("ccxt:binance"))
    assert wants_live_news(_services("demo"), ["https://decrypt.co/feed"])
    assert wants_live_news(_services("demo", news_feeds=["https://decrypt.co/feed"]))


def test_news_on_the_demo_is_the_labelled_snapshot_and_stores_nothing(no_network: None) -> None:
    services = _services("demo")
    result = news_sentiment(services)
    assert result.report.label == "snapshot of 2025-12-13"
    assert len(result.scores) == len(result.report.items) and "BTC" in result.by_asset
    assert not (services.settings.home / "journal.db").exists()  # no news store was opened


def test_a_gzipped_feed_file_is_read_within_the_size_limit(tmp_path: Path) -> None:
    shipped = snapshot_feeds()[0]
    assert fetch_feed(shipped).body == gzip.decompress(Path(shipped).read_bytes())
    bomb = tmp_path / "bomb.xml.gz"
    bomb.write_bytes(gzip.compress(b"<rss>" + b" " * 2_000_000 + b"</rss>"))
    assert bomb.stat().st_size < 10_000
    with pytest.raises(DataError, match="larger than 1,000,000 bytes"):
        fetch_feed(str(bomb), max_bytes=1_000_000)
    broken = tmp_path / "broken.xml.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(DataError, match="not readable gzip"):
        fetch_feed(str(broken))


@pytest.mark.shared_data
def test_the_compact_feeds_give_the_same_headlines_as_the_full_ones(shared_data: Path) -> None:
    for full in sorted((shared_data / "feeds").glob("*.xml")):
        compact = SNAPSHOT_FOLDER / f"{full.name}.gz"
        ours = parse_feed(gzip.decompress(compact.read_bytes()), "x")
        theirs = parse_feed(full.read_bytes(), "x")
        assert [(i.title, i.link, i.published, i.assets) for i in ours] == [
            (i.title, i.link, i.published, i.assets) for i in theirs
        ], full.name
