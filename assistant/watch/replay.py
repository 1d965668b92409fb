"""replay_spec: run the watcher over history, day by day, on the paper broker; then compare.

This is the check that a backtest tests what would trade. Each day of ``start..end`` the
services' clock is fixed at that day's close and the market is a :class:`ReplayMarket` frozen
there (candles up to the day before, the order book at the day's close, the backtest's cost
model), so the watcher decides on what the backtester decides on and fills where it fills. The
first day plans and executes the first allocation (what a person does with ``plan`` and
``confirm``); every later day is one :func:`~assistant.watch.check.check_strategy` with
auto-execution on and no cap, through the engine's plan, confirmation gate and paper broker,
all written to a private in-memory journal (the person's journal is never touched).

:func:`compare_with_backtest` then sets the replay beside ``backtest_spec`` on the same closes,
volumes and costs: trade days, fees and equity, each difference measured, none hidden.

**What agrees.** The decisions: the same one policy decides on the same closes, so the trade
days (first allocation, calendar, drift) are the backtest's. And the fills: the replay market
serves the backtest's model book as a model (``OrderBook.model``), which the planner and the
paper broker walk with the function the backtest fills with (``domain/model_book.py``: the
impact, a buy's cost, the buys that fit), and neither side rounds a simulated quote amount. So
every holding at every close, each trade day's fees and the equity agree to 1e-9 relative
(:meth:`Parity.within`, asserted in ``tests/replay``). What is left is arithmetic: the planner
computes in Decimal and rounds quantities to the replay market's step of 1e-15, the backtest
computes in float64. Measured on nine windows of the shipped history and the demo
(calendar, drift, a turnover cap, 300 to 1,000,000 USDT): a day's fees within 5e-12 relative,
each holding within 3e-13 of equity, equity within 2e-13.

**Risk exits and contributions.** An exit's plan sells the share of each named position the
backtest sells and nothing else (``planner.draft_sells``); the high-water mark is rebuilt from
the decisions' fills as the backtester keeps it; the backtest's exit days count as trade days
here (``BacktestResult.exit_fees``). The person's recurring deposit is part of the scenario the
backtest models, so a replay credits it on its due day (:func:`_contribute`, a journal deposit
of kind ``contribution``) and the watcher's buy-only plan executes; watching a real account
never invents a deposit. Measured (``tests/replay/test_replay_exits.py``): the same trade days,
fees within 7e-12 relative, holdings and equity within 1e-13, the money-weighted returns equal
to 1e-9, also for a drawdown halt with contributions arriving during its cooldown.

**Known to differ.** A risk exit of a position worth less than the minimum order: the backtest
sells it (an exit has no minimum), a plan cannot send it. A high-water mark set more than the
spec's ``lookback_days`` before a decision, between two trades: the rebuild values only the
closes the decision reads (each trade day's value after its fills is kept, whatever its age).
After a partial take-profit the rest counts as bought at the day's close in the backtest and at
the sale's average price (the close less its impact) in the journal: a next take-profit or
stop-loss within that impact of its level could fire a day apart (not seen in the windows
measured).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd

from assistant.backtest import BacktestResult
from assistant.backtest.costs import Costs
from assistant.backtest.flows import money_weighted_return
from assistant.domain import CoinPilotError, StrategySpec, UserInputError
from assistant.domain.watch import CheckRecord, WatchSettings
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.engine.backtesting import backtest_spec, spec_history
from assistant.engine.replay_market import ReplayMarket
from assistant.journal import Journal
from assistant.policy import contribution_due

from .check import check_strategy

#: The ticker a replayed round observes is the previous close, a day old at the round's clock.
MAX_AGE = timedelta(hours=48)
#: No cap: a replay is the strategy itself, not a person's limits on it.
NO_CAP = Decimal("1e15")
#: The bar for "the same fills" (issue 11): every holding, each day's fees, the equity, relative.
SAME_FILLS = 1e-9


@dataclass(frozen=True)
class ReplayFill:
    day: pd.Timestamp
    asset: str
    side: str
    quantity: Decimal
    cost: Decimal
    fee: Decimal


@dataclass
class ReplayResult:
    name: str
    equity: pd.Series
    fills: list[ReplayFill] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)
    #: each holding's value at each day's close, in quote (the quote's column is the cash)
    holdings: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the recurring contributions credited, by day (the capital is the first day's)
    flows: dict[pd.Timestamp, float] = field(default_factory=dict)
    capital: float = 0.0

    def money_weighted_return(self) -> float | None:
        """The yearly money-weighted return, computed as a backtest's (``backtest/flows.py``):
        the capital put in before the first day, each contribution on its day."""
        if not self.flows or self.equity.empty:
            return None
        at = self.equity.index.get_indexer(pd.DatetimeIndex(list(self.flows)))
        rows = {int(r): a for r, a in zip(at, self.flows.values(), strict=True)}
        return money_weighted_return(self.equity.to_numpy(dtype=float), self.capital, rows)

    @property
    def trade_days(self) -> list[pd.Timestamp]:
        return sorted({f.day for f in self.fills})

    def fees_by_day(self) -> dict[pd.Timestamp, float]:
        out: dict[pd.Timestamp, float] = {}
        for f in self.fills:
            out[f.day] = out.get(f.day, 0.0) + float(f.fee)
        return out


def replay_spec(
    services: Services,
    spec: StrategySpec,
    *,
    start: datetime | str,
    end: datetime | str,
    fee_bps: float = 10.0,
) -> ReplayResult:
    """Drive the watcher over ``start..end`` of ``services.market``'s daily history."""
    if spec.capital is None:
        raise UserInputError(
            f"strategy {spec.name} sets no capital, and a replay starts from an empty account.",
            hint="Add a line such as `capital = 5000` to the spec.",
        )
    costs = Costs(fee_bps=fee_bps)
    inner = services.market
    closes, _ = spec_history(inner, spec)
    index = pd.DatetimeIndex(closes.index)
    days = _days(index, start, end)
    settings = services.settings.model_copy(update={"watch_max_data_age_hours": 48.0})
    journal = Journal.open("sqlite://")
    watch = WatchSettings(
        spec_name=spec.name,
        auto_execute=True,
        max_order_notional=NO_CAP,
        max_daily_notional=NO_CAP,
    )
    replay = Services(settings=settings, market=inner, journal=journal, clock=Clock())
    result = ReplayResult(
        name=f"{spec.name} v{spec.version}",
        equity=pd.Series(dtype=float),
        capital=float(spec.capital),
    )
    equity: dict[pd.Timestamp, float] = {}
    held: dict[pd.Timestamp, dict[str, float]] = {}
    account: str | None = None
    previous: CheckRecord | None = None
    try:
        for day in days:
            market = ReplayMarket(inner, costs, day)
            replay.market = market
            replay.clock = Clock(fixed=market.close_moment())
            if account is None:
                plan = plan_rebalance(replay, spec)
                execute_plan(replay, plan.plan_hash)
                account = plan.account
                journal.record_watch_settings(watch, replay.clock.now())
            else:
                money = _contribute(journal, spec, account, replay.clock.now())
                if money:
                    result.flows[day] = money
                previous = check_strategy(replay, spec, watch, max_age=MAX_AGE, previous=previous)
                journal.record_check(previous)
                result.checks.append(previous)
                if previous.outcome in ("error", "stale", "held"):
                    raise _stopped(day, previous)
            balances = journal.balances(account)
            equity[day] = _value(balances, closes, day, spec.quote)
            held[day] = _values(balances, closes, day, spec.quote)
        result.fills.extend(_fills(journal, spec, index))
    finally:
        journal.close()
    result.equity = pd.Series(equity, dtype=float)
    result.holdings = pd.DataFrame.from_dict(held, orient="index").fillna(0.0)
    return result


