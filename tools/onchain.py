"""On-chain metrics for the agent: exchange flows, active addresses, hash rate (read-only)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine.onchain import OnchainReport, onchain_metrics

from .base import Tool, ToolContext, ToolResult


class OnchainArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asset: str = Field(default="BTC", min_length=2, max_length=12, description="e.g. BTC, ETH")
    source: Literal["auto", "snapshot", "coinmetrics"] = Field(
        default="auto", description="auto: the shipped snapshot offline, Coin Metrics when live"
    )


def summarize(report: OnchainReport) -> str:
    """One paragraph with every number's unit, day and source (the CLI prints the same)."""
    parts = [f"{report.asset} on-chain ({report.label}), last day {report.last_day}"]
    for r in report.readings:
        if r.last is not None and r.metric == "HashRate":
            parts.append(f"{r.name} {r.last / 1e6:,.0f} EH/s ({r.last:,.0f} TH/s)")
        elif r.last is not None:
            parts.append(f"{r.name} {r.last:,.0f} {r.unit}")
    if report.net_flow_7d is not None:
        direction = "out of" if report.net_flow_7d < 0 else "into"
        parts.append(
            f"net exchange flow averaged {report.net_flow_7d:+,.0f} {report.asset}/day over 7 days "
            f"(coins moving {direction} exchanges; 30-day average {report.net_flow_30d or 0:+,.0f})"
        )
    if report.flow_score is not None:
        parts.append(
            f"flow score {report.flow_score:+.2f} (-1 unusual inflow .. +1 unusual outflow)"
        )
    if report.missing:
        parts.append("not served: " + ", ".join(report.missing))
    return "; ".join(parts) + "."


def _onchain(ctx: ToolContext, args: OnchainArgs) -> ToolResult:
    report = onchain_metrics(
        ctx.services, args.asset.upper(), source=None if args.source == "auto" else args.source
    )
    data = asdict(report)
    return ToolResult(
        tool="onchain_metrics",
        ok=True,
        summary=summarize(report),
        data=data,
        problems=[*([report.stale] if report.stale else []), *report.notes],
    )


ONCHAIN_METRICS = Tool(
    name="onchain_metrics",
    description="On-chain metrics for a coin from Coin Metrics' community data (or its shipped "
    "dated snapshot): exchange inflow/outflow and net flow, active addresses, hash rate, each "
    "with unit, day and source. Read-only context, not a trading signal by itself.",
    args=OnchainArgs,
    func=_onchain,
)
