"""Side-by-side results, against two baselines a person can judge them by.

Each strategy keeps its own capital: the table states every column's capital, and a comparison
of strategies with different capital says so in its notes (returns and growth of 1 compare;
final equity does not). The baselines run over exactly the period of the first result, with its
capital and fee:

- **BTC buy and hold**: all capital in BTC on the first day, never traded again.
- **Equal weight**: 1/n of every eligible asset of the first result's universe, rebalanced every
  30 days (and when an asset joins), with the same minimum history before an asset joins.

A baseline that cannot run (no BTC column, say) is left out with a note, never faked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assistant.domain import CoinPilotError, Rebalance
from assistant.policy.risk import RiskLimits

from .api import backtest_weights
from .costs import Costs
from .metrics import compute_run_metrics
from .panel import prepare_panel
from .policy import EqualWeights
from .result import BacktestResult
from .simulate import SimSettings, simulate

__all__ = ["Comparison", "baselines", "compare", "equal_weight_baseline"]

EQUAL_WEIGHT_DAYS = 30


@dataclass(frozen=True)
class Comparison:
    """Results in order: the strategies compared, then the baselines."""

    results: list[BacktestResult]
    baseline_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, list[str]]]:
        """The metric table as text: one (label, value per result) row per metric."""
        ms = [r.metrics for r in self.results]

        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{x:+.1%}"

        def share(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.1%}"

        def num(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.2f}"

        def day(x: Any) -> str:
            return "-" if x is None else x.date().isoformat()

        rows: list[tuple[str, list[str]]] = [
            ("capital", [f"{r.capital:,.2f} {r.quote}".strip() for r in self.results]),
            ("fee (bps)", [f"{float(r.settings.get('fee_bps', 0.0)):g}" for r in self.results]),
            ("total return", [pct(m.total_return) for m in ms]),
            ("CAGR", [pct(m.cagr) for m in ms]),
            ("volatility", [share(m.volatility) for m in ms]),
            ("Sharpe", [num(m.sharpe) for m in ms]),
            ("Sortino", [num(m.sortino) for m in ms]),
            ("Calmar", [num(m.calmar) for m in ms]),
            ("max drawdown", [pct(m.max_drawdown.depth) for m in ms]),
            ("drawdown peak", [day(m.max_drawdown.peak) for m in ms]),
            ("drawdown trough", [day(m.max_drawdown.trough) for m in ms]),
            ("recovered", [day(m.max_drawdown.recovery) for m in ms]),
            ("win rate", [share(m.win_rate) for m in ms]),
            ("rebalances", [str(m.rebalances) for m in ms]),
            ("turnover", [f"{m.turnover:.2f}x" for m in ms]),
            ("fees", [f"{m.fees:,.2f}" for m in ms]),
            ("slippage", [f"{m.slippage:,.2f}" for m in ms]),
            ("final equity", [f"{m.final_equity:,.2f}" for m in ms]),
        ]
        if any(m.contributed is not None for m in ms):
            # With contributions the returns above are time-weighted (the strategy's own);
            # the money-weighted return is the investor's, each deposit on its day.
            rows += [
                (
                    "money put in",
                    ["-" if m.contributed is None else f"{m.contributed:,.2f}" for m in ms],
                ),
                ("money-weighted return (XIRR)", [pct(m.money_weighted_return) for m in ms]),
            ]
        years = sorted({y for m in ms for y in m.yearly_returns})
        rows += [(y, [pct(m.yearly_returns.get(y)) for m in ms]) for y in years]
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "results": [r.to_dict() for r in self.results],
            "baselines": list(self.baseline_names),
            "notes": list(self.notes),
        }


def compare(
    *results: BacktestResult,
    closes: pd.DataFrame | None = None,
    btc: str = "BTC",
) -> Comparison:
    """``results`` side by side, plus the baselines when ``closes`` are given."""
    if not results:
        raise CoinPilotError("Nothing to compare.", hint="Pass at least one backtest result.")
    notes = _capital_notes(results)
    if closes is None:
        notes.append("baselines left out: no closes were given")
        return Comparison(list(results), notes=notes)
    extra, left_out = baselines(results[0], closes, btc=btc)
    return Comparison([*results, *extra], [r.name for r in extra], [*notes, *left_out])


def _capital_notes(results: Sequence[BacktestResult]) -> list[str]:
    """A note when the strategies start with different capital: final equity then misleads."""
    capitals = {(r.capital, r.quote) for r in results}
    if len(capitals) <= 1:
        return []
    each = ", ".join(f"{r.name} {r.capital:,.2f} {r.quote}".rstrip() for r in results)
    return [
        f"the strategies start with different capital ({each}); compare returns and growth "
        f"of 1, not final equity. The baselines use the capital of {results[0].name}."
    ]


def baselines(
    reference: BacktestResult, closes: pd.DataFrame, *, btc: str = "BTC"
) -> tuple[list[BacktestResult], list[str]]:
    """BTC buy and hold and equal weight over ``reference``'s period, capital and fee."""
    start, end = reference.equity.index[0], reference.equity.index[-1]
    capital = float(reference.settings.get("capital", 10_000.0))
    fee = float(reference.settings.get("fee_bps", 10.0))
    quote = str(reference.settings.get("quote", "USDT"))
    out: list[BacktestResult] = []
    notes: list[str] = []
    try:
        out.append(
            backtest_weights(
                {btc: 1.0},
                closes,
                rule=None,
                start=start,
                end=end,
                fee_bps=fee,
                capital=capital,
                quote=quote,
                name=f"{btc} buy and hold",
            )
        )
    except CoinPilotError as exc:
        notes.append(f"{btc} buy and hold left out: {exc}")
    assets = [str(c) for c in reference.weights.columns if str(c) != quote]
    try:
        out.append(
            equal_weight_baseline(
                closes,
                assets,
                start=start,
                end=end,
                fee_bps=fee,
                capital=capital,
                quote=quote,
                min_history_days=int(reference.settings.get("min_history_days", 1)),
            )
        )
    except CoinPilotError as exc:
        notes.append(f"equal weight left out: {exc}")
    return out, notes


