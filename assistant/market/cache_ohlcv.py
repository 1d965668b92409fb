"""One cached candle series on disk: ``<root>/<exchange>/<BASE-QUOTE>/<timeframe>.csv``.

CSV (open time in ms, then open, high, low, close, volume as Python floats, so values survive the
round trip exactly), because a torn write of a text file is easy to see and to cut back. New pages
are appended and flushed; a crash mid-append leaves a last line without its newline, which the
next load detects. Loading checks every row (six numbers, finite, times strictly increasing) and on
the first bad one keeps the good rows before it: the damaged file is kept beside it as
``*.corrupt-<time>`` and a warning is logged and recorded in ``repairs``. Nothing is ever dropped
silently, and nothing here talks to an exchange.

A small ``.meta.json`` beside the CSV remembers when the series was last synced with the exchange
and from which date it was requested, so an earlier ``since`` can be back-filled once, not always.
"""

from __future__ import annotations

import io
import json
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .cache_io import append_bytes, atomic_write_bytes, safe_component
from .ccxt_ohlcv import Row, rows_to_frame

log = logging.getLogger(__name__)

HEADER = "timestamp,open,high,low,close,volume\n"


def _timeframe_component(timeframe: str) -> str:
    # "1M" (month) and "1m" (minute) would share a file on case-insensitive file systems.
    return timeframe[:-1] + "mo" if timeframe.endswith("M") else safe_component(timeframe)


def series_path(root: Path, exchange: str, symbol: str, timeframe: str) -> Path:
    return (
        root
        / safe_component(exchange)
        / safe_component(symbol.replace("/", "-"))
        / f"{_timeframe_component(timeframe)}.csv"
    )


@dataclass(frozen=True)
class SeriesMeta:
    synced_at: datetime | None = None  # last successful contact with the exchange for this series
    requested_from_ms: int | None = None  # earliest start ever asked of the exchange


@dataclass(frozen=True)
class Repair:
    path: Path
    kept: int
    problem: str
    backup: Path


def _format(row: Row) -> str:
    stamp, *values = row
    return f"{int(stamp)}," + ",".join(repr(float(v)) for v in values) + "\n"


def _parse_line(line: str) -> Row:
    parts = line.split(",")
    if len(parts) != 6:
        raise ValueError(f"{len(parts)} fields instead of 6")
    stamp = int(parts[0])
    values = [float(p) for p in parts[1:]]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("a value that is not a finite number")
    o, h, low, c, v = values
    return (stamp, o, h, low, c, v)


def _parse_slow(lines: list[str]) -> tuple[list[Row], str | None]:
    rows: list[Row] = []
    for number, line in enumerate(lines, start=2):
        try:
            row = _parse_line(line)
        except ValueError as exc:
            return rows, f"line {number} is damaged ({exc})"
        if rows and row[0] <= rows[-1][0]:
            return rows, f"line {number} is out of time order"
        rows.append(row)
    return rows, None


def _parse(body: str) -> tuple[np.ndarray, str | None]:
    """Rows of ``body`` (data lines, each ending in a newline) and the first problem, if any."""
    problem = None
    if body and not body.endswith("\n"):
        body = body[: body.rfind("\n") + 1]
        problem = "the last line was cut off (an interrupted write)"
    if not body:
        return np.empty((0, 6)), problem
    try:
        frame = pd.read_csv(io.StringIO(body), header=None, dtype="float64", engine="c")
        array = frame.to_numpy()
        if array.shape[1] != 6 or not np.isfinite(array).all():
            raise ValueError("bad shape or values")
        if len(array) > 1 and not (np.diff(array[:, 0]) > 0).all():
            raise ValueError("out of order")
    except (ValueError, pd.errors.ParserError):
        rows, slow_problem = _parse_slow(body.splitlines())
        return np.asarray(rows, dtype=float).reshape(-1, 6), slow_problem or problem
    return array, problem


class OhlcvSeries:
    """The cached candles of one exchange/symbol/timeframe."""

    def __init__(self, root: Path, exchange: str, symbol: str, timeframe: str) -> None:
        self.path = series_path(root, exchange, symbol, timeframe)
        self.meta_path = self.path.with_suffix(".meta.json")
        self.repairs: list[Repair] = []

    def load(self) -> np.ndarray:
        """All cached rows ``[ms, o, h, l, c, v]``, repairing a damaged file first."""
        if not self.path.exists():
            return np.empty((0, 6))
        raw = self.path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if text.startswith(HEADER):
            rows, problem = _parse(text[len(HEADER) :])
        else:
            # a damaged header: the rows after it may still be good, so keep those that are
            rows, _ = _parse(text[text.find("\n") + 1 :] if "\n" in text else "")
            problem = "the header line is missing or damaged"
        if problem is not None:
            self._repair(raw, rows, problem)
        return rows

    def frame(self) -> pd.DataFrame:
        return rows_to_frame(self.load())

    def _repair(self, raw: bytes, rows: np.ndarray, problem: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        atomic_write_bytes(backup, raw)
        self._rewrite(rows)
        repair = Repair(self.path, len(rows), problem, backup)
        self.repairs.append(repair)
        log.warning(
            "OHLCV cache %s was damaged (%s); kept the %d good rows before it, the damaged "
            "file is saved as %s. The missing candles will be fetched again.",
            self.path,
            problem,
            len(rows),
            backup.name,
        )

    def _rewrite(self, rows: np.ndarray) -> None:
        body = "".join(_format(tuple(r)) for r in rows)  # type: ignore[arg-type]
        atomic_write_bytes(self.path, (HEADER + body).encode())

    def append(self, rows: list[Row]) -> None:
        """Add rows that start after the last cached one (the caller guarantees the order)."""
        if not rows:
            return
        if not self.path.exists():
            atomic_write_bytes(self.path, HEADER.encode())
        append_bytes(self.path, "".join(_format(r) for r in rows).encode())

    def replace(self, rows: np.ndarray) -> None:
        """Write the whole series at once (used when earlier candles are back-filled)."""
        self._rewrite(rows)

    def read_meta(self) -> SeriesMeta:
        try:
            data = json.loads(self.meta_path.read_text(encoding="utf-8"))
            synced = data.get("synced_at")
            return SeriesMeta(
                synced_at=datetime.fromisoformat(synced) if synced else None,
                requested_from_ms=data.get("requested_from_ms"),
            )
        except (OSError, ValueError, AttributeError):
            return SeriesMeta()  # no meta, or damaged meta: the CSV itself is the truth

    def write_meta(self, meta: SeriesMeta) -> None:
        data = {
            "synced_at": meta.synced_at.isoformat() if meta.synced_at else None,
            "requested_from_ms": meta.requested_from_ms,
        }
        atomic_write_bytes(self.meta_path, json.dumps(data).encode())
