"""Reading price CSV files into validated frames, or refusing them with the line that is wrong.

Two layouts: one asset's candles (``timestamp,open,high,low,close,volume``) and a wide table of
closes (a timestamp column, then one column per asset). Timestamps are ISO dates or ISO times
(``2024-01-31``, ``2024-01-31T13:00:00Z``); a time without an offset is taken as UTC. Every refusal
names the file, the line (the header is line 1) and the column, because the person fixing it has
the file open in an editor. Blank lines are skipped. Nothing here fills, repairs or reorders data.

Files are read through the bounded reader (regular files only, at most :data:`CSV_MAX_BYTES`),
and a price outside :data:`~.rules.MIN_PRICE`..:data:`~.rules.MAX_PRICE` is refused like any
other broken cell: a last close of 1e-300 is a damaged file, not an asset to buy billions of.
A name ending in ``.csv.gz`` is read through gzip, so compressed history (the shipped snapshot in
``assistant/market/data`` is gzipped) needs no unpacking first; what it unpacks to is capped too.
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assistant.domain import DataError, decode_text, read_file_bytes

from .protocol import OHLCV_COLUMNS
from .rules import MAX_PRICE, MAX_VOLUME, MIN_PRICE

_PRICE_COLUMNS = ("open", "high", "low", "close")
_FIX_ROW = "Fix or remove that row; CoinPilot never repairs price data on its own."
#: Candle times CoinPilot accepts: anything outside is a typo (year -1, year 9999), not history.
_FIRST_TIME = pd.Timestamp("1970-01-01", tz="UTC")
_LAST_TIME = pd.Timestamp("2100-01-01", tz="UTC")
#: Ten years of one-minute candles fit; a file past this is not read at all.
CSV_MAX_BYTES = 512 << 20


def _text(path: Path) -> str:
    data = read_file_bytes(path, limit=CSV_MAX_BYTES, what="the price file", error=DataError)
    if path.suffix.lower() == ".gz":
        data = _gunzip(path, data)
    return decode_text(data, where=f"the price file {path}", error=DataError)


def csv_stem(path: Path) -> str:
    """The file's name without ``.csv`` or ``.csv.gz``: the asset symbol in ``BTC.csv.gz``."""
    name = path.name
    for suffix in (".csv.gz", ".csv"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _gunzip(path: Path, data: bytes) -> bytes:
    """The members of a gzip file, unpacked to at most :data:`CSV_MAX_BYTES` (no gzip bombs)."""
    out = bytearray()
    while data:
        unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += unpack.decompress(data, CSV_MAX_BYTES + 1 - len(out))
        except zlib.error as exc:
            raise DataError(f"{path} is not a readable gzip file ({exc}).") from None
        if len(out) > CSV_MAX_BYTES:
            raise DataError(f"{path} unpacks to more than {CSV_MAX_BYTES:,} bytes; not read.")
        if not unpack.eof:
            raise DataError(f"{path} is cut short: its gzip data ends early.")
        data = unpack.unused_data
    return bytes(out)


def read_header(path: Path) -> list[str]:
    """The column names of ``path`` as written (stripped), or a DataError if there is none."""
    return _header(path, _text(path))


def _header(path: Path, text: str) -> list[str]:
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as exc:
        raise DataError(f"{path}: the header line cannot be read as CSV ({exc}).") from None
    names = [name.strip() for name in header]
    if not any(names):
        raise DataError(f"{path} is empty or has no header line.", hint=_header_hint())
    seen: set[str] = set()
    for name in names:
        key = name.lower()
        if not key:
            raise DataError(f"{path}: the header has an empty column name.", hint=_header_hint())
        if key in seen:
            raise DataError(f"{path}: the header names column '{name}' twice.")
        seen.add(key)
    return names


def _header_hint() -> str:
    return "The first line must name the columns, e.g. " + ",".join(("timestamp", *OHLCV_COLUMNS))


def _read(path: Path, text: str, **options: Any) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = pd.read_csv(io.StringIO(text), index_col=False, **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        detail = (str(exc).strip().splitlines() or ["unreadable"])[0][:200]
        raise DataError(
            f"{path} is not a well-formed CSV: {detail}.",
            hint="Every line needs as many fields as the header.",
        ) from None
    return frame


def _cells(path: Path, text: str, names: Sequence[str]) -> pd.DataFrame:
    """All cells as stripped strings, blank lines dropped; the index is the file's line number."""
    options: dict[str, Any] = {"keep_default_na": False, "na_filter": False}
    raw = _read(path, text, dtype=str, skip_blank_lines=False, **options)
    if len(raw.columns) != len(names):
        raise DataError(
            f"{path}: the rows have {len(raw.columns)} fields but the header names {len(names)}.",
            hint="Every line needs as many fields as the header.",
        )
    raw.columns = list(names)
    raw = raw.apply(lambda col: col.str.strip())
    raw.index = raw.index + 2
    blank = (raw == "").all(axis=1)
    cells: pd.DataFrame = raw.loc[~blank]
    if cells.empty:
        raise DataError(f"{path} has a header but no rows.", hint="Add candles or remove the file.")
    return cells


def _fail(path: Path, line: object, column: str, problem: str) -> DataError:
    return DataError(f"{path}, line {line}, column '{column}': {problem}.", hint=_FIX_ROW)


def _timestamps(path: Path, cells: pd.Series) -> pd.DatetimeIndex:
    parsed = pd.to_datetime(cells, utc=True, format="ISO8601", errors="coerce")
    bad = parsed.isna() | (parsed < _FIRST_TIME) | (parsed >= _LAST_TIME)
    if bad.any():
        line = int(bad.to_numpy().argmax())
        raise DataError(
            f"{path}, line {cells.index[line]}, column '{cells.name}': '{cells.iloc[line]}' "
            "is not an ISO date or time from 1970 to 2099.",
            hint="Write timestamps like 2024-01-31 or 2024-01-31T13:00:00Z (UTC).",
        )
    index = pd.DatetimeIndex(parsed, name="timestamp")
    lines = cells.index.to_numpy()
    dup = index.duplicated(keep=False)
    if dup.any():
        first = index[dup][0]
        where = [str(n) for n in lines[index == first][:2]]
        raise DataError(
            f"{path}: timestamp {first.isoformat()} appears twice (lines {' and '.join(where)}).",
            hint="Keep one candle per time; remove the duplicate line.",
        )
    steps = np.diff(index.asi8)
    if (steps < 0).any():
        i = int(np.argmax(steps < 0)) + 1
        raise DataError(
            f"{path}, line {lines[i]}: {index[i].isoformat()} comes before the previous row's "
            f"{index[i - 1].isoformat()}.",
            hint="Sort the file by timestamp, oldest first.",
        )
    return index


def _numbers(path: Path, cells: pd.Series, *, allow_empty: bool) -> pd.Series:
    values = pd.to_numeric(cells, errors="coerce").astype(float)
    bad = ~np.isfinite(values.to_numpy())
    if allow_empty:
        bad &= (cells != "").to_numpy()
    if bad.any():
        line = cells.index[int(np.argmax(bad))]
        text = cells[line]
        problem = "is empty" if text == "" else f"'{text}' is not a finite number"
        raise _fail(path, line, str(cells.name), problem)
    if cells.name == "volume":
        if (values > MAX_VOLUME).any():
            line = values.index[(values > MAX_VOLUME).to_numpy()][0]
            raise _fail(path, line, "volume", f"volume {cells[line]} is beyond {MAX_VOLUME:g}")
        return values
    positive = values > 0
    if not positive[values.notna()].all():
        line = values.index[(values <= 0).to_numpy()][0]
        raise _fail(path, line, str(cells.name), f"price {cells[line]} is zero or negative")
    absurd = ((values < MIN_PRICE) | (values > MAX_PRICE)).to_numpy()
    if absurd.any():
        line = values.index[absurd][0]
        raise _fail(
            path,
            line,
            str(cells.name),
            f"price {cells[line]} is outside the {MIN_PRICE:g} to {MAX_PRICE:g} CoinPilot accepts",
        )
    return values


def _candle_checks(frame: pd.DataFrame) -> list[tuple[str, pd.Series, str]]:
    """Column, rows that fail, and what to say, for each rule a candle must obey."""
    body_high = frame[["open", "close"]].max(axis=1)
    body_low = frame[["open", "close"]].min(axis=1)
    return [
        ("high", frame["high"] < frame["low"], "high {high} is below low {low}"),
        ("high", frame["high"] < body_high, "high {high} is below the open or close"),
        ("low", frame["low"] > body_low, "low {low} is above the open or close"),
        ("volume", frame["volume"] < 0, "volume {volume} is negative"),
    ]


def _check_candles(path: Path, frame: pd.DataFrame, lines: np.ndarray) -> None:
    for column, bad, template in _candle_checks(frame):
        if bad.any():
            i = int(np.argmax(bad.to_numpy()))
            row = frame.iloc[i]
            raise _fail(path, lines[i], column, template.format(**{k: row[k] for k in row.index}))


def _quick_read(path: Path, text: str, names: list[str]) -> pd.DataFrame | None:
    """A clean file parsed at pandas speed; ``None`` when anything needs the line-exact path."""
    try:
        raw = _read(path, text, header=0, names=names)
    except DataError:
        return None  # the line-exact path says which line
    if raw.empty or not all(
        pd.api.types.is_float_dtype(raw[c]) or pd.api.types.is_integer_dtype(raw[c])
        for c in OHLCV_COLUMNS
    ):
        return None
    data = {c: raw[c].to_numpy(dtype=float) for c in OHLCV_COLUMNS}
    stamps = pd.to_datetime(
        raw["timestamp"].astype(str).str.strip(), utc=True, format="ISO8601", errors="coerce"
    )
    frame = pd.DataFrame(data, index=pd.DatetimeIndex(stamps, name="timestamp"))
    values = frame.to_numpy()
    if (
        not np.isfinite(values).all()
        or (values[:, :4] < MIN_PRICE).any()
        or (values[:, :4] > MAX_PRICE).any()
        or (values[:, 4] > MAX_VOLUME).any()
        or frame.index.hasnans
        or frame.index.min() < _FIRST_TIME
        or frame.index.max() >= _LAST_TIME
        or not frame.index.is_monotonic_increasing
        or frame.index.has_duplicates
        or any(bad.any() for _, bad, _ in _candle_checks(frame))
    ):
        return None
    return frame


def read_ohlcv_csv(path: Path) -> pd.DataFrame:
    """One asset's candles: a float frame with :data:`OHLCV_COLUMNS`, UTC index, oldest first."""
    text = _text(path)
    names = [n.lower() for n in _header(path, text)]
    missing = [c for c in ("timestamp", *OHLCV_COLUMNS) if c not in names]
    if missing:
        raise DataError(f"{path} is missing column(s) {', '.join(missing)}.", hint=_header_hint())
    quick = _quick_read(path, text, names)
    if quick is not None:
        return quick
    cells = _cells(path, text, names)
    index = _timestamps(path, cells["timestamp"])
    data = {c: _numbers(path, cells[c], allow_empty=False).to_numpy() for c in OHLCV_COLUMNS}
    frame = pd.DataFrame(data, index=index)
    _check_candles(path, frame, cells.index.to_numpy())
    return frame


def read_wide_closes(path: Path) -> pd.DataFrame:
    """A wide table of closes: first column the time, one column per asset (upper-cased).

    An empty cell means the asset had no price that day (not listed yet, delisted, or a gap) and
    stays NaN; any other text that is not a positive number is refused.
    """
    text = _text(path)
    names = _header(path, text)
    if len(names) < 2:
        raise DataError(
            f"{path} has only one column.",
            hint="A wide CSV needs a timestamp column and one column of closes per asset.",
        )
    assets = [n.upper() for n in names[1:]]
    cells = _cells(path, text, [names[0], *assets])
    index = _timestamps(path, cells[names[0]])
    data = {a: _numbers(path, cells[a], allow_empty=True).to_numpy() for a in assets}
    frame = pd.DataFrame(data, index=index)
    for asset in assets:
        if frame[asset].isna().all():
            raise DataError(f"{path}: column '{asset}' has no prices at all.")
    return frame
