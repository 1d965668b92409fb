"""What a scripted OpenAI-compatible server answers to one request: a reply, an error or a stall.

A script is a list of JSON objects, one per model call, as eval cases and tests write them:

- ``{"text": "..."}``: a plain reply; ``{"text": ""}`` is an empty one;
- ``{"tool_calls": [{"name": "...", "args": {...}}]}``: tool calls (``"arguments": "raw text"``
  sends arguments verbatim, even invalid JSON), with optional ``"text"`` beside them;
- ``{"error": 500}`` or ``{"error": 429, "retry_after": 1}``: an HTTP error with OpenAI's body;
  ``"message"`` sets its text, where ``{auth}`` stands for the key the client sent (a server
  that echoes the key back, as some proxies do);
- ``"stall"``: seconds to wait before the first byte; ``"stall_mid"``: seconds to wait after the
  first streamed chunk;
- ``"finish_reason": "length"`` with ``"cut": 0.6``: the arguments stop after that fraction, as
  a server that ran out of tokens sends them;
- ``"usage": [input, output]`` or ``"usage": null`` (no usage at all; default: counted from the
  text, about four characters a token).

This module only describes replies; :mod:`.script_server` speaks them over HTTP. It must never
decide what a model would say: a script is written by a person, per scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScriptedCall:
    name: str
    arguments: str  # the JSON text the server sends (possibly cut or invalid)
    id: str


@dataclass(frozen=True)
class Step:
    text: str = ""
    calls: tuple[ScriptedCall, ...] = ()
    error: int | None = None
    retry_after: float | None = None
    stall: float = 0.0
    stall_mid: float = 0.0
    finish_reason: str | None = None
    usage: tuple[int, int] | None = None
    counted: bool = True  # False: "usage": null, the server reports none
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def finish(self) -> str:
        if self.finish_reason:
            return self.finish_reason
        return "tool_calls" if self.calls else "stop"

    def tokens(self, request_chars: int) -> tuple[int, int] | None:
        """(input, output) tokens to report, or None when the server reports no usage."""
        if not self.counted:
            return None
        if self.usage is not None:
            return self.usage
        out_chars = len(self.text) + sum(len(c.name) + len(c.arguments) for c in self.calls)
        return max(1, request_chars // 4), max(1, out_chars // 4)


def parse_step(raw: dict[str, Any], number: int = 0) -> Step:
    """One script entry as a :class:`Step`; ``number`` makes tool call ids unique and stable."""
    calls: list[ScriptedCall] = []
    cut = float(raw.get("cut", 1.0))
    for i, call in enumerate(raw.get("tool_calls") or []):
        text = call.get("arguments")
        if text is None:
            text = json.dumps(call.get("args", {}))
        if cut < 1.0:
            text = text[: max(1, int(len(text) * cut))]
        calls.append(ScriptedCall(str(call["name"]), str(text), f"call_{number}_{i}"))
    usage = raw.get("usage", ())
    return Step(
        text=str(raw.get("text") or ""),
        calls=tuple(calls),
        error=int(raw["error"]) if raw.get("error") is not None else None,
        retry_after=raw.get("retry_after"),
        stall=float(raw.get("stall", 0.0)),
        stall_mid=float(raw.get("stall_mid", 0.0)),
        finish_reason=raw.get("finish_reason"),
        usage=tuple(usage) if isinstance(usage, list | tuple) and len(usage) == 2 else None,  # type: ignore[arg-type]
        counted=usage is not None,
        extra={"message": str(raw["message"])} if "message" in raw else {},
    )


def parse_script(raw: list[dict[str, Any]]) -> list[Step]:
    return [parse_step(step, n) for n, step in enumerate(raw)]
