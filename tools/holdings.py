"""propose_holdings: "I already hold 0.5 BTC and 2 ETH" -> a proposal to record them. Read-only.

The tool checks each asset against the market (a price, hence a value) and each quantity, and
names the paper account they would go on; it writes nothing. Recording is the person's action
(the app's button, or ``coinpilot holdings add``), through the engine's import path: the model
proposes, the person's confirmation disposes.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, ConfigDict, Field

from assistant.engine import holdings_account, market_snapshot

from .base import Tool, ToolContext, ToolResult

CENT = Decimal("0.01")


class HoldingsArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    holdings: dict[str, str] = Field(
        min_length=1,
        max_length=30,
        description="what the person says they already hold: ticker -> quantity, e.g. "
        '{"BTC": "0.5", "ETH": "2"}',
    )
    account: str | None = Field(
        default=None, description="a paper account the person named; omit for the strategy's"
    )
    strategy: str | None = Field(
        default=None,
        max_length=64,
        description="the strategy the same message describes, if any: its account is where the "
        "next preview looks for holdings",
    )


def _propose(ctx: ToolContext, args: HoldingsArgs) -> ToolResult:
    problems: list[str] = []
    held: dict[str, str] = {}
    for raw, text in args.holdings.items():
        asset = raw.strip().upper()
        try:
            quantity = Decimal(str(text).strip())
        except InvalidOperation:
            problems.append(f"{asset}: the quantity {text!r} is not a number.")
            continue
        if not quantity.is_finite() or quantity <= 0:
            problems.append(f"{asset}: the quantity must be above zero; got {text}.")
            continue
        held[asset] = str(quantity)
    snap = market_snapshot(ctx.services, sorted(held), "USDT") if held else None
    problems += snap.unknown if snap is not None else []
    prices = {a.symbol.split("/")[0]: a.price for a in snap.assets} if snap is not None else {}
    account = args.account or holdings_account(ctx.services, args.strategy)
    rows = [
        {"asset": a, "quantity": q, "value": str((Decimal(q) * prices[a]).quantize(CENT))}
        for a, q in held.items()
        if a in prices
    ]
    if problems or not rows:
        return ToolResult(
            tool="propose_holdings",
            ok=False,
            summary="these holdings cannot be recorded as given",
            problems=problems or ["no holdings were given"],
        )
    listed = ", ".join(f"{r['quantity']} {r['asset']}" for r in rows)
    total = sum((Decimal(r["value"]) for r in rows), Decimal(0))
    return ToolResult(
        tool="propose_holdings",
        ok=True,
        summary=f"Proposed to record {listed} (about {total:,.2f} USDT) on paper account "
        f"{account}. Nothing is recorded until the person records them in the app or runs "
        "`coinpilot holdings add`; you cannot.",
        data={
            "holdings": rows,
            "account": account,
            "value": str(total),
            "quote": "USDT",
            "simulated": snap.simulated if snap is not None else False,
            "command": holdings_command(held, account),
        },
    )


def holdings_command(held: dict[str, str], account: str) -> str:
    """The CLI command that records ``held`` on ``account``."""
    pairs = " ".join(f"{a} {q}" for a, q in held.items())
    return f"coinpilot holdings add {pairs} --account {account}"


PROPOSE_HOLDINGS = Tool(
    name="propose_holdings",
    description="When the person says what they already hold ('I already hold 0.5 BTC and 2 "
    "ETH'): check the assets and quantities and propose recording them as opening balances of "
    "the strategy's paper account. Read-only: the person records them.",
    args=HoldingsArgs,
    func=_propose,
)
