"""Watched wallets for the agent: "what's in my wallets?" and "watch my wallet 0x... on base".

Both tools read: ``wallet_balances`` reads and prices the watched wallets; ``propose_wallet``
checks an address with the engine's own rule for a new wallet and proposes watching it. Adding
is the person's action (the app's Watch button, or ``coinpilot wallet add``), as recording
holdings is, and nothing in CoinPilot can sign for or trade from a wallet.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import CHAINS, EVM_CHAINS, READ_ONLY_NOTE, UserInputError
from assistant.engine import portfolio_status
from assistant.engine.wallets import (
    WalletReport,
    check_new_wallet,
    suggested_wallet_name,
    wallet_balances,
)
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
            "No wallets are watched. Say 'watch my wallet ADDRESS on CHAIN' (chains: "
            + ", ".join(CHAINS)
            + "), or run: coinpilot wallet add NAME --chain CHAIN --address ADDRESS. "
            f"{READ_ONLY_NOTE[0].upper()}{READ_ONLY_NOTE[1:]}."
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
    # a wallet not read is in the summary with its error, so it is not repeated here
    if report.wallets:  # the summary says the read-only note; the others are the report's own
        problems += [n for n in report.notes if n != READ_ONLY_NOTE]
    # With no wallet there is nothing to price or fail: the summary says it all, once.
    return ToolResult(
        tool="wallet_balances",
        ok=not report.wallets or not all(w.error for w in report.wallets),
        summary=summarize(report),
        data=data,
        problems=problems,
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


class ProposeWalletArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: str = Field(
        min_length=1,
        max_length=64,
        description="the wallet's PUBLIC address as the person typed it (0x... for EVM chains, "
        "base58 for Solana); never a private key or seed phrase",
    )
    chain: str | None = Field(
        default=None,
        max_length=20,
        description="the chain the person named: " + ", ".join(CHAINS) + ". Omit when they "
        "named none: a 0x address is then asked about, a base58 one is Solana",
    )
    name: str | None = Field(
        default=None, max_length=40, description="a name the person gave the wallet, if any"
    )


def _propose_wallet(ctx: ToolContext, args: ProposeWalletArgs) -> ToolResult:
    address = args.address.strip()
    chain = args.chain
    if chain is None:
        if not address.lower().startswith("0x"):
            chain = "solana"
        else:
            return ToolResult(
                tool="propose_wallet",
                ok=False,
                summary=f"Which chain is {address} on: "
                + ", ".join(EVM_CHAINS[:-1])
                + f" or {EVM_CHAINS[-1]}?",
                problems=["an EVM address is the same on every EVM chain: the chain is needed"],
                data={"question": "chain", "address": address},
            )
    name = args.name or suggested_wallet_name(ctx.services, chain, address)
    try:
        wallet = check_new_wallet(ctx.services, name, chain, address)  # the CLI's and the form's
    except UserInputError as exc:  # the message once, its hint beside it
        return ToolResult(
            tool="propose_wallet",
            ok=False,
            summary=exc.message,
            problems=[exc.hint] if exc.hint else [],
        )
    command = wallet_command(wallet.name, wallet.chain, wallet.address)
    return ToolResult(
        tool="propose_wallet",
        ok=True,
        summary=f"Proposed to watch {wallet.address} on {wallet.chain} as '{wallet.name}' "
        f"(read-only). Nothing is added until the person presses Watch in the app or runs "
        f"`{command}`; you cannot.",
        data={
            "name": wallet.name,  # checked: letters, digits, '_', '.', '-' only
            "chain": wallet.chain,
            "address": wallet.address,
            "command": command,
            "note": READ_ONLY_NOTE,
        },
    )


def wallet_command(name: str, chain: str, address: str) -> str:
    """The CLI command that starts watching the wallet."""
    return f"coinpilot wallet add {name} --chain {chain} --address {address}"


PROPOSE_WALLET = Tool(
    name="propose_wallet",
    description="When the person asks to watch, track or add a wallet by its public address "
    "('watch my wallet 0x... on base'): check the chain and address (checksum included) with "
    "the same rules as `coinpilot wallet add` and propose watching it, read-only. Writes "
    "nothing: the person adds it. Never pass a private key or seed phrase.",
    args=ProposeWalletArgs,
    func=_propose_wallet,
)
