"""The adapters one session works with, opened once from settings.

Every use case takes a :class:`Services` so tests can hand in a demo market pinned to a date, an
in-memory journal, or a broker double, without patching anything.

The broker is a seam in the way httpx's ``Client(transport=...)`` is one: ``Services(...,
broker=double)`` makes :func:`~assistant.engine.execute_plan` and
:func:`~assistant.engine.reconcile_intents` send and look up orders through ``double``. Left out,
each use gets a :class:`PaperBroker` whose balances are replayed from the journal, so the journal
stays the one source of truth for the paper account. The account's balances that plans and the
confirmation gate check are the journal's paper balances either way: a broker for a real account
arrives with live trading, which is not built.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Self

from assistant.config import Settings, load_settings, prepare_home
from assistant.execution.paper import PaperBroker
from assistant.execution.protocol import Broker
from assistant.journal import Journal
from assistant.market import open_market
from assistant.market.factory import is_demo
from assistant.market.protocol import MarketData

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    market: MarketData
    journal: Journal
    clock: Clock = field(default_factory=lambda: Clock())
    #: The broker orders go through; None means a paper account replayed from the journal.
    broker: Broker | None = None

    @classmethod
    def open(cls, settings: Settings | None = None, market: str | None = None) -> Self:
        """Open the journal and the market, then settle orders a previous run left unresolved.

        An order intent without a result means a run stopped between journaling an order and
        recording what the venue did with it; it is resolved against the broker before anything
        else can trade (:func:`~assistant.engine.reconcile_intents`), and the outcome is
        journaled as that order's result.
        """
        from .reconcile import reconcile_intents  # reconcile takes a Services: import it late

        settings = settings or load_settings()
        prepare_home(settings.home)
        journal = Journal.open(settings.resolved_journal_url)
        try:
            name = market or settings.market
            # The demo's clock may have been moved (journaled); real markets keep real time.
            offset = journal.demo_offset() if is_demo(name) else None
            clock = Clock(offset=offset)
            as_of = clock.now() if offset else None
            opened = open_market(name, seed=settings.demo_seed, as_of=as_of, home=settings.home)
        except BaseException:
            journal.close()
            raise
        services = cls(settings=settings, market=opened, journal=journal, clock=clock)
        try:
            for result in reconcile_intents(services):
                log.warning(
                    "order %s left unresolved by an earlier run: recorded as %s (%s)",
                    result.client_order_id,
                    result.status,
                    result.message,
                )
        except BaseException:
            services.close()
            raise
        return services

    def open_broker(self) -> Broker:
        """The injected broker, or a paper account on this market replayed from the journal."""
        if self.broker is not None:
            return self.broker
        return PaperBroker(self.market, self.journal.paper_balances(), clock=self.clock.now)

    def close(self) -> None:
        self.journal.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Clock:
    """Wall time, replaceable in tests (plans expire by it), plus the demo clock's lead.

    ``offset`` is how far the demo market's clock has been moved ahead (``coinpilot demo
    --advance``, the app's running clock; journaled, see :mod:`assistant.engine.demo_clock`).
    On the demo market plans, triggers and the watcher all see the moved time.
    """

    def __init__(self, fixed: datetime | None = None, offset: timedelta | None = None) -> None:
        self.fixed = fixed
        self.offset = offset or timedelta(0)

    def now(self) -> datetime:
        return (self.fixed or datetime.now(UTC)) + self.offset
