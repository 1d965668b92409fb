"""Bad candle files are refused with the file, the line and the column a person must fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.domain import DataError
from assistant.market import CsvMarket, read_ohlcv_csv

GOOD = [
    "2024-01-01,100,110,95,105,1000",
    "2024-01-02,105,112,101,108,1200",
    "2024-01-03,108,115,104,110,900",
]


def _with_row(line: str, at: int = 1) -> list[str]:
    rows = list(GOOD)
    rows[at] = line
    return rows


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (_with_row("2024-01-02,105,112,101,NaN,1200"), "line 3, column 'close': 'NaN'"),
        (_with_row("2024-01-02,105,112,101,,1200"), "line 3, column 'close': is empty"),
        (_with_row("2024-01-02,105,112,abc,108,1200"), "line 3, column 'low': 'abc'"),
        (_with_row("2024-01-02,0,112,101,108,1200"), "line 3, column 'open': price 0 is zero"),
        (_with_row("2024-01-02,105,112,-101,108,1200"), "line 3, column 'low': price -101"),
        (
            _with_row("2024-01-02,105,100,101,101,1200"),
            "line 3, column 'high': high 100.0 is below low",
        ),
        (
            _with_row("2024-01-02,105,106,101,108,1200"),
            "line 3, column 'high': high 106.0 is below the open or close",
        ),
        (_with_row("2024-01-02,105,112,106,108,1200"), "line 3, column 'low': low 106.0 is above"),
        (
            _with_row("2024-01-02,105,112,101,108,-5"),
            "line 3, column 'volume': volume -5.0 is negative",
        ),
        (
            _with_row("02/01/2024,105,112,101,108,1200"),
            "line 3, column 'timestamp': '02/01/2024' is not an ISO",
        ),
        (
            _with_row("2024-01-01,105,112,101,108,1200"),
            "2024-01-01T00:00:00+00:00 appears twice (lines 2 and 3)",
        ),
        (
            _with_row("2023-12-31,105,112,101,108,1200"),
            "line 3: 2023-12-31T00:00:00+00:00 comes before",
        ),
        (_with_row("2024-01-02,105,112,101,108,1200,7"), "is not a well-formed CSV"),
        ([], "has a header but no rows"),
    ],
    ids=[
        "nan",
        "empty-cell",
        "text",
        "zero-price",
        "negative-price",
        "high-below-low",
        "high-below-body",
        "low-above-body",
        "negative-volume",
        "bad-timestamp",
        "duplicate",
        "unsorted",
        "extra-field",
        "no-rows",
    ],
)
def test_bad_rows_are_refused_naming_file_line_and_column(
    write_csv: Callable[..., Path], rows: list[str], expected: str
) -> None:
    path = write_csv("BTC", rows)
    with pytest.raises(DataError) as info:
        read_ohlcv_csv(path)
    message = str(info.value)
    assert str(path) in message
    assert expected in message


def test_missing_columns_are_named(write_csv: Callable[..., Path]) -> None:
    path = write_csv("BTC", ["2024-01-01,100,105,1000"], header="timestamp,open,close,volume")
    with pytest.raises(DataError, match="missing column\\(s\\) high, low"):
        read_ohlcv_csv(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "is empty or has no header"), ("timestamp,open,open,high,low,close,volume\n", "twice")],
)
def test_a_file_without_a_usable_header_is_refused(
    csv_folder: Path, text: str, expected: str
) -> None:
    path = csv_folder / "BTC.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=expected):
        read_ohlcv_csv(path)


def test_tolerable_formatting_is_accepted_as_utc(write_csv: Callable[..., Path]) -> None:
    rows = [
        " 2024-01-01T00:00:00Z , 100 ,110,95,105,1000",
        "",
        "2024-01-02T02:00:00+02:00,105,112,101,108,1200",
        "2024-01-03 00:00:00,108,115,104,110,900",
    ]
    frame = read_ohlcv_csv(
        write_csv("BTC", rows, header="Timestamp,Open,High,Low,Close,Volume,Trades")
    )
    assert [str(t) for t in frame.index] == [
        "2024-01-01 00:00:00+00:00",
        "2024-01-02 00:00:00+00:00",
        "2024-01-03 00:00:00+00:00",
    ]
    assert list(frame.columns) == ["open", "high", "low", "close", "volume"]
    assert frame.loc["2024-01-01", "open"].item() == 100.0


def test_one_bad_file_stops_the_whole_market_naming_that_file(
    write_csv: Callable[..., Path],
) -> None:
    write_csv("BTC", _with_row("2024-01-02,105,112,101,0,1200"))
    market = CsvMarket(write_csv("ETH", GOOD).parent)  # files are read on first use
    for use in (market.markets, market.now, lambda: market.ohlcv("ETH/USDT")):
        with pytest.raises(DataError, match=r"BTC\.csv, line 3, column 'close'"):
            use()


def test_a_file_named_other_than_a_symbol_is_refused(write_csv: Callable[..., Path]) -> None:
    folder = write_csv("BTC-USDT", GOOD).parent
    with pytest.raises(DataError, match="the file name must be the asset's symbol"):
        CsvMarket(folder)


def test_a_missing_or_empty_folder_is_refused(csv_folder: Path) -> None:
    with pytest.raises(DataError, match="is not a folder"):
        CsvMarket(csv_folder / "nope")
    with pytest.raises(DataError, match=r"holds no \.csv files"):
        CsvMarket(csv_folder)


def test_a_folder_mixing_candle_lengths_is_refused(write_csv: Callable[..., Path]) -> None:
    write_csv("BTC", GOOD)
    folder = write_csv(
        "ETH",
        [
            "2024-01-01T00:00:00Z,1,2,1,1,1",
            "2024-01-01T01:00:00Z,1,2,1,1,1",
            "2024-01-01T02:00:00Z,1,2,1,1,1",
        ],
    ).parent
    with pytest.raises(DataError, match="does not hold one candle length \\(BTC: 1d, ETH: 1h\\)"):
        CsvMarket(folder).markets()
