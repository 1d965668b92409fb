"""The one serialization we hash: canonical JSON that means the same on every machine.

A plan hash, a spec hash or a decision id must not depend on the last bits of a float. Two CPUs
(or two BLAS builds) can disagree in the 16th digit of an optimizer's weight while every number a
person sees is the same; a hash over raw floats would then call the same plan two different
plans, and a confirmation made on one machine would fail on the other.

So every float enters a hashed body rounded to :data:`FLOAT_PLACES` decimal places, written as a
string. The floats we hash are fractions (weights, turnover, clamp bounds, spec limits), where
1e-9 is a hundred-thousandth of a basis point: far below anything that changes an order. What does
change an order is hashed exactly: quantities, prices and money are ``Decimal`` at the market's
precision, and go in as their exact decimal strings.

Rounding cannot remove every dependence (a value that lies within a few ulps of a rounding
boundary could still round differently), but the chance is about 1e-7 per value, against
certainty with raw floats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

FLOAT_PLACES = 9
"""Decimal places kept for each float in a hashed body."""


def canonical_float(value: float) -> str:
    """``value`` rounded to :data:`FLOAT_PLACES` places, as a string; -0 and 0 are the same."""
    if not math.isfinite(value):
        return repr(value)  # 'nan', 'inf', '-inf': never rounded, never equal to a number
    text = f"{value:.{FLOAT_PLACES}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def canonical_values(data: Any) -> Any:
    """``data`` (JSON-shaped: dicts, lists, str, int, float, bool, None) with floats canonical."""
    if isinstance(data, float):
        return canonical_float(data)
    if isinstance(data, dict):
        return {str(k): canonical_values(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [canonical_values(v) for v in data]
    return data


def canonical_json(data: Any) -> str:
    """Sorted keys, no whitespace, floats canonical: the one serialization we hash."""
    return json.dumps(canonical_values(data), sort_keys=True, separators=(",", ":"), default=str)


def canonical_series(values: Iterable[float], significant: int = 10) -> str:
    """Prices as text with ``significant`` digits, for fingerprints of a price window.

    Prices span from 1e-5 (SHIB) to 1e5 (BTC), so they keep significant digits rather than
    decimal places. Python's formatting is correctly rounded, so equal floats give equal text on
    every machine; floats that differ only in their last bits give equal text too.
    """
    spec = f".{significant}g"
    return ",".join(format(float(v), spec) for v in values)
