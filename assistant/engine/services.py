"""The adapters one session works with, opened once from settings.

Every use case takes a :class:`Services` so tests can hand in a demo market pinned to a date, an
in-memory journal, or a broker double, without patching anything.

Brokers are a seam in the way httpx's ``Client(transport=...)`` is one. ``Services(...,
broker=double)`` sends and looks up every account's orders through ``double``;
``Services(..., exchange_opener=f)`` opens exchange accounts with ``f(account)`` instead of ccxt
with the account's keys (tests aim them at the fake Binance this way). Left out, a paper account
gets a
:class:`PaperBroker` whose balances are replayed from the journal, so the journal stays the one
source of truth for paper money, and an exchange account gets a ``CcxtBroker`` opened with its
keys from the environment or the OS keyring (:mod:`.brokers`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from assistant.config import Settings, load_settings, prepare_home
from assistant.domain import Account
from assistant.execution.protocol import Broker
from assistant.journal import Journal
from assistant.market import open_market
from assistant.market.protocol import MarketData

if TYPE_CHECKING:
    from assistant.execution.key_permissions import KeyPermissions
    from assistant.execution.protocol import LiveBroker

log = logging.getLogger(__name__)

#: Opens an exchange account: its broker, and what the exchange says its key may do.
ExchangeOpener = Callable[[Account], "tuple[LiveBroker, KeyPermissions]"]


@dataclass
class Services:
    settings: Settings
    market: MarketData
    journal: Journal
    clock: Clock = field(default_factory=lambda: Clock())
    #: The broker every account's orders go through; None: each account's own (see the module).
    broker: Broker | None = None
    #: Opens an exchange account; None: ccxt with the account's keys (``open_ccxt_broker``).
    exchange_opener: ExchangeOpener | None = None
    #: Brokers and markets opened for exchange accounts, kept for the session (by account name).
    opened: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, settings: Settings | None = None, market: str | None = None) -> Self:
        """Open the journal and the market, then settle what an earlier run left unfinished.

        An execution that stopped part-way (a crash, a full disk) left orders without results
        or a plan started and not finished; on a paper account it is resolved here before
        anything else can trade (:func:`~assistant.engine.recovery.settle_paper_accounts`). An
        exchange account's is resolved by the next ``confirm`` or ``resume``, which may need
        its keys and the network.
        """
        from .brokers import register_known_secrets
        from .recovery import settle_paper_accounts  # recovery takes a Services: import late

        settings = settings or load_settings()
        prepare_home(settings.home)
        journal = Journal.open(settings.resolved_journal_url)
        try:
            opened = open_market(
                market or settings.market, seed=settings.demo_seed, home=settings.home
            )
        except BaseException:
            journal.close()
            raise
        services = cls(settings=settings, market=opened, journal=journal)
        try:
            register_known_secrets(services)
            settle_paper_accounts(services)
        except BaseException:
            services.close()
            raise
        return services

    def close(self) -> None:
        self.journal.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Clock:
    """Wall time, replaceable in tests (plans expire by it)."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self.fixed = fixed

    def now(self) -> datetime:
        return self.fixed or datetime.now(UTC)
