"""Read-only account tools: the portfolio, and the record behind a decision."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import explain_decision, portfolio_status

from .base import Tool, ToolContext, ToolResult


class NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExplainArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_id: str | None = Field(default=None, description="omit for the latest decision")


def _portfolio(ctx: ToolContext, args: NoArgs) -> ToolResult:
    status = portfolio_status(ctx.services)
    parts = [f"{h.asset} {h.weight:.1%}" for h in status.holdings if h.quantity > 0]
    summary = f"Value {status.value:,.2f} {status.quote}" + (
        f"; holdings {', '.join(parts)}" if parts else "; no holdings"
    )
    if status.max_drift is not None:
        summary += f"; largest drift {status.max_drift:.1%} ({status.drift_asset})"
    return ToolResult(
        tool="portfolio", ok=True, summary=summary, data=status.model_dump(mode="json")
    )


def _explain(ctx: ToolContext, args: ExplainArgs) -> ToolResult:
    exp = explain_decision(ctx.services, args.decision_id)
    return ToolResult(
        tool="explain_decision",
        ok=exp.found,
        summary=" ".join(exp.lines),
        data={"decision_id": exp.decision_id, "lines": exp.lines},
    )


PORTFOLIO = Tool(
    name="portfolio",
    description="Holdings, weights, drift against target and value of the paper account.",
    args=NoArgs,
    func=_portfolio,
)
EXPLAIN_DECISION = Tool(
    name="explain_decision",
    description="The journaled record behind a decision (trigger, inputs, optimizer output, "
    "clamps, orders, fills). Answer 'why' questions only from this, citing the decision id.",
    args=ExplainArgs,
    func=_explain,
)
