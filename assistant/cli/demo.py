"""``coinpilot demo``: the core walked through in a plain terminal, without the chat app.

``coinpilot`` with no arguments opens the chat app; this walk is for a terminal where a
full-screen app is unwelcome (a log, a screen reader, a slow SSH link) and for seeing the core
without any model. On the simulated demo market it previews an example spec, asks before
executing (nothing trades without a "y"; without a terminal on stdin it never asks and never
trades), then shows the portfolio and the "why".
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.config import load_settings
from assistant.domain import CoinPilotError
from assistant.engine import (
    Services,
    execute_plan,
    explain_decision,
    load_spec_file,
    plan_rebalance,
    portfolio_status,
)

from . import views
from .output import report_error
from .terminal import console

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hrp_core.toml"


def run_demo(spec_path: Path = EXAMPLE) -> int:
    console.print(
        "[bold]CoinPilot[/] demo: the core in a plain terminal (plan, confirm, explain). "
        "Run `coinpilot` with no arguments for the chat app."
    )
    try:
        with Services.open(load_settings(), market="demo") as services:
            spec = load_spec_file(spec_path)
            console.print(f"Spec: {spec_path}\n")
            plan = plan_rebalance(services, spec)
            views.show_plan(plan)
            if not sys.stdin.isatty():
                console.print("\n(stdin is not a terminal: not confirming.)")
                return 0
            answer = input("\nExecute exactly this plan in paper mode? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                console.print("Cancelled; nothing was traded.")
                return 0
            execute_plan(services, plan.plan_hash)
            views.show_portfolio(portfolio_status(services))
            console.print("\nWhy:")
            views.show_explanation(explain_decision(services))
            return 0
    except CoinPilotError as exc:
        return report_error(exc, as_json=False)
