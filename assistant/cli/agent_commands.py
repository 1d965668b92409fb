"""The assistant's commands: spec (goal -> spec), ask (one question), why (eval: eval_commands).

Only argparse is imported at the top, and each command imports what it uses: `coinpilot spec`
must stay clear of LangChain, chromadb and pandas (tests/cli/test_start_imports.py).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.domain import StrategySpec
    from assistant.engine import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("spec", parents=[common], help="turn a plain-English goal into a spec")
    p.add_argument("goal", help='e.g. "I have $5,000, moderate risk, BTC ETH SOL"')
    p.add_argument("--previous", help="a spec file the goal edits, e.g. 'make it quarterly'")
    p.set_defaults(func=cmd_spec)

    p = sub.add_parser("ask", parents=[common], help="ask the assistant one question")
    p.add_argument("question")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("why", parents=[common], help="the journaled reasons for a decision")
    p.add_argument("decision_id", nargs="?", default=None, help="default: the latest decision")
    p.set_defaults(func=cmd_why)


def answer_goal(
    services: Services, goal: str, previous: StrategySpec | None = None
) -> dict[str, Any]:
    """The `coinpilot spec` answer: {"status", "message", "spec"} with the configured model.

    It only validates: no preview is written to the journal.
    """
    from assistant.agent.spec_turn import spec_answer, spec_turn

    return spec_answer(spec_turn(services, goal, previous=previous))


def cmd_spec(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import load_spec_file

    from .output import print_json

    previous = load_spec_file(args.previous) if args.previous else None
    out = answer_goal(services, args.goal, previous)
    if args.json:
        print_json(out)
    else:
        from .output import markup_safe
        from .terminal import console

        console.print(f"[bold]{out['status']}[/]: {markup_safe(out['message'])}", markup=True)
        if out["spec"] is not None:
            print_json(out["spec"])
    return 0


def cmd_ask(args: argparse.Namespace, services: Services) -> int:
    from assistant.agent.factory import open_session

    from .output import print_json
    from .terminal import console

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
    from .output import markup_safe, safe

    console.print(safe(result.reply), markup=False)  # a model's text: inert, never markup
    if result.plan is not None:
        console.print(
            f"\nTo execute it in paper mode: coinpilot confirm {result.plan['plan_hash'][:16]}"
        )
    console.print(f"[dim]model: {markup_safe(session.info.label)}[/]")
    return 0


def cmd_why(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import explain_decision

    from . import views
    from .output import print_json

    exp = explain_decision(services, args.decision_id)
    if args.json:
        print_json(exp)
    else:
        views.show_explanation(exp)
    return 0
