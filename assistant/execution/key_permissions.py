"""What an API key may do, where the exchange says, and refusing keys that could lose money.

CoinPilot trades; it never withdraws. A key that can withdraw turns any leak (a log, a
compromised machine, a bug) into a drained account, so such a key is refused before the first
order, with the reason and how to make a safe one. Binance reports a key's permissions at
``GET /sapi/v1/account/apiRestrictions``: reading and spot trading must be on, withdrawals off;
a key not restricted to the owner's IP addresses is accepted with a note. Exchanges that report
nothing are accepted with a plain note saying so, and so is Binance's testnet, which has no
``sapi`` endpoints (and no real money).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assistant.domain import ConfigError, NotAvailableError

from .ccxt_reads import read
from .order_policy import OrderPolicy

#: Exchanges whose keys' permissions are read from Binance's apiRestrictions endpoint.
BINANCE_LIKE = frozenset({"binance"})

SAFE_KEY = (
    "Create a key with only 'Enable Reading' and 'Enable Spot & Margin Trading' ticked, "
    "restricted to your IP address; CoinPilot never needs withdrawals."
)


class UnsafeKeyError(ConfigError):
    """An exchange key that can withdraw, or cannot read or trade: refused before any order."""

    kind = "unsafe_key"


@dataclass(frozen=True)
class KeyPermissions:
    """What the exchange said about a key; ``None`` where it said nothing."""

    exchange: str
    reported: bool
    can_read: bool | None = None
    can_trade: bool | None = None
    can_withdraw: bool | None = None
    ip_restricted: bool | None = None
    note: str = ""


def check_key(
    client: Any, *, sandbox: bool = False, policy: OrderPolicy | None = None
) -> KeyPermissions:
    """Read the key's permissions where the exchange reports them; refuse an unsafe key."""
    exchange = str(client.id)
    if exchange not in BINANCE_LIKE:
        return KeyPermissions(
            exchange,
            reported=False,
            note=f"{exchange} does not report what an API key may do; make sure yours cannot "
            "withdraw.",
        )
    deadline = (policy or OrderPolicy()).start()
    try:
        raw = read(
            client, deadline, "apiRestrictions", lambda: client.sapi_get_account_apirestrictions()
        )
    except NotAvailableError:
        where = "the Binance testnet" if sandbox else exchange
        return KeyPermissions(
            exchange, reported=False, note=f"{where} does not report what an API key may do."
        )
    permissions = KeyPermissions(
        exchange,
        reported=True,
        can_read=_flag(raw, "enableReading"),
        can_trade=_flag(raw, "enableSpotAndMarginTrading"),
        can_withdraw=_flag(raw, "enableWithdrawals"),
        ip_restricted=_flag(raw, "ipRestrict"),
    )
    _refuse_unsafe(permissions)
    if permissions.ip_restricted is False:
        return replace(permissions, note="the key is not restricted to your IP addresses")
    return permissions


def _flag(raw: Any, name: str) -> bool | None:
    value = raw.get(name) if isinstance(raw, dict) else None
    return value if isinstance(value, bool) else None


def _refuse_unsafe(p: KeyPermissions) -> None:
    if p.can_withdraw is not False:
        said = "can withdraw funds" if p.can_withdraw else "may be able to withdraw (not stated)"
        raise UnsafeKeyError(
            f"This {p.exchange} API key {said}. CoinPilot refuses keys that can withdraw: a "
            "leaked key could then empty the account.",
            hint=SAFE_KEY,
        )
    if p.can_trade is not True:
        raise UnsafeKeyError(
            f"This {p.exchange} API key cannot trade spot, so CoinPilot cannot place orders.",
            hint=SAFE_KEY,
        )
    if p.can_read is not True:
        raise UnsafeKeyError(
            f"This {p.exchange} API key cannot read the account, so CoinPilot cannot check "
            "balances or look orders up.",
            hint=SAFE_KEY,
        )
