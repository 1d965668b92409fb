"""The one timer the benchmarks share: the fastest of several runs.

The minimum, not the mean: on a shared machine other work only ever adds time, so the fastest
run is the best estimate of what the code itself costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(repeats: int, fn: Callable[[], T], *, warm_up: bool = False) -> tuple[float, T]:
    """Seconds of the fastest of ``repeats`` calls of ``fn``, and the last call's result.

    ``warm_up`` makes one untimed call first (caches, lazy imports, JIT compilers)."""
    if repeats < 1:
        raise ValueError("best_of needs at least one run")
    if warm_up:
        fn()
    start = time.perf_counter()
    out = fn()
    best = time.perf_counter() - start
    for _ in range(repeats - 1):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out
