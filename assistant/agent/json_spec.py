"""A strategy spec the model wrote as JSON text instead of calling ``propose_strategy``.

Some models answer with a fenced JSON block rather than a tool call. The session validates such a
spec through the same tool as a call would (so the same policy applies), and a language model
whose JSON spec fails gets the turn's one repair round. Parsing goes through LangChain's
``parse_json_markdown``: no home-made extraction of JSON from prose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from langchain_core.utils.json import parse_json_markdown

from .guard import TurnGuard
from .task_prompts import TaskPrompts


@dataclass(frozen=True)
class Fallback:
    """A spec the model wrote as JSON text, and what the validator said of it."""

    spec: dict[str, Any]
    ok: bool
    problems: list[str]

    def needs_repair(self, guard: TurnGuard, tasks: TaskPrompts) -> bool:
        """Invalid, and the turn has had neither its repair round nor its last attempt."""
        return not self.ok and not tasks.repair_sent and not guard.exhausted


def spec_in_text(text: str) -> dict[str, Any] | None:
    """The spec in ``text`` (a JSON object, fenced or bare, or ``{"spec": {...}}``), or None."""
    try:
        data = parse_json_markdown(text)
    except (ValueError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    spec = data.get("spec", data)
    return spec if isinstance(spec, dict) and "universe" in spec else None
