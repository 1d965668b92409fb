"""A loopback JSON-RPC node, EVM or Solana, answering in the documented shapes.

EVM (ethereum.org JSON-RPC API): ``eth_chainId`` -> "0x1"; ``eth_getBalance`` -> hex wei;
``eth_call`` with ``balanceOf(address)`` / ``decimals()`` -> one 32-byte hex word, "0x" where no
contract is deployed, and error 3 "execution reverted" where ``revert`` says so. Solana
(solana.com/docs/rpc): ``getBalance`` -> ``{"context": {"slot": n}, "value": lamports}``;
``getTokenAccountsByOwner`` (jsonParsed) -> ``{"context": ..., "value": [{"pubkey", "account":
{"data": {"program": "spl-token", "parsed": {"info": {"mint", "owner", "tokenAmount": {...}},
"type": "account"}, "space": 165}, ...}}]}``. Unknown methods get -32601.

Faults are queued in ``faults``: each is (status, body, headers) sent instead of the next answer,
or a number of seconds to stall before answering (a timeout). A fault body's ``"id": "$id"``
becomes the request's id, so a well-addressed answer can carry a malformed result.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BALANCE_OF = "0x70a08231"
DECIMALS = "0x313ce567"
SPL = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
SPL_2022 = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"

Fault = tuple[int, Any, dict[str, str]] | float


@dataclass
class Node:
    chain_id: int = 1
    wei: dict[str, int] = field(default_factory=dict)  # lower-case address -> wei
    #: contract (lower-case) -> (decimals, {holder lower-case: units})
    erc20: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)
    revert: set[str] = field(default_factory=set)  # contracts whose calls revert
    lamports: dict[str, int] = field(default_factory=dict)
    #: owner -> [(program, mint, units, decimals)]
    spl: dict[str, list[tuple[str, str, int, int]]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    calls: list[tuple[str, list[Any]]] = field(default_factory=list)

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method, params, ident = request["method"], request.get("params", []), request["id"]
        self.calls.append((method, params))
        try:
            result = getattr(self, "_" + method)(*params)
        except AttributeError:
            return _error(ident, -32601, f"the method {method} does not exist/is not available")
        except _RevertError:
            return _error(ident, 3, "execution reverted")
        return {"jsonrpc": "2.0", "id": ident, "result": result}

    # EVM
    def _eth_chainId(self) -> str:
        return hex(self.chain_id)

    def _eth_getBalance(self, address: str, block: str) -> str:
        assert block == "latest"
        return hex(self.wei.get(address.lower(), 0))

    def _eth_call(self, call: dict[str, str], block: str) -> str:
        contract, data = call["to"].lower(), call["data"]
        if contract in self.revert:
            raise _RevertError
        if contract not in self.erc20:
            return "0x"
        decimals, holders = self.erc20[contract]
        if data == DECIMALS:
            return "0x" + f"{decimals:064x}"
        assert data.startswith(BALANCE_OF) and len(data) == 10 + 64
        holder = "0x" + data[-40:]
        return "0x" + f"{holders.get(holder, 0):064x}"

    # Solana
    def _getBalance(self, address: str, config: dict[str, str]) -> dict[str, Any]:
        return {
            "context": {"apiVersion": "2.0.15", "slot": 341197053},
            "value": self.lamports.get(address, 0),
        }

    def _getTokenAccountsByOwner(
        self, owner: str, which: dict[str, str], config: dict[str, str]
    ) -> dict[str, Any]:
        assert config["encoding"] == "jsonParsed"
        accounts = []
        for i, (program, mint, units, decimals) in enumerate(self.spl.get(owner, [])):
            if program != which["programId"]:
                continue
            ui = units / 10**decimals
            info = {
                "isNative": False,
                "mint": mint,
                "owner": owner,
                "state": "initialized",
                "tokenAmount": {
                    "amount": str(units),
                    "decimals": decimals,
                    "uiAmount": ui,
                    "uiAmountString": f"{ui:g}",
                },
            }
            accounts.append(
                {
                    "pubkey": f"Acct{i}",
                    "account": {
                        "data": {
                            "program": "spl-token" if program == SPL else "spl-token-2022",
                            "parsed": {"info": info, "type": "account"},
                            "space": 165,
                        },
                        "executable": False,
                        "lamports": 2039280,
                        "owner": program,
                        "rentEpoch": 18446744073709551615,
                        "space": 165,
                    },
                }
            )
        return {"context": {"apiVersion": "2.0.15", "slot": 341197053}, "value": accounts}

    def methods(self) -> set[str]:
        return {m for m, _ in self.calls}


class _RevertError(Exception):
    pass


def _error(ident: int, code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": message}}


@contextmanager
def serve(node: Node) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length))
            if node.faults:
                fault = node.faults.pop(0)
                if isinstance(fault, float):
                    time.sleep(fault)
                else:
                    node.calls.append((request["method"], request.get("params", [])))
                    status, body, headers = fault
                    if isinstance(body, dict) and body.get("id") == "$id":
                        body = {**body, "id": request["id"]}
                    self._send(status, body, headers)
                    return
            self._send(200, node.answer(request), {})

        def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
