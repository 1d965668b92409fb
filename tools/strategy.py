"""Strategy tools: validate a proposed spec, and preview the orders it would place.

``preview_rebalance`` writes a plan to the journal (that is what a preview is), but it cannot
execute it: the person confirms the plan hash in the app or with ``coinpilot confirm``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import propose_spec

from .base import Tool, ToolContext, ToolResult
from .schema import with_spec_schema


class SpecArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spec: dict[str, Any] = Field(
        description="the strategy spec: fractions are 0..1 (0.05 is 5%), capital in the quote "
        "currency; omitted fields take the defaults shown",
        json_schema_extra=with_spec_schema,
    )


def _propose(ctx: ToolContext, args: SpecArgs) -> ToolResult:
    spec, resolved, changes = propose_spec(ctx.services, args.spec)
    diff = [c.describe() for c in changes]
    summary = f"Valid spec '{spec.name}' v{spec.version}: {', '.join(resolved.bases)}"
    if diff:
        summary += f"; changed: {'; '.join(diff)}"
    return ToolResult(
        tool="propose_strategy",
        ok=True,
        summary=summary,
        data={
            "spec": spec.model_dump(mode="json"),
            "symbols": [i.symbol for i in resolved.markets.values()],
            "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in changes],
            "notes": resolved.notes,
        },
    )


def _preview(ctx: ToolContext, args: SpecArgs) -> ToolResult:
    # Imported here: the planner brings the optimizers, scipy and pandas, which validating a
    # spec (`coinpilot spec`) never needs.
    from assistant.engine import plan_rebalance

    spec, _, _ = propose_spec(ctx.services, args.spec)
    plan = plan_rebalance(
        ctx.services,
        spec,
        model_id=ctx.extras.get("model_id"),
        prompt_version=ctx.extras.get("prompt_version"),
    )
    weights = ", ".join(
        f"{a} {w:.1%}" for a, w in sorted(plan.allocation.weights.items(), key=lambda kv: -kv[1])
    )
    summary = (
        f"Preview {plan.plan_hash[:12]}: {len(plan.orders)} orders, fees {plan.total_fees:.2f} "
        f"{plan.quote}, targets {weights}"
    )
    if plan.unexecutable:
        summary += f"; {len(plan.unexecutable)} cannot execute"
    return ToolResult(
        tool="preview_rebalance",
        ok=True,
        summary=summary + ". The person must confirm it in the app; you cannot.",
        data={"plan": plan.model_dump(mode="json")},
    )


PROPOSE_STRATEGY = Tool(
    name="propose_strategy",
    description="Validate a proposed strategy spec against the market; returns the normalized spec "
    "and its diff against the previous version, or problems to fix.",
    args=SpecArgs,
    func=_propose,
)
PREVIEW_REBALANCE = Tool(
    name="preview_rebalance",
    description="Compute the exact order preview (weights, orders, fees, what cannot execute, plan "
    "hash, expiry) for a valid spec. It never executes anything.",
    args=SpecArgs,
    func=_preview,
    changes_state=True,
)
