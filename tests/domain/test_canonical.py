"""Canonical JSON: floats rounded to a stated precision, so hashes do not see their last bits."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain.canonical import canonical_float, canonical_json, canonical_series


def nudge(data: Any, ulps: int) -> Any:
    """Every non-zero float in a JSON-shaped value moved ``ulps`` representable steps."""
    if isinstance(data, float) and data != 0.0:
        out = data
        for _ in range(abs(ulps)):
            out = math.nextafter(out, math.inf if ulps > 0 else -math.inf)
        return out
    if isinstance(data, dict):
        return {k: nudge(v, ulps) for k, v in data.items()}
    if isinstance(data, list):
        return [nudge(v, ulps) for v in data]
    return data


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.floats(min_value=-2.0, max_value=2.0, allow_nan=False), st.integers(-4, 4))
def test_a_few_ulps_move_a_canonical_float_at_most_one_last_place(value: float, ulps: int) -> None:
    a = Decimal(canonical_float(value))
    b = Decimal(canonical_float(nudge(value, ulps)))
    assert abs(a - b) <= Decimal("1e-9")


def test_canonical_float_forms() -> None:
    assert canonical_float(0.25) == canonical_float(0.25000000000000006) == "0.250000000"
    assert canonical_float(-0.0) == canonical_float(0.0) == canonical_float(-1e-17)
    assert canonical_float(math.nan) == "nan" and canonical_float(-math.inf) == "-inf"
    assert canonical_json({"b": 1.0, "a": [0.1 + 0.2]}) == '{"a":["0.300000000"],"b":"1.000000000"}'


def test_canonical_json_leaves_decimals_exact() -> None:
    assert canonical_json({"q": Decimal("0.00012345")}) == '{"q":"0.00012345"}'


def test_canonical_series_keeps_significant_digits_for_tiny_prices() -> None:
    assert canonical_series([1.2345678901234e-5, 98765.4321]) == "1.23456789e-05,98765.4321"
    nudged = np.nextafter(np.array([0.1, 3e-5]), 1.0)
    assert canonical_series(nudged) == canonical_series([0.1, 3e-5])
