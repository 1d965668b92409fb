"""Which cap limits one coin's weight, and whose it is: the person's, the risk profile's, or none.

A spec's ``constraints.max_weight`` is what the person asked for; each risk level also caps any
single coin (conservative 40%, moderate 60%), applied only where the coins can still hold the
whole investable amount under it. The engine's policy check applies the result, and every place
that tells a person about the cap (the parser's summary, the app's spec card, "why is BTC only
40%?") reads it from here, so they all say the same number and the same source. This module must
never change a spec.

The same rule decides targets in every mode (``assistant/policy/targets.py``: previews, paper,
live and backtests), and :func:`check_fixed_weights` refuses a fixed split above it before
anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .spec import StrategySpec

__all__ = ["PROFILE_MAX_WEIGHT", "WeightCap", "check_fixed_weights", "weight_cap"]

#: The largest single-asset weight each risk level accepts, applied only where it is feasible.
PROFILE_MAX_WEIGHT = {"conservative": 0.4, "moderate": 0.6, "aggressive": 1.0}


@dataclass(frozen=True)
class WeightCap:
    value: float  # the most any one coin may weigh (1.0: no cap)
    source: Literal["yours", "profile", "none"]
    asked: float  # constraints.max_weight as the spec says it (1.0: not given)
    level: str  # the risk level
    #: the profile's cap where it would bind but cannot apply (too few coins to hold everything
    #: under it), so a summary can say why a conservative spec has no 40% cap
    waived: float | None = None

    def waiver(self, n_assets: int) -> str:
        """'' or "the conservative risk profile's 40% cap does not apply: 2 coins under it
        cannot hold everything invested"."""
        if self.waived is None:
            return ""
        return (
            f"the {self.level} risk profile's {_pct(self.waived)} cap does not apply: "
            f"{n_assets} coin{'' if n_assets == 1 else 's'} under it cannot hold everything "
            "invested"
        )

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
    waived = profile if profile < min(max_weight, 1.0) and n_assets > 1 else None
    if max_weight < 1.0:
        return WeightCap(max_weight, "yours", max_weight, level, waived)
    return WeightCap(1.0, "none", max_weight, level, waived)


_TOL = 1e-9


def check_fixed_weights(spec: StrategySpec) -> None:
    """ValueError (a sentence naming the fix) unless ``objective = "fixed"`` comes with a
    ``[weights]`` split that the universe, the constraints and the risk profile allow."""
    fixed = spec.objective.value == "fixed"
    if spec.weights is None:
        if fixed:
            raise ValueError(
                'objective "fixed" needs a [weights] table, for example BTC = 0.6 and ETH = 0.4'
            )
        return
    if not fixed:
        raise ValueError(
            f"[weights] is a fixed split, which the {spec.objective.value} objective would "
            'ignore; set objective = "fixed" or remove [weights]'
        )
    symbols = spec.universe.symbols
    if symbols is None:
        raise ValueError(
            "a fixed split needs the universe as a list of symbols, not top_n; "
            "list the assets of [weights] under [universe] symbols"
        )
    held = [s for s in symbols if s not in spec.universe.exclude]
    strangers = [s for s in spec.weights if s not in held]
    if strangers:
        raise ValueError(
            f"[weights] names {', '.join(strangers)}, which the universe does not hold; "
            "add it to [universe] symbols or remove its weight"
        )
    c = spec.constraints
    total = sum(spec.weights.values())
    room = 1.0 - c.cash_reserve
    if total > room + _TOL:
        keep = f" and keep the {c.cash_reserve:.0%} cash_reserve" if c.cash_reserve else ""
        raise ValueError(
            f"the fixed weights add up to {total:.1%}; they must sum to at most {room:.0%}"
            f"{keep} (the rest is held as cash)"
        )
    if total <= 0.0:
        raise ValueError("the fixed weights are all zero; give at least one asset a weight")
    bound = weight_cap(spec.risk.level.value, c.max_weight, c.cash_reserve, len(held))
    cap = bound.value
    for symbol in held:
        weight = spec.weights.get(symbol, 0.0)
        if weight > cap + _TOL:
            why = (
                f"the {spec.risk.level.value} risk profile allows at most {cap:.0%} in one asset"
                if bound.source == "profile"
                else f"max_weight is {cap:.0%}"
            )
            raise ValueError(
                f"{symbol}'s fixed weight {weight:.0%} is above the cap: {why}; lower it, "
                "or choose a higher risk level or max_weight"
            )
        if weight < c.min_weight - _TOL:
            raise ValueError(
                f"{symbol}'s fixed weight {weight:.0%} is below min_weight {c.min_weight:.0%}"
            )


def _pct(fraction: float) -> str:
    return f"{round(fraction * 100, 2):g}%"
