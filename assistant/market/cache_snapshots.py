"""The last good answer per exchange for data that cannot be rebuilt later: markets, tickers, books.

Candles are history and live in :mod:`.cache_ohlcv`; a ticker or an order book is a moment, so we
keep only the latest one of each, with the time it was taken, in one JSON file per exchange and
kind (``<root>/<exchange>/<kind>.json``). They are served only when the exchange cannot be
reached, always together with their age. A damaged snapshot file is treated as absent (and kept
aside as ``*.corrupt``), because a snapshot is a convenience, never the only copy of anything.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .cache_io import atomic_write_bytes, safe_component

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    saved_at: datetime
    data: Any  # JSON-ready data as saved


class SnapshotStore:
    """Latest snapshots of one exchange, by kind (``markets``, ``tickers``, ``books``) and key."""

    def __init__(self, root: Path, exchange: str) -> None:
        self.folder = root / safe_component(exchange)

    def _path(self, kind: str) -> Path:
        return self.folder / f"{safe_component(kind)}.json"

    def _read(self, kind: str) -> dict[str, Any]:
        path = self._path(kind)
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            return data
        except (OSError, ValueError) as exc:
            backup = path.with_name(path.name + ".corrupt")
            path.replace(backup)
            log.warning("snapshot file %s was unreadable (%s); moved to %s", path, exc, backup)
            return {}

    def save(self, kind: str, key: str, data: Any, saved_at: datetime) -> None:
        entries = self._read(kind)
        entries[key] = {"saved_at": saved_at.isoformat(), "data": data}
        atomic_write_bytes(self._path(kind), json.dumps(entries, sort_keys=True).encode())

    def load(self, kind: str, key: str) -> Snapshot | None:
        entry = self._read(kind).get(key)
        if not isinstance(entry, dict) or "saved_at" not in entry:
            return None
        try:
            return Snapshot(datetime.fromisoformat(entry["saved_at"]), entry.get("data"))
        except ValueError:
            return None
