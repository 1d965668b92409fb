"""Contradictions a spec can hold but a person would not mean, found before proposing it.

"At most 10% each" across 3 coins invests only 30%; "at least 60% in each" of 2 coins needs 120%.
StrategySpec rejects the second on its own; the first is valid but almost never intended, so the
parser asks. This module must never change a number to make it fit.
"""

from __future__ import annotations

#: A cap that leaves at most this much uninvested is read as "an even share" ("33% each" of 3
#: coins), not as a wish to hold cash; the summary still shows the cap.
ROUNDING_GAP = 0.02


def pct(value: float) -> str:
    """0.05 -> '5%', 1/3 -> '33.33%'."""
    return f"{round(value * 100, 2):g}%"


def weight_questions(n: int, shares: dict[str, float], *, sized_by: str) -> list[str]:
    """Questions about caps, floors and cash that cannot all hold with ``n`` coins."""
    out: list[str] = []
    cash = shares.get("cash_reserve", 0.0)
    low, high = shares.get("min_weight"), shares.get("max_weight")
    investable = 1.0 - cash
    coins = (f"each of {n} coins" if n != 1 else "1 coin") + (f" {sized_by}" if sized_by else "")
    if cash > 0.95:
        out.append(f"Keeping {pct(cash)} in cash leaves almost nothing to invest; the most is 95%.")
        return out
    if low is not None and high is not None and low > high:
        out.append(
            f"The floor of {pct(low)} per coin is above the cap of {pct(high)}; "
            "which should change?"
        )
        return out
    if low is not None and low * n > investable + 1e-9:
        out.append(
            f"At least {pct(low)} in {coins} needs {pct(low * n)}, more than "
            f"the {pct(investable)} there is to invest. Lower the floor or hold fewer coins?"
        )
    if high is not None and high * n < investable - ROUNDING_GAP:
        out.append(
            f"At most {pct(high)} in {coins} invests only {pct(high * n)}; "
            f"the other {pct(investable - high * n)} would sit in cash. Raise the cap, add coins, "
            "or say how much cash you want to keep."
        )
    if high == 0.0:
        out.append("A cap of 0% leaves nothing to invest; what cap did you mean?")
    return out


def risk_questions(shares: dict[str, float]) -> list[str]:
    out: list[str] = []
    for role, name in (("stop_loss", "stop-loss"), ("max_drawdown", "drawdown limit")):
        value = shares.get(role)
        if value is not None and not 0.0 < value < 1.0:
            out.append(f"A {name} of {pct(value)} can't work; it must be above 0% and below 100%.")
    return out
