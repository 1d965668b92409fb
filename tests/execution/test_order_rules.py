"""Orders fitted to the market's grid before sending: amounts down, prices never worse, no dust."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain import MarketInfo, OrderRejectedError
from assistant.execution.order_rules import prepare, round_price

BTC = MarketInfo(
    symbol="BTC/USDT",
    base="BTC",
    quote="USDT",
    amount_step=Decimal("0.00001"),
    price_step=Decimal("0.01"),
    min_amount=Decimal("0.00001"),
    min_notional=Decimal("5"),
    taker_fee=Decimal("0.001"),
    maker_fee=Decimal("0.001"),
)


def test_amounts_round_down_to_the_step_and_are_sent_without_an_exponent() -> None:
    order = prepare(BTC, "buy", Decimal("0.0123456789"), reference_price=Decimal("50000"))
    assert order.amount == Decimal("0.01234")
    assert order.amount_text == "0.01234" and order.type == "market" and order.price is None
    tiny = prepare(BTC, "sell", Decimal("0.00012"), price=Decimal("90000"))
    assert tiny.amount_text == "0.00012"  # Decimal would print 0.00012 as 1.2E-4 normalised


def test_limit_prices_never_round_against_the_person() -> None:
    assert round_price(BTC, "buy", Decimal("100.019")) == Decimal("100.01")
    assert round_price(BTC, "sell", Decimal("100.011")) == Decimal("100.02")
    assert round_price(BTC, "sell", Decimal("100.01")) == Decimal("100.01")


def test_dust_is_refused_before_sending_with_the_step_and_minimum() -> None:
    with pytest.raises(OrderRejectedError) as err:
        prepare(BTC, "sell", Decimal("0.000009"), reference_price=Decimal("50000"))
    assert "is dust" in err.value.message and "0.00001" in err.value.message
    assert "not sent" in err.value.message


def test_an_order_below_the_minimum_value_is_refused_naming_its_value() -> None:
    with pytest.raises(
        OrderRejectedError, match=r"worth 4\.9 USDT, below BTC/USDT's minimum order"
    ):
        prepare(BTC, "buy", Decimal("0.0001"), price=Decimal("49000"))


def test_without_a_reference_price_a_market_order_is_judged_by_amount_only() -> None:
    assert prepare(BTC, "buy", Decimal("0.00001")).amount == Decimal("0.00001")


def test_a_halted_market_is_refused() -> None:
    with pytest.raises(OrderRejectedError, match="not trading"):
        prepare(BTC.model_copy(update={"active": False}), "buy", Decimal(1))


amounts = st.decimals(min_value=Decimal("0.00001"), max_value=Decimal(1000), places=12)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=6)


@given(amounts, prices, st.sampled_from(["buy", "sell"]))
def test_a_prepared_order_is_on_the_grid_and_never_more_than_asked(
    amount: Decimal, price: Decimal, side: str
) -> None:
    try:
        order = prepare(BTC, side, amount, price=price)  # type: ignore[arg-type]
    except OrderRejectedError:
        return
    assert order.amount <= amount and amount - order.amount < BTC.amount_step
    assert order.amount % BTC.amount_step == 0
    assert order.price is not None and order.price % BTC.price_step == 0
    assert (order.price <= price) if side == "buy" else (order.price >= price)
    assert abs(order.price - price) < BTC.price_step
    assert order.amount * order.price >= BTC.min_notional
    assert Decimal(order.amount_text) == order.amount and "E" not in order.amount_text
