"""From a caller's close prices to the checked arrays the simulator walks, with every repair said.

The backtest needs one row per calendar day and one column per asset. Real data is messier, and
each fix made here is reported as a warning in the result, never done silently:

- missing dates (a row absent from the index) are added and carried forward;
- a gap inside an asset's listed life (NaN between its first and last close) is carried forward
  from the previous close, and the asset is not traded on those days;
- before an asset's first close it does not exist (it joins when listed); after its last close it
  is delisted (a held position is closed at that last price, see ``simulate``).

Anything that cannot be repaired honestly (no dates, intraday rows, non-positive prices, a
universe asset with no column, dates that miss the data entirely) is a :class:`DataError` or
:class:`UserInputError` that says what to do. This module never fetches data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.domain import DataError, UserInputError

__all__ = ["VOLUME_DAYS", "DateLike", "Panel", "day_label", "prepare_panel"]

DateLike = str | date | datetime | pd.Timestamp
Floats = npt.NDArray[np.float64]

#: Days of quote volume averaged for the slippage model (ending the day before a trade).
VOLUME_DAYS = 30
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Panel:
    """Daily closes as arrays; rows ``start..end`` (inclusive) are the backtest, earlier rows
    are history the optimizer may look back on."""

    closes: pd.DataFrame  # gaps carried forward; NaN before listing and after delisting
    assets: list[str]
    dates: pd.DatetimeIndex
    price: Floats  # valuation price: closes, 0 before listing, the last close after delisting
    tradable: npt.NDArray[np.bool_]  # a real (not carried) close exists that day
    first: npt.NDArray[np.intp]  # row of each asset's first close
    last: npt.NDArray[np.intp]  # row of each asset's last close
    start: int
    end: int
    quote_volume: Floats | None  # trailing mean daily quote volume, known before each row
    warnings: list[str] = field(default_factory=list)


def day_label(stamp: object) -> str:
    """``2022-06-18`` for a midnight timestamp, else its string form."""
    if isinstance(stamp, pd.Timestamp) and stamp == stamp.normalize():
        return stamp.date().isoformat()
    return str(stamp)


def prepare_panel(
    closes: pd.DataFrame,
    *,
    assets: Sequence[str] | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    volumes: pd.DataFrame | None = None,
) -> Panel:
    """Check and align ``closes`` (dates x assets) for a backtest over ``start..end``."""
    warnings: list[str] = []
    frame, added = _daily_frame(_select(closes, assets, warnings), warnings)
    values = frame.to_numpy(dtype=np.float64, copy=True)
    present = ~np.isnan(values)
    first = np.argmax(present, axis=0).astype(np.intp)
    last = (len(values) - 1 - np.argmax(present[::-1], axis=0)).astype(np.intp)
    rows = np.arange(len(values))[:, None]
    alive = (rows >= first) & (rows <= last)
    _check_positive(values, present, frame)
    _report_gaps(frame, present | added[:, None], alive, warnings)
    carried = _carry_forward(values, present)
    price = np.where(rows < first, 0.0, carried)
    filled = pd.DataFrame(
        np.where(alive, carried, np.nan), index=frame.index, columns=frame.columns
    )
    dates = pd.DatetimeIndex(frame.index)
    i0, i1 = _date_range(dates, start, end, warnings)
    return Panel(
        closes=filled,
        assets=[str(c) for c in filled.columns],
        dates=dates,
        price=price,
        tradable=present & alive,
        first=first,
        last=last,
        start=i0,
        end=i1,
        quote_volume=_quote_volume(volumes, filled, price),
        warnings=warnings,
    )


def _select(
    closes: pd.DataFrame, assets: Sequence[str] | None, warnings: list[str]
) -> pd.DataFrame:
    if not isinstance(closes, pd.DataFrame) or closes.empty:
        raise DataError(
            "The close prices are empty.",
            hint="Pass a table with one row per day and one column per asset.",
        )
    if closes.columns.has_duplicates:
        dupes = sorted({str(c) for c in closes.columns[closes.columns.duplicated()]})
        raise DataError(f"Asset columns appear twice: {', '.join(dupes)}.", hint="Keep one each.")
    by_name = {str(c).upper(): c for c in closes.columns}
    wanted = [str(a).upper() for a in (assets if assets is not None else list(by_name))]
    missing = [a for a in wanted if a not in by_name]
    if missing:
        raise DataError(
            f"The close prices have no column for {', '.join(missing)}.",
            hint=f"Load its history or remove it from the universe (columns present: "
            f"{', '.join(sorted(by_name)) or 'none'}).",
        )
    picked = closes[[by_name[a] for a in wanted]].copy()
    picked.columns = pd.Index(wanted)
    try:
        picked = picked.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"The close prices are not all numbers ({exc}).") from exc
    empty = [
        a for a, none in zip(wanted, np.isnan(picked.to_numpy()).all(axis=0), strict=True) if none
    ]
    if empty:
        warnings.append(f"{', '.join(empty)} has no close at all in the data and is left out.")
        picked = picked.drop(columns=empty)
    if picked.shape[1] == 0:
        raise DataError(
            "No asset of the universe has a single close in the data.",
            hint="Check the price files and the universe symbols.",
        )
    return picked


def _daily_frame(
    frame: pd.DataFrame, warnings: list[str]
) -> tuple[pd.DataFrame, npt.NDArray[np.bool_]]:
    """One row per calendar day, and which rows were added (absent from the caller's index)."""
    try:
        index = pd.DatetimeIndex(frame.index)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"The rows of the close prices are not dates ({exc}).",
            hint="Index the closes by day (for example 2024-01-31).",
        ) from exc
    if index.has_duplicates or not index.is_monotonic_increasing:
        raise DataError(
            "The dates of the close prices are not strictly increasing.",
            hint="Sort the rows by date and remove duplicate dates.",
        )
    if (index != index.normalize()).any():
        raise DataError(
            "The closes are not daily: some rows fall inside a day.",
            hint="Backtests run on daily closes; resample to one close per day first.",
        )
    frame = frame.set_axis(index, axis=0)
    if (index[-1] - index[0]).days + 1 == len(index):
        return frame, np.zeros(len(index), dtype=bool)  # already one row per day
    full = pd.date_range(index[0], index[-1], freq="D", tz=index.tz)
    added = ~full.isin(index)
    if added.any():
        absent = full[added]
        warnings.append(
            f"{len(absent)} date(s) had no row (first {day_label(absent[0])}); they were added, "
            "every asset's close carried forward over them, and nothing traded on them."
        )
        frame = frame.reindex(full)
    return frame, np.asarray(added, dtype=bool)


