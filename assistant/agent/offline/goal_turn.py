"""The offline parser's turn for a goal, run directly rather than through LangChain's agent loop.

For a goal the offline parser always takes the same two steps: parse it and call
``propose_strategy``, then say what it understood or why the spec is invalid. An amount in another
currency adds a step before them: ``conversion_rate`` fetches the market's rate and the goal is
parsed again with it (or stays a question when the market gives none). Inside
:class:`~assistant.agent.session.AgentSession` those steps pass through LangChain's agent graph,
whose imports alone take about 1.5 s of CPU, more than `coinpilot spec`'s whole one-second target.
This module takes the same steps with the same functions (refusal check, intent, parser, tool,
narration) and journals the turn as the session does, without importing LangChain.

It handles goals only, for turns that may not preview: anything else (a question, a "why", a
price) returns ``None`` for the caller to hand to the session. It must never preview, execute or
write anything but the turn's two chat messages. tests/agent/test_goal_turn.py holds its answers
and journal entries equal to the session's on every goal eval case.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from assistant.domain import StrategySpec
from assistant.engine import Services
from tools import CONVERSION_RATE, PROPOSE_STRATEGY, Tool, ToolContext

from ..checking import Request, check_reply, market_tickers
from ..goal_parser import find_refusal, parse_goal, rates_in
from ..prompts import load_prompt
from ..turns import TurnResult, journal_message, journal_reply
from . import narrate
from .inputs import OFFLINE_INFO, holdings_args, last_spec, market_quotes, symbol_map
from .intents import Intent, classify


def run_goal_turn(
    services: Services,
    goal: str,
    *,
    previous: StrategySpec | None = None,
    conversation_id: str | None = None,
) -> TurnResult | None:
    """Goal -> validated spec (``ok``), a question (``clarify``) or a refusal; None if no goal.

    ``previous`` is the spec the goal edits ("make it quarterly"); by default the latest
    decision's, as in the session. The turn is journaled under ``conversation_id`` (a new one by
    default).
    """
    if classify(goal) is not Intent.GOAL:
        return None
    prompt = load_prompt("system")
    conversation = conversation_id or f"c-{uuid4().hex[:12]}"
    journal_message(services, conversation, "user", goal)
    refusal = find_refusal(goal.lower())
    if refusal is not None:
        result = TurnResult("refuse", refusal.reason)
    else:
        edited = previous or last_spec(services)
        names = symbol_map(services)
        request = Request((goal,), edited.model_dump(mode="json") if edited else None, names)
        result = _answer(services, goal, edited, request)
        # The session checks the parser's text like any model's; so does this, the same way.
        result.narration = check_reply(
            result.reply,
            result.tool_results,
            person=(goal,),
            previous=request.previous,
            tickers=market_tickers(services),
            names=names,
        )
        result.model_text = result.reply
        result.prompts = [prompt.ref]
    journal_reply(services, conversation, result, OFFLINE_INFO, prompt.ref, [])  # no task prompts
    return result


def _answer(
    services: Services, goal: str, edited: StrategySpec | None, request: Request
) -> TurnResult:
    quotes = market_quotes(services)
    parsed = parse_goal(goal, known_symbols=dict(request.names), previous=edited, quotes=quotes)
    context = ToolContext(services=services)
    results: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    held = None
    if parsed.holdings:  # "I already hold 0.5 BTC": proposed for the person to record, as in
        # the session; the goal beside them follows
        from tools import PROPOSE_HOLDINGS  # its market snapshot imports numpy: only here

        held = _run(context, PROPOSE_HOLDINGS, holdings_args(parsed, edited), results, calls)
    if parsed.rates_needed:  # "€5,000": the market's rate, fetched by the tool as in the session
        for currency in parsed.rates_needed:
            _run(context, CONVERSION_RATE, {"currency": currency}, results, calls)
        rates = rates_in(results)
        if rates:
            parsed = parse_goal(
                goal, known_symbols=dict(request.names), previous=edited, quotes=quotes, rates=rates
            )
    if parsed.status != "ok" or parsed.spec is None:
        reply = narrate.holdings_reply(held, parsed) if held is not None else parsed.message
        if parsed.status == "refuse":
            return TurnResult("refuse", reply, tool_results=results, tool_calls=calls)
        return TurnResult("clarify", reply, tool_results=results, tool_calls=calls)
    # The session hands tool arguments and results over as JSON; so does this, value for value.
    outcome = _run(context, PROPOSE_STRATEGY, {"spec": parsed.spec}, results, calls, request)
    if not outcome["ok"]:
        reply = narrate.invalid_spec_reply(outcome)
        return TurnResult("clarify", reply, tool_results=results, tool_calls=calls)
    reply = narrate.proposal_with_context(
        narrate.proposal_reply(outcome, parsed.message),
        held,
        preview_asked=parsed.preview_asked,
        can_preview=False,
    )
    return TurnResult(
        "ok",
        reply,
        proposal=outcome["data"]["spec"],
        tool_results=results,
        tool_calls=calls,
    )


def _run(
    context: ToolContext,
    tool: Tool,
    raw: dict[str, Any],
    results: list[dict[str, Any]],
    calls: list[dict[str, Any]],
    request: Request | None = None,
) -> dict[str, Any]:
    """Run one tool as the session would (JSON in and out, the request check on a proposal)."""
    args = json.loads(json.dumps(raw))
    outcome: dict[str, Any] = json.loads(tool.run(context, args).model_dump_json())
    if request is not None:
        outcome = request.hold(outcome, results)
    results.append(outcome)
    calls.append({"name": tool.name, "args": args, "outcome": "ok" if outcome["ok"] else "failed"})
    return outcome
