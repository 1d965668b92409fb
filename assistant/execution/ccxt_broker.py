"""CcxtBroker: a real exchange account behind the Broker protocol, through one ccxt client.

It places market and limit orders with the client order id the engine journaled *before* the
call, fitted to the market's grid (:mod:`.order_rules`), sent at most once per proven absence
(:mod:`.order_sender`), and it answers what became of any order by walking the lookup ladder
(:mod:`.order_lookup`). It cancels, lists open orders and reads fills with their fees
(:mod:`.ccxt_history`).

It never holds a key itself: the ccxt client does, and the broker's name, repr and errors never
show it (:mod:`.redaction` keeps it out of ccxt's debug logs too). ``sandbox`` says the client
points at the exchange's testnet, and the name says so. Nothing here writes the journal: the
engine records the intent before :meth:`place_market_order` and the result after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from assistant.domain import (
    CoinPilotError,
    Fill,
    MarketInfo,
    OrderIntent,
    OrderRejectedError,
    OrderResult,
    OrderUnresolvedError,
    Side,
)
from assistant.market.ccxt_markets import SpotMarkets, check_precision_mode, spot_markets

from .ccxt_history import fills_since, open_orders, result_with_fills
from .ccxt_orders import dec
from .ccxt_reads import read
from .holdings import Holdings
from .order_lookup import Found, Ladder, Target, Unresolved
from .order_policy import OrderPolicy
from .order_rules import prepare
from .order_sender import OrderSender
from .redaction import protect_client

log = logging.getLogger(__name__)


class CcxtBroker:
    """One exchange account; see the module docstring. ``client`` is a keyed ccxt exchange."""

    def __init__(
        self,
        client: Any,
        *,
        account: str,
        sandbox: bool = False,
        policy: OrderPolicy | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        protect_client(client)
        client.enableLastJsonResponse = True
        self._client = client
        self._account = account
        self._sandbox = sandbox
        self._policy = policy or OrderPolicy()
        self._now = now
        self._markets: SpotMarkets | None = None

    @property
    def name(self) -> str:
        """``binance TESTNET (account main)``: the venue, whether it is the testnet, the account."""
        venue = f"{self._client.id} TESTNET" if self._sandbox else str(self._client.id)
        return f"{venue} (account {self._account})"

    @property
    def sandbox(self) -> bool:
        return self._sandbox

    def __repr__(self) -> str:
        return f"CcxtBroker({self.name!r})"

    def market(self, symbol: str) -> MarketInfo:
        """``symbol``'s grid and minimums, from markets loaded once per broker."""
        if self._markets is None:
            exchange, mode = str(self._client.id), int(self._client.precisionMode)
            check_precision_mode(exchange, mode)
            raw = read(
                self._client, self._policy.start(), "load_markets", self._client.load_markets
            )
            fees = (getattr(self._client, "fees", None) or {}).get("trading") or {}
            self._markets = spot_markets(exchange, raw.values(), mode, fees=fees)
        info = self._markets.by_symbol.get(symbol)
        if info is None:
            raise OrderRejectedError(f"{symbol} is not a spot pair {self.name} trades.")
        return info

    def holdings(self) -> Holdings:
        """Free and total amounts per asset, now."""
        raw = read(self._client, self._policy.start(), "fetch_balance", self._client.fetch_balance)
        return Holdings.from_ccxt(raw)

    def balances(self) -> dict[str, Decimal]:
        return {asset: v for asset, v in self.holdings().free.items() if v != 0}

    def place_market_order(self, intent: OrderIntent) -> OrderResult:
        return self._place(intent, None)

    def place_limit_order(self, intent: OrderIntent, price: Decimal) -> OrderResult:
        """A limit order at ``price`` (a buy's rounded down to the tick, a sell's up)."""
        return self._place(intent, price)

    def _place(self, intent: OrderIntent, price: Decimal | None) -> OrderResult:
        info = self.market(intent.symbol)
        reference = None
        if price is None and info.min_notional > 0:
            reference = self._touch(intent.symbol, intent.side)
        order = prepare(info, intent.side, intent.quantity, price=price, reference_price=reference)
        deadline = self._policy.start()
        target = self._target(intent, info, before=self.holdings())
        sent = OrderSender(self._client, self.name, deadline).send(order, target)
        return result_with_fills(
            self._client,
            deadline,
            sent.order,
            intent,
            requested=order.amount,
            note=sent.note,
            when=self._now(),
        )

    def lookup(self, intent: OrderIntent, before: Holdings | None = None) -> OrderResult | None:
        """What became of ``intent``'s order: its result, ``None`` if the exchange provably never
        saw it, or :class:`OrderUnresolvedError` if that cannot be established now.

        Waits first, if needed, until a request sent at ``intent.created_at`` can no longer become
        an order. ``before``: holdings journaled before the send, for the ladder's last step.
        """
        info = self.market(intent.symbol)
        deadline = self._policy.start()
        ready = intent.created_at.timestamp() + self._policy.settle - self._now().timestamp()
        if not deadline.sleep(max(ready, 0.0)):
            raise self._unresolved(intent.client_order_id, "it is too early to be sure")
        target = self._target(intent, info, before=before)
        outcome = Ladder(self._client, deadline, self._policy.lookback).run(target)
        if isinstance(outcome, Unresolved):
            raise self._unresolved(intent.client_order_id, outcome.reason)
        if not isinstance(outcome, Found):
            return None
        return result_with_fills(
            self._client,
            deadline,
            outcome.order,
            intent,
            requested=outcome.order.amount or intent.quantity,
            note=f"found by {outcome.step}",
            when=self._now(),
        )

    def find_order(self, client_order_id: str) -> OrderResult | None:
        """The protocol's lookup by id alone: Binance needs the symbol too, so this refuses to
        answer rather than ever say "not seen" blindly. Use :meth:`lookup` with the intent."""
        raise self._unresolved(client_order_id, "looking it up needs its intent (use lookup)")

    def cancel_order(self, intent: OrderIntent) -> OrderResult:
        """Cancel ``intent``'s order if it is still working; its state afterwards either way
        (a fill that raced the cancel shows as filled)."""
        cid = intent.client_order_id
        try:
            read(
                self._client,
                self._policy.start(),
                f"cancel_order {cid}",
                lambda: self._client.cancel_order(cid, intent.symbol, {"clientOrderId": cid}),
            )
        except CoinPilotError as exc:  # refused or lost: the lookup below says which
            log.info("cancel of %s: %s; looking the order up", cid, exc.message)
        found = self.lookup(intent)
        if found is None:
            raise OrderRejectedError(f"there is no order {cid} on {self.name} to cancel.")
        return found

    def open_orders(self, symbol: str) -> list[OrderResult]:
        """Orders still working on ``symbol``'s book, ours and any others (per symbol: Binance
        weighs an all-symbols query forty times heavier)."""
        return open_orders(self._client, self._policy.start(), symbol, self._now())

    def fetch_fills_since(self, since: datetime, symbols: Iterable[str]) -> list[Fill]:
        """Every fill on ``symbols`` since ``since``, oldest first, named by client order id."""
        return fills_since(self._client, self._policy.start(), since, symbols)

    def _touch(self, symbol: str, side: Side) -> Decimal:
        """The price a market order meets first: the ask for a buy, the bid for a sell."""
        ticker = read(
            self._client,
            self._policy.start(),
            "fetch_ticker",
            lambda: self._client.fetch_ticker(symbol),
        )
        return dec(ticker.get("ask" if side == "buy" else "bid"), "a best price")

    def _target(self, intent: OrderIntent, info: MarketInfo, before: Holdings | None) -> Target:
        return Target(
            intent.client_order_id,
            intent.symbol,
            intent.side,
            info.base,
            info.quote,
            since=intent.created_at,
            before=before,
        )

    def _unresolved(self, cid: str, reason: str) -> OrderUnresolvedError:
        return OrderUnresolvedError(
            f"what became of order {cid} on {self.name} is not known: {reason.rstrip('.')}.",
            client_order_id=cid,
            hint="Nothing was sent again; it is looked up again before the next execution.",
        )
