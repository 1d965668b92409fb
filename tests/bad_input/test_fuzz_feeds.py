"""Fuzz: RSS/Atom bodies, and HTTP answers from a loopback server that says anything at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.market.news import NewsItem, fetch_feed, parse_feed, read_news

from .fuzzing import fuzz, mutate, outcome
from .loopback import Step, serving

FEEDS = Path(__file__).resolve().parents[1] / "news" / "feeds"
BODIES = [
    (FEEDS / name).read_text(encoding="utf-8") for name in ("basic.rss.xml", "basic.atom.xml")
]


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=300))
    text = draw(mutate(draw(st.sampled_from(BODIES))))
    return text.encode("utf-8", "surrogatepass")


@pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")
@fuzz(60)
@given(bodies())
def test_fuzz_feed_bodies_give_headlines_or_a_data_error(body: bytes) -> None:
    items = outcome(lambda: parse_feed(body, "fuzz.xml"))
    if isinstance(items, list):
        assert all(isinstance(i, NewsItem) and i.title for i in items)


STATUS = st.sampled_from(
    [b"HTTP/1.1 200 OK", b"HTTP/1.1 304 Not Modified", b"HTTP/1.1 500 Oops", b"HTTP/1.0 404 No",
     b"HTTP/1.1 999 ?", b"HTTP/1.1 abc", b"garbage", b"", b"HTTP/1.1 301 Moved"]
)  # fmt: skip
HEADER = st.sampled_from(
    [b"Content-Length: 10", b"Content-Length: -1", b"Content-Length: 99999999999",
     b"Content-Length: x", b"Transfer-Encoding: chunked", b"Location: gopher://x",
     b"Location: file:///etc/passwd", b"ETag: \xff\xfe", b"X: " + b"y" * 70000, b"no colon"]
)  # fmt: skip


@st.composite
def answers(draw: st.DrawFn) -> list[Step]:
    head = (
        draw(STATUS) + b"\r\n" + b"".join(h + b"\r\n" for h in draw(st.lists(HEADER, max_size=3)))
    )
    body = draw(bodies())
    return [head + b"\r\n" + body[: draw(st.integers(min_value=0, max_value=len(body)))]]


class _Script:
    def __init__(self) -> None:
        self.steps: list[Step] = []

    def __call__(self) -> list[Step]:
        return self.steps


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, _Script]]:
    script = _Script()
    with serving(script) as url:
        yield url, script


@fuzz(25)
@given(answers())
def test_fuzz_http_answers_give_a_feed_or_a_coinpilot_error(
    server: tuple[str, _Script], answer: list[Step]
) -> None:
    url, script = server
    script.steps = answer
    outcome(lambda: fetch_feed(url, timeout=1.0, max_bytes=50_000))
    report = read_news([url], timeout=1.0)  # a failed feed is reported, never raised
    assert len(report.feeds) == 1
