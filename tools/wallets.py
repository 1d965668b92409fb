"""Watched wallets for the agent: "what's in my wallets?" (read-only balances, priced).

The tool reads; it cannot add or remove a wallet (the person does that with ``coinpilot wallet``)
and nothing in CoinPilot can sign for or trade from a wallet.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import READ_ONLY_NOTE
from assistant.engine import portfolio_status
from assistant.engine.wallets import WalletReport, wallet_balances
from assistant.numbers import money, quantity

from .base import Tool, ToolContext, ToolResult, as_data


class WalletArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        default=None, max_length=40, description="one watched wallet's name; omit for all"
    )
    source: Literal["auto", "simulated", "rpc"] = Field(
        default="auto", description="auto: SIMULATED balances offline, the chains' RPC when live"
    )


def summarize(report: WalletReport) -> str:
    """One sentence per wallet with every amount, price basis and source (computed by code)."""
    if not report.wallets:
        return (
            "No wallets are watched; add one with: coinpilot wallet add NAME --chain CHAIN "
            "--address ADDRESS."
        )
    parts = []
    for w in report.wallets:
        head = f"{w.name} ({w.chain} {w.address[:6]}…{w.address[-4:]}, {w.label})"
        if w.error:
            parts.append(f"{head}: not read ({w.error})")
            continue
        items = [
            f"{h.asset} {quantity(h.quantity)}"
            + ("" if h.value is None else f" ({money(h.value, report.quote)})")
            for h in w.holdings
        ]
        parts.append(f"{head}: " + ", ".join(items) + f"; value {money(w.value, report.quote)}")
    total = f"Total in wallets {money(report.value, report.quote)} at {report.market} prices"
    return "; ".join(parts) + f". {total}. {READ_ONLY_NOTE[0].upper()}{READ_ONLY_NOTE[1:]}."


def _wallets(ctx: ToolContext, args: WalletArgs) -> ToolResult:
    quote = portfolio_status(ctx.services).quote
    report = wallet_balances(
        ctx.services,
        args.name,
        quote=quote,
        source=None if args.source == "auto" else args.source,
    )
    data = asdict(report)
    for wallet in data["wallets"]:  # names the person typed and tokens from the chain
        wallet["name"] = as_data(str(wallet["name"]))
        wallet["where"] = as_data(str(wallet["where"]))
        for holding in wallet["holdings"]:
            holding["asset"] = as_data(str(holding["asset"]))
    problems = [n for w in report.wallets for n in ([w.stale] if w.stale else []) + w.notes]
    problems += [f"{w.name}: {w.error}" for w in report.wallets if w.error]
    return ToolResult(
        tool="wallet_balances",
        ok=bool(report.wallets) and not all(w.error for w in report.wallets),
        summary=summarize(report),
        data=data,
        problems=problems + report.notes,
        external_text=True,
    )


WALLET_BALANCES = Tool(
    name="wallet_balances",
    description="Balances of the person's watched wallets (EVM chains and Solana, by public "
    "address), each asset priced with the market, with where it lives and how fresh it is. "
    "Read-only: wallets are never traded from or signed for.",
    args=WalletArgs,
    func=_wallets,
)
