"""``coinpilot watch`` (the watcher) and ``coinpilot demo --advance`` (the demo's clock).

Only argparse is imported at the top; each command imports the watcher when it runs.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.engine import Services
    from assistant.watch import RoundReport


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "watch",
        parents=[common],
        help="check active strategies on a schedule: propose, alert, act only where allowed",
    )
    p.add_argument("--once", action="store_true", help="one round of checks, then exit")
    p.add_argument("--interval", default=None, help="between rounds, e.g. 90s, 15m, 1h")
    p.add_argument("--status", action="store_true", help="heartbeat, latest checks and alerts")
    p.add_argument(
        "--account",
        default=None,
        help="watch (or show) one account's strategies; one watcher per account at a time",
    )
    p.add_argument("--set", dest="set_name", metavar="STRATEGY", help="change one's settings")
    onoff = p.add_mutually_exclusive_group()
    onoff.add_argument("--on", dest="watched", action="store_true", default=None)
    onoff.add_argument("--off", dest="watched", action="store_false")
    auto = p.add_mutually_exclusive_group()
    auto.add_argument(
        "--auto",
        dest="auto",
        action="store_true",
        default=None,
        help="let fired plans run on their own within the caps",
    )
    auto.add_argument("--no-auto", dest="auto", action="store_false")
    p.add_argument("--max-order", default=None, help="cap per order, in the quote currency")
    p.add_argument("--max-daily", default=None, help="cap per UTC day, in the quote currency")
    p.add_argument("--max-turnover", type=float, default=None, help="cap per plan, e.g. 0.3")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser(
        "demo",
        parents=[common],
        help="the simulated demo market's clock (no option: a walk through the core)",
    )
    p.add_argument("--advance", default=None, help="move the demo clock ahead, e.g. 30d, 12h, 2w")
    p.set_defaults(func=cmd_demo, preferred_market="demo")


def cmd_watch(args: argparse.Namespace, services: Services) -> int:
    if args.account is not None:
        from assistant.domain import UserInputError

        if args.set_name:
            raise UserInputError(
                "--account does not go with --set: a strategy's settings are its own.",
                hint=f"Run `coinpilot watch --set {args.set_name} ...` without --account.",
            )
        services.journal.get_account(args.account)  # unknown: an error that lists the way out
    if args.set_name:
        return _set(args, services)
    if args.status:
        return _status(args, services)
    return _run(args, services)


def _money(text: str | None, flag: str) -> Decimal | None:
    from assistant.domain import UserInputError

    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0:
        raise UserInputError(f"{flag} must be a positive amount, got '{text}'.")
    return value


def _set(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.domain.watch import WatchSettings

    from .output import print_json
    from .terminal import console

    name = args.set_name
    journal = services.journal
    if name not in journal.decided_strategies():
        known = ", ".join(journal.decided_strategies()) or "none yet"
        raise UserInputError(
            f"no executed strategy named '{name}' to watch (executed: {known}).",
            hint="Plan and confirm it first; the watcher watches what has been executed.",
        )
    old = journal.watch_settings(name) or WatchSettings(spec_name=name)
    changes: dict[str, Any] = {}
    if args.watched is not None:
        changes["watched"] = args.watched
    if args.auto is not None:
        changes["auto_execute"] = args.auto
    for key, flag, raw in (
        ("max_order_notional", "--max-order", args.max_order),
        ("max_daily_notional", "--max-daily", args.max_daily),
    ):
        amount = _money(raw, flag)
        if amount is not None:
            changes[key] = amount
    if args.max_turnover is not None:
        if not 0 < args.max_turnover <= 2:
            raise UserInputError(
                f"--max-turnover must be above 0 and at most 2, got {args.max_turnover}."
            )
        changes["max_turnover"] = args.max_turnover
    new = WatchSettings.model_validate({**old.model_dump(), **changes})
    if new.auto_execute and (new.max_order_notional is None or new.max_daily_notional is None):
        raise UserInputError(
            "auto-execution needs a per-order and a daily cap; nothing was changed.",
            hint=f"Add --max-order and --max-daily, e.g. --set {name} --auto --max-order 500 "
            "--max-daily 2000.",
        )
    journal.record_watch_settings(new, services.clock.now())
    if args.json:
        print_json(new)
    else:
        auto = "executes on its own within its caps" if new.auto_execute else "proposes only"
        state = "watched" if new.watched else "not watched"
        console.print(f"{name}: {state}; {auto}.", markup=False)
    return 0


def _status(args: argparse.Namespace, services: Services) -> int:
    from assistant.watch import watch_status

    from .output import plain, print_json
    from .terminal import console

    status = watch_status(services, account=args.account)
    if args.json:
        print_json(
            {
                "summary": status.summary,
                "alive": status.alive,
                "heartbeat": status.heartbeat,
                "accounts": [
                    {"account": a.account, "alive": a.alive, "heartbeat": a.heartbeat}
                    for a in status.accounts
                ],
                "strategies": status.strategies,
                "latest_checks": status.latest_checks,
                "alerts": status.alerts,
            }
        )
        return 0
    console.print(status.summary, markup=False)
    for line in status.account_lines:
        console.print(f"  {line}", markup=False)
    _show_checks(status.latest_checks)
    for alert in status.alerts:
        console.print(plain(f"alert {alert.at:%Y-%m-%d %H:%M} {alert.title}: {alert.body}"))
    return 0


def _run(args: argparse.Namespace, services: Services) -> int:
    import threading

    from assistant.alerts import CollectingSink, desktop_available
    from assistant.watch.alerting import sinks_from_settings
    from assistant.watch.schedule import parse_interval, watch_forever

    from .output import print_json
    from .terminal import console

    interval = (
        parse_interval(args.interval) if args.interval else services.settings.watch_interval_seconds
    )
    sinks = sinks_from_settings(services.settings)
    if services.settings.alert_desktop and not desktop_available() and not args.json:
        console.print(
            "Desktop notifications: notify-send is not installed; alerts are printed here "
            "and kept in the journal.",
            markup=False,
        )
        sinks = [s for s in sinks if s.name != "desktop"]
    printed = CollectingSink("terminal")
    sinks.append(printed)

    def show(report: RoundReport) -> None:
        if args.json:
            print_json({"checks": report.checks, "alerts": report.alerts})
            return
        _show_checks(report.checks)
        for alert in report.alerts:
            console.print(f"ALERT {alert.title}: {alert.body}", markup=False)

    if not args.once and not args.json:
        which = f"account {args.account}" if args.account else "every account"
        console.print(f"Watching {which} every {interval:g} s; Ctrl+C stops.", markup=False)
    watch_forever(
        services,
        sinks,
        interval=interval,
        stop=threading.Event(),
        on_round=show,
        once=args.once,
        account=args.account,
    )
    return 0


def _show_checks(checks: list[Any]) -> None:
    from rich.table import Table

    from .output import plain
    from .terminal import console

    if not checks:
        console.print("No active strategy: plan and confirm one, and the watcher watches it.")
        return
    table = Table(title="Watcher checks")
    for col in ("when (UTC)", "strategy", "outcome", "reason"):
        table.add_column(col)
    for c in checks:
        table.add_row(f"{c.at:%Y-%m-%d %H:%M}", plain(c.spec_name), c.outcome, plain(c.reason))
    console.print(table)


def cmd_demo(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine.demo_clock import advance_demo_clock, demo_lead, parse_duration

    from .output import print_json
    from .terminal import console

    if args.advance is None:
        lead = demo_lead(services)
        now = services.clock.now()
        if args.json:
            print_json({"demo_now": now, "lead_days": lead.total_seconds() / 86_400})
        else:
            console.print(
                f"Demo clock: {now:%Y-%m-%d %H:%M} UTC, {lead.days} days ahead of today "
                "(simulated). `coinpilot demo --advance 30d` moves it; `coinpilot demo` alone "
                "walks through the core.",
                markup=False,
            )
        return 0
    by = parse_duration(args.advance)
    now = advance_demo_clock(services, by)
    if args.json:
        print_json({"demo_now": now, "advanced_by_days": by.total_seconds() / 86_400})
    else:
        console.print(
            f"Demo clock moved {args.advance} ahead: the simulated market is now at "
            f"{now:%Y-%m-%d %H:%M} UTC. `coinpilot watch --once` checks the strategies.",
            markup=False,
        )
    return 0
