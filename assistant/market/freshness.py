"""How old a cached answer is, in words a person reads: one rule for every cached source.

Kept apart from the sources that use it so that reading wallet balances, for one, does not load
pandas through the on-chain package.
"""

from __future__ import annotations

from datetime import datetime


def age(now: datetime, then: datetime) -> str:
    """``now - then`` for a person: minutes, hours and minutes, or days."""
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{hours // 24} days"
