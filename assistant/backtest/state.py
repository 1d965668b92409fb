"""The mutable state of one backtest run, and the small helpers every part of the loop uses.

``simulate`` (the day loop and its scans) and ``actions`` (what happens on an action day) both
work on one :class:`LoopState`; keeping it in one place keeps the two honest about what they
share. Nothing here decides anything: it holds the book, the targets and the records.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.domain import CoinPilotError, Contributions, Rebalance
from assistant.policy import AccountView, contribution_due
from assistant.policy.risk import RiskEvent, RiskLimits, RiskRule

from .costs import Costs
from .panel import Panel, day_label, pydatetimes
from .policy import TargetPolicy
from .records import RebalanceRecord, construct_records
from .trading import Book, Fill

__all__ = ["BacktestCancelledError", "LoopState", "SimRun", "SimSettings"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class BacktestCancelledError(CoinPilotError):
    """The caller's ``cancel`` callback asked the backtest to stop; nothing was kept."""

    kind = "cancelled"


@dataclass(frozen=True)
class SimSettings:
    """How the day loop trades: the rebalance rule (None: buy and hold), risk, costs, capital."""

    rule: Rebalance | None
    risk: RiskLimits
    costs: Costs
    capital: float
    quote: str
    min_history: int
    refit_every: int | None = None
    #: the spec's recurring contribution, or None
    contribution: Contributions | None = None


