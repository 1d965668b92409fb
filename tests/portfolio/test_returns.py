from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError
from assistant.portfolio import shared_window, simple_returns


def _closes() -> pd.DataFrame:
    index = pd.date_range("2024-01-01", periods=5, freq="D")
    return pd.DataFrame(
        {
            "BTC": [100.0, 110.0, 99.0, 99.0, 198.0],
            "SOL": [np.nan, np.nan, 10.0, 12.0, 9.0],
        },
        index=index,
    )


def test_shared_window_starts_where_the_newest_asset_is_listed() -> None:
    window = shared_window(_closes())
    assert list(window.index.strftime("%Y-%m-%d")) == ["2024-01-03", "2024-01-04", "2024-01-05"]
    assert window.notna().all().all()


def test_simple_returns_are_price_ratios_minus_one_over_the_shared_window() -> None:
    returns = simple_returns(_closes())
    assert list(returns.index.strftime("%Y-%m-%d")) == ["2024-01-04", "2024-01-05"]
    np.testing.assert_allclose(returns["BTC"], [0.0, 1.0])
    np.testing.assert_allclose(returns["SOL"], [0.2, -0.25])


def test_shared_window_leaves_the_input_untouched() -> None:
    closes = _closes()
    before = closes.copy()
    shared_window(closes)
    pd.testing.assert_frame_equal(closes, before)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (np.nan, "missing (NaN)"),
        (np.inf, "infinite"),
        (0.0, "not a positive price"),
        (-5.0, "not a positive price"),
    ],
)
def test_a_bad_price_inside_the_window_names_the_asset_and_date(bad: float, words: str) -> None:
    closes = _closes()
    closes.loc["2024-01-04", "BTC"] = bad
    with pytest.raises(DataError) as err:
        simple_returns(closes)
    assert "BTC" in str(err.value)
    assert "2024-01-04" in str(err.value)
    assert words in str(err.value)


def test_an_asset_without_any_price_is_named() -> None:
    closes = _closes().assign(XRP=np.nan)
    with pytest.raises(DataError, match="No close price at all for XRP"):
        shared_window(closes)


def test_unsorted_dates_are_refused() -> None:
    with pytest.raises(DataError, match="strictly increasing"):
        shared_window(_closes().iloc[::-1])


def test_duplicate_asset_columns_are_refused() -> None:
    closes = _closes()
    closes.columns = ["BTC", "BTC"]
    with pytest.raises(DataError, match="appear twice"):
        shared_window(closes)


def test_empty_or_non_numeric_prices_are_refused() -> None:
    with pytest.raises(DataError, match="empty"):
        shared_window(pd.DataFrame())
    with pytest.raises(DataError, match="not all numbers"):
        shared_window(pd.DataFrame({"BTC": ["a", "b"]}))
