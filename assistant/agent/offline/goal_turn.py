"""The offline parser's turn for a goal, run directly rather than through LangChain's agent loop.

For a goal the offline parser always takes the same two steps: parse it and call
``propose_strategy``, then say what it understood or why the spec is invalid. Inside
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
from uuid import uuid4

from assistant.domain import StrategySpec
from assistant.engine import Services
from tools import PROPOSE_STRATEGY, ToolContext

from ..goal_parser import find_refusal, parse_goal
from ..prompts import load_prompt
from ..turns import TurnResult, journal_message, reply_meta
from . import narrate
from .inputs import OFFLINE_INFO, last_spec, symbol_map
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
    result = _answer(services, goal, previous)
    meta = reply_meta(result, OFFLINE_INFO, prompt.ref, [])  # the parser gets no task prompts
    journal_message(services, conversation, "assistant", result.reply, meta)
    return result


def _answer(services: Services, goal: str, previous: StrategySpec | None) -> TurnResult:
    refusal = find_refusal(goal.lower())
    if refusal is not None:
        return TurnResult("refuse", refusal.reason)
    parsed = parse_goal(
        goal, known_symbols=symbol_map(services), previous=previous or last_spec(services)
    )
    if parsed.status != "ok" or parsed.spec is None:
        return TurnResult("refuse" if parsed.status == "refuse" else "clarify", parsed.message)
    # The session hands tool arguments and results over as JSON; so does this, value for value.
    args = json.loads(json.dumps({"spec": parsed.spec}))
    context = ToolContext(services=services)
    outcome = json.loads(PROPOSE_STRATEGY.run(context, args).model_dump_json())
    if not outcome["ok"]:
        return TurnResult("clarify", narrate.invalid_spec_reply(outcome), tool_results=[outcome])
    return TurnResult(
        "ok",
        narrate.proposal_reply(outcome, parsed.message),
        proposal=outcome["data"]["spec"],
        tool_results=[outcome],
    )
