"""The last good answer per exchange for data that cannot be rebuilt later: markets, tickers, books.

Candles are history and live in :mod:`.cache_ohlcv`; a ticker or an order book is a moment, so we
keep only the latest one of each, with the time it was taken, in one JSON file per exchange and
kind (``<root>/<exchange>/<kind>.json``). They are served only when the exchange cannot be
reached, always together with their age.

A damaged snapshot is never read as "nothing cached" or as an empty answer. When a fresh answer
is about to be saved, a damaged file is moved aside as ``*.corrupt`` with a logged warning and
replaced by the fresh one. When the snapshot is needed because the exchange is unreachable, a
damaged file (or entry) is a :class:`DataError` naming the file: serving it would be a guess.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.domain import DataError

from .cache_io import atomic_write_bytes, safe_component

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    saved_at: datetime
    data: Any  # JSON-ready data as saved
    path: Path  # the file it came from, for errors about its content

    def damaged(self, what: str, reason: str) -> DataError:
        """The error for a snapshot whose data cannot be decoded into ``what``."""
        return damaged_snapshot(self.path, f"its {what} cannot be read ({reason})")


def damaged_snapshot(path: Path, reason: str) -> DataError:
    return DataError(
        f"The cached snapshot {path} is damaged: {reason}.",
        hint="Delete that file; it is written again the next time the exchange answers.",
    )


class SnapshotStore:
    """Latest snapshots of one exchange, by kind (``markets``, ``tickers``, ``books``) and key."""

    def __init__(self, root: Path, exchange: str) -> None:
        self.folder = root / safe_component(exchange)

    def path(self, kind: str) -> Path:
        return self.folder / f"{safe_component(kind)}.json"

    def _read(self, path: Path) -> dict[str, Any]:
        """The file's entries; ValueError or OSError when it is unreadable or not an object."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"a JSON {type(data).__name__}, not an object")
        return data

    def save(self, kind: str, key: str, data: Any, saved_at: datetime) -> None:
        path = self.path(kind)
        entries: dict[str, Any] = {}
        if path.exists():
            try:
                entries = self._read(path)
            except (OSError, ValueError) as exc:
                backup = path.with_name(path.name + ".corrupt")
                path.replace(backup)
                log.warning("snapshot file %s was unreadable (%s); moved to %s", path, exc, backup)
        entries[key] = {"saved_at": saved_at.isoformat(), "data": data}
        atomic_write_bytes(path, json.dumps(entries, sort_keys=True).encode())

    def load(self, kind: str, key: str) -> Snapshot | None:
        """The snapshot of ``key``; None if never saved; DataError if its file or entry is bad."""
        path = self.path(kind)
        if not path.exists():
            return None
        try:
            entry = self._read(path).get(key)
        except (OSError, ValueError) as exc:
            raise damaged_snapshot(path, str(exc)) from None
        if entry is None:
            return None
        if not isinstance(entry, dict) or "saved_at" not in entry or "data" not in entry:
            raise damaged_snapshot(path, f"the entry for {key!r} lacks 'saved_at' or 'data'")
        try:
            saved_at = datetime.fromisoformat(str(entry["saved_at"]))
        except ValueError:
            reason = f"{key!r} has no valid time ({entry['saved_at']!r})"
            raise damaged_snapshot(path, reason) from None
        return Snapshot(saved_at, entry["data"], path)
