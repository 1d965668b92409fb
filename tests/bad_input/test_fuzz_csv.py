"""Fuzz: price CSV files, one asset's candles or a wide table of closes, read as a market."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.market import CsvMarket, load_closes

from .fuzzing import fuzz, nasty, outcome
from .helpers import candles

HEADER = "timestamp,open,high,low,close,volume"
CLEAN = [HEADER, *candles(days=40)]


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    lines = list(CLEAN)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        row = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        cells = lines[row].split(",")
        action = draw(st.sampled_from(["cell", "drop", "insert", "raw"]))
        if action == "cell":
            cells[draw(st.integers(min_value=0, max_value=len(cells) - 1))] = draw(nasty)
            lines[row] = ",".join(cells)
        elif action == "drop":
            del lines[row]
        elif action == "insert":
            lines.insert(row, draw(nasty))
        else:
            lines[row] = draw(st.text(max_size=60))
        if not lines:
            break
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(lines) + ending


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-csv")
    for symbol, price in (("ETH", 3000.0), ("SOL", 150.0)):
        (folder / f"{symbol}.csv").write_text("\n".join([HEADER, *candles(40, price)]) + "\n")
    return folder


@fuzz(60)
@given(csv_texts() | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_fuzz_csv_files_become_prices_or_a_data_error_and_stay_as_they_were(
    folder: Path, text: str
) -> None:
    path = folder / "BTC.csv"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    outcome(lambda: load_closes(path))  # the file alone (candles or a wide table)
    outcome(lambda: load_closes(folder))  # the folder, as `optimize --prices`

    def as_market() -> None:
        market = CsvMarket(folder)
        for info in market.markets().values():
            market.ticker(info.symbol)
            market.order_book(info.symbol, depth=5)
            market.gaps(info.symbol)

    outcome(as_market)
    assert path.read_bytes() == data
