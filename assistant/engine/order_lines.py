"""A plan's order lines and what became of each: the bookkeeping an execution resumes from.

Lines are sent sells first (their proceeds pay for the buys), and line ``i`` of plan ``h`` is sent
under the client order id ``cp-<h[:16]>-<iii>``. If a run stopped and reconciliation proved that
order never reached the venue (``not_sent``), a resumed run sends the line again under
``cp-<h[:16]>-<iii>r<n>``: a new id, so no order is ever sent twice under one id, and at most one
attempt per line can be on the venue. Everything here is read from the journal; nothing is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.domain import OrderIntent, OrderLine, OrderResult, RebalancePlan
from assistant.journal import Journal

_CID = re.compile(r"^cp-[0-9a-f]{16}-(\d{3})(?:r(\d+))?$")


def client_id(plan_hash: str, index: int, attempt: int = 0) -> str:
    """``cp-0123456789abcdef-002`` (first attempt), ``...-002r1`` (after a proven non-send)."""
    suffix = f"r{attempt}" if attempt else ""
    return f"cp-{plan_hash[:16]}-{index:03d}{suffix}"


def ordered(plan: RebalancePlan) -> list[OrderLine]:
    """The plan's order lines in the order they are sent: sells first."""
    return sorted(plan.orders, key=lambda o: o.side != "sell")


@dataclass
class LineState:
    """One order line and every attempt at it, oldest first."""

    index: int
    line: OrderLine
    attempts: list[tuple[OrderIntent, OrderResult | None]] = field(default_factory=list)

    @property
    def result(self) -> OrderResult | None:
        """The last attempt's result (None when never attempted or still unresolved)."""
        return self.attempts[-1][1] if self.attempts else None

    @property
    def pending(self) -> bool:
        """An attempt was journaled and has no result: the venue has not been asked yet."""
        return bool(self.attempts) and self.attempts[-1][1] is None

    @property
    def to_send(self) -> bool:
        """Never attempted, or every attempt provably never reached the venue."""
        if not self.attempts:
            return True
        last = self.attempts[-1][1]
        return last is not None and last.status == "not_sent"

    @property
    def next_attempt(self) -> int:
        return len(self.attempts)


def line_states(journal: Journal, plan: RebalancePlan) -> list[LineState]:
    """Every line of ``plan`` with its attempts, in sending order."""
    states = [LineState(i, line) for i, line in enumerate(ordered(plan))]
    for intent, result in journal.plan_orders(plan.plan_hash):
        match = _CID.match(intent.client_order_id)
        if match is not None and int(match.group(1)) < len(states):
            states[int(match.group(1))].attempts.append((intent, result))
    return states


def final_results(states: list[LineState]) -> list[OrderResult]:
    """The result of each line's last attempt, where it has one and the order was sent."""
    return [s.result for s in states if s.result is not None and s.result.status != "not_sent"]
