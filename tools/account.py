"""Read-only account tools: the portfolio, and the record behind a decision.

A "why" question names a decision by id, asks about the latest one, or describes an earlier one
("the drift rebalance on 2026-03-02"): then the decision is found by searching the journaled
decisions (the agent injects the search; ``ToolContext.decisions``) and the answer still comes
from that decision's record alone.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import explain_decision, portfolio_status

from .base import Tool, ToolContext, ToolResult


class NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExplainArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_id: str | None = Field(default=None, description="omit for the latest decision")
    about: str | None = Field(
        default=None,
        max_length=300,
        description="only when the person asks about an earlier decision without its id: the "
        "words that identify it (a date, a trigger, a strategy), e.g. 'drift rebalance 2026-03'",
    )


def _portfolio(ctx: ToolContext, args: NoArgs) -> ToolResult:
    status = portfolio_status(ctx.services)
    parts = [f"{h.asset} {h.weight:.1%}" for h in status.holdings if h.quantity > 0]
    summary = f"Value {status.value:,.2f} {status.quote}" + (
        f"; holdings {', '.join(parts)}" if parts else "; no holdings"
    )
    if status.max_drift is not None:
        summary += f"; largest drift {status.max_drift:.1%} ({status.drift_asset})"
    watched = ctx.services.journal.wallets()
    if watched:
        summary += (
            f". Not included: {len(watched)} watched wallet(s), read-only "
            "(wallet_balances reads them)"
        )
    return ToolResult(
        tool="portfolio", ok=True, summary=summary, data=status.model_dump(mode="json")
    )


def _explain(ctx: ToolContext, args: ExplainArgs) -> ToolResult:
    chosen, found_by, others = args.decision_id, "id" if args.decision_id else "latest", []
    if chosen is None and args.about and ctx.decisions is not None:
        hits = ctx.decisions(args.about, 3)
        if hits:
            chosen, found_by, others = hits[0], "search", hits[1:]
    exp = explain_decision(ctx.services, chosen)
    data: dict[str, object] = {
        "decision_id": exp.decision_id,
        "lines": exp.lines,
        "found_by": found_by,
    }
    if exp.decision is not None:
        data["objective"] = exp.decision.objective
        data["target_weights"] = exp.decision.target_weights
    summary = " ".join(exp.lines)
    if found_by == "search":
        data["other_matches"] = others
        summary = f"Found by searching the journal for '{args.about}'. {summary}"
    return ToolResult(tool="explain_decision", ok=exp.found, summary=summary, data=data)


PORTFOLIO = Tool(
    name="portfolio",
    description="Holdings, weights, drift against target and value of the paper account (the "
    "only one CoinPilot trades); watched wallets are read by wallet_balances.",
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
