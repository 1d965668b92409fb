"""Feeds that trickle, break or lie, and headlines that try to drive the terminal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.domain import CoinPilotError, DataUnavailableError, UserInputError
from assistant.market.news import FeedUnavailableError, fetch_feed

from .helpers import cli, cli_json
from .loopback import serving, trickle

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>{title}</title><link>https://example.com/{n}</link></item>"
    "</channel></rss>"
)


@pytest.mark.parametrize(
    "script",
    [
        trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", 40, 0.1),  # the body
        trickle(b"HTTP/1.1 200 OK\r\n", 40, 0.1),  # the headers
    ],
    ids=["body", "headers"],
)
def test_a_feed_that_trickles_is_cut_off_at_the_whole_download_deadline(
    script: list[bytes | float],
) -> None:
    with serving(script) as url:
        start = time.monotonic()
        with pytest.raises(FeedUnavailableError, match=r"within 0\.5 s"):
            fetch_feed(url, timeout=0.5)
        assert time.monotonic() - start < 1.5


@pytest.mark.parametrize(
    "answer",
    [b"garbage\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<rss>", b""],
    ids=["bad-status-line", "cut-short", "closed"],
)
def test_a_broken_answer_is_an_unavailable_feed_not_a_traceback(answer: bytes) -> None:
    with serving([answer]) as url, pytest.raises(DataUnavailableError):
        fetch_feed(url, timeout=2.0)


@pytest.mark.parametrize("url", ["http://[::1", "http://example.com:port/x", "gopher://x/feed"])
def test_a_malformed_feed_url_is_bad_input(url: str) -> None:
    with pytest.raises(UserInputError):
        fetch_feed(url, timeout=0.5)


def test_news_json_exits_2_when_every_feed_is_a_bad_file_and_1_when_unreachable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, report = cli_json(capsys, "news", "--feed", str(tmp_path / "nope.xml"))
    assert code == 2 and report["feeds"][0]["status"] == "error"
    assert report["feeds"][0]["bad_input"] is True
    with serving([b""]) as url:
        code, report = cli_json(capsys, "news", "--feed", url)
    assert code == 1 and report["feeds"][0]["bad_input"] is False
    good = tmp_path / "good.xml"
    good.write_text(RSS.format(title="Bitcoin rallies", n=1))
    code, _ = cli_json(capsys, "news", "--feed", str(good), "--feed", str(tmp_path / "nope.xml"))
    assert code == 0


def test_a_headline_cannot_send_escape_codes_or_rich_markup_to_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = tmp_path / "evil.xml"
    title = "Bitcoin &#x1b;]0;pwned&#x7; [bold red]loud[/] [link=https://evil]click[/link]"
    feed.write_text(RSS.format(title=title, n=2))
    code, out, err = cli(capsys, "news", "--feed", str(feed))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07" in out  # shown, inert
    assert "red]loud[/]" in out and "[link=https://evil]click[/link]" in out  # markup as text


def test_an_error_message_with_brackets_is_printed_as_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    odd = tmp_path / "a[/]b[bold]c.toml"
    code, _out, err = cli(capsys, "spec-check", str(odd))
    assert code == 2 and "Traceback" not in err
    assert "a[/]b[bold]c.toml" in err.replace("\n", "")


def test_every_feed_failure_is_a_coinpilot_error(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    import os

    os.mkfifo(fifo)
    with pytest.raises(CoinPilotError, match="not a regular file"):
        fetch_feed(str(fifo))
