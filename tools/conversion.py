"""conversion_rate: the market's rate for an amount given in another currency. Read-only.

Its own module so that `coinpilot spec` (which converts "€5,000" at this rate) does not import the
market snapshot's numpy with it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import conversion_rate

from .base import Tool, ToolContext, ToolResult


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
