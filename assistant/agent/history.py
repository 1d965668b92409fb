"""What earlier turns send the model: the last few, with tool results summarised.

Re-sending a conversation whole costs tokens on every call (one backtest result is 28 KB). Earlier
turns therefore reach a language model as their messages with each tool result cut to its brief
(:func:`.artifacts.brief`: the summary, the first problems, and a validated spec, which "make it
quarterly" edits), and only the last ``turns`` of them. The full results stay on the messages as
artifacts and in the journal; the offline parser reads artifacts, so it gets the history whole.
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage

from .artifacts import brief, result_of


def split_turns(history: list[BaseMessage]) -> list[list[BaseMessage]]:
    """The history cut before each of the person's messages (a repair request counts as one)."""
    turns: list[list[BaseMessage]] = []
    for m in history:
        if isinstance(m, HumanMessage) or not turns:
            turns.append([])
        turns[-1].append(m)
    return turns


def for_model(history: list[BaseMessage], turns: int) -> list[BaseMessage]:
    """The last ``turns`` turns of ``history``, tool results replaced by their briefs."""
    if turns <= 0:
        return []
    kept = [m for turn in split_turns(history)[-turns:] for m in turn]
    return [_briefed(m) if isinstance(m, ToolMessage) else m for m in kept]


def _briefed(message: ToolMessage) -> ToolMessage:
    result = result_of(message)
    return ToolMessage(
        content=brief(result),
        tool_call_id=message.tool_call_id,
        name=message.name,
        status=message.status,
        artifact=result,
    )
