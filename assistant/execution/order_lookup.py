"""The lookup ladder: what became of an order whose answer was lost, asked four ways.

1. the order by its client order id (Binance ``GET /api/v3/order?origClientOrderId=``);
2. the open orders of its symbol;
3. every recent order of its symbol (Binance ``allOrders``), and the recent trades of the symbol:
   a trade on an order we cannot see makes the answer *unresolved*, never "not found";
4. last resort, the balances against a snapshot taken before the send: if what the order would
   spend went down, or what it would buy went up, something happened that we cannot explain.

The ladder answers :class:`Found`, :class:`Absent` (the exchange provably never saw the order: a
resend with the same client order id is then allowed) or :class:`Unresolved` (a step failed, or
the evidence disagrees: nothing may be sent). A step the exchange does not offer is skipped, but
``Absent`` needs at least one authoritative step (1 or 3) to have answered. Call it only once a lost
request can no longer become an order (``OrderPolicy.settle``), or "absent" proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import ccxt

from assistant.domain import CoinPilotError, DataError, Side

from .ccxt_orders import ExchangeOrder, parse_order
from .ccxt_reads import read
from .holdings import Holdings
from .order_policy import Deadline

#: Orders asked for per search; a full page means the search cannot be trusted to be complete.
PAGE = 1000


@dataclass(frozen=True)
class Target:
    """The order being looked for."""

    client_order_id: str
    symbol: str
    side: Side
    base: str
    quote: str
    since: datetime
    before: Holdings | None = None


@dataclass(frozen=True)
class Found:
    order: ExchangeOrder
    step: str


@dataclass(frozen=True)
class Absent:
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Unresolved:
    reason: str


Outcome = Found | Absent | Unresolved


class StepUnavailableError(Exception):
    """This exchange does not offer one step (ccxt NotSupported or ArgumentsRequired): skip it.

    Not a ccxt error, so the retrying reader passes it through untranslated.
    """


class Ladder:
    """Runs the four steps for one target inside one order's deadline."""

    def __init__(self, client: Any, deadline: Deadline, lookback: float) -> None:
        self._client = client
        self._deadline = deadline
        self._lookback = timedelta(seconds=lookback)

    def run(self, target: Target) -> Outcome:
        try:
            return self._run(target)
        except (CoinPilotError, StepUnavailableError) as exc:
            reason = exc.message if isinstance(exc, CoinPilotError) else f"{exc} is not offered"
            return Unresolved(f"a lookup failed: {reason}")

    def _run(self, target: Target) -> Outcome:
        done: list[str] = []
        since = int((target.since - self._lookback).timestamp() * 1000)
        steps: list[tuple[str, Callable[[], list[Any]]]] = [
            ("its client order id", lambda: self._by_client_id(target)),
            ("open orders", lambda: self._call("fetchOpenOrders", target.symbol)),
            ("recent orders", lambda: self._call("fetchOrders", target.symbol, since, PAGE)),
        ]
        seen: set[str] = set()
        for name, step in steps:
            try:
                orders = [parse_order(raw) for raw in step()]
            except StepUnavailableError:
                continue
            except DataError as exc:
                return Unresolved(f"{name}: {exc.message}")
            if name == "recent orders" and len(orders) >= PAGE:
                return Unresolved("too many recent orders to be sure this one is not among them")
            for order in orders:
                seen.add(order.order_id)
                if order.client_order_id == target.client_order_id:
                    return Found(order, name)
            done.append(name)
        if not {"its client order id", "recent orders"} & set(done):
            return Unresolved(f"{self._client.id} offers no way to look an order up by its id")
        return self._trades_and_balances(target, since, seen, tuple(done))

    def _trades_and_balances(
        self, target: Target, since: int, seen: set[str], done: tuple[str, ...]
    ) -> Outcome:
        try:
            trades = self._call("fetchMyTrades", target.symbol, since, PAGE)
            stray = [t for t in trades if str(t.get("order")) not in seen]
            if stray and "recent orders" in done:
                return Unresolved(f"{len(stray)} recent trade(s) belong to orders we cannot see")
            done += ("recent trades",)
        except StepUnavailableError:
            pass
        if target.before is None:
            return Absent(done)
        now = Holdings.from_ccxt(self._call("fetchBalance"))
        spend, get = (
            (target.quote, target.base) if target.side == "buy" else (target.base, target.quote)
        )
        zero = Decimal(0)
        spent = target.before.free.get(spend, zero) - now.free.get(spend, zero)
        got = now.total.get(get, zero) - target.before.total.get(get, zero)
        if spent > 0 or got > 0:
            return Unresolved(
                f"balances moved as if it traded ({spend} free down {spent}, {get} up {got})"
            )
        return Absent((*done, "balances"))

    def _by_client_id(self, target: Target) -> list[Any]:
        cid = target.client_order_id

        def fetch() -> list[Any]:
            try:
                return [self._client.fetch_order(cid, target.symbol, {"clientOrderId": cid})]
            except ccxt.OrderNotFound:
                return []

        found: list[Any] = self._read("fetchOrder", f"fetch_order {cid}", fetch)
        return found

    def _call(self, capability: str, *args: Any) -> Any:
        method = getattr(self._client, _snake(capability))
        return self._read(capability, _snake(capability), lambda: method(*args))

    def _read(self, capability: str, operation: str, call: Callable[[], Any]) -> Any:
        if not self._client.has.get(capability):
            raise StepUnavailableError(capability)

        def guarded() -> Any:
            try:
                return call()
            except (ccxt.NotSupported, ccxt.ArgumentsRequired) as exc:
                raise StepUnavailableError(capability) from exc

        return read(self._client, self._deadline, operation, guarded)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
