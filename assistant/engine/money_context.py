"""One decimal context for money: the use cases compute in it, whatever the thread's context is.

Python's ``decimal`` keeps one context per thread, and libraries change it: ccxt's
``decimal_to_precision`` sets ``ROUND_HALF_UP`` (and traps Underflow) in the calling thread's
context and leaves it so. A fee of 1.631541325 then quantized to 1.63154133 instead of
1.63154132, and the same plan hashed differently depending on whether ccxt had run before in that
thread. The engine's entry points that compute money run inside :data:`MONEY` instead, so a
plan, a fill and a valuation are the same on every machine and in every order of calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import ParamSpec, TypeVar

#: Python's default context, spelled out so no library's change to the thread's context leaks in.
MONEY = Context(
    prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)

P = ParamSpec("P")
R = TypeVar("R")


def in_money_context(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with :data:`MONEY` as the thread's decimal context (a copy: thread-safe)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(MONEY):
            return fn(*args, **kwargs)

    return wrapper
