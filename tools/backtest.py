"""Run a backtest of a spec and return its metrics (read-only: nothing is journaled or traded)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import propose_spec
from assistant.engine.backtesting import backtest_spec

from .base import Tool, ToolContext, ToolResult
from .schema import with_spec_schema


class BacktestArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spec: dict[str, Any] = Field(
        description="the strategy spec to replay", json_schema_extra=with_spec_schema
    )
    start: str | None = Field(default=None, description="first day, YYYY-MM-DD")
    end: str | None = Field(default=None, description="last day, YYYY-MM-DD")
    last_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        description="only the last N days of the history ('the last 3 years' is 1095); "
        "ignored when start is given",
    )
    walk_forward: bool = False


def _backtest(ctx: ToolContext, args: BacktestArgs) -> ToolResult:
    spec, _, _ = propose_spec(ctx.services, args.spec)
    cancel = ctx.extras.get("cancel")
    result = backtest_spec(
        ctx.services,
        spec,
        start=args.start,
        end=args.end,
        last_days=args.last_days,
        walk=args.walk_forward,
        progress=ctx.extras.get("progress"),
        cancel=cancel.is_set if cancel is not None else None,
    )
    m = result.metrics
    simulated = " on SIMULATED demo prices" if ctx.services.market.simulated else ""
    summary = (
        f"Backtest of {result.name}{simulated} from {m.start:%Y-%m-%d} to {m.end:%Y-%m-%d}: "
        f"total return {m.total_return:+.1%}, CAGR "
        + (f"{m.cagr:+.1%}" if m.cagr is not None else "n/a")
        + f", max drawdown {m.max_drawdown.depth:.1%}, Sharpe "
        + (f"{m.sharpe:.2f}" if m.sharpe is not None else "n/a")
        + f", {m.rebalances} rebalances, fees {m.fees:,.2f}."
    )
    if m.contributed is not None:
        xirr = "n/a" if m.money_weighted_return is None else f"{m.money_weighted_return:+.1%}"
        summary += (
            f" With contributions: {m.contributed:,.2f} put in, final value "
            f"{m.final_equity:,.2f}, money-weighted return {xirr} a year (the returns above are "
            "time-weighted: the strategy's own, leaving the deposits out)."
        )
    return ToolResult(
        tool="run_backtest",
        ok=True,
        summary=summary,
        data={
            **result.to_dict(),
            "simulated": ctx.services.market.simulated,
            "curve": _monthly(result),
            "drawdown": _monthly_drawdown(result),
        },
        problems=list(result.warnings),
    )


def _monthly(result: Any) -> dict[str, float]:
    """A light equity curve (month ends) for charts; the full series stays in the engine."""
    monthly = result.equity.resample("ME").last()
    return {d.strftime("%Y-%m"): float(v) for d, v in monthly.items()}


def _monthly_drawdown(result: Any) -> dict[str, float]:
    """Each month's deepest drawdown (negative fractions), so a chart keeps the worst days that
    month-end equity alone would hide."""
    deepest = result.drawdown.resample("ME").min()
    return {d.strftime("%Y-%m"): float(v) for d, v in deepest.items()}


RUN_BACKTEST = Tool(
    name="run_backtest",
    description="Replay a valid spec over the market's price history with fees and slippage; "
    "returns CAGR, volatility, Sharpe, max drawdown, per-year returns. Read-only.",
    args=BacktestArgs,
    func=_backtest,
)
