"""Reading one wallet: from its chain's JSON-RPC node (cached), or SIMULATED offline.

``rpc`` asks the node and writes what it answered to ``<cache>/wallets/<chain>-<address>.json``.
When the node cannot be read (down, timing out, rate-limiting, answering nonsense) the cached
balances are served with their age and the reason, like the on-chain cache; with nothing cached
the error goes up. A cached read is never presented as a fresh one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from assistant.domain import DataError, DataUnavailableError

from ..cache_io import atomic_write_bytes, safe_component
from ..freshness import age
from ..http_json import HttpPolicy
from .balances import ChainBalance, WalletRead
from .chains import CHAIN_INFO, Token
from .evm import EvmReader
from .jsonrpc import JsonRpc
from .simulated import LABEL, simulated_balances
from .solana import SolanaReader


def read_wallet(
    chain: str,
    address: str,
    *,
    source: str,
    cache_root: Path,
    rpc_url: str,
    tokens: tuple[Token, ...],
    policy: HttpPolicy | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> WalletRead:
    if source == "simulated":
        return WalletRead(
            chain, address, simulated_balances(chain, address), "simulated", LABEL, None, True
        )
    info = CHAIN_INFO[chain]
    rpc = JsonRpc(rpc_url, f"{chain} JSON-RPC ({_host(rpc_url)})", policy)
    reader = EvmReader(info, rpc) if info.kind == "evm" else SolanaReader(info, rpc)
    path = cache_root / "wallets" / f"{chain}-{safe_component(address)}.json"
    try:
        balances, notes = reader.read(address, tokens)
    except DataUnavailableError as exc:
        cached = _load(path)
        if cached is None:
            raise
        fetched_at, balances, notes = cached
        stale = f"balances cached {age(now(), fetched_at)} ago ({exc.message})"
        return WalletRead(
            chain,
            address,
            balances,
            "rpc",
            f"{rpc.source}, CACHED: {stale}",
            fetched_at,
            stale=stale,
            notes=notes,
        )
    fetched_at = now()
    _save(path, fetched_at, balances, notes)
    label = f"{rpc.source}, read {fetched_at:%Y-%m-%d %H:%M} UTC"
    return WalletRead(chain, address, balances, "rpc", label, fetched_at, notes=notes)


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).netloc or url


def _save(path: Path, at: datetime, balances: list[ChainBalance], notes: list[str]) -> None:
    rows = [
        {"asset": b.asset, "amount": str(b.amount), "token": b.token, "prices_as": b.prices_as}
        for b in balances
    ]
    info = {"fetched_at": at.isoformat(), "balances": rows, "notes": notes}
    atomic_write_bytes(path, json.dumps(info, sort_keys=True).encode())


def _load(path: Path) -> tuple[datetime, list[ChainBalance], list[str]] | None:
    if not path.exists():
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        at = datetime.fromisoformat(str(info["fetched_at"]))
        balances = [
            ChainBalance(
                str(r["asset"]),
                Decimal(str(r["amount"])),
                None if r.get("token") is None else str(r["token"]),
                None if r.get("prices_as") is None else str(r["prices_as"]),
            )
            for r in info["balances"]
        ]
        notes = [str(n) for n in info.get("notes", [])]
    except (OSError, ValueError, KeyError, TypeError, InvalidOperation) as exc:
        raise DataError(
            f"The cached wallet balances {path} are damaged ({exc}).",
            hint="Delete the file; the balances are read from the chain again.",
        ) from None
    return at, balances, notes
