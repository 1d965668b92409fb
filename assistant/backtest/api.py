"""The public entry points: a spec's backtest, its walk-forward variant, and fixed weights.

All three take closes the caller already loaded (dates x assets; NaN before an asset was listed
and after it was delisted) and return a :class:`BacktestResult`. The optimizer and the tilts are
passed in (``allocator=portfolio.allocate``, ``tilter=signals.apply_tilts``): the backtester sits
beside them in the layer contract and may not import them, and passing the very functions the
live engine calls is what makes it one code path.

Defaults: 10 bps fee, 2 bps half spread, 10 quote minimum order, 10,000 quote of capital unless
the spec sets ``capital``; an asset joins once it has ``min(lookback_days, 90)`` days of closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from assistant.domain import DataError, Rebalance, StrategySpec, UserInputError
from assistant.policy import join_days, opening_deposit
from assistant.policy.risk import RiskLimits
from assistant.policy.rules import most_possible_drift

from .costs import Costs
from .metrics import compute_run_metrics
from .panel import DateLike, Panel, prepare_panel
from .policy import Allocator, FixedWeights, SpecPolicy, TargetPolicy, Tilter
from .result import BacktestResult
from .simulate import Cancel, Progress, SimSettings, simulate

__all__ = ["DEFAULT_CAPITAL", "backtest_weights", "run_backtest", "walk_forward"]

DEFAULT_CAPITAL = 10_000.0


def run_backtest(
    spec: StrategySpec,
    closes: pd.DataFrame,
    *,
    allocator: Allocator,
    tilter: Tilter | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    fee_bps: float = 10.0,
    half_spread_bps: float = 2.0,
    min_notional: float = 10.0,
    capital: float | None = None,
    volumes: pd.DataFrame | None = None,
    sentiment: pd.DataFrame | None = None,
    exchange_flow: pd.DataFrame | None = None,
    min_history_days: int | None = None,
    cooldown_days: int = 30,
    name: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BacktestResult:
    """Backtest ``spec`` over ``start..end``: the optimizer refits on every rebalance."""
    return _spec_run(
        spec,
        closes,
        allocator=allocator,
        tilter=tilter,
        start=start,
        end=end,
        costs=Costs(fee_bps=fee_bps, half_spread_bps=half_spread_bps, min_notional=min_notional),
        capital=capital,
        volumes=volumes,
        sentiment=sentiment,
        exchange_flow=exchange_flow,
        lookback=spec.lookback_days,
        min_history_days=min_history_days,
        cooldown_days=cooldown_days,
        refit_every=None,
        name=name,
        progress=progress,
        cancel=cancel,
    )


def walk_forward(
    spec: StrategySpec,
    closes: pd.DataFrame,
    *,
    allocator: Allocator,
    refit_every: int = 30,
    window: int = 365,
    tilter: Tilter | None = None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    fee_bps: float = 10.0,
    half_spread_bps: float = 2.0,
    min_notional: float = 10.0,
    capital: float | None = None,
    volumes: pd.DataFrame | None = None,
    sentiment: pd.DataFrame | None = None,
    exchange_flow: pd.DataFrame | None = None,
    min_history_days: int | None = None,
    cooldown_days: int = 30,
    name: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BacktestResult:
    """Refit the optimizer every ``refit_every`` days on the trailing ``window`` days and trade
    to the new targets; between refits the spec's drift/calendar rule trades back to the latest
    targets without refitting. Every fit sees only closes before its trade day."""
    for label, value in (("refit_every", refit_every), ("window", window)):
        if value < 1:
            raise UserInputError(f"{label} must be at least 1 day; got {value}.")
    if window < 30:
        raise UserInputError(
            f"window {window} is too short to estimate risk.", hint="Use at least 30 days."
        )
    return _spec_run(
        spec,
        closes,
        allocator=allocator,
        tilter=tilter,
        start=start,
        end=end,
        costs=Costs(fee_bps=fee_bps, half_spread_bps=half_spread_bps, min_notional=min_notional),
        capital=capital,
        volumes=volumes,
        sentiment=sentiment,
        exchange_flow=exchange_flow,
        lookback=window,
        min_history_days=min_history_days,
        cooldown_days=cooldown_days,
        refit_every=refit_every,
        name=name or f"{spec.name} (walk-forward {refit_every}d/{window}d)",
        progress=progress,
        cancel=cancel,
    )


def backtest_weights(
    weights: Mapping[str, float],
    closes: pd.DataFrame,
    *,
    rule: Rebalance | None,
    start: DateLike | None = None,
    end: DateLike | None = None,
    fee_bps: float = 10.0,
    half_spread_bps: float = 0.0,
    min_notional: float = 0.0,
    capital: float = DEFAULT_CAPITAL,
    volumes: pd.DataFrame | None = None,
    min_history_days: int = 0,
    quote: str = "USDT",
    name: str = "fixed weights",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BacktestResult:
    """Hold constant ``weights`` (cash is the rest), rebalanced by ``rule`` (None: buy and hold).

    Fixed weights need no history, so by default an asset can be bought from its first close.
    """
    total = sum(weights.values())
    if any(w < 0.0 for w in weights.values()) or total > 1.0 + 1e-9:
        raise UserInputError(
            f"Fixed weights must be non-negative and sum to at most 1; they sum to {total:g}.",
            hint="Leave the remainder as cash by making them sum to less than 1.",
        )
    upper = {str(a).upper(): float(w) for a, w in weights.items()}
    panel = prepare_panel(closes, assets=list(upper), start=start, end=end, volumes=volumes)
    settings = SimSettings(
        rule=rule,
        risk=RiskLimits(),
        costs=Costs(fee_bps=fee_bps, half_spread_bps=half_spread_bps, min_notional=min_notional),
        capital=float(capital),
        quote=quote,
        min_history=min_history_days,
    )
    return _finish(panel, FixedWeights(upper), settings, name, [], progress, cancel)


def _spec_run(
    spec: StrategySpec,
    closes: pd.DataFrame,
    *,
    allocator: Allocator,
    tilter: Tilter | None,
    start: DateLike | None,
    end: DateLike | None,
    costs: Costs,
    capital: float | None,
    volumes: pd.DataFrame | None,
    sentiment: pd.DataFrame | None,
    exchange_flow: pd.DataFrame | None,
    lookback: int,
    min_history_days: int | None,
    cooldown_days: int,
    refit_every: int | None,
    name: str | None,
    progress: Progress | None,
    cancel: Cancel | None,
) -> BacktestResult:
    excluded = set(spec.universe.exclude)
    if spec.universe.top_n is not None and volumes is None:
        raise DataError(
            f"The universe is the top {spec.universe.top_n} assets by volume, but no volumes "
            "were given.",
            hint="Pass volumes to the backtest, or list the symbols in the universe.",
        )
    if spec.universe.symbols is not None:
        assets = [s for s in spec.universe.symbols if s not in excluded]
    else:
        assets = [str(c).upper() for c in closes.columns if str(c).upper() not in excluded]
    panel = prepare_panel(closes, assets=assets, start=start, end=end, volumes=volumes)
    join = join_days(lookback, min_history_days)
    if join < 2:
        raise UserInputError(f"min_history_days must be at least 2; got {join}.")
    settings = SimSettings(
        rule=spec.rebalance,
        risk=RiskLimits.from_spec(
            spec.risk, max_turnover=spec.constraints.max_turnover, cooldown_days=cooldown_days
        ),
        costs=costs,
        capital=float(capital or opening_deposit(spec) or DEFAULT_CAPITAL),
        quote=spec.quote,
        min_history=join,
        refit_every=refit_every,
        contribution=spec.contributions,
    )
    policy = SpecPolicy(spec, allocator, tilter, sentiment, lookback, exchange_flow)
    notes = _spec_notes(spec, tilter, sentiment, volumes)
    if spec.signals.exchange_flow > 0.0 and exchange_flow is None:
        notes.append("exchange-flow tilt: no on-chain input was given, so it changed nothing")
    result = _finish(panel, policy, settings, name or spec.name, notes, progress, cancel)
    result.warnings.extend(_rule_warnings(spec.rebalance, result, len(result.equity)))
    return result


def _finish(
    panel: Panel,
    policy: TargetPolicy,
    settings: SimSettings,
    name: str,
    notes: list[str],
    progress: Progress | None,
    cancel: Cancel | None,
) -> BacktestResult:
    run = simulate(panel, policy, settings, progress=progress, cancel=cancel)
    dates = panel.dates[panel.start : panel.end + 1]
    # the run's arrays belong to this result alone: no copy (pandas copies an array by default)
    equity = pd.Series(run.equity, index=dates, name="equity", copy=False)
    weights = pd.DataFrame(
        run.weights, index=dates, columns=[*panel.assets, settings.quote], copy=False
    )
    metrics = compute_run_metrics(
        run.equity,
        dates,
        run.rebalances,
        [day - panel.start for day in run.rebalance_days],
        fees=run.fees,
        slippage=run.slippage,
        initial=settings.capital,
        flows={day - panel.start: amount for day, amount in run.flows.items()},
    )
    described: dict[str, Any] = {
        "capital": settings.capital,
        "quote": settings.quote,
        "fee_bps": settings.costs.fee_bps,
        "half_spread_bps": settings.costs.half_spread_bps,
        "depth_share": settings.costs.depth_share,
        "min_notional": settings.costs.min_notional,
        "min_history_days": settings.min_history,
        "refit_every": settings.refit_every,
        "cooldown_days": settings.risk.cooldown_days,
        "execution": "decided on closes up to the day before; filled at the day's close",
        "periods_per_year": metrics.periods_per_year,
    }
    if settings.contribution is not None:
        plan = settings.contribution
        described["contributions"] = f"{plan.amount} every {plan.every_days} days"
    return BacktestResult(
        name=name,
        equity=equity,
        weights=weights,
        metrics=metrics,
        rebalances=run.rebalances,
        events=run.events,
        warnings=[*panel.warnings, *run.warnings],
        notes=notes,
        settings=described,
        exit_fees={panel.dates[day]: fees for day, fees in run.exit_fees.items()},
    )


def _spec_notes(
    spec: StrategySpec,
    tilter: Tilter | None,
    sentiment: pd.DataFrame | None,
    volumes: pd.DataFrame | None,
) -> list[str]:
    notes = []
    tilts = spec.signals
    if tilts.any() and tilter is None:
        notes.append(
            "signal tilts are set in the spec but no tilt function was given; "
            "the weights are the optimizer's, untilted"
        )
    if tilts.sentiment > 0.0 and sentiment is None:
        notes.append("sentiment tilt: no sentiment input was given, so it changed nothing")
    if volumes is None:
        notes.append("slippage: half spread only, since no volumes were given")
    return notes


def _rule_warnings(rule: Rebalance, result: BacktestResult, days: int) -> list[str]:
    out = []
    if rule.every_days is not None and rule.every_days >= days:
        out.append(
            f"every_days {rule.every_days} is not shorter than the {days} days backtested, so "
            "the calendar rule never fires; only the first allocation trades."
        )
    first = result.rebalances[0].targets if result.rebalances else None
    if rule.drift_threshold is not None and first is not None:
        reach = most_possible_drift(list(first.values()))
        if rule.drift_threshold > reach:
            out.append(
                f"drift_threshold {rule.drift_threshold:.0%} can never fire: from the first "
                f"targets no weight can drift more than {reach:.0%}."
            )
    return out
