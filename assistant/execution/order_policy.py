"""How long and how hard the live broker tries, and the one clock it measures that by.

Every order gets one total deadline: sends, waits for rate limits, and lookups all come out of it,
so a person confirming a plan never waits on a hung exchange for more than ``deadline`` seconds
per order. A Retry-After the deadline cannot cover is not slept through: the broker stops and says
how long the exchange asked for.

``recv_window`` is the Binance ``recvWindow`` sent with each order: the exchange refuses a request
that reaches its matching engine later than that after the request was signed. So once
``recv_window + clock_margin`` has passed since a send, a request still stuck in the network can
no longer become an order, and only then may a lookup that found nothing count as proof that the
order does not exist. ``clock_margin`` covers our clock running ahead of the exchange's (Binance
refuses timestamps more than 1 s in its future). Only exchanges in :data:`RECV_WINDOW_EXCHANGES`
make that promise; elsewhere the same wait is a heuristic, and the ladder's balance step matters
more.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Exchanges whose matching engine refuses an order signed more than ``recvWindow`` ago.
RECV_WINDOW_EXCHANGES = frozenset({"binance", "binanceus"})


@dataclass(frozen=True)
class OrderPolicy:
    """Timing for one order; the clock and the sleep are injectable so tests never wait."""

    deadline: float = 30.0  # seconds for everything one order may take
    max_sends: int = 3  # sends of one client order id, each after a proven not-found
    base_delay: float = 0.5  # first backoff between lookups or sends, doubling
    max_delay: float = 4.0
    recv_window_ms: int = 5000
    clock_margin: float = 1.0
    lookback: float = 600.0  # how far before an intent's time the ladder searches, seconds
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.deadline <= 0 or self.max_sends < 1 or self.recv_window_ms < 1:
            raise ValueError("an order policy needs a positive deadline, sends and recv window")

    @property
    def settle(self) -> float:
        """Seconds after a send before a lost request can no longer become an order."""
        return self.recv_window_ms / 1000 + self.clock_margin

    def backoff(self, failures: int) -> float:
        return float(min(self.base_delay * 2 ** max(failures - 1, 0), self.max_delay))

    def start(self) -> Deadline:
        return Deadline(self, self.clock() + self.deadline)


@dataclass
class Deadline:
    """The time left for one order."""

    policy: OrderPolicy
    at: float

    def left(self) -> float:
        return max(self.at - self.policy.clock(), 0.0)

    @property
    def passed(self) -> bool:
        return self.left() <= 0

    def sleep(self, seconds: float) -> bool:
        """Sleep ``seconds`` if the deadline allows it; False (and no sleep) if it does not."""
        if seconds > self.left():
            return False
        if seconds > 0:
            self.policy.sleep(seconds)
        return True

    def sleep_until(self, moment: float) -> bool:
        """Sleep until the policy clock reads ``moment``; False if that is past the deadline."""
        return self.sleep(max(moment - self.policy.clock(), 0.0))
