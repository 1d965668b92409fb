"""Opening a live exchange account: keys, testnet switch, permission check, then the broker.

``open_ccxt_broker("binance", account="binance-main", sandbox=True)`` loads the account's keys
(:mod:`.credentials`), builds a ccxt client with them, points it at the exchange's testnet when
``sandbox`` is set (ccxt ``set_sandbox_mode``; the broker's name then says ``TESTNET``), refuses a
key that can withdraw (:mod:`.key_permissions`) and returns the broker. The testnet is this one
setting and nothing else: same code, same checks, other URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ccxt

from assistant.domain import NotAvailableError
from assistant.market.ccxt_client import DEFAULT_TIMEOUT_MS, make_client

from .ccxt_broker import CcxtBroker
from .credentials import load_credentials
from .key_permissions import KeyPermissions, check_key
from .order_policy import OrderPolicy

#: Client options for trading: Binance would otherwise also load margin pairs with a keyed
#: client (two signed requests a spot account never needs).
BROKER_OPTIONS: Mapping[str, Mapping[str, Any]] = {"binance": {"fetchMargins": False}}


def open_ccxt_broker(
    exchange_id: str,
    *,
    account: str | None = None,
    sandbox: bool = False,
    policy: OrderPolicy | None = None,
    env: Mapping[str, str] | None = None,
    keyring_backend: Any | None = None,
    client: Any | None = None,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
) -> tuple[CcxtBroker, KeyPermissions]:
    """The broker for ``account`` (default: the exchange id) and what its key may do.

    ``client`` replaces the ccxt client built here (tests pass one aimed at a fake exchange); the
    account's keys are set on it either way.
    """
    name = account or exchange_id
    credentials = load_credentials(name, env=env, keyring_backend=keyring_backend)
    if client is None:
        options = BROKER_OPTIONS.get(exchange_id.strip().lower(), {})
        client = make_client(exchange_id, timeout_ms=timeout_ms, options=options, env={})
    for field, value in credentials.ccxt_config().items():
        setattr(client, field, value)
    if sandbox:
        try:
            client.set_sandbox_mode(True)
        except ccxt.NotSupported:
            raise NotAvailableError(
                f"{client.id} has no testnet that ccxt can reach.",
                hint="Turn the sandbox setting off only if you mean to trade real money.",
            ) from None
    broker = CcxtBroker(client, account=name, sandbox=sandbox, policy=policy)
    return broker, check_key(client, sandbox=sandbox, policy=policy)