def _contribute(journal: Journal, spec: StrategySpec, account: str, now: datetime) -> float:
    """Credit the spec's recurring contribution when it is due: in a replay the person's
    deposits are part of the scenario the backtest models (a watcher on a real account never
    funds it; the person does). The contribution plan then buys with it, selling nothing."""
    plan = spec.contributions
    if plan is None:
        return 0.0
    last = journal.last_deposit_at(account, spec.quote)
    if last is None or not contribution_due(plan, (now - last).total_seconds() / 86_400.0):
        return 0.0
    note = f"recurring contribution of {plan.amount} {spec.quote} (replay)"
    journal.record_contribution(account, spec.quote, plan.amount, now, note)
    return float(plan.amount)


def _stopped(day: pd.Timestamp, check: CheckRecord) -> CoinPilotError:
    return CoinPilotError(
        f"the replay stopped on {day:%Y-%m-%d}: the watcher's check was '{check.outcome}' "
        f"({check.reason}).",
        hint="A replay needs every day's data in the window; choose another window.",
    )


def _days(
    index: pd.DatetimeIndex, start: datetime | str, end: datetime | str
) -> list[pd.Timestamp]:
    lo, hi = _stamp(start, index), _stamp(end, index)
    if hi < lo:
        raise UserInputError(
            f"the replay ends ({hi:%Y-%m-%d}) before it starts ({lo:%Y-%m-%d}).",
            hint="Give --from before --to.",
        )
    days = [d for d in index if lo <= d <= hi]
    if not days:
        raise UserInputError(
            f"the market has no day between {lo:%Y-%m-%d} and {hi:%Y-%m-%d}.",
            hint=f"Its history runs from {index[0]:%Y-%m-%d} to {index[-1]:%Y-%m-%d}.",
        )
    return days