def _carry_forward(values: Floats, present: npt.NDArray[np.bool_]) -> Floats:
    """Each cell replaced by the last present value at or above it in its column (NaN if none)."""
    if present.all():
        return values
    rows = np.where(present, np.arange(len(values))[:, None], 0)
    np.maximum.accumulate(rows, axis=0, out=rows)
    out = np.take_along_axis(values, rows, axis=0)
    return np.where(present.cumsum(axis=0) > 0, out, np.nan)


def _check_positive(values: Floats, present: npt.NDArray[np.bool_], frame: pd.DataFrame) -> None:
    bad = present & ~(values > 0.0) | np.isinf(values)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise DataError(
            f"The close of {frame.columns[col]} on {day_label(frame.index[row])} is "
            f"{values[row, col]:g}, not a positive price.",
            hint="Repair that row of the price data or remove the asset from the universe.",
        )


def _report_gaps(
    frame: pd.DataFrame,
    real: npt.NDArray[np.bool_],
    alive: npt.NDArray[np.bool_],
    warnings: list[str],
) -> None:
    holes = alive & ~real
    for col in np.flatnonzero(holes.any(axis=0)):
        rows = np.flatnonzero(holes[:, col])
        warnings.append(
            f"{frame.columns[int(col)]} has {len(rows)} missing close(s) between "
            f"{day_label(frame.index[rows[0]])} and {day_label(frame.index[rows[-1]])}; they were "
            "carried forward from the previous close and the asset was not traded on them."
        )


def _as_stamp(value: DateLike, index: pd.DatetimeIndex, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise UserInputError(
            f"{name} {value!r} is not a date.", hint="Use a date such as 2022-01-31."
        ) from exc
    if index.tz is not None and stamp.tzinfo is None:
        stamp = stamp.tz_localize(index.tz)
    elif index.tz is None and stamp.tzinfo is not None:
        stamp = stamp.tz_convert(None)
    return stamp.normalize()


def _date_range(
    index: pd.DatetimeIndex,
    start: DateLike | None,
    end: DateLike | None,
    warnings: list[str],
) -> tuple[int, int]:
    lo = _as_stamp(start, index, "start") if start is not None else index[0]
    hi = _as_stamp(end, index, "end") if end is not None else index[-1]
    covered = f"the data covers {day_label(index[0])} to {day_label(index[-1])}"
    if start is not None and end is not None and lo > hi:
        raise UserInputError(
            f"The start {day_label(lo)} is after the end {day_label(hi)}.",
            hint="Swap them or choose a later end.",
        )
    if lo > index[-1] or hi < index[0] or lo > hi:
        raise DataError(
            f"The backtest asks for {day_label(lo)} to {day_label(hi)}, but {covered}.",
            hint="Choose dates inside the data or load more history.",
        )
    if lo < index[0]:
        warnings.append(
            f"The start {day_label(lo)} is before the data; {covered}, so it starts "
            f"on {day_label(index[0])}."
        )
        lo = index[0]
    if hi > index[-1]:
        warnings.append(
            f"The end {day_label(hi)} is after the data; {covered}, so it ends "
            f"on {day_label(index[-1])}."
        )
        hi = index[-1]
    return int(index.searchsorted(lo)), int(index.searchsorted(hi, side="right")) - 1


def _quote_volume(
    volumes: pd.DataFrame | None, closes: pd.DataFrame, price: Floats
) -> Floats | None:
    """Mean daily quote volume over the ``VOLUME_DAYS`` rows *before* each row (base x close)."""
    if volumes is None:
        return None
    if not isinstance(volumes, pd.DataFrame):
        raise DataError("volumes must be a table of dates x assets.", hint="Or pass None.")
    by_name = {str(c).upper(): c for c in volumes.columns}
    aligned = pd.DataFrame(
        {a: volumes[by_name[a]] if a in by_name else np.nan for a in closes.columns},
        index=pd.DatetimeIndex(volumes.index),
    ).reindex(closes.index)
    base = aligned.to_numpy(dtype=np.float64)
    if (base < 0.0).any():
        raise DataError("Some volumes are negative.", hint="Volumes are base-asset amounts >= 0.")
    quote = pd.DataFrame(base * price, index=closes.index)
    mean = quote.rolling(VOLUME_DAYS, min_periods=1).mean().shift(1)
    return mean.to_numpy(dtype=np.float64)
