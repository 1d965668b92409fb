from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import InsufficientFundsError, OrderIntent
from assistant.execution.paper import PaperBroker
from tests.factories import T0, StaticMarket


def intent(side: str, qty: str, cid: str = "c1", symbol: str = "BTC/USDT") -> OrderIntent:
    return OrderIntent(
        client_order_id=cid,
        plan_hash="p",
        symbol=symbol,
        side=side,
        quantity=Decimal(qty),
        created_at=T0,
    )


def test_buy_walks_the_book_and_charges_the_taker_fee_in_quote() -> None:
    market = StaticMarket({"BTC": "100"}, size="1")  # asks: 1 @ 100.1, 2 @ 100.2, 3 @ 100.3 ...
    broker = PaperBroker(market, {"USDT": Decimal("1000")})
    result = broker.place_market_order(intent("buy", "2"))
    (fill,) = result.fills
    assert result.status == "filled" and fill.quantity == Decimal("2")
    assert fill.cost == Decimal("100.1") + Decimal("100.2")  # 1 at level one, 1 at level two
    assert fill.fee == fill.cost * Decimal("0.001")  # exact: a paper fill rounds nothing
    assert broker.balances() == {
        "USDT": Decimal("1000") - fill.cost - fill.fee,
        "BTC": Decimal("2"),
    }


def test_sell_credits_proceeds_minus_fee() -> None:
    broker = PaperBroker(StaticMarket({"BTC": "100"}, size="10"), {"BTC": Decimal("1")})
    result = broker.place_market_order(intent("sell", "1"))
    assert broker.balances()["USDT"] == result.fills[0].cost - result.fills[0].fee
    assert "BTC" not in broker.balances()


def test_a_buy_that_would_overdraw_is_refused_and_changes_nothing() -> None:
    broker = PaperBroker(StaticMarket({"BTC": "100"}), {"USDT": Decimal("50")})
    with pytest.raises(InsufficientFundsError, match="only 50 USDT is available"):
        broker.place_market_order(intent("buy", "1"))
    assert broker.balances() == {"USDT": Decimal("50")}


def test_selling_more_than_held_is_refused() -> None:
    broker = PaperBroker(StaticMarket({"BTC": "100"}), {"BTC": Decimal("0.5")})
    with pytest.raises(InsufficientFundsError):
        broker.place_market_order(intent("sell", "1"))
    assert broker.balances() == {"BTC": Decimal("0.5")}


def test_the_same_client_order_id_never_fills_twice() -> None:
    broker = PaperBroker(StaticMarket({"BTC": "100"}), {"USDT": Decimal("1000")})
    first = broker.place_market_order(intent("buy", "1"))
    again = broker.place_market_order(intent("buy", "1"))
    assert first == again
    assert broker.balances()["BTC"] == Decimal("1")
    assert broker.find_order("c1") == first and broker.find_order("nope") is None


def test_a_thin_book_gives_a_partial_fill() -> None:
    broker = PaperBroker(
        StaticMarket({"BTC": "100"}, size="1", levels="2"), {"USDT": Decimal("10000")}
    )
    result = broker.place_market_order(intent("buy", "5"))
    assert result.status == "partially_filled" and result.filled == Decimal("3")


def test_a_paper_fill_keeps_its_cost_and_fee_exact_past_8_decimals() -> None:
    """A paper fill reaches no exchange: rounding its quote amounts to 8 decimals once made a
    replay's fees differ from the backtest's by 2e-7 of themselves (``domain/model_book.py``)."""
    broker = PaperBroker(StaticMarket({"BTC": "100"}, size="10"), {"USDT": Decimal("1000")})
    (fill,) = broker.place_market_order(intent("buy", "0.123456789")).fills
    assert fill.cost == Decimal("0.123456789") * Decimal("100.1")
    assert fill.fee == fill.cost * Decimal("0.001") == Decimal("0.0123580245789")
    assert broker.balances()["USDT"] == Decimal("1000") - fill.cost - fill.fee
