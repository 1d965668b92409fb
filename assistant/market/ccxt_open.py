"""Opening ``ccxt:<exchange>``: a live CcxtMarket behind the local cache in the data directory.

This is the one function the market selector needs (``open_market("ccxt:binance")``). It builds
nothing until asked, touches the network only when data is requested, and never needs a key.
"""

from __future__ import annotations

from pathlib import Path

from .cache_io import cache_root
from .cache_market import CachedMarket
from .ccxt_client import DEFAULT_TIMEOUT_MS, make_client
from .ccxt_market import CcxtMarket

PREFIX = "ccxt:"

__all__ = ["PREFIX", "cache_root", "open_ccxt_market"]


def open_ccxt_market(
    spec: str, home: Path, *, timeout_ms: int = DEFAULT_TIMEOUT_MS
) -> CachedMarket:
    """``binance`` or ``ccxt:binance`` as a cached live market (unknown id: NotAvailableError)."""
    exchange_id = spec.removeprefix(PREFIX)
    live = CcxtMarket(exchange_id, client=make_client(exchange_id, timeout_ms=timeout_ms))
    return CachedMarket(live, cache_root(home))
