"""The assistant's commands: spec (goal -> spec), ask (one question), why, eval (score a suite).

Only argparse is imported at the top, and each command imports what it uses: `coinpilot spec`
must stay clear of LangChain, chromadb and pandas (tests/cli/test_start_imports.py).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.domain import StrategySpec
    from assistant.engine import Services
    from assistant.evaluation import GoalCase

GOAL_SUITES = Path(__file__).resolve().parents[2] / "evals" / "goals"


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

    p = sub.add_parser("eval", parents=[common], help="score the assistant on an eval suite")
    p.add_argument("suite", choices=["goals"], help="goals: plain-English goal -> spec cases")
    p.add_argument(
        "cases",
        nargs="*",
        type=Path,
        help=f"JSONL case files (default: every one in {GOAL_SUITES})",
    )
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_eval, needs_services=False)


def answer_goal(
    services: Services, goal: str, previous: StrategySpec | None = None
) -> dict[str, Any]:
    """The `coinpilot spec` answer: {"status", "message", "spec"} with the configured model.

    It only validates: no preview is written to the journal.
    """
    from assistant.agent.spec_turn import spec_turn

    result = spec_turn(services, goal, previous=previous)
    status = {"ok": "ok", "refuse": "refuse"}.get(result.status, "clarify")
    spec = _numbers(result.proposal) if status == "ok" else None
    return {"status": status, "message": result.reply, "spec": spec}


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


def cmd_eval(args: argparse.Namespace, services: Services | None) -> int:
    """Every case through the same path as `coinpilot spec`, each on a fresh in-memory journal.

    Exits 1 when any suite's pass rate is below its threshold (``pass_threshold``: the floor
    recorded in the suite folder's thresholds.toml, else every case must pass).
    """
    from assistant.config import load_settings
    from assistant.domain import UserInputError, parse_spec
    from assistant.engine import Services
    from assistant.evaluation import EvalReport, check_answer, load_goal_cases, pass_threshold
    from assistant.journal import Journal
    from assistant.market import open_market

    from .output import print_json
    from .terminal import console

    settings = load_settings()
    market = open_market(args.market or settings.market, seed=settings.demo_seed)
    listed = {m.base for m in market.markets().values()}
    subject = settings.llm_model or "offline parser"
    reports = []
    for path in args.cases or sorted(GOAL_SUITES.glob("*.jsonl")):
        report = EvalReport(
            suite=str(path), subject=f"{subject} on {market.name}", threshold=pass_threshold(path)
        )
        for case in load_goal_cases(path):
            reason = _cannot_run(case, listed)
            if reason:
                report.skipped.append((case.id, reason))
                continue
            with Services(settings, market, Journal.open("sqlite://")) as svc:
                start = time.perf_counter()
                previous = None
                if case.previous_goal:
                    first = answer_goal(svc, case.previous_goal)
                    if first["spec"] is None:
                        raise UserInputError(
                            f"case {case.id}: previous_goal gave {first['status']}"
                        )
                    previous = parse_spec(first["spec"])
                out = answer_goal(svc, case.goal, previous)
                elapsed = time.perf_counter() - start
            report.add(case.id, case.goal, check_answer(case, **out), elapsed)
        reports.append(report)
    if args.json:
        print_json([r.to_dict() for r in reports])
    else:
        from .output import safe

        for r in reports:
            for line in r.lines(args.verbose):
                console.print(safe(line), markup=False)
    return 0 if all(r.met for r in reports) else 1


def _cannot_run(case: GoalCase, listed: set[str]) -> str:
    """Why this market cannot score the case: a coin it expects is not listed, or a coin it
    expects to be called unknown (named in message_contains) is listed here."""
    missing = case.coins_expected() - listed
    if missing:
        return f"{', '.join(sorted(missing))} not listed"
    extra = {t.upper() for t in case.message_contains} & (listed - set(case.market))
    if extra:
        return f"{', '.join(sorted(extra))} listed here but unknown to the case"
    return ""


def _numbers(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """Scripts want numbers: the spec's Decimal capital is serialized as a string by pydantic."""
    if spec is None:
        return None
    out = dict(spec)
    if isinstance(out.get("capital"), str):
        value = float(out["capital"])
        out["capital"] = int(value) if value.is_integer() else value
    return out
