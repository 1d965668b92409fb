"""Fetching feeds: conditional GET, time and size limits, local files, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.domain import DataError, UserInputError
from assistant.market.news import FeedUnavailableError, fetch_feed

from .conftest import FeedRoute, FeedServer

LAST_MODIFIED = "Fri, 12 Dec 2025 18:01:40 GMT"


def test_conditional_get_sends_the_validators_and_a_304_has_no_body(
    feed_server: FeedServer, rss_path: Path
) -> None:
    url = feed_server.serve(
        "/feed", FeedRoute(rss_path.read_bytes(), etag='"v1"', last_modified=LAST_MODIFIED)
    )
    first = fetch_feed(url)
    assert first.body == rss_path.read_bytes()
    assert (first.etag, first.last_modified) == ('"v1"', LAST_MODIFIED)
    second = fetch_feed(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body is None
    assert second.etag == '"v1"'
    sent = feed_server.state.seen_headers[-1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == LAST_MODIFIED


def test_a_changed_feed_is_fetched_again_with_its_new_etag(
    feed_server: FeedServer, rss_path: Path
) -> None:
    url = feed_server.serve("/feed", FeedRoute(b"<rss/>", etag='"v2"'))
    response = fetch_feed(url, etag='"v1"')
    assert response.body == b"<rss/>" and response.etag == '"v2"'


@pytest.mark.parametrize("chunked", [False, True])
def test_a_feed_over_the_size_limit_is_refused(feed_server: FeedServer, chunked: bool) -> None:
    url = feed_server.serve("/huge", FeedRoute(b"<rss>" + b"x" * 300_000, chunked=chunked))
    with pytest.raises(DataError, match="larger than 100,000 bytes"):
        fetch_feed(url, max_bytes=100_000)


def test_a_feed_that_does_not_answer_in_time_is_unavailable(feed_server: FeedServer) -> None:
    url = feed_server.serve("/slow", FeedRoute(b"<rss/>", delay=1.0))
    with pytest.raises(FeedUnavailableError, match=r"did not answer within 0\.2 s"):
        fetch_feed(url, timeout=0.2)


def test_http_errors_are_explained(feed_server: FeedServer) -> None:
    with pytest.raises(DataError, match="HTTP 404"):
        fetch_feed(feed_server.url("/missing"))
    url = feed_server.serve("/down", FeedRoute(b"busy", status=503))
    with pytest.raises(FeedUnavailableError, match="HTTP 503"):
        fetch_feed(url)


def test_local_paths_and_file_urls_work(rss_path: Path) -> None:
    assert fetch_feed(str(rss_path)).body == rss_path.read_bytes()
    assert fetch_feed(rss_path.as_uri()).body == rss_path.read_bytes()


def test_a_missing_file_or_an_odd_scheme_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="does not exist"):
        fetch_feed(str(tmp_path / "nope.xml"))
    with pytest.raises(UserInputError, match="neither an http"):
        fetch_feed("ftp://example.com/feed.xml")


def test_a_local_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(UserInputError, match="more than the 1000 bytes"):
        fetch_feed(str(big), max_bytes=1000)
