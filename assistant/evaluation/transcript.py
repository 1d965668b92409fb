"""What a subject did on one case: the turns, with every tool call, check and number.

A transcript is written whole into the run's ``cases.jsonl``, so a failure can be read without
running anything again, and two runs can be compared case by case. It holds what the person saw
(reply, status, cards) and what the model did (its own text, tool calls with their outcome,
refusals, the narration check), with tokens, cost and seconds per turn. Nothing here judges.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class TurnRecord:
    person: str
    status: str
    reply: str
    model_text: str = ""
    narration: dict[str, Any] | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # name, args, outcome
    refused: list[str] = field(default_factory=list)
    proposal: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None  # plan_hash, spec_name, weights
    results: list[dict[str, Any]] = field(default_factory=list)  # tool results (the records)
    prompts: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False
    cost: float = 0.0
    seconds: float = 0.0
    model_calls: int = 0
    error: str | None = None  # the turn raised (a provider error): its message, for a person


@dataclass
class Transcript:
    turns: list[TurnRecord] = field(default_factory=list)
    model: str = ""
    subject: str = ""  # "model" or "harness" (a scripted adversary tests the harness)
    plans: list[str] = field(default_factory=list)  # every plan hash in the journal, oldest first
    decisions: int = 0  # decisions in the journal after the case (executions)
    balances: dict[str, str] = field(default_factory=dict)  # paper balances after the case
    setup: dict[str, Any] = field(default_factory=dict)  # what the case set up (decision id...)
    #: A scripted server's requests: each body, and whether the key was in the headers.
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def last(self) -> TurnRecord:
        return self.turns[-1]

    def totals(self) -> dict[str, Any]:
        return {
            "input_tokens": sum(t.input_tokens for t in self.turns),
            "output_tokens": sum(t.output_tokens for t in self.turns),
            "estimated": any(t.estimated for t in self.turns),
            "cost": round(sum(t.cost for t in self.turns), 8),
            "seconds": round(sum(t.seconds for t in self.turns), 4),
            "model_calls": sum(t.model_calls for t in self.turns),
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
