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
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.domain import DataError, UserInputError
from assistant.policy.dates import day_label
from assistant.policy.universe import VOLUME_DAYS, mean_quote_volume

__all__ = ["VOLUME_DAYS", "DateLike", "Panel", "day_label", "prepare_panel", "pydatetimes"]

DateLike = str | date | datetime | pd.Timestamp
Floats = npt.NDArray[np.float64]

_DAY = pd.Timedelta(days=1)
_NAT = np.iinfo(np.int64).min  # NaT among a DatetimeIndex's raw numbers
_EPOCH = datetime(1970, 1, 1)
_MICROS_IN = {"s": 1_000_000, "ms": 1_000, "us": 1}  # finer units need pandas' rounding


@dataclass(frozen=True)
class Panel:
    """Daily closes as arrays; rows ``start..end`` (inclusive) are the backtest, earlier rows
    are history the optimizer may look back on.

    Memory order is part of the contract: ``priced`` is row-major and the ``closes`` table
    column-major, as they always were, because sums over them (the equity, the optimizer's
    means) add in memory order and that order decides their last bits."""

    assets: list[str]
    dates: pd.DatetimeIndex
    #: valuation prices with a last column of ones, so units x prices also values the cash
    priced: Floats
    price: Floats  # ``priced`` without the ones: closes, 0 before listing, last close after
    tradable: npt.NDArray[np.bool_]  # a real (not carried) close exists that day
    first: npt.NDArray[np.intp]  # row of each asset's first close
    last: npt.NDArray[np.intp]  # row of each asset's last close
    start: int
    end: int
    quote_volume: Floats | None  # trailing mean daily quote volume, known before each row
    filled: Floats = field(repr=False)  # ``closes`` as an array
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def closes(self) -> pd.DataFrame:
        """Gaps carried forward; NaN before listing and after delisting. Built on first use:
        only an optimizer reads it (fixed weights never do)."""
        frame = np.asfortranarray(self.filled)
        return pd.DataFrame(frame, index=self.dates, columns=pd.Index(self.assets), copy=False)


def pydatetimes(dates: pd.DatetimeIndex, rows: Sequence[int]) -> list[datetime]:
    """``dates[row].to_pydatetime()`` for each row.

    Without a time zone or in UTC, at a resolution of a microsecond or coarser, a date is the
    epoch plus its raw number of units, which Python adds exactly (0.3 us a date; pandas takes
    and converts about 7 us for five dates, 14 for twenty). Any other index, and NaT, go to
    pandas."""
    tz, micros = dates.tz, _MICROS_IN.get(dates.unit)
    picked = dates.asi8[list(rows)].tolist()
    if micros is None or not (tz is None or tz == UTC) or _NAT in picked:
        return list(dates.take(list(rows)).to_pydatetime())
    epoch = _EPOCH.replace(tzinfo=tz)  # the index's own time zone object, as pandas gives
    return [epoch + timedelta(microseconds=stamp * micros) for stamp in picked]


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
    names, values, index, clean = _select(closes, assets, warnings)
    values, dates, added = _daily_rows(values, index, warnings)
    if clean and added is None:  # every close present and positive: nothing to check or mask
        present = np.ones(values.shape, dtype=bool)
    else:
        present = ~np.isnan(values)
        _check_positive(values, present, names, dates)
    if present.all():  # every asset has a real close on every row: nothing to carry or mask
        first = np.zeros(len(names), dtype=np.intp)
        last = np.full(len(names), len(values) - 1, dtype=np.intp)
        price, tradable, filled = values, present, None
    else:
        first = np.argmax(present, axis=0).astype(np.intp)
        last = (len(values) - 1 - np.argmax(present[::-1], axis=0)).astype(np.intp)
        rows = np.arange(len(values))[:, None]
        alive = (rows >= first) & (rows <= last)
        real = present if added is None else present | added[:, None]
        _report_gaps(names, dates, real, alive, warnings)
        carried = _carry_forward(values, present)
        price = np.where(rows < first, 0.0, carried)
        tradable = present & alive
        filled = np.where(alive, carried, np.nan)
    priced = np.empty((len(price), len(names) + 1))
    priced[:, :-1] = price
    priced[:, -1] = 1.0
    i0, i1 = _date_range(dates, start, end, warnings)
    return Panel(
        assets=names,
        dates=dates,
        priced=priced,
        price=priced[:, :-1],
        tradable=tradable,
        first=first,
        last=last,
        start=i0,
        end=i1,
        quote_volume=_quote_volume(volumes, names, dates, priced[:, :-1]),
        filled=priced[:, :-1] if filled is None else filled,
        warnings=warnings,
    )


