"""Plain sentences for the person: what a proposed spec will do, and which defaults were used.

Every value in a summary is read back from the validated spec, so the message can never describe
something other than what will run. This module must never decide a value.
"""

from __future__ import annotations

from assistant.domain import StrategySpec, weight_cap

from .checks import pct

OBJECTIVE_LABELS = {
    "hrp": "HRP (hierarchical risk parity)",
    "min_variance": "minimum variance",
    "risk_parity": "risk parity (equal risk from each coin)",
    "max_sharpe": "maximum Sharpe ratio (best risk-adjusted return)",
    "inverse_vol": "inverse volatility",
    "equal_weight": "equal weights",
    "rl": "the experimental RL allocator (a small policy-gradient model)",
    "fixed": "your fixed split",
}

SIGNAL_LABELS = {
    "momentum": "momentum",
    "mean_reversion": "mean reversion",
    "sentiment": "sentiment",
    "exchange_flow": "exchange flows (on-chain)",
    "rsi": "RSI",
    "macd": "MACD",
    "bollinger": "Bollinger Bands",
}


def join(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(spec: StrategySpec) -> list[str]:
    """One sentence per part of the spec, in the order a person reads a plan."""
    out: list[str] = []
    if spec.capital is not None:
        out.append(f"Invest {spec.capital:,} {spec.quote}.")
    elif spec.contributions is not None:
        out.append(
            f"Start with the first contribution of {spec.contributions.amount:,} {spec.quote}."
        )
    else:
        out.append(
            "No amount given: the plan will use what the account holds (tell me an amount, "
            "in US dollars, to fund a paper account)."
        )
    u = spec.universe
    excluded = f", excluding {join(u.exclude)}" if u.exclude else ""
    if u.symbols is not None:
        kept = [s for s in u.symbols if s not in u.exclude]
        out.append(f"Hold {join(kept)}.")
    else:
        kept = []
        out.append(f"Hold the top {u.top_n} coins by trading volume{excluded}.")
    out.append(
        f"Weights by {OBJECTIVE_LABELS[spec.objective.value]}; risk level {spec.risk.level}."
    )
    out += _later_features(spec)
    c = spec.constraints
    cap = weight_cap(
        spec.risk.level.value, c.max_weight, c.cash_reserve, len(kept) or (u.top_n or 0)
    )
    if cap.source == "yours":
        out.append(f"At most {pct(cap.value)} in any coin.")
    if cap.waived is not None:
        waiver = cap.waiver(len(kept) or (u.top_n or 0))
        out.append(waiver[0].upper() + waiver[1:] + ".")
    elif cap.source == "profile":
        asked = f"; you asked for {pct(cap.asked)}" if cap.asked < 1.0 else ""
        out.append(f"At most {pct(cap.value)} in any coin ({cap.whose()}{asked}).")
    if c.min_weight > 0.0:
        out.append(f"At least {pct(c.min_weight)} in each coin.")
    if c.cash_reserve > 0.0:
        out.append(f"Keep {pct(c.cash_reserve)} in {spec.quote} cash.")
    if spec.risk.stop_loss is not None:
        out.append(f"Stop-loss: sell a coin that falls {pct(spec.risk.stop_loss)}.")
    if spec.risk.max_drawdown is not None:
        out.append(f"Halt if the portfolio falls {pct(spec.risk.max_drawdown)} from its peak.")
    tilts = [
        f"{label} {pct(getattr(spec.signals, key))}"
        for key, label in SIGNAL_LABELS.items()
        if getattr(spec.signals, key) > 0.0
    ]
    if tilts:
        out.append(f"Signal tilts: {join(tilts)}.")
    out.append(_rebalance(spec))
    if spec.execution.mode == "live":
        out.append(
            "Live trading: every order still waits for you to confirm its preview, and live "
            "mode must also be enabled in settings."
        )
    else:
        out.append("Paper trading (simulated money).")
    if spec.execution.exchange != "demo":
        out.append(
            f"Meant for {spec.execution.exchange}: the market I read prices from and trade on is "
            "the one chosen in settings (for example market = ccxt:binance), not the strategy."
        )
    return out


def _later_features(spec: StrategySpec) -> list[str]:
    """The fixed split, the contribution and the take-profit, when set."""
    out: list[str] = []
    if spec.weights:
        split = join([f"{pct(w)} {s}" for s, w in spec.weights.items()])
        rest = 1.0 - sum(spec.weights.values())
        cash = f", the rest ({pct(rest)}) in {spec.quote} cash" if rest > 1e-9 else ""
        out.append(f"Fixed split: {split}{cash}.")
    if spec.contributions is not None:
        c = spec.contributions
        every = "every day" if c.every_days == 1 else f"every {c.every_days} days"
        out.append(
            f"Add {c.amount:,} {spec.quote} {every}, bought toward the targets without selling."
        )
    r = spec.risk
    if r.take_profit is not None:
        what = "the whole position" if r.take_profit_sell >= 1.0 else pct(r.take_profit_sell)
        out.append(
            f"Take-profit: sell {what} of a coin once it is up {pct(r.take_profit)} on its "
            "average cost."
        )
    return out


def _rebalance(spec: StrategySpec) -> str:
    r = spec.rebalance
    drift = (
        f"whenever a weight drifts {round(r.drift_threshold * 100, 2):g} percentage points "
        "from its target"
        if r.drift_threshold is not None
        else ""
    )
    if r.every_days is not None:
        every = "every day" if r.every_days == 1 else f"every {r.every_days} days"
        return f"Rebalance {every}" + (f" and {drift}." if drift else ".")
    return f"Rebalance {drift}."
