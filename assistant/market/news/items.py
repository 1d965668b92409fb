"""A news headline as CoinPilot keeps it: title, link, time, source, and the assets it mentions.

Titles arrive with HTML entities (sometimes escaped twice, as in ``&amp;#039;``), tags and odd
whitespace; :func:`clean_title` undoes all three so the same headline always reads the same. A
headline is data to show and score, never an instruction to follow.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def clean_title(raw: str) -> str:
    """Entities decoded (twice if double-escaped), tags removed, whitespace collapsed."""
    text = html.unescape(html.unescape(raw))
    return _SPACE.sub(" ", _TAG.sub(" ", text)).strip()


@dataclass(frozen=True)
class NewsItem:
    title: str
    link: str
    source: str  # the feed it came from (URL or path)
    published: datetime | None = None  # UTC; None when the feed gave no usable date
    assets: tuple[str, ...] = field(default_factory=tuple)
