from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.market import (
    DEFAULT_MIN_NOTIONAL,
    amount_step_for,
    market_info,
    price_step_for,
    round_to_step,
)


@pytest.mark.parametrize(
    ("price", "step"),
    [
        (95_000.0, "0.01"),
        (3_200.0, "0.01"),
        (135.0, "0.01"),
        (13.5, "0.001"),
        (2.2, "0.0001"),
        (0.6, "0.00001"),
        (0.15, "0.00001"),
        (0.0000090, "0.00000001"),
    ],
)
def test_price_step_keeps_about_five_significant_digits(price: float, step: str) -> None:
    assert price_step_for(price) == Decimal(step)


@pytest.mark.parametrize(
    ("price", "step"),
    [
        (95_000.0, "0.00001"),
        (3_200.0, "0.0001"),
        (135.0, "0.001"),
        (2.2, "0.1"),
        (0.15, "1"),
        (0.0000090, "1"),
    ],
)
def test_amount_step_matches_binance_lot_sizes(price: float, step: str) -> None:
    assert amount_step_for(price) == Decimal(step)


@pytest.mark.parametrize("price", [0.13, 1.0, 7.7, 99.99, 100.0, 101.0, 4_567.8, 120_000.0])
def test_one_amount_step_is_worth_between_a_tenth_and_one_quote_unit(price: float) -> None:
    value = float(amount_step_for(price)) * price
    assert 0.1 <= value < 1.0 + 1e-9


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_rules_refuse_a_price_level_that_is_not_positive_and_finite(bad: float) -> None:
    with pytest.raises(ValueError, match="positive finite"):
        price_step_for(bad)
    with pytest.raises(ValueError, match="positive finite"):
        amount_step_for(bad)


def test_round_to_step_is_exact_on_the_grid() -> None:
    assert round_to_step(93_859.714, Decimal("0.01")) == Decimal("93859.71")
    assert round_to_step(0.1 + 0.2, Decimal("0.1")) == Decimal("0.3")
    assert round_to_step(0.000009274, Decimal("1E-8")) == Decimal("0.00000927")


def test_market_info_carries_binance_like_fees_and_minimums() -> None:
    info = market_info("BTC", "USDT", 95_000.0)
    assert info.symbol == "BTC/USDT"
    assert info.taker_fee == info.maker_fee == Decimal("0.001")
    assert info.min_notional == DEFAULT_MIN_NOTIONAL == Decimal(5)
    assert info.min_amount == info.amount_step
    assert info.active
    assert market_info("ATOM", "USDT", 2.4, min_notional=Decimal(10)).min_notional == 10


def test_rounding_an_amount_never_exceeds_what_was_asked() -> None:
    info = market_info("SOL", "USDT", 135.0)
    assert info.round_amount(Decimal("1.23456")) == Decimal("1.234")
    assert info.round_amount(Decimal("0.0009")) == 0
