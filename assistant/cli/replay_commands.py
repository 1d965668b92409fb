"""`coinpilot replay`: the watcher over history on the paper broker, beside the backtest."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "replay",
        parents=[common],
        help="run the watcher and the paper broker over history and compare with the backtest",
    )
    p.add_argument("spec", help="a spec file (it must set capital)")
    p.add_argument("--from", dest="start", required=True, help="first day, e.g. 2025-06-01")
    p.add_argument("--to", dest="end", required=True, help="last day, e.g. 2025-07-31")
    p.add_argument("--fee-bps", type=float, default=10.0, help="taker fee in basis points")
    p.set_defaults(func=cmd_replay, preferred_market="history")


def cmd_replay(args: argparse.Namespace, services: Services) -> int:
    # Here, not at the top: the backtester (pandas, numba) loads only for this command.
    from assistant.engine import load_spec_file
    from assistant.numbers import money, price, quantity
    from assistant.watch.replay import SAME_FILLS, compare_with_backtest, replay_spec

    from .output import print_json, safe
    from .terminal import console

    spec = load_spec_file(args.spec)
    window = {"start": args.start, "end": args.end, "fee_bps": args.fee_bps}
    replayed = replay_spec(services, spec, **window)
    parity, backtest = compare_with_backtest(services, spec, replayed, **window)
    days = [f"{d:%Y-%m-%d}" for d in parity.replay_days]
    if args.json:
        print_json(
            {
                "name": replayed.name,
                "market": services.market.name,
                "trade_days": days,
                "backtest_trade_days": [f"{d:%Y-%m-%d}" for d in parity.backtest_days],
                "same_trade_days": parity.same_days,
                "fills": [
                    {
                        "day": f"{f.day:%Y-%m-%d}",
                        "asset": f.asset,
                        "side": f.side,
                        "quantity": str(f.quantity),
                        "cost": str(f.cost),
                        "fee": str(f.fee),
                    }
                    for f in replayed.fills
                ],
                "equity_end": float(replayed.equity.iloc[-1]),
                "backtest_equity_end": float(backtest.equity.iloc[-1]),
                "fee_gap": parity.fee_gap,
                "equity_gap": parity.equity_gap,
                "fee_gap_quote": parity.fee_gap_quote,
                "holding_gap": parity.holding_gap,
                "contributions": {f"{d:%Y-%m-%d}": a for d, a in replayed.flows.items()},
                "money_weighted_return": replayed.money_weighted_return(),
                "backtest_money_weighted_return": backtest.metrics.money_weighted_return,
                "money_weighted_gap": parity.money_weighted_gap,
                "same_fills": parity.within(SAME_FILLS),
            }
        )
        return 0
    if services.market.simulated:
        console.print("[bold yellow]SIMULATED market data (demo): not real prices[/]")
    console.print(
        safe(
            f"Replay of {replayed.name} on {services.market.name}, {args.start} to {args.end}: "
            f"{len(replayed.fills)} fills on {len(days)} day(s), paper broker, watcher checks "
            "at each daily close."
        ),
        markup=False,
    )
    for f in replayed.fills:
        console.print(
            f"  {f.day:%Y-%m-%d} {f.side:<4} {quantity(f.quantity)} {f.asset} for "
            f"{money(f.cost)} (fee {price(f.fee)})",
            markup=False,
        )
    if replayed.flows:
        mine, theirs = replayed.money_weighted_return(), backtest.metrics.money_weighted_return
        console.print(
            f"Contributions credited to the paper account on their due days: "
            f"{len(replayed.flows)}, {sum(replayed.flows.values()):,.2f} {spec.quote} in all; "
            f"money-weighted return {_percent(mine)} (replay) vs {_percent(theirs)} (backtest).",
            markup=False,
        )
    same = "the same" if parity.same_days else "DIFFERENT"
    console.print(
        f"Backtest on the same closes and costs: {same} trade days; final equity "
        f"{replayed.equity.iloc[-1]:,.2f} (replay) vs {backtest.equity.iloc[-1]:,.2f} (backtest); "
        f"largest gap: equity {parity.equity_gap:.1e} relative, a holding "
        f"{parity.holding_gap:.1e} of equity, a day's fees {parity.fee_gap_quote:.1e} "
        f"{spec.quote} ({parity.fee_gap:.1e} relative).",
        markup=False,
    )
    if parity.within(SAME_FILLS):
        verdict = (
            f"the same fills to {SAME_FILLS:.0e} relative (every holding at every close, each "
            "day's fees, the equity)."
        )
    else:
        verdict = (
            f"the replay and the backtest differ by more than {SAME_FILLS:.0e} relative "
            "(the gaps above); assistant/watch/replay.py lists the cases known to differ."
        )
    console.print(f"note: {verdict}", markup=False)
    return 0


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4%}"
