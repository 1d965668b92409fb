"""One JSON-RPC 2.0 call over :func:`~assistant.market.http_json.request_json`. Read methods only.

The request is ``{"jsonrpc": "2.0", "id": n, "method": ..., "params": [...]}`` POSTed as JSON;
the answer is ``{"jsonrpc": "2.0", "id": n, "result": ...}`` or ``{"..., "error": {"code": int,
"message": str}}`` (jsonrpc.org/specification). Nodes signal overload two ways: HTTP 429 (handled
by ``request_json``: a short ``Retry-After`` is waited out) or an error object inside an HTTP 200
(-32005 "limit exceeded" on EVM nodes, or a message that says "rate limit"), which becomes the
same :class:`SourceRateLimitedError`. An answer without a result, with another id, or not JSON
at all is a :class:`DataUnavailableError` that names the node and the method: never a zero balance.

Only the methods in :data:`READ_METHODS` can be sent: a wallet is read, never signed for.
"""

from __future__ import annotations

import itertools
from typing import Any

from assistant.domain import DataUnavailableError

from ..http_json import HttpPolicy, SourceRateLimitedError, request_json

#: Every method CoinPilot may call on a node. Nothing that sends, signs or changes state.
READ_METHODS = frozenset(
    {"eth_chainId", "eth_getBalance", "eth_call", "getBalance", "getTokenAccountsByOwner"}
)
_RATE_LIMIT_CODES = {-32005, 429}
_ids = itertools.count(1)


class RpcRefusedError(DataUnavailableError):
    """The node answered with a JSON-RPC error object (not a rate limit): it refused this call."""

    def __init__(self, message: str, *, code: object, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code


class JsonRpc:
    """Calls on one node URL, named ``source`` in every message (e.g. "base JSON-RPC")."""

    def __init__(self, url: str, source: str, policy: HttpPolicy | None = None) -> None:
        self.url = url
        self.source = source
        self.policy = policy or HttpPolicy(timeout=10.0, max_bytes=5_000_000)

    def call(self, method: str, params: list[Any]) -> Any:
        if method not in READ_METHODS:
            raise AssertionError(f"{method} is not a read-only method")
        ident = next(_ids)
        body = {"jsonrpc": "2.0", "id": ident, "method": method, "params": params}
        answer = request_json(self.url, source=self.source, body=body, policy=self.policy)
        data = answer.data
        error = data.get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            code, message = error.get("code"), str(error.get("message", ""))[:200]
            if code in _RATE_LIMIT_CODES or "rate limit" in message.lower():
                raise SourceRateLimitedError(
                    f"{self.source} is rate-limiting us ({method}: {code} {message}).",
                    retry_after=None,
                    hint="Try again later, or set your own RPC URL; cached balances are shown.",
                )
            raise RpcRefusedError(
                f"{self.source} refused {method} (error {code}: {message}).",
                code=code,
                hint="Check the RPC URL setting for this chain; cached balances are shown.",
            )
        if answer.status != 200:
            raise DataUnavailableError(
                f"{self.source} answered HTTP {answer.status} to {method}.",
                hint="Check the RPC URL setting for this chain; cached balances are shown.",
            )
        if not isinstance(data, dict) or "result" not in data or data.get("id") != ident:
            raise DataUnavailableError(
                f"{self.source} sent a malformed answer to {method} (no JSON-RPC result for "
                "our request).",
                hint="The URL may not be a JSON-RPC node of this chain; check the setting.",
            )
        return data["result"]


def malformed(source: str, method: str, what: str) -> DataUnavailableError:
    """The error for a result of the wrong shape (each reader checks its own)."""
    return DataUnavailableError(
        f"{source} sent a malformed {method} result ({what}).",
        hint="The URL may not be a JSON-RPC node of this chain; check the setting.",
    )
