"""Accounting on the fake Binance: every exchange trade is one export row with its fee and the
exchange's order id, and the FIFO books hold exactly what the exchange holds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import parse_spec
from assistant.engine import (
    TRADE_COLUMNS,
    add_exchange_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
    pnl_report,
    trade_rows,
)
from assistant.engine.accounting import books_for
from tests.market_live.fake_binance import FakeBinance

from .conftest import FakeTime
from .engine_setup import LIVE_SPEC, live_services

D = Decimal
ACCOUNT = "binance-main"


def test_each_exchange_trade_is_one_export_row_and_the_books_equal_the_exchange(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = live_services(exchange, fake_time, monkeypatch)
    add_exchange_account(services, ACCOUNT, exchange="binance")
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)
    execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    account = services.journal.get_account(ACCOUNT)

    rows = trade_rows(services, account)
    trades = exchange.account.trades
    assert len(rows) == len(trades) > 0
    assert all(tuple(r) == TRADE_COLUMNS for r in rows)

    def key(
        order_id: str, qty: Decimal, price: Decimal, fee: Decimal, ccy: str, side: str
    ) -> tuple:
        return (order_id, qty, price, fee, ccy, side)

    exported = sorted(
        key(
            r["order_id"],
            D(r["quantity"]),
            D(r["price"]),
            D(r["fee"]),
            r["fee_currency"],
            r["side"],
        )
        for r in rows
    )
    on_exchange = sorted(
        key(
            str(t.order_id),
            t.qty,
            t.price,
            t.commission,
            t.commission_asset,
            "buy" if t.is_buyer else "sell",
        )
        for t in trades
    )
    assert exported == on_exchange
    for row in rows:
        assert D(row["quote_value"]) == D(row["quantity"]) * D(row["price"])
        assert row["account"] == ACCOUNT and row["date"].endswith("Z")

    books = books_for(services, account)
    held = {a: v for a, v in exchange.account.free.items() if v != 0}
    for asset, book in books.assets.items():
        assert book.quantity == held.get(asset, D(0)), asset

    report = pnl_report(services, account)
    bought = {a.asset: a for a in report.assets}
    eth = bought["ETH"]
    assert eth.unknown_quantity == 0 and eth.cost_basis > 0 and eth.realized <= 0
    # BTC came from the exchange's balance at `account add`: its cost is not known, and says so
    assert any(n.startswith("BTC: ") and "unknown cost" in n for n in report.notes)
    assert report.fees == sum((a.fees for a in report.assets), D(0))
