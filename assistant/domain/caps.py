"""The risk profile's cap on one asset, and the checks a fixed split must pass.

One copy of the rule, for every mode: the spec's shape check (a fixed split above the cap is
refused before anything runs), the market check (``engine/policy.py``) and the one policy
(``assistant/policy``) that decides targets for previews, paper, live and backtests all call
:func:`profile_cap`, so a conservative spec cannot be capped at 40% in a preview and left at 100%
in a backtest.

The cap binds only where it can: with ``n`` assets and ``1 - cash_reserve`` to invest, a 40% cap
on two assets would strand 20% in cash that the person never asked to keep, so it is applied
only when ``cap * n >= 1 - cash_reserve``. Pure arithmetic; nothing here reads a market.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .spec import StrategySpec

__all__ = ["PROFILE_MAX_WEIGHT", "check_fixed_weights", "profile_cap"]

#: The largest single-asset weight each risk level accepts, applied only where it is feasible.
PROFILE_MAX_WEIGHT = {"conservative": 0.4, "moderate": 0.6, "aggressive": 1.0}
_TOL = 1e-9


def profile_cap(level: str, n: int, max_weight: float, cash_reserve: float) -> tuple[float, bool]:
    """The cap on one asset of ``n``: ``(max_weight, False)``, or ``(profile cap, True)`` when
    the risk level's cap is below ``max_weight`` and ``n`` assets can still hold the investable
    part under it."""
    cap = PROFILE_MAX_WEIGHT[level]
    if cap < max_weight and cap * n >= 1.0 - cash_reserve:
        return cap, True
    return max_weight, False


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
    cap, from_profile = profile_cap(spec.risk.level.value, len(held), c.max_weight, c.cash_reserve)
    for symbol in held:
        weight = spec.weights.get(symbol, 0.0)
        if weight > cap + _TOL:
            why = (
                f"the {spec.risk.level.value} risk profile allows at most {cap:.0%} in one asset"
                if from_profile
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
