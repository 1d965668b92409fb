"""Simple returns from close prices, over the window that every asset shares.

Optimizers compare assets, so they need returns on the same dates for all of them. This module
finds that shared window (the rows from which every asset has a price), checks every price in it,
and turns prices into simple period returns. It never fills, interpolates or drops a bad price
inside the window: a hole in the data is reported with the asset and the date, because silently
repairing it would change the weights without anyone knowing why.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.domain import DataError

__all__ = ["date_label", "shared_tail", "shared_window", "simple_returns"]


def shared_window(closes: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``closes`` (dates x assets) from which every asset has a price, checked.

    Leading rows where some asset is not yet listed are dropped. Inside the window every price
    must be a finite positive number; the first one that is not raises :class:`DataError` naming
    the asset and the date. The result is a float64 copy; ``closes`` is not modified.
    """
    first = _shared_start(closes, _float_values(closes))
    return closes.astype(np.float64).iloc[first:]


def shared_tail(closes: pd.DataFrame, rows: int) -> tuple[npt.NDArray[np.float64], pd.Index]:
    """The last ``rows`` rows of :func:`shared_window` as float64 values, and their dates.

    The same checks over the same (whole) shared window, without building a DataFrame: the
    optimizer only needs the numbers, and the backtester asks for them once per refit.
    """
    values = _float_values(closes)
    first = max(_shared_start(closes, values), len(values) - rows)
    return values[first:], closes.index[first:]


def _shared_start(closes: pd.DataFrame, values: npt.NDArray[np.float64]) -> int:
    """The first row of the shared window of ``closes`` (whose float64 ``values`` are given),
    after checking every price inside that window."""
    present = ~np.isnan(values)
    never = [str(closes.columns[int(i)]) for i in np.flatnonzero(~present.any(axis=0))]
    if never:
        raise DataError(
            f"No close price at all for {', '.join(never)}.",
            hint="Load price history for it or remove it from the universe.",
        )
    first = int(present.argmax(axis=0).max())
    _check_prices(values[first:], closes.index[first:], closes.columns)
    return first


def simple_returns(closes: pd.DataFrame) -> pd.DataFrame:
    """Simple returns ``p[t] / p[t-1] - 1`` over the shared window; one row fewer than prices.

    Each row is labelled with the date at which its period ends.
    """
    window = shared_window(closes)
    values = window.to_numpy()
    returns = values[1:] / values[:-1] - 1.0
    return pd.DataFrame(returns, index=window.index[1:], columns=window.columns)


def _float_values(closes: pd.DataFrame) -> npt.NDArray[np.float64]:
    """The prices as a float64 array (a view when they already are), after the shape checks."""
    if not isinstance(closes, pd.DataFrame) or closes.shape[1] == 0 or closes.shape[0] == 0:
        raise DataError(
            "The close prices are empty.",
            hint="Pass a table with one row per date and one column per asset.",
        )
    if closes.columns.has_duplicates:
        dupes = sorted({str(c) for c in closes.columns[closes.columns.duplicated()]})
        raise DataError(
            f"Asset columns appear twice in the close prices: {', '.join(dupes)}.",
            hint="Keep one column per asset.",
        )
    if not closes.index.is_unique or not closes.index.is_monotonic_increasing:
        raise DataError(
            "The dates of the close prices are not strictly increasing.",
            hint="Sort the rows by date and remove duplicate dates.",
        )
    values = closes.to_numpy()
    if values.dtype == np.float64:
        return values
    try:
        return closes.astype(np.float64).to_numpy()
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"The close prices are not all numbers ({exc}).",
            hint="Every cell must be a price (or empty before an asset was listed).",
        ) from exc


def _check_prices(values: npt.NDArray[np.float64], index: pd.Index, columns: pd.Index) -> None:
    bad = ~np.isfinite(values) | (values <= 0.0)
    if not bad.any():
        return
    row, col = np.argwhere(bad)[0]
    price = values[row, col]
    asset, when = columns[col], date_label(index[row])
    start = date_label(index[0])
    if np.isnan(price):
        what = "is missing (NaN)"
    elif np.isinf(price):
        what = "is infinite"
    else:
        what = f"is {price:g}, not a positive price"
    raise DataError(
        f"The close of {asset} on {when} {what}, inside the window every asset shares "
        f"(from {start}).",
        hint=f"Repair that row of the price data, or remove {asset} from the universe.",
    )


def date_label(label: object) -> str:
    """A row label for messages: ``2024-03-05`` for a midnight timestamp, else ``str(label)``."""
    if isinstance(label, pd.Timestamp) and label == label.normalize():
        return label.date().isoformat()
    return str(label)
