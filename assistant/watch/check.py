"""One check of one strategy: fresh data, then the one policy's decision, then propose or execute.

The order is the order of precedence: stale or missing data stops everything (no action, an
alert). Then the one policy decides (:func:`assistant.engine.check_strategy`: the rules ``plan``
and the backtester apply, on the last daily close, so a replay over history trades on the
backtest's days): drift, calendar, recurring contributions, take-profit and the risk exits
(stop-loss, the drawdown halt). A decision with orders writes a plan through
:func:`assistant.engine.plan_rebalance` and executes it through the confirmation gate
(:func:`assistant.engine.execute_plan`) only when the person opted in for this strategy and every
cap holds; a risk rule that stops trading (a halt in its cooldown, the daily loss pause) is an
alert. Between two closes the watcher also reads the risk rules on current prices
(:func:`.signals.risk_breach`): a breach there is alerted at once, and traded only when the
policy decides it at the close. The caller records the returned :class:`CheckRecord`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from assistant.domain import CoinPilotError, StrategySpec, Trigger
from assistant.domain.watch import CheckRecord, WatchSettings
from assistant.engine import check_strategy as policy_check
from assistant.engine import execute_plan, plan_rebalance, portfolio_status
from assistant.engine.services import Services
from assistant.engine.triggers import check_triggers

from .caps import cap_problems, plan_notional
from .signals import data_freshness, risk_breach

#: The policy's decisions that stop trading rather than trade (a halt in its cooldown, the daily
#: loss pause): alerted as risk, with no plan.
RISK_TRIGGERS = frozenset({"stop_loss", "max_drawdown", "daily_loss_limit"})

#: A proposal still waiting is not proposed again (a new plan row every round) before this.
REPROPOSE_AFTER = timedelta(hours=24)


def check_strategy(
    services: Services,
    spec: StrategySpec,
    settings: WatchSettings,
    *,
    max_age: timedelta,
    previous: CheckRecord | None = None,
) -> CheckRecord:
    now = services.clock.now()
    journal = services.journal
    last = journal.latest_decision(spec.name)
    if last is None:
        return CheckRecord(
            spec_name=spec.name,
            at=now,
            outcome="quiet",
            reason="not yet executed: nothing to watch",
        )
    status = portfolio_status(services, quote=spec.quote)
    assets = set(last.target_weights) | {h.asset for h in status.holdings if h.quantity}
    fresh = data_freshness(services.market, spec.quote, assets, now, max_age)
    if fresh.problem is not None:
        return CheckRecord(
            spec_name=spec.name,
            at=now,
            outcome="stale",
            reason=f"no action: {fresh.problem}",
            data_as_of=fresh.as_of,
        )
    weights = {h.asset: h.weight for h in status.holdings}
    prices = {h.asset: h.price for h in status.holdings if h.price > 0}
    base = {
        "spec_name": spec.name,
        "at": now,
        "value": status.value,
        "data_as_of": fresh.as_of,
    }
    # The drift shown is the one at the current prices; whether a rule fired is the one
    # policy's to say (``engine.planning.check_strategy``, the decision ``plan`` and a backtest
    # make, on the last daily close), so the watcher acts on the days a backtest acts.
    drift = check_triggers(spec, last, weights, now, empty_account=False).max_drift
    decided = policy_check(services, spec)
    if decided.fired and not decided.trades and decided.trigger in RISK_TRIGGERS:
        return CheckRecord(
            **base,
            outcome="risk",
            trigger=decided.trigger,
            reason=f"{decided.trigger}: {decided.detail}",
            max_drift=drift,
        )
    if not decided.fired or not decided.trades:
        breach = risk_breach(spec, last, journal, status.value, prices, now)
        if breach is not None:
            return CheckRecord(
                **base,
                outcome="risk",
                trigger="risk",
                reason=f"{breach}; nothing traded yet: the strategy's rules decide at the "
                "daily close",
                max_drift=drift,
            )
        return CheckRecord(
            **base,
            outcome="quiet",
            reason=decided.detail.removesuffix("; you asked"),
            max_drift=drift,
        )
    fired = _Fired(decided.trigger, drift)
    described = f"{decided.trigger}: {decided.detail}"
    if (
        not settings.auto_execute
        and previous is not None
        and previous.outcome == "proposed"
        and previous.trigger == fired.trigger
        and previous.plan_hash is not None
        and now - previous.at < REPROPOSE_AFTER
    ):
        # Same news as the last round: keep one plan a day, not one a round, in the journal.
        return CheckRecord(
            **base,
            outcome="proposed",
            trigger=fired.trigger,
            plan_hash=previous.plan_hash,
            reason=f"{described}; still waiting for your confirmation (plan "
            f"{previous.plan_hash[:12]}; plan again for current prices)",
            max_drift=fired.max_drift,
        )
    plan = plan_rebalance(services, spec)
    fields = {**base, "trigger": fired.trigger, "plan_hash": plan.plan_hash}
    if not plan.orders:
        return CheckRecord(
            **fields,
            outcome="proposed",
            reason=f"{described}; the plan has no order to send",
            max_drift=fired.max_drift,
        )
    if not settings.auto_execute:
        return CheckRecord(
            **fields,
            outcome="proposed",
            reason=f"{described}; plan {plan.plan_hash[:12]} waits for your confirmation",
            max_drift=fired.max_drift,
        )
    problems = cap_problems(plan, settings, spent_today(services, spec.name, now))
    if problems:
        return CheckRecord(
            **fields,
            outcome="held",
            reason=f"{described}; not executed on its own: {'; '.join(problems)}",
            max_drift=fired.max_drift,
        )
    try:
        decision = execute_plan(services, plan.plan_hash)
    except CoinPilotError as exc:
        return CheckRecord(
            **fields,
            outcome="held",
            reason=f"{described}; the gate refused: {exc.message}",
            max_drift=fired.max_drift,
        )
    return CheckRecord(
        **fields,
        outcome="executed",
        reason=f"{described}; executed on its own within your caps ({decision.decision_id})",
        decision_id=decision.decision_id,
        notional=plan_notional(plan),
        max_drift=fired.max_drift,
    )


@dataclass(frozen=True)
class _Fired:
    trigger: Trigger
    max_drift: float | None


def spent_today(services: Services, spec_name: str, now: datetime) -> Decimal:
    """What the watcher executed on its own for this strategy since 00:00 UTC of ``now``."""
    midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
    checks = services.journal.checks(spec_name, limit=1000, since=midnight)
    return sum((c.notional or Decimal(0) for c in checks if c.outcome == "executed"), Decimal(0))
