"""De-duplication by normalised link or normalised title; the first copy wins."""

from __future__ import annotations

from assistant.market.news import NewsItem, deduplicate
from assistant.market.news.dedup import link_key, title_key


def _item(title: str, link: str, source: str = "a") -> NewsItem:
    return NewsItem(title, link, source)


def test_links_differing_only_in_tracking_scheme_host_case_or_slash_are_one_story() -> None:
    keys = {
        link_key("https://www.News.example/markets/btc-record?utm_source=rss&utm_medium=x"),
        link_key("http://news.example/markets/btc-record/"),
        link_key("https://news.example/markets/btc-record#comments"),
    }
    assert len(keys) == 1
    assert link_key("https://news.example/a?id=1") != link_key("https://news.example/a?id=2")


def test_titles_differing_only_in_case_punctuation_and_spacing_are_one_story() -> None:
    assert title_key("Bitcoin hits record high, as ETF inflows surge!") == title_key(
        "BITCOIN  hits record high as ETF inflows surge"
    )


def test_the_first_copy_is_kept_and_distinct_stories_remain() -> None:
    items = [
        _item("Bitcoin hits record high", "https://a.example/1", "first"),
        _item("Bitcoin Hits Record High!", "https://b.example/other", "second"),
        _item("Different story", "https://a.example/1?utm_campaign=z", "third"),
        _item("Ether rallies", "https://a.example/2"),
        _item("Untitled link-less story", ""),
        _item("untitled link-less story", ""),
    ]
    kept = deduplicate(items)
    assert [i.title for i in kept] == [
        "Bitcoin hits record high",
        "Ether rallies",
        "Untitled link-less story",
    ]
    assert kept[0].source == "first"