def _stamp(value: datetime | str, index: pd.DatetimeIndex) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise UserInputError(
            f"'{value}' is not a date.", hint="Write it as YYYY-MM-DD, e.g. 2025-01-31."
        ) from None
    if stamp.tzinfo is None and index.tz is not None:
        stamp = stamp.tz_localize(index.tz)
    return stamp.normalize()


def _values(
    balances: dict[str, Decimal], closes: pd.DataFrame, day: pd.Timestamp, quote: str
) -> dict[str, float]:
    """Each holding at ``day``'s close, as the backtest values its book (the cash as is)."""
    return {
        asset: float(amount) * (1.0 if asset == quote else float(closes[asset].loc[day]))
        for asset, amount in balances.items()
    }


def _value(
    balances: dict[str, Decimal], closes: pd.DataFrame, day: pd.Timestamp, quote: str
) -> float:
    """The account at ``day``'s close, as the backtest values its book."""
    total = float(balances.get(quote, Decimal(0)))
    for asset, amount in balances.items():
        if asset != quote:
            total += float(amount) * float(closes[asset].loc[day])
    return total


def _fills(journal: Journal, spec: StrategySpec, index: pd.DatetimeIndex) -> list[ReplayFill]:
    out = []
    for decision in journal.decisions(limit=1_000_000, spec_name=spec.name):
        for result in decision.results:
            for fill in result.fills:
                # a round's clock is the close of its day: the next midnight
                day = pd.Timestamp(fill.timestamp).normalize() - pd.Timedelta(days=1)
                if index.tz is not None and day.tzinfo is None:
                    day = day.tz_localize(index.tz)
                out.append(
                    ReplayFill(
                        day=day,
                        asset=fill.symbol.split("/")[0],
                        side=fill.side,
                        quantity=fill.quantity,
                        cost=fill.cost,
                        fee=fill.fee,
                    )
                )
    return sorted(out, key=lambda f: (f.day, f.side != "sell", f.asset))


@dataclass(frozen=True)
class Parity:
    """The replay beside the backtest: what matches, and how far apart each number is."""

    replay_days: list[pd.Timestamp]
    backtest_days: list[pd.Timestamp]
    fee_gap: float  # largest relative difference of a trade day's fees
    equity_gap: float  # largest relative difference of a day's equity
    fee_gap_quote: float = 0.0  # largest difference of a trade day's fees, in quote
    #: largest difference of one holding (an asset's units, or the cash) at a day's close,
    #: valued at that close, over the day's equity: the fills' quantities, day by day
    holding_gap: float = 0.0
    #: relative difference of the money-weighted returns (0 without contributions)
    money_weighted_gap: float = 0.0

    @property
    def same_days(self) -> bool:
        return self.replay_days == self.backtest_days

    def within(self, tolerance: float) -> bool:
        gaps = (self.fee_gap, self.equity_gap, self.holding_gap, self.money_weighted_gap)
        return self.same_days and all(gap <= tolerance for gap in gaps)


