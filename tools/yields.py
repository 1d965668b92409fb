"""DeFi yields for the agent: where an asset could earn, with the risks named (read-only)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine.yields import YieldReport, yield_opportunities

from .base import Tool, ToolContext, ToolResult, as_data


class YieldArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asset: str = Field(min_length=2, max_length=12, description="the token held, e.g. USDC")
    chain: str | None = Field(default=None, max_length=40, description="e.g. Ethereum, Base")
    min_tvl_usd: float = Field(default=1_000_000.0, ge=0.0, le=1e12)
    limit: int = Field(default=5, ge=1, le=20)
    source: Literal["auto", "simulated", "defillama"] = "auto"


def summarize(report: YieldReport) -> str:
    where = f" on {report.chain}" if report.chain else ""
    head = f"{report.asset} pools{where} with TVL >= {report.min_tvl:,.0f} USD ({report.label})"
    if not report.opportunities:
        return f"{head}: none of {report.matched} pools holding {report.asset} passed the filters."
    best = [
        f"{o.project} {o.symbol} on {o.chain}: {o.apy or 0:.2f}% APY ({o.apy_base or 0:.2f}% base"
        f" + {o.apy_reward or 0:.2f}% rewards), TVL {o.tvl_usd / 1e6:,.1f}M USD"
        for o in report.opportunities[:3]
    ]
    return f"{head}: " + "; ".join(best) + ". Read-only: nothing is deposited."


def _yields(ctx: ToolContext, args: YieldArgs) -> ToolResult:
    report = yield_opportunities(
        ctx.services,
        args.asset.upper(),
        chain=args.chain,
        min_tvl=args.min_tvl_usd,
        limit=args.limit,
        source=None if args.source == "auto" else args.source,
    )
    data = asdict(report)
    for pool in data["opportunities"]:  # names from the source are outside text
        for key in ("project", "symbol", "chain", "pool"):
            pool[key] = as_data(str(pool[key]))
    return ToolResult(
        tool="yield_opportunities",
        ok=bool(report.opportunities),
        summary=summarize(report),
        data=data,
        problems=[*([report.stale] if report.stale else []), *report.notes],
        external_text=True,
    )


YIELD_OPPORTUNITIES = Tool(
    name="yield_opportunities",
    description="DeFi pools where a token could earn (DefiLlama yields, or a SIMULATED sample "
    "offline): total, base and reward APY, TVL, chain, protocol, and each pool's risks "
    "(smart-contract, depeg, reward token, impermanent loss). Read-only; never deposits.",
    args=YieldArgs,
    func=_yields,
)
