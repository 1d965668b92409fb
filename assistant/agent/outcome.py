"""From a finished agent loop to what the person sees: status, cards, the checked reply.

The cards (proposal, preview) come from the guard's records of the tool results, never from the
model's text. The model's last text is checked (:func:`.policy.check_narration`) against the
turn's records and the person's words: shown as is when it holds, shown with what could not be
verified when it does not, and withheld, replaced by a computed account, when it claims an action
that did not happen. An empty reply, a turn stopped by its budget and a reply cut off mid tool
call each get a sentence of their own instead of silence or LangChain's text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from .artifacts import result_of
from .checking import check_reply
from .guard import TurnGuard
from .meter import TurnMeter
from .policy import NarrationCheck
from .turns import TurnResult

EMPTY = "The model returned an empty reply, so there is nothing to show; nothing was changed."


@dataclass(frozen=True)
class Facts:
    """What the narration check compares the reply with, beyond this turn's tool results."""

    person: tuple[str, ...]  # the person's messages in this conversation
    tickers: Collection[str]  # symbols and quotes the market lists
    names: Mapping[str, str]  # coin names people write -> tickers
    previous: Mapping[str, Any] | None  # the spec being edited


def interpret(
    new: Sequence[BaseMessage], guard: TurnGuard, meter: TurnMeter, facts: Facts
) -> TurnResult:
    last = next((m for m in reversed(new) if isinstance(m, AIMessage)), None)
    text = str(last.content) if last is not None else ""
    hint = (last.response_metadata or {}).get("status") if last is not None else None
    proposal = _last_ok(guard.results, "propose_strategy")
    plan = _last_ok(guard.results, "preview_rebalance")
    refused = [*guard.refused, *meter.truncated, *_invalid_calls(new)]
    result = TurnResult(
        status="answer",
        reply=text,
        proposal=proposal["data"]["spec"] if proposal else None,
        plan=plan["data"]["plan"] if plan else None,
        tool_results=list(guard.results),
        refused=refused,
        model_text=text,
        tool_calls=_calls(new),
        model_calls=[vars(c) for c in meter.calls],
    )
    if hint in ("clarify", "refuse"):
        result.status = hint
    elif result.proposal is not None:
        result.status = "ok"
    elif guard.exhausted or meter.stopped:
        problems = _last_problems(guard.results)
        result.status = "abstain"
        result.reply = "I could not produce a valid strategy spec, so I won't guess one. " + (
            f"The last problems were: {problems}" if problems else ""
        )
    elif guard.may_write:
        result.status = "clarify"
    if result.status != "abstain" or not meter.stopped:
        _check(result, text, guard, facts)
    if meter.stopped:
        result.reply = (
            f"{result.reply} (I stopped before the next model call: {meter.stopped}.)".strip()
        )
    return result


def _check(result: TurnResult, text: str, guard: TurnGuard, facts: Facts) -> None:
    check = check_reply(
        text,
        guard.results,
        person=facts.person,
        previous=facts.previous,
        tickers=set(facts.tickers),
        names=facts.names,
    )
    result.narration = check
    if check.verdict == "withheld":
        result.reply = withheld_reply(check, result)
    elif check.verdict == "empty":
        if result.refused and not guard.results:
            result.status = "abstain" if result.status in ("answer", "clarify") else result.status
            result.reply = "Nothing was run: " + "; ".join(result.refused)
        elif result.proposal is None and result.plan is None and not guard.results:
            result.status = "error"
            result.reply = EMPTY
        else:
            result.reply = "The model wrote nothing about the results; they are shown above."


def withheld_reply(check: NarrationCheck, result: TurnResult) -> str:
    """The computed account shown instead of a reply that claimed what did not happen."""
    claims = [m for m in check.mismatches if m.kind in ("execution", "preview")]
    said = "; ".join(f'"{m.text}" ({m.reason})' for m in claims)
    what = ["I withheld the model's reply because it claims what did not happen: " + said + "."]
    if result.plan is not None:
        what.append(
            f"A preview was made (plan {str(result.plan.get('plan_hash', ''))[:12]}); it is shown "
            "above and runs only if you confirm it."
        )
    elif result.proposal is not None:
        what.append("A strategy was validated (shown above); no preview was made.")
    what.append("Nothing was executed.")
    return " ".join(what)


def _last_ok(results: list[dict[str, Any]], tool: str) -> dict[str, Any] | None:
    for r in reversed(results):
        if r.get("tool") == tool and r.get("ok"):
            return dict(r)
    return None


def _last_problems(results: list[dict[str, Any]]) -> str:
    for r in reversed(results):
        if r.get("problems"):
            return "; ".join(r["problems"])
    return ""


def _invalid_calls(new: Sequence[BaseMessage]) -> list[str]:
    """Calls whose arguments did not parse (truncation is counted by the meter)."""
    out = []
    for m in new:
        for call in getattr(m, "invalid_tool_calls", None) or []:
            error = str(call.get("error") or "")
            if "cut off" not in error:
                out.append(
                    f"'{call.get('name')}': its arguments are not valid JSON; it was not run"
                )
    return out


def _calls(new: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """Every tool call of the turn in order, with what became of it (for transcripts)."""
    outcomes = {m.tool_call_id: result_of(m) for m in new if isinstance(m, ToolMessage)}
    calls: list[dict[str, Any]] = []
    for m in new:
        if not isinstance(m, AIMessage):
            continue
        for call in m.tool_calls:
            done = outcomes.get(call["id"] or "", {})
            outcome = "refused" if done.get("refused") else "ok" if done.get("ok") else "failed"
            calls.append({"name": call["name"], "args": call["args"], "outcome": outcome})
        for bad in m.invalid_tool_calls:
            calls.append({"name": bad.get("name"), "args": bad.get("args"), "outcome": "refused"})
    return calls
