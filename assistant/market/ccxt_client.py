"""Building a ccxt client for public market data, with rate limiting on and keys kept out of sight.

Public data needs no key. If a person later configures one, it comes from the environment
(``COINPILOT_<EXCHANGE>_API_KEY``, ``..._API_SECRET``, ``..._API_PASSWORD``) and goes straight into
the client: this module never logs, prints or returns it. Unknown exchange ids are refused with the
closest ccxt ids as suggestions; nothing here talks to the network.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from typing import Any

import ccxt

from assistant.domain import NotAvailableError

#: How long one HTTP request may take before ccxt raises RequestTimeout, in milliseconds.
DEFAULT_TIMEOUT_MS = 10_000

#: Per-exchange options that keep public loading lean: Binance would otherwise also load its
#: futures markets (two more endpoints) that a spot portfolio never uses.
_SPOT_ONLY_OPTIONS: Mapping[str, Mapping[str, Any]] = {
    "binance": {"fetchMarkets": {"types": ["spot"]}, "fetchCurrencies": False},
    "binanceus": {"fetchMarkets": {"types": ["spot"]}, "fetchCurrencies": False},
    "bybit": {"fetchMarkets": {"types": ["spot"]}},
    "okx": {"fetchMarkets": {"types": ["spot"]}},
}

_CREDENTIAL_FIELDS = {"API_KEY": "apiKey", "API_SECRET": "secret", "API_PASSWORD": "password"}


def exchange_ids() -> list[str]:
    """Every exchange id this ccxt knows (``binance``, ``kraken``, ``coinbase``...)."""
    return list(ccxt.exchanges)


def check_exchange_id(exchange_id: str) -> str:
    """The lower-cased id if ccxt has it, else a :class:`NotAvailableError` with suggestions."""
    name = exchange_id.strip().lower()
    known = exchange_ids()
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = (
        "Did you mean " + " or ".join(close) + "?"
        if close
        else "Run `python -c 'import ccxt; print(ccxt.exchanges)'` to list supported exchanges."
    )
    raise NotAvailableError(f"'{exchange_id}' is not an exchange ccxt supports.", hint=hint)


def credentials_from_env(exchange_id: str, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Keys for ``exchange_id`` found in the environment (empty for public data)."""
    env = os.environ if env is None else env
    prefix = f"COINPILOT_{exchange_id.upper()}_"
    return {
        field: env[prefix + suffix]
        for suffix, field in _CREDENTIAL_FIELDS.items()
        if env.get(prefix + suffix)
    }


def make_client(
    exchange_id: str,
    *,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    options: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Any:
    """A ccxt client with its own rate limiter on; never touches the network by itself."""
    name = check_exchange_id(exchange_id)
    merged = dict(_SPOT_ONLY_OPTIONS.get(name, {}))
    merged.update(options or {})
    config: dict[str, Any] = {
        "enableRateLimit": True,
        "timeout": timeout_ms,
        "options": merged,
        **credentials_from_env(name, env),
    }
    return getattr(ccxt, name)(config)
