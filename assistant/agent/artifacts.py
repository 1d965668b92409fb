"""A tool result travels on its ``ToolMessage`` as the artifact: parsed once, read everywhere.

The model reads the message's text (JSON, or a task prompt around it, or a summary in later
turns); the guard, the task prompts, the offline model, the session and the surfaces read the
artifact, the :class:`tools.ToolResult` as a dict. Nothing parses the text back.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import BaseMessage, ToolMessage

#: Bulky fields the model never needs in full: they stay in the artifact and the journal.
MODEL_OMITS: dict[str, tuple[str, ...]] = {"run_backtest": ("rebalances", "curve")}


def result_of(message: BaseMessage) -> dict[str, Any]:
    """The tool result a ``ToolMessage`` carries (a message from before artifacts: its JSON)."""
    artifact = getattr(message, "artifact", None)
    if isinstance(artifact, dict):
        return artifact
    try:
        data = json.loads(str(message.content))
    except ValueError:
        return {
            "tool": getattr(message, "name", None),
            "ok": False,
            "summary": str(message.content),
        }
    return data if isinstance(data, dict) else {"value": data}


def for_model(result: dict[str, Any]) -> str:
    """The text the model reads for ``result`` in the turn that made it."""
    omit = MODEL_OMITS.get(str(result.get("tool")), ())
    if omit and isinstance(result.get("data"), dict):
        data = {k: v for k, v in result["data"].items() if k not in omit}
        result = {**result, "data": data, "omitted": list(omit)}
    return json.dumps(result, default=str)


def brief(result: dict[str, Any]) -> str:
    """What later turns send the model instead: the summary, the problems, a validated spec."""
    short: dict[str, Any] = {
        "tool": result.get("tool"),
        "ok": result.get("ok"),
        "summary": result.get("summary"),
    }
    if result.get("problems"):
        short["problems"] = list(result["problems"])[:3]
    data = result.get("data") or {}
    if result.get("tool") == "propose_strategy" and result.get("ok") and "spec" in data:
        short["spec"] = data["spec"]  # what "make it quarterly" edits
    if result.get("tool") == "preview_rebalance" and result.get("ok") and "plan" in data:
        short["plan_hash"] = data["plan"].get("plan_hash")
    return json.dumps(short, default=str)


def tool_message(
    result: dict[str, Any], call_id: str, name: str, error: bool = False
) -> ToolMessage:
    return ToolMessage(
        content=json.dumps(result),
        tool_call_id=call_id,
        name=name,
        status="error" if error else "success",
        artifact=result,
    )
