"""GoalResult: what the goal parser hands back, one of a proposal, a question or a refusal.

The shape mirrors ``coinpilot spec --json`` so the CLI and the agent can pass it on unchanged.
This module must never build a result's content; :mod:`parser` does.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class GoalResult(BaseModel):
    """``ok`` carries a spec dict that ``parse_spec`` accepts; ``clarify``/``refuse`` carry none."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Literal["ok", "clarify", "refuse"]
    message: str = Field(min_length=1)
    spec: dict[str, Any] | None = None
    understood: list[str] = Field(default_factory=list)
    #: What the person said they already hold ("I hold 0.5 BTC"): ticker -> quantity as a
    #: decimal string. A proposal to record, never recorded by the parser.
    holdings: dict[str, str] = Field(default_factory=dict)
    #: Currencies of amounts the parser would convert at a rate fetched from the market (the
    #: ``conversion_rate`` tool): the caller fetches them and parses again with ``rates``.
    rates_needed: list[str] = Field(default_factory=list)
    #: The message asked to see the orders ("and preview it"): the surface previews, or says why
    #: it does not (the parser never previews).
    preview_asked: bool = False
