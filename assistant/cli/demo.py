"""The command-line demo that `coinpilot` runs until the chat app lands: plan, confirm, explain.

It walks a newcomer through the core on the simulated demo market: it previews an example spec,
asks before executing (nothing trades without a "y"), then shows the portfolio and the "why".
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
from .output import console, report_error

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hrp_core.toml"


def run_demo(spec_path: Path = EXAMPLE) -> int:
    console.print("[bold]CoinPilot[/] demo: the chat app is not built yet; this walks the core.")
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
