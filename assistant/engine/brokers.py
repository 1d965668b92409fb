"""Which broker and which market an account trades through, and what it holds right now.

A paper account's broker is a :class:`PaperBroker` replayed from the journal each time it is
opened, on the session's market. An exchange account's is a ``CcxtBroker`` opened once per
session with its keys (environment or OS keyring), refused if its key can withdraw; its market is
the exchange's own public data (``ccxt:<exchange>``), so previews use the exchange's prices and
rules. ccxt is imported only when an exchange account is used. Balances are the journal's for a
paper account and the exchange's (free balances) for an exchange account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from assistant.domain import Account, ConfigError
from assistant.domain.secrets import SECRETS
from assistant.execution.paper import PaperBroker
from assistant.execution.protocol import Broker, LiveBroker
from assistant.execution.redaction import install_log_redaction
from assistant.market import open_market
from assistant.market.protocol import MarketData

from .services import Services

if TYPE_CHECKING:
    from assistant.execution.key_permissions import KeyPermissions


def open_broker(services: Services, account: Account) -> Broker:
    """The broker ``account``'s orders go through (see the module docstring)."""
    if services.broker is not None:
        return services.broker
    if not account.is_exchange:
        market = market_for(services, account)
        return PaperBroker(
            market, services.journal.balances(account.name), clock=services.clock.now
        )
    return open_exchange(services, account)[0]


def open_exchange(services: Services, account: Account) -> tuple[LiveBroker, KeyPermissions]:
    """An exchange account's broker and key permissions, opened once per session."""
    key = f"exchange:{account.name}"
    if key not in services.opened:
        opener = services.exchange_opener or _open_with_ccxt
        services.opened[key] = opener(account)
    found: tuple[LiveBroker, KeyPermissions] = services.opened[key]
    return found


def market_for(services: Services, account: Account) -> MarketData:
    """The market ``account`` is planned and valued on: the session's for a paper account, the
    exchange's own public data for an exchange account."""
    if not account.is_exchange:
        return services.market
    name = f"ccxt:{account.exchange}"
    if services.market.name == name:
        return services.market
    key = f"market:{name}"
    if key not in services.opened:
        services.opened[key] = open_market(name, home=services.settings.home)
    market: MarketData = services.opened[key]
    return market


def balances_now(
    services: Services, account: Account, broker: Broker | None = None
) -> dict[str, Decimal]:
    """What ``account`` holds now, assets at zero left out."""
    if not account.is_exchange:
        return services.journal.balances(account.name)
    held = (broker or open_broker(services, account)).balances()
    return {asset: amount for asset, amount in held.items() if amount != 0}


def register_known_secrets(services: Services) -> None:
    """Register every key this session could see (the LLM key, each exchange account's keys
    from the environment or keyring) with the shared redaction, and redact every log record."""
    install_log_redaction()
    llm = services.settings.llm_key()
    if llm is not None:
        SECRETS.add(llm.get_secret_value())
    from assistant.execution.credentials import load_credentials

    for account in services.journal.accounts():
        if not account.is_exchange:
            continue
        try:
            found = load_credentials(account.name)
        except ConfigError:
            continue  # no key configured: nothing to hide; opening the account will say so
        SECRETS.add(*found.ccxt_config().values())


def _open_with_ccxt(account: Account) -> tuple[LiveBroker, KeyPermissions]:
    from assistant.execution.ccxt_open import open_ccxt_broker  # ccxt only when it is used

    assert account.exchange is not None
    return open_ccxt_broker(account.exchange, account=account.name, sandbox=account.sandbox)
