"""An EVM wallet over JSON-RPC: native balance (``eth_getBalance``) and ERC-20 ``balanceOf``.

Calls, per ethereum.org's JSON-RPC reference: ``eth_chainId`` first (a URL that serves another
chain is refused rather than mislabelled), ``eth_getBalance(address, "latest")`` for the native
coin in wei, and for each token ``eth_call({"to": token, "data": selector + address}, "latest")``
with ``balanceOf(address)`` (``0x70a08231``) and, only when the balance is not zero,
``decimals()`` (``0x313ce567``). Quantities are hex strings; a result that is not one is an
error, never a zero. A token the node refuses (a contract missing on this chain, a revert) is
left out with a note; an unreachable or rate-limiting node fails the whole read, so the cache
can stand in for it.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.domain import DataUnavailableError

from .balances import ChainBalance, from_units
from .chains import ChainInfo, Token
from .jsonrpc import JsonRpc, RpcRefusedError, malformed

BALANCE_OF = "0x70a08231"
DECIMALS = "0x313ce567"
_QUANTITY = re.compile(r"^0x[0-9a-fA-F]{1,64}$")
_WORD = re.compile(r"^0x[0-9a-fA-F]{64}$")


class EvmReader:
    def __init__(self, chain: ChainInfo, rpc: JsonRpc) -> None:
        self.chain = chain
        self.rpc = rpc

    def read(self, address: str, tokens: tuple[Token, ...]) -> tuple[list[ChainBalance], list[str]]:
        """Balances of ``address`` (native first, then non-zero tokens) and notes."""
        self._check_chain()
        wei = _quantity(
            self.rpc.call("eth_getBalance", [address, "latest"]), self._where("eth_getBalance")
        )
        balances = [ChainBalance(self.chain.native, from_units(wei, self.chain.native_decimals))]
        notes: list[str] = []
        for token in tokens:
            try:
                units = self._word(token, BALANCE_OF + address[2:].lower().rjust(64, "0"))
                if units == 0:
                    continue
                decimals = self._word(token, DECIMALS)
            except RpcRefusedError as exc:
                notes.append(f"{token.symbol} on {self.chain.name} not read: {exc.message}")
                continue
            if decimals > 36:
                notes.append(
                    f"{token.symbol} on {self.chain.name} not read: the contract reports "
                    f"{decimals} decimals, which no real token uses"
                )
                continue
            amount = from_units(units, decimals)
            balances.append(ChainBalance(token.symbol, amount, token.address, token.prices_as))
        return balances, notes

    def _check_chain(self) -> None:
        found = _quantity(self.rpc.call("eth_chainId", []), self._where("eth_chainId"))
        if found != self.chain.chain_id:
            raise DataUnavailableError(
                f"{self.rpc.source} serves chain id {found}, not {self.chain.name} "
                f"({self.chain.chain_id}); no balances were read from it.",
                hint=f"Point evm_rpc_urls.{self.chain.name} at a node of {self.chain.name}.",
            )

    def _word(self, token: Token, data: str) -> int:
        result = self.rpc.call("eth_call", [{"to": token.address, "data": data}, "latest"])
        if isinstance(result, str) and result == "0x":
            raise RpcRefusedError(
                f"{token.address} answered nothing (no contract there on {self.chain.name}?)",
                code=None,
            )
        if not isinstance(result, str) or not _WORD.match(result[:66]) or (len(result) - 2) % 64:
            raise malformed(self.rpc.source, "eth_call", f"{str(result)[:80]!r} for {token.symbol}")
        return int(result[:66], 16)

    def _where(self, method: str) -> tuple[str, str]:
        return self.rpc.source, method


def _quantity(value: Any, where: tuple[str, str]) -> int:
    if not isinstance(value, str) or not _QUANTITY.match(value):
        raise malformed(where[0], where[1], f"{str(value)[:80]!r} is not a hex quantity")
    return int(value, 16)
