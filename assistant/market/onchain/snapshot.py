"""The shipped on-chain snapshot: real Coin Metrics community data for BTC, 82 days to 2025-12-29.

``assistant/market/data/onchain/<asset>_<YYYY-MM-DD>.csv.gz`` (provenance in that folder's
README) lets the demo and the offline markets show real on-chain numbers with no network. It is
old and short: every surface labels it "SNAPSHOT of <date>", and it is far too short for a
meaningful backtest of an on-chain tilt (the tool output and the docs say so). Nothing here
fetches; nothing here changes the files.
"""

from __future__ import annotations

import gzip
import io
import re
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd

from assistant.domain import DataError

from .history import OnchainHistory, tidy

FOLDER: Final = Path(__file__).resolve().parents[1] / "data" / "onchain"
_NAME: Final = re.compile(r"^([a-z0-9]+)_(\d{4}-\d{2}-\d{2})\.csv\.gz$")


def snapshot_files() -> dict[str, tuple[Path, date]]:
    """{ASSET: (file, day of its last row)} for every shipped snapshot."""
    found: dict[str, tuple[Path, date]] = {}
    for path in sorted(FOLDER.glob("*.csv.gz")):
        match = _NAME.match(path.name)
        if match:
            found[match.group(1).upper()] = (path, date.fromisoformat(match.group(2)))
    return found


def snapshot_label(day: date) -> str:
    return f"SNAPSHOT of {day.isoformat()} (Coin Metrics community data, CC BY-NC 4.0)"


def read_snapshot(asset: str) -> OnchainHistory | None:
    """The shipped history of ``asset``; None when none ships for it."""
    entry = snapshot_files().get(asset.upper())
    if entry is None:
        return None
    path, day = entry
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        frame = pd.read_csv(io.StringIO(text), index_col="time", parse_dates=["time"])
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataError(
            f"The shipped on-chain snapshot {path} is damaged ({exc}).",
            hint="Reinstall CoinPilot, or use --source coinmetrics.",
        ) from None
    frame.index = pd.DatetimeIndex(frame.index, name="day")
    return OnchainHistory(
        asset=asset.upper(),
        frame=tidy(frame),
        source="snapshot",
        label=snapshot_label(day),
        fetched_at=None,
    )