def compare_with_backtest(
    services: Services,
    spec: StrategySpec,
    replayed: ReplayResult,
    *,
    start: datetime | str,
    end: datetime | str,
    fee_bps: float = 10.0,
) -> tuple[Parity, BacktestResult]:
    """Backtest ``spec`` on the same market, window and fee, and measure the differences."""
    result = backtest_spec(services, spec, start=start, end=end, fee_bps=fee_bps)
    like = replayed.equity.index
    bt_fees: dict[pd.Timestamp, float] = {}
    traded: set[pd.Timestamp] = set()
    for record in result.rebalances:
        day = _day(record.date, like)
        bt_fees[day] = bt_fees.get(day, 0.0) + record.fees
        if record.orders:
            traded.add(day)
    for stamp, fees in result.exit_fees.items():  # risk exits trade too, outside rebalances
        day = _day(stamp, like)
        bt_fees[day] = bt_fees.get(day, 0.0) + fees
        traded.add(day)
    bt_days = sorted(traded)
    rp_fees = replayed.fees_by_day()
    fee_days = set(rp_fees) | set(bt_fees)
    fee_gap = max((_rel(rp_fees.get(d, 0.0), bt_fees.get(d, 0.0)) for d in fee_days), default=0.0)
    fee_gap_quote = max(
        (abs(rp_fees.get(d, 0.0) - bt_fees.get(d, 0.0)) for d in fee_days), default=0.0
    )
    bt_equity = result.equity.copy()
    bt_equity.index = pd.DatetimeIndex([_day(d, replayed.equity.index) for d in bt_equity.index])
    equity_gap = max(
        (_rel(v, float(bt_equity.get(d, float("nan")))) for d, v in replayed.equity.items()),
        default=0.0,
    )
    holding_gap = _holding_gap(replayed, result, bt_equity)
    theirs, mine = result.metrics.money_weighted_return, replayed.money_weighted_return()
    mwr_gap = 0.0
    if theirs is not None or mine is not None:
        mwr_gap = float("inf") if theirs is None or mine is None else _rel(mine, theirs)
    parity = Parity(
        replayed.trade_days, bt_days, fee_gap, equity_gap, fee_gap_quote, holding_gap, mwr_gap
    )
    return parity, result


def _holding_gap(replayed: ReplayResult, result: BacktestResult, bt_equity: pd.Series) -> float:
    """The largest difference of one holding's value at a day's close (the backtest's: its
    weight times its equity), over that day's equity."""
    weights = result.weights.copy()
    weights.index = pd.DatetimeIndex([_day(d, replayed.equity.index) for d in weights.index])
    gap = 0.0
    for stamp, values in replayed.holdings.iterrows():
        day = pd.Timestamp(stamp)  # type: ignore[arg-type]
        equity = float(replayed.equity.loc[day])
        if day not in weights.index or not equity > 0.0:
            return float("inf")
        row = weights.loc[day]
        for asset in set(values.index) | {str(c) for c in row.index}:
            mine = float(values.get(asset, 0.0))
            theirs = float(row.get(asset, 0.0)) * float(bt_equity.loc[day])  # type: ignore[arg-type]
            gap = max(gap, abs(mine - theirs) / equity)
    return gap


def _day(value: object, like: pd.Index) -> pd.Timestamp:
    stamp = pd.Timestamp(value).normalize()  # type: ignore[arg-type]
    tz = getattr(like, "tz", None)
    if tz is not None and stamp.tzinfo is None:
        stamp = stamp.tz_localize(tz)
    return stamp


def _rel(a: float, b: float) -> float:
    if a == b:
        return 0.0
    if b != b:  # NaN: the backtest has no such day
        return float("inf")
    return abs(a - b) / max(abs(a), abs(b))
