"""The demo market's clock: time as a first-class, journaled value, so the demo can live.

The demo market is a pure function of a seed and a day (:class:`~assistant.market.DemoMarket`);
moving its clock means opening it at a later day. How far the clock runs ahead of the wall clock
is journaled (``demo_clock`` rows, newest wins), so ``coinpilot demo --advance 30d``, the app's
running clock and the watcher all see the same moved time, and a restart keeps it. Only the demo
moves: asking to move a real market's clock is refused, never pretended.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from assistant.domain import UserInputError
from assistant.market.candles import utc_midnight
from assistant.market.demo import DemoMarket

from .services import Services

#: The furthest the demo clock may run ahead of the wall clock.
MAX_LEAD = timedelta(days=3650)
_DURATION = re.compile(r"^\s*(\d{1,5})\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_duration(text: str) -> timedelta:
    """``30d``, ``12h`` or ``2w`` as a timedelta; anything else is refused with an example."""
    match = _DURATION.match(text)
    if match is None or int(match.group(1)) == 0:
        raise UserInputError(
            f"'{text}' is not a duration the demo clock can move by.",
            hint="Write a whole number of hours, days or weeks, e.g. 12h, 30d or 2w.",
        )
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def advance_demo_clock(services: Services, by: timedelta, note: str = "") -> datetime:
    """Move the demo market's clock ahead by ``by``; returns the demo's new time.

    The new lead is journaled first, then ``services`` switch to the demo market at the new day,
    so what was already read (candles before the old day) stays exactly as it was.
    """
    market = services.market
    if not isinstance(market, DemoMarket):
        raise UserInputError(
            f"only the demo market's clock can be moved; this is the {market.name} market.",
            hint="Run it on the demo market (--market demo), where time is simulated.",
        )
    if by <= timedelta(0):
        raise UserInputError("the demo clock only moves forward.", hint="Give e.g. 1d or 12h.")
    lead = services.journal.demo_offset() + by
    if lead > MAX_LEAD:
        raise UserInputError(
            f"the demo clock may run at most {MAX_LEAD.days} days ahead of today.",
            hint="Advance by less, or start a fresh COINPILOT_HOME.",
        )
    wall = services.clock.now() - services.clock.offset
    services.journal.record_demo_offset(lead, wall, note or f"advanced by {_text(by)}")
    services.clock.offset = lead
    now = services.clock.now()
    services.market = DemoMarket(seed=market.seed, as_of=now)
    return now


def demo_lead(services: Services) -> timedelta:
    """How far the demo clock runs ahead of the wall clock (as journaled)."""
    return services.journal.demo_offset()


def _text(by: timedelta) -> str:
    if by % timedelta(days=1) == timedelta(0):
        return f"{by.days}d"
    return f"{int(by.total_seconds() // 3600)}h"


def sync_demo_clock(services: Services) -> None:
    """Bring ``services`` to the journal's demo clock and today's demo day.

    Another process (``coinpilot demo --advance``, the app's running clock) may have moved the
    clock, and the wall clock may have crossed midnight since the market was opened: a
    long-running watcher calls this before every round. Markets other than the demo are left.
    """
    market = services.market
    if not isinstance(market, DemoMarket):
        return
    services.clock.offset = services.journal.demo_offset()
    now = services.clock.now()
    if utc_midnight(now) != market.now():
        services.market = DemoMarket(seed=market.seed, as_of=now)