def equal_weight_baseline(
    closes: pd.DataFrame,
    assets: Sequence[str],
    *,
    start: Any = None,
    end: Any = None,
    fee_bps: float = 10.0,
    capital: float = 10_000.0,
    quote: str = "USDT",
    min_history_days: int = 1,
    every_days: int = EQUAL_WEIGHT_DAYS,
) -> BacktestResult:
    """1/n of the eligible ``assets``, rebalanced every ``every_days`` days."""
    panel = prepare_panel(closes, assets=list(assets), start=start, end=end)
    settings = SimSettings(
        rule=Rebalance(every_days=every_days),
        risk=RiskLimits(),
        costs=Costs(fee_bps=fee_bps, half_spread_bps=0.0, min_notional=0.0),
        capital=capital,
        quote=quote,
        min_history=max(min_history_days, 1),
    )
    run = simulate(panel, EqualWeights(), settings)
    dates = panel.dates[panel.start : panel.end + 1]
    equity = pd.Series(run.equity, index=dates, name="equity")
    return BacktestResult(
        name=f"equal weight ({every_days}d)",
        equity=equity,
        weights=pd.DataFrame(run.weights, index=dates, columns=[*panel.assets, quote]),
        metrics=compute_run_metrics(
            run.equity,
            dates,
            run.rebalances,
            [day - panel.start for day in run.rebalance_days],
            fees=run.fees,
            slippage=run.slippage,
            initial=capital,
        ),
        rebalances=run.rebalances,
        events=run.events,
        warnings=[*panel.warnings, *run.warnings],
        settings={"capital": capital, "quote": quote, "fee_bps": fee_bps},
    )
