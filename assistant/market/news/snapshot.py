"""The shipped news snapshot: four real RSS feeds as they stood on 12-13 December 2025.

``assistant/market/data/feeds`` holds CoinDesk, Cointelegraph, Decrypt and The Block cut down to
their headlines, links and dates (provenance in that folder's README). The offline markets read
these instead of the live feeds, so the demo shows real headlines and never reaches the network.
They are old news: whoever shows them must say so, with :func:`snapshot_label`, on every list.
Each file is named ``PUBLISHER_YYYY-MM-DD.xml.gz`` after its feed's lastBuildDate; the snapshot's
date is the newest of those. Nothing here fetches, parses or scores.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Final

from assistant.domain import ConfigError

#: The folder of shipped feeds (package data, present in a wheel and in a checkout).
SNAPSHOT_FOLDER: Final = Path(__file__).resolve().parents[1] / "data" / "feeds"
_DATED: Final = re.compile(r"^[a-z0-9]+_(\d{4}-\d{2}-\d{2})\.xml\.gz$")


def snapshot_feeds() -> list[str]:
    """The shipped feed files, as sources :func:`~.reader.read_news` reads (local paths)."""
    files = sorted(p for p in SNAPSHOT_FOLDER.glob("*.xml.gz") if _DATED.match(p.name))
    if not files:
        raise ConfigError(
            f"the news snapshot that ships with CoinPilot is missing ({SNAPSHOT_FOLDER}).",
            hint="Reinstall CoinPilot, or name live feeds with --feed or news_feeds in the config.",
        )
    return [str(p) for p in files]


def snapshot_date() -> date:
    """The day the snapshot was taken: the newest feed date in the shipped file names."""
    days = []
    for source in snapshot_feeds():
        match = _DATED.match(Path(source).name)
        if match:
            days.append(date.fromisoformat(match.group(1)))
    return max(days)


def snapshot_label(day: date) -> str:
    """The words every list of snapshot headlines carries: ``snapshot of 2025-12-13``."""
    return f"snapshot of {day.isoformat()}"
