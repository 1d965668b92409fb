"""CcxtBroker on a healthy fake Binance, through real ccxt: orders, fills, fees, cancels."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain import InsufficientFundsError, OrderRejectedError
from assistant.execution.ccxt_broker import CcxtBroker
from assistant.execution.order_rules import round_price
from assistant.execution.protocol import Broker, LiveBroker
from tests.market_live.fake_binance import FakeBinance

from .conftest import intent

D = Decimal


def test_it_is_a_live_broker_named_for_its_venue_and_account(
    make_broker: Callable[..., CcxtBroker],
) -> None:
    broker = make_broker()
    assert isinstance(broker, Broker) and isinstance(broker, LiveBroker)
    assert broker.name == "binance (account main)" and not broker.sandbox
    assert make_broker(sandbox=True).name == "binance TESTNET (account main)"


def test_a_market_buy_fills_with_the_journaled_client_id_and_fees_in_base(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    result = broker.place_market_order(intent(qty="0.0123456"))
    (sent,) = exchange.requests_to("order", "POST")
    assert sent.params["newClientOrderId"] == "cp-0123456789abcdef-000"
    assert sent.params["quantity"] == "0.01234"  # rounded down to the 0.00001 step
    assert result.status == "filled" and result.filled == D("0.01234")
    assert result.exchange_order_id == "1000" and not result.resting
    (fill,) = result.fills
    assert fill.fee_currency == "BTC" and fill.fee == D("0.00001234")  # Binance: buyer pays base
    assert fill.cost == fill.price * fill.quantity
    assert broker.balances()["BTC"] == D("0.5") + D("0.01234") - D("0.00001234")


def test_a_market_sell_pays_its_fee_in_quote(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    result = make_broker().place_market_order(intent(side="sell", qty="0.1"))
    (fill,) = result.fills
    assert result.status == "filled" and fill.fee_currency == "USDT"
    assert fill.fee == (fill.cost * D("0.001")).quantize(D("0.00000001"))


def test_a_market_order_that_runs_out_of_book_is_partial_with_every_level_as_a_fill(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    exchange.account.book_levels = 2  # 0.5 + 1.5 BTC on offer
    result = make_broker().place_market_order(intent(qty="3"))
    assert result.status == "partially_filled" and result.filled == D("2")
    assert [f.quantity for f in result.fills] == [D("0.5"), D("1.5")]
    assert "the rest expired" in result.message


def test_a_limit_order_rests_then_fills_in_parts_then_is_canceled(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    order = intent(qty="0.01")
    resting = broker.place_limit_order(order, D("2000.129"))
    assert resting.status == "open" and resting.resting and resting.fills == []
    assert exchange.requests_to("order", "POST")[0].params["price"] == "2000.12"  # buy: down
    assert [r.client_order_id for r in broker.open_orders("BTC/USDT")] == [order.client_order_id]
    exchange.fill_open_orders("0.4")
    partial = broker.lookup(order)
    assert partial is not None and partial.status == "partially_filled" and partial.resting
    assert partial.filled == D("0.004") and partial.fills[0].price == D("2000.12")
    canceled = broker.cancel_order(order)
    assert canceled.status == "canceled" and canceled.filled == D("0.004")
    assert broker.open_orders("BTC/USDT") == []
    assert exchange.account.locked["USDT"] == 0  # the unfilled rest was released


def test_a_limit_order_that_crosses_the_book_fills_at_once(
    make_broker: Callable[..., CcxtBroker],
) -> None:
    result = make_broker().place_limit_order(intent(side="sell", qty="0.2"), D("2000"))
    assert result.status == "filled" and not result.resting


def test_canceling_an_order_that_already_filled_reports_it_filled(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    order = intent()
    broker.place_limit_order(order, D("2100"))
    exchange.fill_open_orders()
    assert broker.cancel_order(order).status == "filled"


def test_dust_and_small_orders_are_refused_before_anything_is_sent(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    with pytest.raises(OrderRejectedError, match="is dust"):
        broker.place_market_order(intent(qty="0.000004"))
    with pytest.raises(OrderRejectedError, match="below BTC/USDT's minimum order of 5"):
        broker.place_market_order(intent(qty="0.001"))
    assert exchange.requests_to("order", "POST") == []


def test_the_exchange_refusing_for_funds_is_insufficient_funds_and_not_retried(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    with pytest.raises(InsufficientFundsError, match="insufficient balance"):
        make_broker().place_market_order(intent(side="sell", qty="2"))
    assert len(exchange.requests_to("order", "POST")) == 1
    assert exchange.requests_to("order", "GET") == []


def test_fills_since_name_each_fill_by_its_client_order_id(
    make_broker: Callable[..., CcxtBroker],
) -> None:
    broker = make_broker()
    first = intent("cp-a-000", qty="0.01")
    broker.place_market_order(first)
    broker.place_market_order(intent("cp-a-001", side="sell", qty="0.02"))
    fills = broker.fetch_fills_since(first.created_at.replace(year=2020), ["BTC/USDT"])
    assert [(f.client_order_id, f.side) for f in fills] == [
        ("cp-a-000", "buy"),
        ("cp-a-001", "sell"),
    ]


def test_ccxts_own_precision_helpers_agree_with_what_was_sent(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    broker.place_limit_order(intent(side="sell", qty="0.123456789"), D("3000.005"))
    sent = exchange.requests_to("order", "POST")[0].params
    client = exchange.client()
    client.load_markets()
    assert sent["quantity"] == client.amount_to_precision("BTC/USDT", "0.123456789")
    assert D(sent["price"]) == D("3000.01")  # a sell's price rounds up, never below the ask


def test_our_rounding_agrees_with_ccxts_helpers_and_ccxt_never_moves_what_we_send(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    """Amounts: ccxt truncates as we do. Prices: ccxt rounds to the *nearest* tick, which could
    raise a buy's limit; ours round a buy down and a sell up, and ccxt leaves them as they are."""
    client = exchange.client()
    client.load_markets()
    broker = make_broker()

    @settings(max_examples=300)
    @given(
        st.sampled_from(["BTC/USDT", "ETH/USDT", "SOL/USDT", "ETH/BTC"]),
        st.decimals(min_value=D("0.1"), max_value=D(5000), places=10),
    )
    def agree(symbol: str, value: Decimal) -> None:
        info = broker.market(symbol)
        assert info.round_amount(value) == D(client.amount_to_precision(symbol, str(value)))
        low, high = round_price(info, "buy", value), round_price(info, "sell", value)
        assert low <= D(client.price_to_precision(symbol, str(value))) <= high
        for ours in (low, high):
            assert D(client.price_to_precision(symbol, str(ours))) == ours

    agree()
