"""The life of one live order, as a state machine that refuses every impossible step.

Money moves twice when a program resends an order it merely *lost track of*. This machine makes
that impossible to express: an order may be sent from ``intent_recorded``, and again only from
``not_found``, which only a finished lookup ladder can reach (see :mod:`.order_lookup`). A lost
answer (timeout, 5xx, dropped connection, unreadable body) leads to ``unknown``, from which the only
ways out are what the exchange says about the order, or ``not_found``. The exchange dedupes a
resend by client order id only while the first order is still open (Binance), so the resend always
reuses the same id, and the ladder, not the exchange, is what prevents a duplicate.

Transitions (``report(s, q)``: the exchange says the order is in status ``s`` with ``q`` filled)::

    from               event                              to
    intent_recorded    send                               sending
    intent_recorded    abandon                            abandoned
    sending            report(s, q)                       state_of(s, q)
    sending            lost                               unknown
    unknown            report(s, q)                       state_of(s, q)
    unknown            not_found                          not_found
    not_found          send (same client id)              sending
    not_found          abandon                            abandoned
    open               report(s != rejected, q)           state_of(s, q)
    partially_filled   report(s != rejected, q)           state_of(s, q)
    filled | canceled | rejected | expired | abandoned    terminal: only the same report again

    state_of("open", 0) = open          state_of("open", q > 0) = partially_filled
    state_of("filled" | "canceled" | "expired" | "rejected", q) = that status

Every report must keep the filled quantity monotone and within the requested quantity; a
``rejected`` order has filled nothing and a ``filled`` one something. Anything else raises
:class:`OrderStateError`: the exchange contradicted itself, or our code has a bug, and either way
the order must stop and be looked at rather than be guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from assistant.domain import ExchangeError

Reported = Literal["open", "filled", "canceled", "expired", "rejected"]


class OrderState(StrEnum):
    INTENT_RECORDED = "intent_recorded"
    SENDING = "sending"
    UNKNOWN = "unknown"
    NOT_FOUND = "not_found"
    OPEN = "open"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELED = "canceled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    ABANDONED = "abandoned"


TERMINAL = frozenset(
    {
        OrderState.FILLED,
        OrderState.CANCELED,
        OrderState.REJECTED,
        OrderState.EXPIRED,
        OrderState.ABANDONED,
    }
)
WORKING = frozenset({OrderState.OPEN, OrderState.PARTIALLY_FILLED})


class OrderStateError(ExchangeError):
    """An event this order's state does not allow: contradicting exchange answers, or a bug."""

    kind = "order_state"


@dataclass(frozen=True)
class Send:
    """The order (with its one client order id) is about to go out."""


@dataclass(frozen=True)
class Lost:
    """The answer to a send never came or could not be read: the order may exist."""


@dataclass(frozen=True)
class NotFound:
    """The whole lookup ladder proved the exchange never saw the order."""


@dataclass(frozen=True)
class Abandon:
    """We decided not to send (again): the order never reached the exchange and never will."""


@dataclass(frozen=True)
class Report:
    """What the exchange says: its status for the order and how much of it has filled."""

    status: Reported
    filled: Decimal


Event = Send | Lost | NotFound | Abandon | Report


def state_of(status: Reported, filled: Decimal) -> OrderState:
    if status == "open":
        return OrderState.PARTIALLY_FILLED if filled > 0 else OrderState.OPEN
    return OrderState(status)


@dataclass
class OrderTracker:
    """One client order id's state, filled quantity and number of sends; see the module doc."""

    client_order_id: str
    requested: Decimal
    state: OrderState = OrderState.INTENT_RECORDED
    filled: Decimal = Decimal(0)
    sends: int = 0
    history: list[tuple[Event, OrderState]] = field(default_factory=list)

    @property
    def terminal(self) -> bool:
        return self.state in TERMINAL

    def apply(self, event: Event) -> OrderState:
        """Move to the next state, or raise :class:`OrderStateError` and change nothing."""
        after = self._next(event)
        if isinstance(event, Send):
            self.sends += 1
        if isinstance(event, Report):
            self.filled = event.filled
        self.state = after
        self.history.append((event, after))
        return after

    def _next(self, event: Event) -> OrderState:
        now = self.state
        if isinstance(event, Report):
            return self._reported(event)
        allowed: dict[type, frozenset[OrderState]] = {
            Send: frozenset({OrderState.INTENT_RECORDED, OrderState.NOT_FOUND}),
            Lost: frozenset({OrderState.SENDING}),
            NotFound: frozenset({OrderState.UNKNOWN}),
            Abandon: frozenset({OrderState.INTENT_RECORDED, OrderState.NOT_FOUND}),
        }
        targets = {
            Send: OrderState.SENDING,
            Lost: OrderState.UNKNOWN,
            NotFound: OrderState.NOT_FOUND,
            Abandon: OrderState.ABANDONED,
        }
        if now not in allowed[type(event)]:
            raise self._illegal(event)
        return targets[type(event)]

    def _reported(self, event: Report) -> OrderState:
        now, target = self.state, state_of(event.status, event.filled)
        if now in TERMINAL:
            if target == now and event.filled == self.filled:
                return now  # the same answer again (a repeated lookup): terminal states absorb
            raise self._illegal(event)
        if now in (OrderState.INTENT_RECORDED, OrderState.NOT_FOUND):
            raise self._illegal(event)  # nothing was sent: the exchange cannot know this order
        if now in WORKING and target == OrderState.REJECTED:
            raise self._illegal(event)
        problem = self._quantity_problem(event)
        if problem:
            raise OrderStateError(
                f"order {self.client_order_id}: the exchange reported {problem}.",
                hint="The order was stopped here; check it on the exchange before trading again.",
            )
        return target

    def _quantity_problem(self, event: Report) -> str | None:
        if event.filled < 0:
            return f"a negative filled quantity {event.filled}"
        if event.filled < self.filled:
            return f"{event.filled} filled after it had reported {self.filled}"
        if event.filled > self.requested:
            return f"{event.filled} filled on an order for {self.requested}"
        if event.status == "rejected" and event.filled > 0:
            return f"a rejection after {event.filled} had filled"
        if event.status == "filled" and event.filled == 0:
            return "it filled with nothing filled"
        return None

    def _illegal(self, event: Event) -> OrderStateError:
        name = type(event).__name__.lower()
        what = f"report({event.status}, {event.filled})" if isinstance(event, Report) else name
        return OrderStateError(
            f"order {self.client_order_id} cannot take '{what}' while {self.state.value}.",
            hint="The order was stopped here; check it on the exchange before trading again.",
        )
