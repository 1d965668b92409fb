"""Dropping repeated headlines: the same story from two feeds, or one feed read twice.

Two items are the same story when their normalised links match (scheme, ``www.``, tracking
parameters, fragments and trailing slashes ignored) or their normalised titles match (case,
punctuation and spacing ignored). The first one seen is kept. Nothing here fetches or scores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlparse

from .items import NewsItem

_TRACKING = ("utm_", "ref", "fbclid", "gclid", "mc_", "cmpid", "taid")
_NON_WORD = re.compile(r"[^\w]+")


def title_key(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", text).strip()


def link_key(link: str) -> str:
    if not link:
        return ""
    parsed = urlparse(link.strip())
    host = parsed.netloc.lower().removeprefix("www.")
    query = [
        (k, v)
        for k, v in parse_qsl(parsed.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parsed.path.rstrip("/")
    return f"{host}{path}" + (f"?{urlencode(sorted(query))}" if query else "")


def story_key(item: NewsItem) -> str:
    """One key per story for storage: the link when there is one, else the title."""
    return link_key(item.link) or f"title:{title_key(item.title)}"


def deduplicate(items: Iterable[NewsItem]) -> list[NewsItem]:
    """The items in order, without later repeats of a link or a title already seen."""
    seen_links: set[str] = set()
    seen_titles: set[str] = set()
    kept = []
    for item in items:
        link, title = link_key(item.link), title_key(item.title)
        if (link and link in seen_links) or (title and title in seen_titles):
            continue
        if link:
            seen_links.add(link)
        seen_titles.add(title)
        kept.append(item)
    return kept
