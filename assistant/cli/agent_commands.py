"""The assistant's commands: spec (goal -> spec), ask (one question), why (a decision's record)."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.agent.factory import open_session
from assistant.engine import Services, explain_decision
from tools import ALL_TOOLS

from . import views
from .output import console, print_json

#: `coinpilot spec` only validates: it must not write a preview to the journal.
SPEC_TOOLS = tuple(t for t in ALL_TOOLS if not t.changes_state)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("spec", parents=[common], help="turn a plain-English goal into a spec")
    p.add_argument("goal", help='e.g. "I have $5,000, moderate risk, BTC ETH SOL"')
    p.set_defaults(func=cmd_spec)

    p = sub.add_parser("ask", parents=[common], help="ask the assistant one question")
    p.add_argument("question")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("why", parents=[common], help="the journaled reasons for a decision")
    p.add_argument("decision_id", nargs="?", default=None, help="default: the latest decision")
    p.set_defaults(func=cmd_why)


def cmd_spec(args: argparse.Namespace, services: Services) -> int:
    session = open_session(services, tools=SPEC_TOOLS)
    result = session.run_turn(args.goal)
    status = {"ok": "ok", "refuse": "refuse"}.get(result.status, "clarify")
    spec = _numbers(result.proposal) if status == "ok" else None
    if args.json:
        print_json({"status": status, "message": result.reply, "spec": spec})
    else:
        console.print(f"[bold]{status}[/]: {result.reply}")
        if spec is not None:
            print_json(spec)
    return 0


def cmd_ask(args: argparse.Namespace, services: Services) -> int:
    session = open_session(services)
    result = session.run_turn(args.question)
    if args.json:
        print_json(
            {
                "status": result.status,
                "reply": result.reply,
                "model": session.info.model_id,
                "plan_hash": (result.plan or {}).get("plan_hash"),
                "tokens": result.usage.total,
            }
        )
        return 0
    console.print(result.reply, markup=False)
    if result.plan is not None:
        console.print(
            f"\nTo execute it in paper mode: coinpilot confirm {result.plan['plan_hash'][:16]}"
        )
    console.print(f"[dim]model: {session.info.label}[/]")
    return 0


def cmd_why(args: argparse.Namespace, services: Services) -> int:
    exp = explain_decision(services, args.decision_id)
    if args.json:
        print_json(exp)
    else:
        views.show_explanation(exp)
    return 0


def _numbers(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """Scripts want numbers: the spec's Decimal capital is serialized as a string by pydantic."""
    if spec is None:
        return None
    out = dict(spec)
    if isinstance(out.get("capital"), str):
        value = float(out["capital"])
        out["capital"] = int(value) if value.is_integer() else value
    return out
