"""Read-only market tools: prices and recent behaviour of a few assets."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import market_snapshot

from .base import Tool, ToolContext, ToolResult


class SnapshotArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    symbols: list[str] = Field(min_length=1, max_length=30, description="base tickers, e.g. BTC")
    quote: str = "USDT"


def _snapshot(ctx: ToolContext, args: SnapshotArgs) -> ToolResult:
    snap = market_snapshot(ctx.services, args.symbols, args.quote)
    label = " (SIMULATED demo prices)" if snap.simulated else ""
    parts = [
        f"{a.symbol} {a.price:,.4f}"
        + (f", 30d {a.change_30d:+.1%}" if a.change_30d is not None else "")
        for a in snap.assets
    ]
    return ToolResult(
        tool="market_snapshot",
        ok=not snap.unknown,
        summary=f"On {snap.market}{label}: " + "; ".join(parts),
        data=snap.model_dump(mode="json"),
        problems=snap.unknown,
    )


MARKET_SNAPSHOT = Tool(
    name="market_snapshot",
    description="Current price, 1-day and 30-day change and 30-day volatility for some assets.",
    args=SnapshotArgs,
    func=_snapshot,
)
