"""The adapters one session works with, opened once from settings.

Every use case takes a :class:`Services` so tests can hand in a demo market pinned to a date, an
in-memory journal, or a broker double, without patching anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self

from assistant.config import Settings, load_settings, prepare_home
from assistant.execution.paper import PaperBroker
from assistant.journal import Journal
from assistant.market import open_market
from assistant.market.protocol import MarketData


@dataclass
class Services:
    settings: Settings
    market: MarketData
    journal: Journal
    clock: Clock = field(default_factory=lambda: Clock())

    @classmethod
    def open(cls, settings: Settings | None = None, market: str | None = None) -> Self:
        settings = settings or load_settings()
        prepare_home(settings.home)
        journal = Journal.open(settings.resolved_journal_url)
        opened = open_market(market or settings.market, seed=settings.demo_seed, home=settings.home)
        return cls(settings=settings, market=opened, journal=journal)

    def paper_broker(self) -> PaperBroker:
        """A paper account on this market, its balances replayed from the journal."""
        return PaperBroker(self.market, self.journal.paper_balances(), clock=self.clock.now)

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
