"""A Solana wallet over JSON-RPC: SOL (``getBalance``) and SPL tokens (``getTokenAccountsByOwner``).

Documented shapes (solana.com/docs/rpc): ``getBalance`` answers ``{"context": {...}, "value":
<lamports>}``; ``getTokenAccountsByOwner(owner, {"programId": ...}, {"encoding": "jsonParsed"})``
answers ``{"context": {...}, "value": [{"pubkey": ..., "account": {"data": {"parsed": {"info":
{"mint": ..., "tokenAmount": {"amount": "<base units>", "decimals": n, ...}}}}}}]}``. Both the
classic token program and Token-2022 are asked. Several accounts of one mint are added up; a
mint not in the token list is shown by its shortened mint, unpriced, with a note.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.domain import short_address

from .balances import ChainBalance, from_units
from .chains import ChainInfo, Token
from .jsonrpc import JsonRpc, malformed

TOKEN_PROGRAMS = (
    "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
    "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
)
_COMMITMENT = {"commitment": "confirmed"}


class SolanaReader:
    def __init__(self, chain: ChainInfo, rpc: JsonRpc) -> None:
        self.chain = chain
        self.rpc = rpc

    def read(self, address: str, tokens: tuple[Token, ...]) -> tuple[list[ChainBalance], list[str]]:
        result = self.rpc.call("getBalance", [address, _COMMITMENT])
        lamports = _value(result, self.rpc.source, "getBalance")
        if not isinstance(lamports, int) or isinstance(lamports, bool) or lamports < 0:
            raise malformed(self.rpc.source, "getBalance", f"value {lamports!r}")
        balances = [
            ChainBalance(self.chain.native, from_units(lamports, self.chain.native_decimals))
        ]
        by_mint: dict[str, Decimal] = {}
        for program in TOKEN_PROGRAMS:
            params = [address, {"programId": program}, {"encoding": "jsonParsed", **_COMMITMENT}]
            accounts = _value(
                self.rpc.call("getTokenAccountsByOwner", params),
                self.rpc.source,
                "getTokenAccountsByOwner",
            )
            if not isinstance(accounts, list):
                raise malformed(self.rpc.source, "getTokenAccountsByOwner", "value is not a list")
            for account in accounts:
                mint, amount = self._token_amount(account)
                by_mint[mint] = by_mint.get(mint, Decimal(0)) + amount
        known = {t.address: t for t in tokens}
        notes = []
        for mint, amount in sorted(by_mint.items()):
            if amount == 0:
                continue
            token = known.get(mint)
            if token is None:
                notes.append(
                    f"SPL token mint {mint} is not in the token list, so it is shown unpriced; "
                    f'name it with wallet_tokens.solana = ["SYMBOL:{mint}"]'
                )
                balances.append(ChainBalance(f"SPL {short_address(mint)}", amount, mint))
            else:
                balances.append(ChainBalance(token.symbol, amount, mint, token.prices_as))
        return balances, notes

    def _token_amount(self, account: Any) -> tuple[str, Decimal]:
        try:
            info = account["account"]["data"]["parsed"]["info"]
            mint = info["mint"]
            raw = info["tokenAmount"]
            units, decimals = int(str(raw["amount"])), raw["decimals"]
        except (KeyError, TypeError, ValueError):
            raise malformed(
                self.rpc.source, "getTokenAccountsByOwner", "an account without a parsed amount"
            ) from None
        if not isinstance(mint, str) or not isinstance(decimals, int) or not 0 <= decimals <= 36:
            raise malformed(self.rpc.source, "getTokenAccountsByOwner", f"mint {mint!r}")
        if units < 0:
            raise malformed(self.rpc.source, "getTokenAccountsByOwner", "a negative amount")
        return mint, from_units(units, decimals)


def _value(result: Any, source: str, method: str) -> Any:
    if not isinstance(result, dict) or "value" not in result:
        raise malformed(source, method, "no 'value'")
    return result["value"]
