"""Plain-text formatting for the app's widgets: percentages, money, spec and argument summaries.

Everything here turns numbers the engine computed into words; it never computes a number that a
person could mistake for advice, and it imports neither textual nor the engine (so it is cheap to
import before the first paint and easy to test).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from assistant import numbers
from assistant.numbers import pct as pct  # re-exported: the widgets' one import for numbers
from assistant.numbers import signed_pct as signed_pct

OBJECTIVES = {
    "hrp": "HRP (hierarchical risk parity)",
    "min_variance": "minimum variance",
    "risk_parity": "risk parity",
    "max_sharpe": "maximum Sharpe ratio",
    "inverse_vol": "inverse volatility",
    "equal_weight": "equal weight",
    "rl": "RL (experimental policy-gradient allocator)",
}


def money(value: Decimal | float | str | None, quote: str = "") -> str:
    """:func:`assistant.numbers.money`, with None as an empty cell."""
    return "" if value is None else numbers.money(value, quote)


def spec_lines(spec: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A spec (its JSON form) as labelled lines a person can read, in the order they care about."""
    universe = spec.get("universe") or {}
    if universe.get("symbols"):
        coins = ", ".join(universe["symbols"])
    else:
        coins = f"top {universe.get('top_n')} by volume"
    if universe.get("exclude"):
        coins += f" (excluding {', '.join(universe['exclude'])})"
    capital = spec.get("capital")
    quote = str(spec.get("quote", ""))
    risk = spec.get("risk") or {}
    rows = [
        ("Coins", coins),
        ("Objective", OBJECTIVES.get(str(spec.get("objective")), str(spec.get("objective")))),
        ("Risk", _risk(risk)),
        ("Constraints", _constraints(spec.get("constraints") or {}, risk, universe)),
        ("Rebalance", _rebalance(spec.get("rebalance") or {})),
        ("Capital", money(capital, quote) if capital is not None else "use current holdings"),
        ("Mode", str((spec.get("execution") or {}).get("mode", "paper"))),
    ]
    return rows


def _risk(risk: Mapping[str, Any]) -> str:
    parts = [str(risk.get("level", "moderate"))]
    for key, label in (
        ("stop_loss", "stop-loss"),
        ("max_drawdown", "max drawdown"),
        ("daily_loss_limit", "daily loss limit"),
        ("volatility_target", "volatility target"),
    ):
        if risk.get(key) is not None:
            parts.append(f"{label} {pct(float(risk[key]), 0)}")
    return ", ".join(parts)


def _constraints(c: Mapping[str, Any], risk: Mapping[str, Any], universe: Mapping[str, Any]) -> str:
    from assistant.domain import weight_cap  # on use: the app's first paint imports no pydantic

    parts = []
    kept = [s for s in universe.get("symbols") or [] if s not in (universe.get("exclude") or [])]
    cap = weight_cap(
        str(risk.get("level", "moderate")),
        float(c.get("max_weight", 1.0)),
        float(c.get("cash_reserve", 0.0)),
        len(kept) or int(universe.get("top_n") or 0),
    )
    if cap.source == "yours":
        parts.append(f"at most {pct(cap.value, 0)} each")
    elif cap.source == "profile":
        asked = f", you asked for {pct(cap.asked, 0)}" if cap.asked < 1.0 else ""
        parts.append(f"at most {pct(cap.value, 0)} each ({cap.whose()}{asked})")
    if cap.waived is not None:
        parts.append(cap.waiver(len(kept) or int(universe.get("top_n") or 0)))
    if float(c.get("min_weight", 0.0)) > 0.0:
        parts.append(f"at least {pct(float(c['min_weight']), 0)} each")
    if float(c.get("cash_reserve", 0.0)) > 0.0:
        parts.append(f"{pct(float(c['cash_reserve']), 0)} kept in cash")
    if c.get("max_turnover") is not None:
        parts.append(f"turnover at most {pct(float(c['max_turnover']), 0)}")
    return ", ".join(parts) or "none"


def _rebalance(r: Mapping[str, Any]) -> str:
    parts = []
    if r.get("drift_threshold") is not None:
        parts.append(f"when a weight drifts more than {pct(float(r['drift_threshold']), 0)}")
    if r.get("every_days") is not None:
        days = int(r["every_days"])
        parts.append("every day" if days == 1 else f"every {days} days")
    return " or ".join(parts) or "never"


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def args_summary(tool: str, args: Mapping[str, Any], width: int = 60) -> str:
    """A one-line summary of a tool call's arguments, for the compact tool cards."""
    spec = args.get("spec")
    if isinstance(spec, Mapping):
        universe = spec.get("universe") or {}
        coins = " ".join(universe.get("symbols") or []) or f"top {universe.get('top_n')}"
        parts = [coins, str(spec.get("objective", ""))]
        if spec.get("capital") is not None:
            parts.append(money(spec["capital"], str(spec.get("quote", ""))))
        text = ", ".join(p for p in parts if p)
    else:
        text = ", ".join(f"{k}={_value(v)}" for k, v in args.items() if v not in (None, "", []))
    return text if len(text) <= width else text[: width - 1] + "…"


def tokens_label(total: int, cost: float, *, short: bool = False) -> str:
    return f"{total:,} tok ${cost:,.2f}" if short else f"{total:,} tokens · ${cost:,.4f}"
