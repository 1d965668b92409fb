"""One rebalance by hand: net orders, fees, model-book slippage, caps, minimum notional."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.backtest.costs import Costs
from assistant.backtest.trading import Book, rebalance, sell_all
from assistant.domain import UserInputError

NO_SPREAD = Costs(fee_bps=10.0, half_spread_bps=0.0, min_notional=0.0)


def _book(units: list[float], cash: float) -> Book:
    return Book(np.array(units), cash, np.where(np.array(units) > 0, 100.0, 0.0))


def test_buys_that_do_not_fit_the_cash_are_scaled_together() -> None:
    book = _book([0.0, 0.0], 1000.0)
    prices = np.array([100.0, 50.0])
    fill = rebalance(
        book,
        np.array([0.5, 0.5]),
        prices,
        np.array([True, True]),
        NO_SPREAD,
        volume=None,
        max_turnover=None,
    )
    # wanted 500 + 500 plus 0.1% fee = 1001 > 1000: each buy becomes 500 / 1.001
    assert book.units.tolist() == pytest.approx([500 / 1.001 / 100, 500 / 1.001 / 50])
    assert book.cash == pytest.approx(0.0, abs=1e-9)
    assert fill.fees == pytest.approx(1000 / 1.001 * 0.001)
    assert fill.orders == 2 and fill.turnover == pytest.approx(1000 / 1.001 / 1000)


def test_sells_pay_fee_and_slippage_then_fund_the_buys() -> None:
    costs = Costs(fee_bps=10.0, half_spread_bps=10.0, min_notional=0.0)
    book = _book([10.0, 0.0], 0.0)
    prices = np.array([100.0, 100.0])
    fill = rebalance(
        book,
        np.array([0.5, 0.4]),
        prices,
        np.array([True, True]),
        costs,
        volume=None,
        max_turnover=None,
    )
    received = 500 * (1 - 0.001)
    cash = received - received * 0.001
    assert book.units[0] == pytest.approx(5.0)
    # the buy of 400 fits: it pays 400 + 0.4 fee and gets 400 / (100 * 1.001) units
    assert book.units[1] == pytest.approx(400 / 100.1)
    assert book.cash == pytest.approx(cash - 400.4)
    assert fill.slippage == pytest.approx(500 * 0.001 + 400 / 100.1 * 100 * 0.001)


def test_slippage_grows_with_size_relative_to_volume() -> None:
    costs = Costs(half_spread_bps=2.0, depth_share=0.001)
    volume = np.array([1_000_000.0, 1_000_000.0])
    slip = costs.slippage(np.array([1_000.0, 100_000.0]), volume)
    # depth D = 100 * 0.001 * 1e6 = 1e5 per unit of relative price; q / (2 D)
    assert slip.tolist() == pytest.approx([0.0002 + 0.005, 0.0002 + 0.5])
    assert costs.slippage(np.array([1_000.0]), None).tolist() == [pytest.approx(0.0002)]


def test_the_turnover_cap_scales_every_order_and_min_notional_skips_dust() -> None:
    book = _book([10.0, 0.0, 0.05], 0.0)
    prices = np.array([100.0, 100.0, 100.0])
    costs = Costs(fee_bps=0.0, half_spread_bps=0.0, min_notional=10.0)
    fill = rebalance(
        book,
        np.array([0.0, 0.95, 0.01]),
        prices,
        np.array([True, True, True]),
        costs,
        volume=None,
        max_turnover=0.5,
    )
    # of 1005: sell 1000, buy 954.75 and 5.05 -> turnover 1959.8 / 1005, scaled to 0.5; the
    # third order (5.05 x 0.256 = 1.29) is below the minimum of 10 and not sent
    assert fill.scale == pytest.approx(0.5 / (1959.8 / 1005))
    assert fill.skipped == 1
    assert book.units[0] == pytest.approx(10 - 10 * fill.scale)


def test_an_asset_without_a_price_that_day_is_not_traded() -> None:
    book = _book([0.0, 0.0], 1000.0)
    rebalance(
        book,
        np.array([0.5, 0.5]),
        np.array([100.0, 100.0]),
        np.array([True, False]),
        NO_SPREAD,
        volume=None,
        max_turnover=None,
    )
    assert book.units[1] == 0.0 and book.units[0] > 0.0


def test_sell_all_closes_positions_and_resets_their_cost() -> None:
    book = _book([2.0, 3.0], 10.0)
    fill = sell_all(book, np.array([True, False]), np.array([50.0, 10.0]), NO_SPREAD, None)
    assert book.units.tolist() == [0.0, 3.0] and book.entry[0] == 0.0
    assert book.cash == pytest.approx(10 + 100 * 0.999)
    assert fill.orders == 1


def test_bad_cost_settings_are_refused() -> None:
    with pytest.raises(UserInputError, match="fee_bps"):
        Costs(fee_bps=-1.0)
