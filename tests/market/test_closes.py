from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError, UnknownSymbolError, UserInputError
from assistant.market import CsvMarket, DemoMarket, closes_for, load_closes

START = date(2024, 1, 1)
Lines = Callable[..., list[str]]
WriteCsv = Callable[..., Path]

WIDE = """timestamp,BTC,eth,SHIB
2024-01-01,42000.5,2300,
2024-01-02,42500,2350.25,0.0000101
2024-01-03,,2400,0.0000102
2024-01-04,43000,2390,0.0000100
"""


def _wide(csv_folder: Path, text: str) -> Path:
    path = csv_folder / "closes.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_closes_reads_a_folder_of_candle_files_into_a_wide_frame(
    write_csv: WriteCsv, lines: Lines
) -> None:
    write_csv("BTC", lines(START, 10, price=40_000.0))
    folder = write_csv("SOL", lines(START, 7, price=100.0)).parent
    closes = load_closes(folder)
    assert list(closes.columns) == ["BTC", "SOL"]
    assert closes.index.name == "timestamp" and str(closes.index.tz) == "UTC"
    assert len(closes) == 10 and closes["SOL"].isna().sum() == 3  # kept, not filled
    assert closes["BTC"].iloc[0] == CsvMarket(folder).ohlcv("BTC/USDT")["close"].iloc[0]


def test_load_closes_reads_one_wide_csv_with_empty_cells_as_missing(csv_folder: Path) -> None:
    closes = load_closes(_wide(csv_folder, WIDE))
    assert list(closes.columns) == ["BTC", "ETH", "SHIB"]
    assert closes.dtypes.eq(np.float64).all()
    assert np.isnan(closes.loc["2024-01-03", "BTC"].item())
    assert np.isnan(closes.loc["2024-01-01", "SHIB"].item())
    assert closes.loc["2024-01-02", "ETH"].item() == 2350.25


def test_load_closes_reads_a_single_candle_file_as_one_column(
    write_csv: WriteCsv, lines: Lines
) -> None:
    closes = load_closes(write_csv("ada", lines(START, 4, price=0.5)))
    assert list(closes.columns) == ["ADA"] and len(closes) == 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024-01-03,NaN,2400,0.0000102", "line 4, column 'BTC': 'NaN' is not a finite number"),
        ("2024-01-03,0,2400,0.0000102", "line 4, column 'BTC': price 0 is zero or negative"),
        ("2024-01-03,43000,-1,0.0000102", "line 4, column 'ETH': price -1"),
        ("Jan 3 2024,43000,2400,0.0000102", "line 4, column 'timestamp': 'Jan 3 2024'"),
        ("2024-01-02,43000,2400,0.0000102", "appears twice (lines 3 and 4)"),
        ("2023-12-30,43000,2400,0.0000102", "line 4: 2023-12-30T00:00:00+00:00 comes before"),
    ],
)
def test_wide_csv_gets_the_same_validation(csv_folder: Path, line: str, expected: str) -> None:
    rows = WIDE.splitlines()
    rows[3] = line
    path = _wide(csv_folder, "\n".join(rows) + "\n")
    with pytest.raises(DataError) as info:
        load_closes(path)
    assert str(path) in str(info.value) and expected in str(info.value)


def test_wide_csv_with_a_column_of_no_prices_or_repeated_names_is_refused(
    csv_folder: Path,
) -> None:
    with pytest.raises(DataError, match="column 'XRP' has no prices at all"):
        load_closes(_wide(csv_folder, "timestamp,BTC,XRP\n2024-01-01,1,\n2024-01-02,2,\n"))
    with pytest.raises(DataError, match="names column 'btc' twice"):
        load_closes(_wide(csv_folder, "timestamp,BTC,btc\n2024-01-01,1,2\n"))
    with pytest.raises(DataError, match="only one column"):
        load_closes(_wide(csv_folder, "timestamp\n2024-01-01\n"))


def test_load_closes_names_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_closes(tmp_path / "nowhere.csv")


def test_closes_for_takes_the_last_days_from_any_market(demo: DemoMarket) -> None:
    closes = closes_for(demo, ["btc", "ETH", "sol"], "usdt", days=30)
    assert list(closes.columns) == ["BTC", "ETH", "SOL"]
    assert len(closes) == 30 and closes.index[-1] == pd.Timestamp(demo.now())
    expected = demo.ohlcv("ETH/USDT", limit=30)["close"]
    assert closes["ETH"].to_numpy().tolist() == expected.to_numpy().tolist()


def test_closes_for_refuses_delisted_assets_unless_history_is_wanted(
    write_csv: WriteCsv, lines: Lines
) -> None:
    write_csv("BTC", lines(START, 60, price=40_000.0))
    market = CsvMarket(write_csv("XMR", lines(START, 45, price=150.0)).parent)
    with pytest.raises(DataError, match="XMR/USDT no longer trades"):
        closes_for(market, ["BTC", "XMR"], "USDT", days=30)
    closes = closes_for(market, ["BTC", "XMR"], "USDT", days=30, include_inactive=True)
    assert closes["XMR"].isna().sum() == 15 and closes["BTC"].notna().all()


def test_closes_for_refuses_bad_requests(demo: DemoMarket) -> None:
    with pytest.raises(UserInputError, match="at least 2 days"):
        closes_for(demo, ["BTC"], "USDT", days=1)
    with pytest.raises(UserInputError, match="at least one asset"):
        closes_for(demo, [], "USDT", days=10)
    with pytest.raises(UnknownSymbolError, match="Did you mean DOGE/USDT"):
        closes_for(demo, ["DOGEE"], "USDT", days=10)
