"""What `market fetch binance` did to the ``history`` market: its reach, and what holds it back.

The history ends on the last day every listed coin has (see ``assistant.market.history``), so a
person who fetched a few coins must be told why backtests did not move: the coins that end first
are named, with the command that fetches them all.
"""

from __future__ import annotations

from typing import Any

from assistant.market.history import HistoryMarket

from .terminal import console


def history_reach(market: HistoryMarket) -> dict[str, Any]:
    """The history's days and the coins that end it, as plain values for JSON and text."""
    coverage = [c for c in market.coverage() if c.listed]
    lasts = {c.base: c.fetched_last or c.shipped_last for c in coverage}
    end = market.end()
    furthest = max(lasts.values())
    return {
        "shipped_last": market.shipped_last().date().isoformat(),
        "end": end.date().isoformat(),
        "held_back_by": sorted(b for b, last in lasts.items() if last == end and end < furthest),
        "problems": [c.problem for c in coverage if c.problem],
    }


def show_history_reach(reach: dict[str, Any]) -> None:
    console.print(
        f"history market: shipped days to {reach['shipped_last']}, "
        f"with the fetched days it runs to {reach['end']}.",
        markup=False,
    )
    if reach["held_back_by"]:
        console.print(
            f"It ends where {', '.join(reach['held_back_by'])} end(s); "
            "`coinpilot market fetch binance` fetches every coin of the history.",
            markup=False,
        )
    for problem in reach["problems"]:
        console.print(f"note: {problem}", markup=False)
