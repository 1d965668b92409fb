"""Order intents, order results and their fills.

An intent is written *before* its order is sent, so after a crash or a timeout
:meth:`OrderRecords.intents_without_result` lists exactly the orders to reconcile with the venue.
An order has at most one result; recording the same result again is a no-op (a retried write),
recording a different one is refused, because fills already counted must never count twice.
A result with fills appends its account's balance checkpoint in the same transaction
(:mod:`.balances`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from assistant.domain import Fill, JournalError, OrderIntent, OrderResult

from . import codec
from .balances import BalanceRecords
from .schema import fills, order_intents, order_results, plans


def split_symbol(symbol: str) -> tuple[str, str]:
    """``"BTC/USDT"`` -> ``("BTC", "USDT")`` (a ccxt settle suffix such as ``:USDT`` is ignored)."""
    base, slash, rest = symbol.partition("/")
    quote = rest.split(":", 1)[0]
    if not slash or not base or not quote:
        raise JournalError(f"the symbol {symbol!r} is not of the form BASE/QUOTE, e.g. BTC/USDT.")
    return base, quote


class OrderRecords(BalanceRecords):
    def record_intent(self, intent: OrderIntent, before: dict[str, Any] | None = None) -> None:
        """Keep an order we are about to send; call it before the broker sees the order.

        It belongs to its plan's account. ``before``: the account's balances read just before
        the send (a live account), kept so a lookup after a restart can compare against them.
        """
        at = codec.utc(intent.created_at, "order intent")
        with self._writing() as conn:
            stored = self._intent(conn, intent.client_order_id)
            if stored is not None:
                if stored == intent:
                    return
                raise JournalError(
                    f"client order id {intent.client_order_id} is already used by another order "
                    "intent; derive a fresh id for a new order."
                )
            known = conn.execute(
                select(plans.c.account).where(plans.c.plan_hash == intent.plan_hash)
            ).first()
            if known is None:
                raise JournalError(
                    f"order intent {intent.client_order_id} names plan {intent.plan_hash[:12]}, "
                    "which is not in the journal; record the plan first."
                )
            self._insert(
                conn,
                order_intents,
                client_order_id=intent.client_order_id,
                plan_hash=intent.plan_hash,
                symbol=intent.symbol,
                side=intent.side,
                at=at,
                payload=codec.dump(intent),
                account=known.account,
                before=None if before is None else codec.dump_data(before),
            )

    def record_order_result(self, result: OrderResult) -> None:
        """Keep what the venue did with an order, and each of its fills."""
        cid = result.client_order_id
        for fill in result.fills:
            _check_fill(result, fill)
        stamps = [codec.utc(f.timestamp, "fill") for f in result.fills]
        with self._writing() as conn:
            account = conn.execute(
                select(order_intents.c.account).where(order_intents.c.client_order_id == cid)
            ).scalar_one_or_none()
            if account is None:
                raise JournalError(
                    f"no order intent with client order id {cid}; "
                    "record the intent before the order is sent."
                )
            query = select(order_results.c.payload).where(order_results.c.client_order_id == cid)
            stored = conn.execute(query).scalar_one_or_none()
            if stored is not None:
                record = f"order result {cid}"
                if codec.load(OrderResult, stored, where=self.where, record=record) == result:
                    return
                raise JournalError(
                    f"order {cid} already has a different result in the journal; "
                    "a result is recorded once, so its fills are never counted twice."
                )
            result_id = self._insert(
                conn,
                order_results,
                client_order_id=cid,
                symbol=result.symbol,
                side=result.side,
                status=result.status,
                at=max(stamps) if stamps else codec.now(),
                payload=codec.dump(result),
                account=account,
            )
            for fill, at in zip(result.fills, stamps, strict=True):
                base, quote = split_symbol(fill.symbol)
                self._insert(
                    conn,
                    fills,
                    order_result_id=result_id,
                    client_order_id=cid,
                    symbol=fill.symbol,
                    side=fill.side,
                    base=base,
                    quote=quote,
                    at=at,
                    payload=codec.dump(fill),
                    account=account,
                )
            if result.fills:
                self._checkpoint_balances(conn, account)

    def intents_without_result(self, account: str | None = None) -> list[OrderIntent]:
        """Intents whose order has no recorded result yet, oldest first: reconcile these.

        Of one account when ``account`` is given.
        """
        query = (
            select(order_intents.c.client_order_id, order_intents.c.payload)
            .outerjoin(
                order_results,
                order_results.c.client_order_id == order_intents.c.client_order_id,
            )
            .where(order_results.c.id.is_(None))
            .order_by(order_intents.c.at, order_intents.c.id)
        )
        if account is not None:
            query = query.where(order_intents.c.account == account)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            codec.load(OrderIntent, row.payload, where=self.where, record=f"order intent {row[0]}")
            for row in rows
        ]

    def accounts_with_pending_orders(self) -> list[str]:
        """Accounts with at least one intent that has no result, by name."""
        query = (
            select(order_intents.c.account)
            .outerjoin(
                order_results,
                order_results.c.client_order_id == order_intents.c.client_order_id,
            )
            .where(order_results.c.id.is_(None))
            .distinct()
            .order_by(order_intents.c.account)
        )
        with self._reading() as conn:
            return list(conn.execute(query).scalars())

    def plan_orders(self, plan_hash: str) -> list[tuple[OrderIntent, OrderResult | None]]:
        """Every intent of a plan with its result (None while unresolved), in the order sent."""
        query = (
            select(order_intents.c.payload, order_results.c.payload)
            .outerjoin(
                order_results,
                order_results.c.client_order_id == order_intents.c.client_order_id,
            )
            .where(order_intents.c.plan_hash == plan_hash)
            .order_by(order_intents.c.id)
        )
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            (
                codec.load(OrderIntent, intent, where=self.where),
                None if result is None else codec.load(OrderResult, result, where=self.where),
            )
            for intent, result in rows
        ]

    def account_fills(
        self, account: str, since: datetime | None = None
    ) -> list[tuple[Fill, str | None]]:
        """Every fill of ``account`` (at or after ``since``), oldest first, each with the
        venue's order id when it reported one: what accounting and the trade export read."""
        query = (
            select(fills.c.id, fills.c.payload, order_results.c.payload)
            .join(order_results, order_results.c.id == fills.c.order_result_id)
            .where(fills.c.account == account)
            .order_by(fills.c.at, fills.c.id)
        )
        if since is not None:
            query = query.where(fills.c.at >= codec.utc(since, "since"))
        with self._reading() as conn:
            rows = conn.execute(query).all()
        found = []
        for row_id, fill, result in rows:
            record = f"fill #{row_id}"
            order = codec.load(OrderResult, result, where=self.where, record=record)
            found.append(
                (codec.load(Fill, fill, where=self.where, record=record), order.exchange_order_id)
            )
        return found

    def client_order_ids(self, account: str) -> set[str]:
        """Every client order id CoinPilot journaled an intent for on ``account``."""
        query = select(order_intents.c.client_order_id).where(order_intents.c.account == account)
        with self._reading() as conn:
            return set(conn.execute(query).scalars())

    def intent_before(self, client_order_id: str) -> dict[str, Any] | None:
        """The balances journaled with an intent just before its send, if any were."""
        query = select(order_intents.c.before).where(
            order_intents.c.client_order_id == client_order_id
        )
        with self._reading() as conn:
            text = conn.execute(query).scalar_one_or_none()
        return None if text is None else codec.load_data(text)

    def intent_of(self, client_order_id: str) -> OrderIntent | None:
        """The journaled intent of ``client_order_id``, or None."""
        with self._reading() as conn:
            return self._intent(conn, client_order_id)

    def _intent(self, conn: Connection, client_order_id: str) -> OrderIntent | None:
        query = select(order_intents.c.payload).where(
            order_intents.c.client_order_id == client_order_id
        )
        payload = conn.execute(query).scalar_one_or_none()
        if payload is None:
            return None
        record = f"order intent {client_order_id}"
        return codec.load(OrderIntent, payload, where=self.where, record=record)


def _check_fill(result: OrderResult, fill: Fill) -> None:
    if (fill.client_order_id, fill.symbol, fill.side) != (
        result.client_order_id,
        result.symbol,
        result.side,
    ):
        raise JournalError(
            f"a fill ({fill.client_order_id} {fill.side} {fill.symbol}) does not belong to order "
            f"{result.client_order_id} ({result.side} {result.symbol}); nothing was recorded."
        )
    split_symbol(fill.symbol)
