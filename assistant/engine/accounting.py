"""Accounting: FIFO cost basis and P&L per asset and account, and the trade export.

The history is the journal's: credits (money put in, funding, imported holdings with their cost
basis when the CSV gave one, reconciliation adjustments) and every fill.
:mod:`assistant.portfolio.fifo` turns it into lots; this module prices what is held at the
account's market now and writes the rows a person, an accountant or a tax tool reads. Nothing
here sends or changes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from assistant.domain import Account, CoinPilotError
from assistant.portfolio.fifo import FifoBooks, Movement, run_fifo

from .brokers import market_for
from .services import Services

#: The trade export's columns, in order (CSV header and JSON keys).
TRADE_COLUMNS = (
    "date",
    "account",
    "side",
    "asset",
    "quantity",
    "price",
    "quote",
    "quote_value",
    "fee",
    "fee_currency",
    "order_id",
    "client_order_id",
)


@dataclass(frozen=True)
class AssetPnL:
    asset: str
    quantity: Decimal
    cost_basis: Decimal  # of the lots whose cost is known
    price: Decimal | None
    value: Decimal | None
    realized: Decimal
    unrealized: Decimal | None
    fees: Decimal
    unknown_quantity: Decimal  # held, cost not known (not in P&L)


@dataclass(frozen=True)
class AccountPnL:
    account: str
    quote: str
    as_of: datetime
    assets: list[AssetPnL]
    realized: Decimal
    unrealized: Decimal
    fees: Decimal
    notes: list[str]


def pnl_report(services: Services, account: Account) -> AccountPnL:
    """Realized and unrealized P&L per asset (FIFO), fees apart, priced at the market now."""
    books = books_for(services, account)
    market = market_for(services, account)
    notes: list[str] = []
    rows: list[AssetPnL] = []
    prices: dict[str, Decimal] = {}
    for asset in sorted(books.assets):
        book = books.assets[asset]
        price: Decimal | None = None
        if book.quantity > 0:
            try:
                price = market.ticker(f"{asset}/{account.quote}").mid
                prices[asset] = price
            except CoinPilotError as exc:
                notes.append(f"{asset}: no price now ({exc.message}); unrealized left out")
        if book.unknown_quantity > 0:
            notes.append(
                f"{asset}: {book.unknown_quantity} held at an unknown cost (imported without a "
                "cost basis, or adjusted by reconciliation): in value, not in P&L"
            )
        if book.unknown_disposed > 0:
            notes.append(
                f"{asset}: {book.unknown_disposed} sold or given up at an unknown cost: no P&L "
                "counted for it"
            )
        unrealized = book.unrealized(price)
        rows.append(
            AssetPnL(
                asset=asset,
                quantity=book.quantity,
                cost_basis=_cents(book.known_cost),
                price=price,
                value=None if price is None else _cents(book.quantity * price),
                realized=_cents(book.realized),
                unrealized=None if unrealized is None else _cents(unrealized),
                fees=_cents(book.fees),
                unknown_quantity=book.unknown_quantity,
            )
        )
    for currency, fee in sorted(books.other_fees.items()):
        notes.append(f"fees paid in {currency}: {fee} (not valued in {account.quote})")
    return AccountPnL(
        account=account.name,
        quote=account.quote,
        as_of=services.clock.now(),
        assets=rows,
        realized=_cents(books.realized),
        unrealized=_cents(books.unrealized(prices)),
        fees=_cents(books.fees),
        notes=notes,
    )


def books_for(services: Services, account: Account) -> FifoBooks:
    """The account's FIFO books from its journaled credits and fills."""
    return run_fifo(account.quote, movements(services, account))


def movements(services: Services, account: Account) -> list[Movement]:
    journal = services.journal
    found: list[tuple[datetime, int, Movement]] = []
    for i, credit in enumerate(journal.credits(account.name)):
        amount = Decimal(str(credit["amount"]))
        at = credit["at"]
        if credit["kind"] == "adjustment":
            found.append((at, i, Movement(at, "adjust", credit["asset"], amount)))
            continue
        details: dict[str, Any] = {}
        if credit["payload"]:
            details = json.loads(credit["payload"])
        basis = details.get("cost_basis_per_unit")
        price = Decimal(str(basis)) if basis is not None else None
        found.append((at, i, Movement(at, "open", credit["asset"], amount, price)))
    for j, (fill, _) in enumerate(journal.account_fills(account.name)):
        base = fill.symbol.split("/")[0]
        move = Movement(
            fill.timestamp,
            fill.side,
            base,
            fill.quantity,
            fill.price,
            fill.fee,
            fill.fee_currency,
        )
        found.append((fill.timestamp, 1_000_000 + j, move))
    return [m for _, _, m in sorted(found, key=lambda x: (x[0], x[1]))]


def trade_rows(services: Services, account: Account) -> list[dict[str, str]]:
    """Every fill of ``account`` as one row of :data:`TRADE_COLUMNS`, oldest first: amounts as
    exact decimal text, dates ISO 8601 in UTC."""
    rows = []
    for fill, order_id in services.journal.account_fills(account.name):
        base, quote = fill.symbol.split("/")
        rows.append(
            {
                "date": fill.timestamp.isoformat().replace("+00:00", "Z"),
                "account": account.name,
                "side": fill.side,
                "asset": base,
                "quantity": _text(fill.quantity),
                "price": _text(fill.price),
                "quote": quote,
                "quote_value": _text(fill.cost),
                "fee": _text(fill.fee),
                "fee_currency": fill.fee_currency,
                "order_id": order_id or "",
                "client_order_id": fill.client_order_id,
            }
        )
    return rows


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value != 0 else "0"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
