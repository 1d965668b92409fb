"""Gzipped candle files: read like plain ones, refused clearly when damaged or doubled."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from assistant.domain import DataError
from assistant.market import CsvMarket, load_closes

from .conftest import AS_OF, HEADER, WriteCsv, candle_lines


def _gzip_copy(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    target.write_bytes(gzip.compress(path.read_bytes()))
    path.unlink()
    return target


def test_a_gzipped_folder_reads_like_the_plain_one(
    write_csv: WriteCsv, csv_folder: Path, tmp_path: Path
) -> None:
    write_csv("BTC", candle_lines(AS_OF, 30, 100.0))
    write_csv("ETH", candle_lines(AS_OF, 30, 10.0))
    plain = CsvMarket(csv_folder).ohlcv("BTC/USDT")
    plain_closes = load_closes(csv_folder)
    for path in sorted(csv_folder.glob("*.csv")):
        _gzip_copy(path)
    zipped = CsvMarket(csv_folder)
    assert sorted(zipped.markets()) == ["BTC/USDT", "ETH/USDT"]
    pd.testing.assert_frame_equal(zipped.ohlcv("BTC/USDT"), plain)
    pd.testing.assert_frame_equal(load_closes(csv_folder), plain_closes)
    single = load_closes(csv_folder / "ETH.csv.gz")
    assert list(single.columns) == ["ETH"]


def test_a_plain_and_a_gzipped_file_for_one_coin_are_refused(
    write_csv: WriteCsv, csv_folder: Path
) -> None:
    path = write_csv("BTC", candle_lines(AS_OF, 5))
    (csv_folder / "BTC.csv.gz").write_bytes(gzip.compress(path.read_bytes()))
    with pytest.raises(DataError, match=r"two files for BTC: BTC\.csv and BTC\.csv\.gz"):
        CsvMarket(csv_folder)


def test_a_damaged_gzip_file_is_a_data_error_naming_it(csv_folder: Path) -> None:
    body = gzip.compress(("\n".join([HEADER, *candle_lines(AS_OF, 50)]) + "\n").encode())
    (csv_folder / "BTC.csv.gz").write_bytes(body[: len(body) // 2])
    with pytest.raises(DataError, match=r"BTC\.csv\.gz"):
        CsvMarket(csv_folder).ohlcv("BTC/USDT")
