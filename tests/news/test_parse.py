"""Parsing RSS and Atom: titles cleaned, dates in UTC, encodings survived, damage reported."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.domain import DataError
from assistant.market.news import parse_feed


def test_rss_items_have_clean_titles_utc_dates_and_assets(rss_path: Path) -> None:
    items = parse_feed(rss_path.read_bytes(), str(rss_path))
    assert [i.title for i in items] == [
        "Bitcoin hits record high as ETF inflows surge",
        "Exchange hacked: $40 million in ETH stolen 'overnight'",
        "Developers debate a new method for block propagation",
    ]
    assert items[0].published == datetime(2025, 12, 12, 21, 57, 28, tzinfo=UTC)
    assert items[0].assets == ("BTC",)
    assert items[1].assets == ("ETH",)
    assert items[2].assets == ()  # "method" is not ETH
    assert all(i.source == str(rss_path) for i in items)


def test_atom_entries_are_read_with_markup_removed(atom_path: Path) -> None:
    items = parse_feed(atom_path.read_bytes(), "atom")
    assert items[0].title == "Solana network restarts after outage"
    assert items[0].link == "https://wire.example/solana-outage"
    assert items[0].assets == ("SOL",)
    assert items[1].published == datetime(2025, 12, 12, 16, 0, tzinfo=UTC)


def test_a_latin1_feed_is_decoded_by_its_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Caf\xe9 owners accept Bitcoin</title><link>https://x.example/a</link></item>"
        "</channel></rss>"
    ).encode("latin-1")
    items = parse_feed(body, "latin1")
    assert items[0].title == "Café owners accept Bitcoin"


def test_stray_non_utf8_bytes_do_not_lose_the_feed() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Ether \x93rallies\x94 past \xa31,000</title><link>https://x.example/b</link>"
        b"</item></channel></rss>"
    )
    items = parse_feed(body, "mixed")
    assert len(items) == 1
    assert items[0].title.startswith("Ether") and "1,000" in items[0].title
    assert items[0].assets == ("ETH",)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body><h1>Welcome</h1></body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off',
        b"\x00\x01\x02 not a feed at all",
    ],
)
def test_a_body_that_is_not_a_feed_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(DataError, match=r"the feed bad-source (could not be read|is cut off)"):
        parse_feed(body, "bad-source")


def test_an_empty_but_valid_feed_has_no_items() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>quiet</title></channel></rss>'
    assert parse_feed(body, "quiet") == []


def test_the_real_feed_snapshots_parse_completely(shared_data: Path) -> None:
    expected = {"coindesk": 25, "cointelegraph": 30, "decrypt": 58, "theblock": 19}
    for path in sorted((shared_data / "feeds").glob("*.xml")):
        items = parse_feed(path.read_bytes(), path.name)
        assert len(items) == expected[path.name.split("_")[0]], path.name
        assert all(i.title and i.link.startswith("https://") for i in items)
        assert all(i.published is not None and i.published.tzinfo is UTC for i in items)
        assert not any("&#" in i.title or "&amp;" in i.title for i in items)
