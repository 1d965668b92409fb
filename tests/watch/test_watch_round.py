"""A round of the watcher on the demo: quiet, drift proposes and alerts, caps, stale data, risk."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from assistant.alerts import CollectingSink
from assistant.domain import DataError, OrderBook, RebalancePlan, Ticker
from assistant.domain.watch import WatchSettings
from assistant.engine import Services, plan_rebalance
from assistant.engine.demo_clock import advance_demo_clock
from assistant.watch import active_strategies, run_round
from assistant.watch.caps import cap_problems, plan_notional
from assistant.watch.check import spent_today

from .conftest import NOW, execute, make_spec, open_services


def test_a_fresh_strategy_is_quiet_and_the_round_beats(services: Services) -> None:
    execute(services, make_spec())
    sink = CollectingSink()
    report = run_round(services, [sink], interval=60)
    assert [c.outcome for c in report.checks] == ["quiet"]
    assert "no rule has fired" in report.checks[0].reason
    assert sink.sent == [] and report.alerts == []
    beat = services.journal.latest_heartbeat()
    assert beat is not None and beat.checked == 1 and beat.fired == 0 and beat.at == NOW


def test_a_strategy_never_executed_is_not_watched(services: Services) -> None:
    assert active_strategies(services) == []
    assert run_round(services, [], interval=60).checks == []


def test_drift_after_the_demo_clock_moves_proposes_a_plan_and_alerts_once(
    services: Services,
) -> None:
    execute(services, make_spec())
    decisions_before = len(services.journal.decisions())
    advance_demo_clock(services, timedelta(days=30))
    sink = CollectingSink()
    report = run_round(services, [sink], interval=60)
    check = report.checks[0]
    assert check.outcome == "proposed" and check.trigger == "drift"
    assert check.plan_hash is not None and "waits for your confirmation" in check.reason
    plan = services.journal.get_plan(check.plan_hash)
    assert plan.trigger == "drift" and plan.created_at == NOW + timedelta(days=30)
    assert len(services.journal.decisions()) == decisions_before  # nothing executed
    assert [a.title for a in sink.sent] == ["Rebalance proposed: core"]
    assert services.journal.alerts()[0].delivered == {"app": "sent"}

    plans = len(services.journal.entries(limit=100, kinds={"plan"}))
    services.clock.fixed = NOW + timedelta(hours=1)
    again = run_round(services, [sink], interval=60)  # same news an hour later: no new alert
    assert again.checks[0].outcome == "proposed" and again.alerts == []
    assert again.checks[0].plan_hash == check.plan_hash  # and no new plan row
    assert "still waiting" in again.checks[0].reason
    assert len(services.journal.entries(limit=100, kinds={"plan"})) == plans
    assert len(sink.sent) == 1 and len(services.journal.checks("core")) == 2

    services.clock.fixed = NOW + timedelta(hours=25)  # a day later: proposed and alerted anew
    later = run_round(services, [sink], interval=60)
    assert later.checks[0].plan_hash != check.plan_hash and len(sink.sent) == 2


def test_auto_execution_runs_a_fired_plan_inside_the_caps(services: Services) -> None:
    execute(services, make_spec())
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal(5000),
        max_daily_notional=Decimal(20000),
    )
    services.journal.record_watch_settings(caps, NOW)
    advance_demo_clock(services, timedelta(days=30))
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "executed" and check.decision_id is not None
    assert check.notional is not None and check.notional > 0
    latest = services.journal.latest_decision("core")
    assert latest is not None and latest.decision_id == check.decision_id
    assert latest.trigger == "drift"


def test_a_plan_over_the_per_order_cap_waits_for_confirmation(services: Services) -> None:
    execute(services, make_spec())
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal("1"),
        max_daily_notional=Decimal(20000),
    )
    services.journal.record_watch_settings(caps, NOW)
    before = services.journal.latest_decision("core")
    advance_demo_clock(services, timedelta(days=30))
    sink = CollectingSink()
    check = run_round(services, [sink], interval=60).checks[0]
    assert check.outcome == "held" and "over the per-order cap of 1 USDT" in check.reason
    assert services.journal.latest_decision("core") == before
    assert sink.sent[0].severity == "warning"


def test_a_switched_off_strategy_is_not_checked(services: Services) -> None:
    execute(services, make_spec())
    services.journal.record_watch_settings(WatchSettings(spec_name="core", watched=False), NOW)
    assert run_round(services, [], interval=60).checks == []


def test_stale_data_means_no_action_and_an_alert() -> None:
    services = open_services()
    try:
        execute(services, make_spec())
        # A market that stopped at the 15th (not the demo, whose day follows the clock).
        services.market = _NoTicker(services.market, missing="")  # type: ignore[assignment]
        services.clock.fixed = NOW + timedelta(days=3)
        sink = CollectingSink()
        check = run_round(services, [sink], interval=60).checks[0]
        assert check.outcome == "stale" and check.reason.startswith("no action: ")
        assert "h old (more than 36 h allowed)" in check.reason and check.plan_hash is None
        assert sink.sent[0].title == "Market data stale: no action: core"
    finally:
        services.close()


class _NoTicker:
    """The demo market with one pair's ticker gone (as when an exchange stops answering it)."""

    def __init__(self, inner: object, missing: str) -> None:
        self._inner, self._missing = inner, missing

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def ticker(self, symbol: str) -> Ticker:
        if symbol == self._missing:
            raise DataError(f"no ticker for {symbol} right now.")
        return self._inner.ticker(symbol)  # type: ignore[attr-defined,no-any-return]

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        return self._inner.order_book(symbol, depth)  # type: ignore[attr-defined,no-any-return]


