"""The paper account (deposits plus the effect of every fill) and portfolio snapshots.

The paper balance is derived, never stored: deposits, plus for each fill of BASE/QUOTE, on a buy
``+quantity BASE, -cost QUOTE``, on a sell ``-quantity BASE, +cost QUOTE``, and always ``-fee`` in
the fee currency. The sums are exact: an arithmetic step that would round raises instead. This
module must never write a balance, only the events balances are made of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext

from sqlalchemy import select

from assistant.domain import Fill, JournalError

from . import codec
from .records import Snapshot
from .schema import deposits, fills, snapshots
from .store import Store

_EXACT = Context(prec=200, traps=[Inexact, InvalidOperation, Overflow])
#: No real balance comes near this; a sum past it means a stored amount was changed.
_MAX_BALANCE = Decimal("1e20")


class PaperRecords(Store):
    def record_deposit(self, asset: str, amount: Decimal, at: datetime, note: str) -> None:
        """Credit ``amount`` of ``asset`` to the paper account (e.g. the spec's capital)."""
        symbol = asset.strip().upper()
        if not symbol or not symbol.isalnum() or len(symbol) > 20:
            raise JournalError(f"the deposit asset {asset!r} is not a symbol such as USDT.")
        text = codec.decimal_text(amount, "deposit amount")
        if amount <= 0:
            raise JournalError(f"a deposit must be a positive amount; got {amount} {symbol}.")
        when = codec.utc(at, "deposit")
        with self._writing() as conn:
            self._insert(conn, deposits, asset=symbol, amount=text, note=note, at=when)

    def paper_balances(self) -> dict[str, Decimal]:
        """Every asset's paper balance, exact; assets at exactly zero are left out."""
        with self._reading() as conn:
            credited = conn.execute(
                select(deposits.c.id, deposits.c.asset, deposits.c.amount)
            ).all()
            columns = (fills.c.id, fills.c.base, fills.c.quote, fills.c.payload)
            traded = conn.execute(select(*columns).order_by(fills.c.id)).all()
        totals: defaultdict[str, Decimal] = defaultdict(Decimal)
        try:
            with localcontext(_EXACT):
                for row_id, asset, amount in credited:
                    what = f"deposit #{row_id}"
                    symbol = self._stored_symbol(asset, what)
                    credit = codec.parse_decimal(amount, what, where=self.where)
                    if credit <= 0:  # record_deposit never writes one
                        raise codec.damaged(
                            what, self.where, f"the amount {amount!r} is not positive"
                        )
                    totals[symbol] += credit
                for row_id, base, quote, payload in traded:
                    record = f"fill #{row_id}"
                    base = self._stored_symbol(base, record)
                    quote = self._stored_symbol(quote, record)
                    fill = codec.load(Fill, payload, where=self.where, record=record)
                    sign = 1 if fill.side == "buy" else -1
                    totals[base] += sign * fill.quantity
                    totals[quote] -= sign * fill.cost
                    totals[fill.fee_currency] -= fill.fee
        except (Inexact, InvalidOperation, Overflow):
            raise JournalError(
                f"the paper balances in {self.where} cannot be summed exactly; "
                "a stored amount has too many digits."
            ) from None
        for asset, total in totals.items():
            if abs(total) >= _MAX_BALANCE:
                raise codec.damaged(
                    f"the {asset} balance", self.where, f"{total:.3e} is beyond any real amount"
                )
        return {asset: totals[asset] for asset in sorted(totals) if totals[asset] != 0}

    def paper_entry_prices(
        self, quote: str, *, reset_by: Collection[str] = ()
    ) -> dict[str, Decimal]:
        """Each held asset's average cost in ``quote`` (what a stop-loss or take-profit is
        measured from, ``assistant/policy/risk.py``): a buy moves it to the quantity-weighted
        mean of the old cost and the fill's price, a sell leaves it, a position sold out
        forgets it. A sell whose order is in ``reset_by`` (a partial take-profit) makes what
        is left count as bought at that fill's price, as the backtester counts it. Fills in
        other quotes and fees are left out."""
        columns = (fills.c.id, fills.c.base, fills.c.quote, fills.c.payload)
        with self._reading() as conn:
            traded = conn.execute(select(*columns).order_by(fills.c.id)).all()
        units: defaultdict[str, Decimal] = defaultdict(Decimal)
        cost: dict[str, Decimal] = {}
        for row_id, base, fill_quote, payload in traded:
            if fill_quote != quote:
                continue
            record = f"fill #{row_id}"
            base = self._stored_symbol(base, record)
            fill = codec.load(Fill, payload, where=self.where, record=record)
            held = units[base]
            if fill.side == "buy":
                total = held + fill.quantity
                if total > 0:
                    cost[base] = (cost.get(base, Decimal(0)) * held + fill.cost) / total
                units[base] = total
            else:
                units[base] = held - fill.quantity
                if units[base] <= 0:
                    cost.pop(base, None)
                elif fill.client_order_id in reset_by:
                    cost[base] = fill.price
        return {a: c for a, c in sorted(cost.items()) if units[a] > 0}

    def last_deposit_at(self, asset: str) -> datetime | None:
        """When ``asset`` was last credited to the paper account (None: never)."""
        query = select(deposits.c.at).where(deposits.c.asset == asset.strip().upper())
        with self._reading() as conn:
            when = conn.execute(query.order_by(deposits.c.at.desc()).limit(1)).scalar()
        return when if isinstance(when, datetime) else None

    def _stored_symbol(self, value: object, record: str) -> str:
        """An asset column as written by :meth:`record_deposit`; anything else is damage."""
        if not isinstance(value, str) or not value.isalnum() or len(value) > 20:
            raise codec.damaged(record, self.where, f"the asset {value!r:.40} is not a symbol")
        return value

    def record_snapshot(
        self,
        at: datetime,
        balances: dict[str, Decimal],
        prices: dict[str, Decimal],
        value: Decimal,
        weights: dict[str, float],
    ) -> None:
        """Keep the portfolio as valued at ``at`` (for charts and "how did we get here")."""
        when = codec.utc(at, "snapshot")
        for amount in (value, *balances.values(), *prices.values()):
            codec.decimal_text(amount, "snapshot amount")
        snapshot = Snapshot(at=when, balances=balances, prices=prices, value=value, weights=weights)
        with self._writing() as conn:
            self._insert(
                conn,
                snapshots,
                value=str(value),
                at=when,
                payload=codec.dump(snapshot),
            )

    def latest_snapshot(self) -> Snapshot | None:
        query = select(snapshots.c.payload).order_by(snapshots.c.at.desc(), snapshots.c.id.desc())
        with self._reading() as conn:
            payload = conn.execute(query.limit(1)).scalar_one_or_none()
        if payload is None:
            return None
        return codec.load(Snapshot, payload, where=self.where, record="the latest snapshot")