def _select(
    closes: pd.DataFrame, assets: Sequence[str] | None, warnings: list[str]
) -> tuple[list[str], Floats, pd.Index, bool]:
    """The wanted columns' names (upper case), their prices as float64 (possibly the caller's
    own array: it is only read), the caller's row labels, and whether every one of those
    prices is present, finite and positive (the usual case, told by two array passes that
    let the caller skip the cell-by-cell checks)."""
    if not isinstance(closes, pd.DataFrame) or closes.empty:
        raise DataError(
            "The close prices are empty.",
            hint="Pass a table with one row per day and one column per asset.",
        )
    if closes.columns.has_duplicates:
        dupes = sorted({str(c) for c in closes.columns[closes.columns.duplicated()]})
        raise DataError(f"Asset columns appear twice: {', '.join(dupes)}.", hint="Keep one each.")
    labels = closes.columns.tolist()
    by_name = {str(c).upper(): c for c in labels}
    wanted = [str(a).upper() for a in (assets if assets is not None else list(by_name))]
    missing = [a for a in wanted if a not in by_name]
    if missing:
        raise DataError(
            f"The close prices have no column for {', '.join(missing)}.",
            hint=f"Load its history or remove it from the universe (columns present: "
            f"{', '.join(sorted(by_name)) or 'none'}).",
        )
    # the columns are unique (checked above), so a label's position is a dict look-up; pandas'
    # indexer would first build an Index of the labels (about 40 us of 20 names)
    position = {id(c): i for i, c in enumerate(labels)}
    at = np.array([position[id(by_name[a])] for a in wanted], dtype=np.intp)
    values = closes.to_numpy()
    if values.dtype == np.float64:
        if len(at) != values.shape[1] or (at != np.arange(len(at))).any():
            values = values[:, at]  # else the caller's own array, only ever read
    else:
        try:
            values = closes.iloc[:, at].astype(np.float64).to_numpy(dtype=np.float64, copy=True)
        except (TypeError, ValueError) as exc:
            raise DataError(f"The close prices are not all numbers ({exc}).") from exc
    # min and max are NaN if any price is (they propagate it): both tests pass only when every
    # price is a positive finite number
    clean = bool(values.size) and values.min() > 0.0 and values.max() < np.inf
    none = np.zeros(values.shape[1], dtype=bool) if clean else np.isnan(values).all(axis=0)
    if none.any():
        empty = [a for a, gone in zip(wanted, none.tolist(), strict=True) if gone]
        warnings.append(f"{', '.join(empty)} has no close at all in the data and is left out.")
        wanted = [a for a, gone in zip(wanted, none.tolist(), strict=True) if not gone]
        values = values[:, ~none]
    if not wanted:
        raise DataError(
            "No asset of the universe has a single close in the data.",
            hint="Check the price files and the universe symbols.",
        )
    return wanted, values, closes.index, clean


def _daily_rows(
    values: Floats, index: pd.Index, warnings: list[str]
) -> tuple[Floats, pd.DatetimeIndex, npt.NDArray[np.bool_] | None]:
    """One row per calendar day, and which rows were added (absent from the caller's index;
    None when none were)."""
    try:
        # a DatetimeIndex is kept as it is (immutable); wrapping it again costs about 10 us
        dates = index if isinstance(index, pd.DatetimeIndex) else pd.DatetimeIndex(index)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"The rows of the close prices are not dates ({exc}).",
            hint="Index the closes by day (for example 2024-01-31).",
        ) from exc
    if not _strictly_increasing(dates):
        raise DataError(
            "The dates of the close prices are not strictly increasing.",
            hint="Sort the rows by date and remove duplicate dates.",
        )
    if _inside_a_day(dates):
        raise DataError(
            "The closes are not daily: some rows fall inside a day.",
            hint="Backtests run on daily closes; resample to one close per day first.",
        )
    per_day = _per_day(dates)
    stamps = dates.asi8
    # whole days from the first to the last row (``(last - first).days``, floored as Timedelta
    # does, on the raw numbers: boxing two Timestamps costs more than the rest of this check)
    if (int(stamps[-1]) - int(stamps[0])) // per_day + 1 == len(dates):
        return values, dates, None  # already one row per day
    full = pd.date_range(dates[0], dates[-1], freq="D", tz=dates.tz)
    added = ~full.isin(dates)
    if not added.any():
        return values, dates, None
    absent = full[added]
    warnings.append(
        f"{len(absent)} date(s) had no row (first {day_label(absent[0])}); they were added, "
        "every asset's close carried forward over them, and nothing traded on them."
    )
    spread = np.full((len(full), values.shape[1]), np.nan)
    at = full.get_indexer(dates)
    spread[at[at >= 0]] = values[at >= 0]
    return spread, full, np.asarray(added, dtype=bool)