def test_missing_data_means_no_action_and_an_alert(services: Services) -> None:
    execute(services, make_spec())
    services.market = _NoTicker(services.market, "SOL/USDT")  # type: ignore[assignment]
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "stale" and "no price for SOL/USDT" in check.reason


def test_a_breached_stop_loss_proposes_the_policy_s_exit_and_alerts(services: Services) -> None:
    execute(services, make_spec(risk={"stop_loss": 0.02}))
    before = services.journal.latest_decision("core")
    advance_demo_clock(services, timedelta(days=30))
    sink = CollectingSink()
    check = run_round(services, [sink], interval=60).checks[0]
    # the one policy decides the exit at the daily close; nothing executes without the person
    assert check.outcome == "proposed" and check.trigger == "stop_loss"
    assert check.plan_hash is not None and "waits for your confirmation" in check.reason
    plan = services.journal.get_plan(check.plan_hash)
    assert plan is not None and plan.orders and all(o.side == "sell" for o in plan.orders)
    assert services.journal.latest_decision("core") == before
    assert sink.sent[0].title.startswith("Rebalance proposed: core")


def test_a_due_contribution_proposes_buys_only(services: Services) -> None:
    spec = make_spec(
        rebalance={"drift_threshold": 0.5},
        contributions={"amount": 100, "every_days": 7},
    )
    execute(services, spec)
    advance_demo_clock(services, timedelta(days=8))
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "proposed" and check.trigger == "contribution"
    assert check.plan_hash is not None
    plan = services.journal.get_plan(check.plan_hash)
    assert plan is not None and plan.orders and all(o.side == "buy" for o in plan.orders)


def test_watching_a_real_account_never_invents_a_contribution(services: Services) -> None:
    """Only a replay credits the spec's contributions (the person's deposits are part of its
    scenario); on a real account the money must come from the person, so a due contribution
    is never executed on its own, even with auto-execution on and room in the caps."""
    spec = make_spec(
        rebalance={"drift_threshold": 0.5},
        contributions={"amount": 100, "every_days": 7},
    )
    execute(services, spec)
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal(5000),
        max_daily_notional=Decimal(20000),
    )
    services.journal.record_watch_settings(caps, NOW)
    before = services.journal.latest_decision("core")
    advance_demo_clock(services, timedelta(days=8))
    check = run_round(services, [], interval=60).checks[0]
    assert check.trigger == "contribution" and check.outcome == "held"
    assert "never executed automatically" in check.reason
    assert services.journal.latest_decision("core") == before
    assert before is not None
    assert services.journal.contributions(before.account, "USDT") == []


def test_an_intraday_breach_is_alerted_before_the_close_decides(services: Services) -> None:
    from assistant.watch.signals import risk_breach

    execute(services, make_spec(risk={"max_drawdown": 0.5}))
    last = services.journal.latest_decision("core")
    assert last is not None
    # a value far below the decision's: the watcher's reading between two closes
    text = risk_breach(
        make_spec(risk={"max_drawdown": 0.5}),
        last,
        services.journal,
        last.value_after / 4,
        {},
        NOW,
    )
    assert text is not None and text.startswith("max drawdown:")


