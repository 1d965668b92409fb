"""The local copy of fetched on-chain history: ``<cache>/onchain/<source>/<ASSET>.csv``.

Candles have their cache (:mod:`..cache_ohlcv`); daily on-chain metrics get the same promise: what
was fetched is kept, written atomically, and served with its age when the source cannot be
reached. A small ``.json`` beside each file remembers when the source last answered. A damaged
file is a :class:`DataError` naming it, never an empty history. Nothing here talks to a source.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from assistant.domain import DataError

from ..cache_io import atomic_write_bytes, safe_component
from .history import tidy


@dataclass(frozen=True)
class Cached:
    frame: pd.DataFrame
    fetched_at: datetime
    missing: tuple[str, ...]


class OnchainStore:
    def __init__(self, cache_root: Path, source: str) -> None:
        self.folder = cache_root / "onchain" / safe_component(source)

    def _paths(self, asset: str) -> tuple[Path, Path]:
        name = safe_component(asset.upper())
        return self.folder / f"{name}.csv", self.folder / f"{name}.json"

    def load(self, asset: str) -> Cached | None:
        data, meta = self._paths(asset)
        if not data.exists() or not meta.exists():
            return None
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            fetched_at = datetime.fromisoformat(str(info["fetched_at"]))
            missing = tuple(str(m) for m in info.get("missing", []))
            frame = pd.read_csv(data, index_col="day", parse_dates=["day"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataError(
                f"The cached on-chain history {data} is damaged ({exc}).",
                hint="Delete it and its .json; it is fetched again from the source.",
            ) from None
        frame.index = pd.DatetimeIndex(frame.index, name="day")
        return Cached(tidy(frame), fetched_at, missing)

    def save(
        self, asset: str, frame: pd.DataFrame, fetched_at: datetime, missing: tuple[str, ...]
    ) -> None:
        data, meta = self._paths(asset)
        buffer = io.StringIO()
        tidy(frame).to_csv(buffer, date_format="%Y-%m-%d", float_format="%.10g")
        atomic_write_bytes(data, buffer.getvalue().encode())
        info = {"fetched_at": fetched_at.isoformat(), "missing": list(missing)}
        atomic_write_bytes(meta, json.dumps(info, sort_keys=True).encode())
