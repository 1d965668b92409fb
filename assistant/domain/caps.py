"""Which cap limits one coin's weight, and whose it is: the person's, the risk profile's, or none.

A spec's ``constraints.max_weight`` is what the person asked for; each risk level also caps any
single coin (conservative 40%, moderate 60%), applied only where the coins can still hold the
whole investable amount under it. The engine's policy check applies the result, and every place
that tells a person about the cap (the parser's summary, the app's spec card, "why is BTC only
40%?") reads it from here, so they all say the same number and the same source. This module must
never change a spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The largest single-asset weight each risk level accepts, applied only where it is feasible.
PROFILE_MAX_WEIGHT = {"conservative": 0.4, "moderate": 0.6, "aggressive": 1.0}


@dataclass(frozen=True)
class WeightCap:
    value: float  # the most any one coin may weigh (1.0: no cap)
    source: Literal["yours", "profile", "none"]
    asked: float  # constraints.max_weight as the spec says it (1.0: not given)
    level: str  # the risk level

    def whose(self) -> str:
        """'your cap', "the conservative risk profile's cap", 'no cap'."""
        if self.source == "profile":
            return f"the {self.level} risk profile's cap"
        return "your cap" if self.source == "yours" else "no cap"

    def words(self) -> str:
        """'your cap of 30%', "the conservative risk profile's cap of 40% (you asked for at most
        50%)", 'no cap'."""
        if self.source == "none":
            return "no cap"
        if self.source == "yours":
            return f"your cap of {_pct(self.value)}"
        said = f" (you asked for at most {_pct(self.asked)})" if self.asked < 1.0 else ""
        return f"the {self.level} risk profile's cap of {_pct(self.value)}{said}"


def weight_cap(level: str, max_weight: float, cash_reserve: float, n_assets: int) -> WeightCap:
    """The cap that binds for ``n_assets`` coins: the lower of the person's and the profile's,
    the profile's only when ``n_assets`` coins under it can still hold everything invested."""
    profile = PROFILE_MAX_WEIGHT.get(level, 1.0)
    investable = 1.0 - cash_reserve
    if profile < max_weight and profile * n_assets >= investable:
        return WeightCap(profile, "profile", max_weight, level)
    if max_weight < 1.0:
        return WeightCap(max_weight, "yours", max_weight, level)
    return WeightCap(1.0, "none", max_weight, level)


def _pct(fraction: float) -> str:
    return f"{round(fraction * 100, 2):g}%"