def test_a_check_that_fails_is_recorded_as_an_error_and_alerted(services: Services) -> None:
    execute(services, make_spec())
    advance_demo_clock(services, timedelta(days=30))
    services.settings = services.settings.model_copy(update={"mode": "live"})
    services.journal.record_spec(make_spec(execution={"mode": "live"}, version=2))
    check = run_round(services, [], interval=60).checks[0]
    # a live spec on the strategy's paper account: the engine refuses to plan it
    assert check.outcome == "error" and "execution.mode = 'live'" in check.reason


def test_a_calendar_rule_fires_when_its_days_have_passed(services: Services) -> None:
    execute(services, make_spec(rebalance={"every_days": 7}))
    advance_demo_clock(services, timedelta(days=3))
    assert run_round(services, [], interval=60).checks[0].outcome == "quiet"
    advance_demo_clock(services, timedelta(days=5))
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "proposed" and check.trigger == "calendar"


def _drift_plan(services: Services) -> RebalancePlan:
    execute(services, make_spec())
    advance_demo_clock(services, timedelta(days=30))
    return plan_rebalance(services, make_spec())


def test_the_daily_cap_counts_what_already_ran_today(services: Services) -> None:
    plan = _drift_plan(services)
    total = plan_notional(plan)
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal(10_000),
        max_daily_notional=total + 1,
    )
    assert cap_problems(plan, caps, Decimal(0)) == []
    (problem,) = cap_problems(plan, caps, Decimal(2))
    assert "over the daily cap" in problem and "2.00 USDT already" in problem


def test_the_turnover_cap_and_a_first_funding_hold_a_plan(services: Services) -> None:
    first = plan_rebalance(services, make_spec())
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal(10_000),
        max_daily_notional=Decimal(100_000),
        max_turnover=0.01,
    )
    problems = cap_problems(first, caps, Decimal(0))
    assert any("turnover" in p and "over the cap of 1.0%" in p for p in problems)
    assert any(
        p.startswith("a first funding") and "never executed automatically" in p for p in problems
    )


def test_spent_today_sums_only_todays_auto_executions(services: Services) -> None:
    from assistant.domain.watch import CheckRecord

    journal = services.journal
    for hours, outcome, notional in (
        (-13, "executed", "100"),
        (1, "executed", "40"),
        (2, "proposed", None),
        (3, "executed", "2.5"),
    ):
        journal.record_check(
            CheckRecord(
                spec_name="core",
                at=NOW + timedelta(hours=hours),
                outcome=outcome,  # type: ignore[arg-type]
                reason="r",
                notional=None if notional is None else Decimal(notional),
            )
        )
    assert spent_today(services, "core", NOW + timedelta(hours=4)) == Decimal("42.5")


def _checked_value(services: Services, at: datetime, value: str) -> None:
    from assistant.domain.watch import CheckRecord

    services.journal.record_check(
        CheckRecord(spec_name="core", at=at, outcome="quiet", reason="r", value=Decimal(value))
    )


def test_the_drawdown_halt_fires_from_the_high_water_mark_of_journaled_checks(
    services: Services,
) -> None:
    execute(services, make_spec(risk={"max_drawdown": 0.3}))
    _checked_value(services, NOW + timedelta(hours=1), "9000")  # the account once doubled
    services.clock.fixed = NOW + timedelta(hours=2)
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "risk" and check.reason.startswith("max drawdown: ")
    assert "below its high of 9,000.00 (limit 30%)" in check.reason


def test_the_daily_loss_limit_compares_with_the_value_a_day_before(services: Services) -> None:
    execute(services, make_spec(risk={"daily_loss_limit": 0.1}))
    _checked_value(services, NOW + timedelta(hours=1), "7000")
    services.clock.fixed = NOW + timedelta(hours=20)  # less than a day: nothing to compare
    assert run_round(services, [], interval=60).checks[0].outcome == "quiet"
    services.clock.fixed = NOW + timedelta(hours=26)
    check = run_round(services, [], interval=60).checks[0]
    assert check.outcome == "risk" and check.reason.startswith("daily loss limit: ")


def test_opting_in_after_a_proposal_executes_at_the_next_round(services: Services) -> None:
    execute(services, make_spec())
    advance_demo_clock(services, timedelta(days=30))
    assert run_round(services, [], interval=60).checks[0].outcome == "proposed"
    caps = WatchSettings(
        spec_name="core",
        auto_execute=True,
        max_order_notional=Decimal(5000),
        max_daily_notional=Decimal(20000),
    )
    services.journal.record_watch_settings(caps, NOW)
    services.clock.fixed = NOW + timedelta(hours=1)
    assert run_round(services, [], interval=60).checks[0].outcome == "executed"
