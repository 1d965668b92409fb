"""Read-only market tools: prices and recent behaviour of a few assets, and conversion rates."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import conversion_rate, market_snapshot

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


class RateArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    currency: str = Field(
        min_length=3, max_length=5, description="the currency of the amount, e.g. EUR"
    )
    quote: str = Field(default="USDT", min_length=3, max_length=5)


def _rate(ctx: ToolContext, args: RateArgs) -> ToolResult:
    found = conversion_rate(ctx.services, args.currency, args.quote)
    currency, quote = args.currency.upper(), args.quote.upper()
    if found is None:
        reason = (
            f"{ctx.services.market.name} lists no pair that converts {currency} to {quote}; "
            f"ask the person for the amount in {quote}"
        )
        return ToolResult(
            tool="conversion_rate",
            ok=False,
            summary=reason,
            data={"currency": currency, "quote": quote},
            problems=[reason],
        )
    label = " (SIMULATED demo rate)" if found.simulated else ""
    at = found.timestamp.strftime("%Y-%m-%d %H:%M UTC")
    return ToolResult(
        tool="conversion_rate",
        ok=True,
        summary=(
            f"1 {currency} = {found.rate} {quote} on {found.market}{label}, from "
            f"{' and '.join(found.pairs)} at {at}"
        ),
        data={
            "currency": currency,
            "quote": quote,
            "rate": str(found.rate),
            "pairs": list(found.pairs),
            "market": found.market,
            "simulated": found.simulated,
            "timestamp": found.timestamp.isoformat(),
        },
    )


CONVERSION_RATE = Tool(
    name="conversion_rate",
    description=(
        "The market's current rate for converting an amount in another currency (EUR, GBP) into "
        "the quote (USDT), with the pair it came from and its time; fails when no pair gives one."
    ),
    args=RateArgs,
    func=_rate,
)
