"""Parsing RSS and Atom bytes into :class:`NewsItem` with feedparser, one feed at a time.

feedparser copes with most real-world damage (undeclared entities, a wrong encoding declaration,
non-UTF-8 bytes); what it recovers we keep, with a logged note. A body that yields no feed at
all (an HTML page, random bytes) or stops mid-document (a truncated download, whose last item
may be half a headline) is a :class:`DataError` naming the feed and the parser's reason, so the
caller can report it and go on with the other feeds. Items without a title are skipped; each
kept item is tagged with the assets it mentions.
"""

from __future__ import annotations

import calendar
import logging
from datetime import UTC, datetime
from typing import Any

import feedparser

from assistant.domain import DataError

from .assets import assets_in
from .items import NewsItem, clean_title

log = logging.getLogger(__name__)

#: feedparser's "problems" that still mean a readable feed.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType", "CharacterEncodingUnknown")
#: expat's words for a document that stops early: a truncated download.
_TRUNCATED = ("no element found", "unclosed token")


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def parse_feed(body: bytes, source: str) -> list[NewsItem]:
    """The items of one feed, newest information as the feed gives it."""
    try:
        parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # a third-party parser on untrusted bytes: any failure is the feed's
        raise DataError(
            f"the feed {source} could not be read ({type(exc).__name__}: {str(exc)[:120]}).",
            hint="Check that the URL or file is an RSS or Atom feed.",
        ) from None
    problem = parsed.get("bozo_exception")
    if not parsed.entries:
        if problem is not None or not parsed.get("version"):
            reason = f"{type(problem).__name__}: {problem}" if problem else "no RSS/Atom content"
            raise DataError(
                f"the feed {source} could not be read ({reason}).",
                hint="Check that the URL or file is an RSS or Atom feed.",
            )
        return []
    if problem is not None and any(m in str(problem) for m in _TRUNCATED):
        raise DataError(
            f"the feed {source} is cut off before its end ({problem}); its last item could be "
            "partial, so none are used.",
            hint="This is usually an interrupted download; it is read again next time.",
        )
    if problem is not None and type(problem).__name__ not in _HARMLESS:
        log.warning("feed %s is damaged (%s); kept the items that could be read", source, problem)
    items = []
    for entry in parsed.entries:
        title = clean_title(str(entry.get("title", "")))
        if not title:
            continue
        link = str(entry.get("link") or entry.get("id") or "")
        items.append(NewsItem(title, link, source, _published(entry), assets_in(title)))
    return items
