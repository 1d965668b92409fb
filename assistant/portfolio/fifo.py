"""FIFO cost basis: lots, realized and unrealized P&L per asset, from an account's history.

Pure computation on Decimals, no I/O. Each asset's holdings are lots (quantity, total cost in
the quote currency). A buy adds a lot at its fill price; a sell takes quantity from the oldest
lots first and realizes ``proceeds - basis``. Profit and loss are *gross*: fees are totalled
apart, valued in the quote currency (a fee paid in the bought asset is that quantity taken from
the lots at the fill price: its basis leaves the books and its value counts as a fee), so that
for an account that starts in cash::

    realized + unrealized - fees == equity now - cash put in

(tests/portfolio/test_fifo.py holds this as a property). Holdings whose cost is not known (an
import without a cost basis, an adjustment by reconciliation, a sale beyond the known lots) are
tracked as such: they count in value, never in P&L, and the report says how much.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, localcontext

_PREC = 60


@dataclass
class Lot:
    quantity: Decimal
    cost: Decimal | None  # total, in the quote currency; None: not known
    at: datetime


@dataclass(frozen=True)
class Movement:
    """One event of the history, oldest first: a fill (``buy``/``sell``), or an opening
    (``open``: holdings with a cost per unit or None) or an ``adjust`` (signed, cost unknown)."""

    at: datetime
    kind: str  # "buy", "sell", "open", "adjust"
    asset: str
    quantity: Decimal
    price: Decimal | None = None
    fee: Decimal = Decimal(0)
    fee_currency: str = ""


@dataclass
class AssetBook:
    asset: str
    lots: deque[Lot] = field(default_factory=deque)
    realized: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    #: Quantity sold or given up whose cost was not known (no P&L counted for it).
    unknown_disposed: Decimal = Decimal(0)

    @property
    def quantity(self) -> Decimal:
        return sum((lot.quantity for lot in self.lots), Decimal(0))

    @property
    def known_cost(self) -> Decimal:
        return sum((lot.cost for lot in self.lots if lot.cost is not None), Decimal(0))

    @property
    def unknown_quantity(self) -> Decimal:
        return sum((lot.quantity for lot in self.lots if lot.cost is None), Decimal(0))

    def unrealized(self, price: Decimal | None) -> Decimal | None:
        """Value of the lots of known cost at ``price`` minus their cost (None: no price)."""
        if price is None:
            return None
        known = sum((lot.quantity for lot in self.lots if lot.cost is not None), Decimal(0))
        return known * price - self.known_cost

    def take(self, quantity: Decimal, price: Decimal | None) -> None:
        """Remove ``quantity`` from the oldest lots; realize against ``price`` (None: at 0)."""
        left = quantity
        while left > 0 and self.lots:
            lot = self.lots[0]
            used = min(left, lot.quantity)
            if lot.cost is None:
                self.unknown_disposed += used
            else:
                basis = lot.cost if used == lot.quantity else lot.cost * used / lot.quantity
                self.realized += used * (price or Decimal(0)) - basis
                lot.cost -= basis
            lot.quantity -= used
            left -= used
            if lot.quantity == 0:
                self.lots.popleft()
        if left > 0:
            self.unknown_disposed += left


@dataclass
class FifoBooks:
    """Every asset's book (with the fees of its trades, valued in the quote currency), plus fees
    paid in a third currency."""

    quote: str
    assets: dict[str, AssetBook] = field(default_factory=dict)
    #: Fees paid in a currency that is neither the quote nor the traded asset, by currency.
    other_fees: dict[str, Decimal] = field(default_factory=dict)

    def book(self, asset: str) -> AssetBook:
        if asset not in self.assets:
            self.assets[asset] = AssetBook(asset)
        return self.assets[asset]

    @property
    def realized(self) -> Decimal:
        return sum((b.realized for b in self.assets.values()), Decimal(0))

    @property
    def fees(self) -> Decimal:
        """Every fee valued in the quote currency (other currencies left out: see other_fees)."""
        return sum((b.fees for b in self.assets.values()), Decimal(0))

    def unrealized(self, prices: Mapping[str, Decimal]) -> Decimal:
        total = Decimal(0)
        for asset, book in self.assets.items():
            gain = book.unrealized(prices.get(asset))
            if gain is not None:
                total += gain
        return total


def run_fifo(quote: str, movements: Iterable[Movement]) -> FifoBooks:
    """The books after ``movements`` (oldest first). Movements of the quote currency are cash:
    they have no lots (a fee in it counts as a fee)."""
    books = FifoBooks(quote)
    with localcontext() as ctx:
        ctx.prec = _PREC
        for m in movements:
            if m.asset == quote:
                continue
            book = books.book(m.asset)
            if m.kind == "open":
                cost = None if m.price is None else m.quantity * m.price
                book.lots.append(Lot(m.quantity, cost, m.at))
            elif m.kind == "adjust":
                if m.quantity > 0:
                    book.lots.append(Lot(m.quantity, None, m.at))
                else:
                    book.take(-m.quantity, None)
            elif m.kind == "buy":
                assert m.price is not None
                book.lots.append(Lot(m.quantity, m.quantity * m.price, m.at))
            elif m.kind == "sell":
                assert m.price is not None
                book.take(m.quantity, m.price)
            else:
                raise ValueError(f"unknown movement {m.kind!r}")
            if m.kind in ("buy", "sell") and m.fee > 0:
                _fee(books, book, m)
    return books


def _fee(books: FifoBooks, book: AssetBook, m: Movement) -> None:
    assert m.price is not None
    if m.fee_currency == books.quote:
        book.fees += m.fee  # the fee of this asset's trade, so each asset's row shows its own
    elif m.fee_currency == m.asset:
        # The fee's quantity leaves the lots as if sold at the fill price (realizing what the
        # price moved since its lot was bought), and that worth is the fee.
        book.take(m.fee, m.price)
        book.fees += m.fee * m.price
    else:
        books.other_fees[m.fee_currency] = books.other_fees.get(m.fee_currency, Decimal(0)) + m.fee