def _strictly_increasing(dates: pd.DatetimeIndex) -> bool:
    """No repeated date and none out of order (pandas' ``has_duplicates`` and
    ``is_monotonic_increasing``, which build a hash engine on every new index: about 15 us).

    On the raw numbers: NaT is the smallest of them, so it can only hide in the first row, and
    any index with a NaT goes to pandas for its own answer."""
    stamps = dates.asi8
    if len(stamps) and stamps[0] != _NAT and bool((stamps[1:] > stamps[:-1]).all()):
        return True
    return not (dates.has_duplicates or not dates.is_monotonic_increasing)


def _wall_clock(dates: pd.DatetimeIndex) -> npt.NDArray[np.int64]:
    """The dates' local wall-clock times as raw numbers (in ``dates.unit``). Without a time zone
    or in UTC they are the stored numbers themselves; any other zone is converted by pandas
    (about 8 us)."""
    if dates.tz is None or dates.tz == UTC:
        return dates.asi8
    return dates.tz_localize(None).asi8


def _inside_a_day(dates: pd.DatetimeIndex) -> bool:
    """True when some row is not at midnight (local time for a time-zone-aware index).

    A row is at midnight when its raw number is a whole number of days. Rather than divide
    every number (a 64-bit division each: about 30 us for 3000 rows), the first row is
    divided, then only the steps between rows that are not exactly one day: each row is the
    first plus the steps before it, so all are whole days exactly when the first and every
    step are."""
    wall, day = _wall_clock(dates), _per_day(dates)
    if not len(wall):
        return False
    steps = np.diff(wall)
    other = steps[steps != day]
    return bool(wall[0] % day) or bool((other % day).any())


def _per_day(dates: pd.DatetimeIndex) -> int:
    """One day in the index's unit (numpy's timedelta arithmetic costs 4 us for this)."""
    per_day = _DAY_IN.get(dates.unit)
    if per_day is None:
        per_day = int(np.timedelta64(1, "D") // np.timedelta64(1, dates.unit))
    return per_day


_DAY_IN = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def _carry_forward(values: Floats, present: npt.NDArray[np.bool_]) -> Floats:
    """Each cell replaced by the last present value at or above it in its column (NaN if none)."""
    if present.all():
        return values
    rows = np.where(present, np.arange(len(values))[:, None], 0)
    np.maximum.accumulate(rows, axis=0, out=rows)
    out = np.take_along_axis(values, rows, axis=0)
    return np.where(present.cumsum(axis=0) > 0, out, np.nan)


def _check_positive(
    values: Floats, present: npt.NDArray[np.bool_], names: list[str], dates: pd.DatetimeIndex
) -> None:
    bad = present & ~(values > 0.0) | np.isinf(values)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise DataError(
            f"The close of {names[col]} on {day_label(dates[row])} is "
            f"{values[row, col]:g}, not a positive price.",
            hint="Repair that row of the price data or remove the asset from the universe.",
        )


def _report_gaps(
    names: list[str],
    dates: pd.DatetimeIndex,
    real: npt.NDArray[np.bool_],
    alive: npt.NDArray[np.bool_],
    warnings: list[str],
) -> None:
    holes = alive & ~real
    for col in np.flatnonzero(holes.any(axis=0)):
        rows = np.flatnonzero(holes[:, col])
        warnings.append(
            f"{names[int(col)]} has {len(rows)} missing close(s) between "
            f"{day_label(dates[rows[0]])} and {day_label(dates[rows[-1]])}; they were "
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
    if start is None and end is None:
        return 0, len(index) - 1  # the whole data, as the searches below would find
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
    volumes: pd.DataFrame | None, columns: list[str], dates: pd.DatetimeIndex, price: Floats
) -> Floats | None:
    """Mean daily quote volume over the ``VOLUME_DAYS`` rows *before* each row (base x close)."""
    if volumes is None:
        return None
    if not isinstance(volumes, pd.DataFrame):
        raise DataError("volumes must be a table of dates x assets.", hint="Or pass None.")
    by_name = {str(c).upper(): c for c in volumes.columns}
    aligned = pd.DataFrame(
        {a: volumes[by_name[a]] if a in by_name else np.nan for a in columns},
        index=pd.DatetimeIndex(volumes.index),
    ).reindex(dates)
    base = aligned.to_numpy(dtype=np.float64)
    if (base < 0.0).any():
        raise DataError("Some volumes are negative.", hint="Volumes are base-asset amounts >= 0.")
    # the mean of the days before each row: what is known when the row's trade is decided
    mean = mean_quote_volume(pd.DataFrame(base * price, index=dates)).shift(1)
    return mean.to_numpy(dtype=np.float64)
