"""Shared settings and building blocks of the fuzz tests (one test module per input kind).

Every fuzz test is derandomized (the same examples on every run and machine), keeps no example
database, and has a bounded example count so the whole set stays well under 20 seconds. Each one
asserts the same three things: only a :class:`CoinPilotError` (or success) comes out, nothing
hangs (inputs are bounded, network and files are local), and nothing is changed on an error.

For a deeper hunt, ``FUZZ_SCALE=50 pytest tests/bad_input -k fuzz`` runs fifty times the examples,
randomized.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from assistant.domain import CoinPilotError

T = TypeVar("T")


def fuzz(examples: int) -> Callable[[T], T]:
    """Hypothesis settings for a fuzz test with ``examples`` examples."""
    scale = int(os.environ.get("FUZZ_SCALE", "1"))
    return settings(
        max_examples=examples * scale,
        derandomize=scale == 1,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def outcome(work: Callable[[], Any]) -> Any:
    """``work()``'s result, or the CoinPilotError it raised; anything else fails the test."""
    try:
        return work()
    except CoinPilotError as exc:
        assert exc.message and isinstance(exc.bad_input, bool)
        return exc


#: Values that break parsers and validators, as they would be written in a file.
NASTY_TOKENS = [
    "", " ", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e-300", "-1", "0", "-0",
    "1e308", "9" * 400, "0x10", "true", "false", "null", "None", '"', "'", "\\", ",", ";",
    "[", "]", "{", "}", "[[", "]]", "=", "#", "\x00", "\x1b[31m", "\ufeff", "\u202e",
    "2025-13-45", "1979-05-27T07:32:00Z", "é", "日本", "\r", "\n", "\t", "a" * 300,
]  # fmt: skip

nasty = st.one_of(
    st.sampled_from(NASTY_TOKENS),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def mutate(text: str) -> st.SearchStrategy[str]:
    """``text`` with a few random insertions, deletions and replacements."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        out = text
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            at = draw(st.integers(min_value=0, max_value=len(out)))
            cut = draw(st.integers(min_value=0, max_value=min(20, len(out) - at)))
            out = out[:at] + draw(nasty) + out[at + cut :]
        return out

    return build()