@dataclass
class SimRun:
    """Arrays for rows ``start..end`` of the panel, and what happened on the way."""

    equity: Floats
    weights: Floats  # assets, then cash
    rebalances: list[RebalanceRecord] = field(default_factory=list)
    #: the panel rows of ``rebalances``, in order (the metrics need rows, the records hold dates)
    rebalance_days: list[int] = field(default_factory=list)
    events: list[RiskEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fees: float = 0.0
    slippage: float = 0.0
    #: money contributed on each row (absolute panel rows), in order; empty without a plan
    flows: dict[int, float] = field(default_factory=dict)
    #: the fees of the positions a risk exit or a delisting closed, by row: trades that are
    #: no rebalance (so not in ``rebalances``) and that a replay must match day for day
    exit_fees: dict[int, float] = field(default_factory=dict)


class LoopState:
    """Book, targets, clocks and records of one run; rows are absolute panel rows."""

    def __init__(self, panel: Panel, policy: TargetPolicy, settings: SimSettings) -> None:
        self.panel, self.policy, self.cfg = panel, policy, settings
        n, end = len(panel.assets), panel.end
        self.n = n
        self.priced = panel.priced
        self.equity = np.full(end + 1, settings.capital)
        #: every row is written once: all cash before the first action day
        #: (:meth:`cash_until`), by the scans from it on; not zeroed first, which would write
        #: the whole table twice (half a megabyte for 3000 days of 20 assets)
        self.weights = np.empty((end + 1, n + 1))
        self.book = Book(np.zeros(n), float(settings.capital), np.zeros(n))
        self.targets: Floats | None = None
        self.fitted = np.zeros(n, dtype=bool)
        self.joins = panel.first + settings.min_history
        #: the days on which some asset's eligibility changes (it joins, or its last close is
        #: two days past): between two of them ``eligible`` is one array, computed once
        turns = {*self.joins.tolist(), *(panel.last + 2).tolist()}  # np.unique: 3x the time
        self._turns = np.array(sorted(turns), dtype=np.intp)
        self._eligible: tuple[int, int, Bools] | None = None
        #: assets listed long enough to join at some point, and assets delisted before the end
        self.joinable = self.joins <= panel.last + 1
        self.delists = panel.last < panel.end
        self.any_delists = bool(self.delists.any())
        #: rows the next scan looks at first (``simulate`` sizes it from the last segment)
        self.block = 32
        self.last_rebalance = -1
        self.last_refit = -1
        self.high_water = float(settings.capital)
        self.halted_until: int | None = None
        #: the row of the last contribution, or of the start (-1: not started)
        self.last_contribution = -1
        self.out = SimRun(np.empty(0), np.empty((0, n + 1)))
        self.idle_drift_days = 0
        self.refusals: dict[str, list[str]] = {}
        self._aims: tuple[Floats, Floats] | None = None
        self._rebalanced: list[tuple[int, dict[str, Any]]] = []
        self._items: tuple[Floats, list[tuple[str, float]]] | None = None
        self._waiting: tuple[Bools, Bools | None] | None = None

    def cash_until(self, row: int) -> None:
        """Rows before ``row`` hold only cash: no asset weight, the cash's weight 1."""
        self.weights[:row, :-1] = 0.0
        self.weights[:row, -1] = 1.0

    def aims(self) -> Floats:
        """The targets with the cash target appended (``1 - sum``), as the weights carry cash.

        Kept while ``targets`` is the same array: every change assigns a new one."""
        targets = self.targets
        assert targets is not None
        if self._aims is None or self._aims[0] is not targets:
            self._aims = (targets, np.concatenate((targets, (1.0 - targets.sum(),))))
        return self._aims[1]

    def target_items(self) -> list[tuple[str, float]]:
        """The record's view of the targets: each asset aimed at above zero, then the cash
        under the quote symbol. Kept while ``targets`` is the same array."""
        targets = self.targets
        assert targets is not None
        if self._items is None or self._items[0] is not targets:
            items = [(a, w) for a, w in zip(self.panel.assets, targets.tolist(), strict=True)]
            items = [(a, w) for a, w in items if w > 0.0]
            items.append((self.cfg.quote, float(1.0 - targets.sum())))
            self._items = (targets, items)
        return self._items[1]

    def waiting(self) -> Bools | None:
        """Assets that will be listed long enough to join but are not in the fitted universe
        (None when there are none). Kept while ``fitted`` is the same array."""
        if self._waiting is None or self._waiting[0] is not self.fitted:
            waiting = self.joinable & ~self.fitted
            self._waiting = (self.fitted, waiting if waiting.any() else None)
        return self._waiting[1]

    def rebalanced(self, day: int, fields: dict[str, Any]) -> None:
        """Note a rebalance on ``day``; :meth:`records` builds the records when the run ends,
        converting all their dates in one go."""
        self._rebalanced.append((day, fields))

    def rebalance_days(self) -> list[int]:
        """The rows of the rebalances noted so far, in order."""
        return [day for day, _ in self._rebalanced]

    def records(self) -> list[RebalanceRecord]:
        if not self._rebalanced:
            return []
        stamps = pydatetimes(self.panel.dates, [day for day, _ in self._rebalanced])
        return construct_records(
            {"date": stamp, **fields}
            for stamp, (_, fields) in zip(stamps, self._rebalanced, strict=True)
        )

    def eligible(self, day: int) -> Bools:
        """Assets with ``min_history`` closes before ``day`` and a close on ``day - 1``.

        Read-only and the same array for every day between two turns, so callers may tell an
        unchanged universe by identity (``is``)."""
        kept = self._eligible
        if kept is not None and kept[0] <= day < kept[1]:
            return kept[2]
        at = int(np.searchsorted(self._turns, day, side="right"))
        since = int(self._turns[at - 1]) if at else day
        until = int(self._turns[at]) if at < len(self._turns) else sys.maxsize
        mask = np.asarray((self.joins <= day) & (self.panel.last >= day - 1), dtype=bool)
        mask.flags.writeable = False
        self._eligible = (since, until, mask)
        return mask

    def equity_before(self, row: int) -> float:
        """The equity the day of ``row`` started from: the close before, plus any money
        contributed that day (a contribution is not a gain)."""
        before = float(self.equity[row - 1]) if row > self.panel.start else self.cfg.capital
        flows = self.out.flows
        return before + flows[row] if flows and row in flows else before

    def contribution_due(self, day: int) -> float:
        """The money that arrives on ``day`` (0 when none): the schedule starts on the first
        action day and adds ``amount`` every ``every_days`` days after it."""
        plan = self.cfg.contribution
        if plan is None:
            return 0.0
        if self.last_contribution < 0:
            self.last_contribution = day
            return 0.0
        return contribution_due(plan, day - self.last_contribution)

    def contribute(self, day: int, amount: float) -> None:
        """Add ``amount`` of cash on ``day``; the high-water mark grows in proportion, so the
        drawdown rule measures falls in the strategy's returns, not in the money put in."""
        value = self.book.value(self.panel.price[day])
        if value > 0.0:
            self.high_water *= (value + amount) / value
        self.book.cash += amount
        self.out.flows[day] = self.out.flows.get(day, 0.0) + amount
        self.last_contribution = day

    def next_contribution(self) -> int | None:
        plan = self.cfg.contribution
        if plan is None or self.last_contribution < 0:
            return None
        return self.last_contribution + plan.every_days

    def view(self, day: int, contribution: float) -> AccountView:
        """The account at the close of ``day - 1``, as the one policy sees it."""
        seen, p = day - 1, self.panel
        halted = self.halted_until is not None
        targets = self.targets
        return AccountView(
            assets=p.assets,
            quote=self.cfg.quote,
            prices=p.price[seen],
            units=self.book.units,
            entry=self.book.entry,
            tradable=p.tradable[day],
            equity=float(self.equity[seen]),
            equity_before=self.equity_before(seen) if seen >= p.start else None,
            high_water=self.high_water,
            seen=_Label(self, seen),
            weights=None if targets is None else self.weights[seen],
            aims=None if targets is None else self.aims(),
            days_since_rebalance=day - self.last_rebalance,
            halted=halted,
            cooldown_over=halted and day >= (self.halted_until or 0),
            contribution=contribution,
        )

    def book_fill(self, fill: Fill) -> None:
        self.out.fees += fill.fees
        self.out.slippage += fill.slippage

    def exit_fill(self, day: int, fill: Fill) -> None:
        """Book a risk exit's (or a delisting's) sells, noting their fees on ``day``."""
        self.book_fill(fill)
        if fill.orders:
            fees = self.out.exit_fees
            fees[day] = fees.get(day, 0.0) + fill.fees

    def volume(self, day: int) -> Floats | None:
        volume = self.panel.quote_volume
        return None if volume is None else volume[day]

    def event(self, day: int, rule: RiskRule, asset: str | None, reason: str) -> None:
        date = self.panel.dates[day].to_pydatetime()
        self.out.events.append(RiskEvent(date=date, rule=rule, asset=asset, reason=reason))

    def label(self, row: int) -> str:
        return day_label(self.panel.dates[row])


class _Label(str):
    """A row's date label, formatted only when a sentence uses it (most decisions use none:
    formatting a date costs about as much as the rest of a quiet action day)."""

    _state: LoopState
    _row: int

    def __new__(cls, state: LoopState, row: int) -> _Label:
        label = super().__new__(cls, "")
        label._state, label._row = state, row
        return label

    def __str__(self) -> str:
        return str(self._state.label(self._row))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)
