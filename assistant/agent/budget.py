"""Token and cost accounting per turn and per session, with limits that stop a runaway turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass
class Budget:
    """Prices are per million tokens; zero for local and offline models."""

    price_in: float = 0.0
    price_out: float = 0.0
    max_turn_tokens: int = 60_000
    max_session_tokens: int = 400_000
    session: Usage = field(default_factory=Usage)

    def count(self, messages: list[BaseMessage]) -> Usage:
        """Add the usage reported on ``messages`` to the session; return this turn's usage."""
        from langchain_core.messages import AIMessage  # only a LangChain turn has messages

        turn = Usage()
        for m in messages:
            meta = m.usage_metadata if isinstance(m, AIMessage) else None
            if not meta:
                continue
            turn.input_tokens += int(meta.get("input_tokens", 0))
            turn.output_tokens += int(meta.get("output_tokens", 0))
        turn.cost = (turn.input_tokens * self.price_in + turn.output_tokens * self.price_out) / 1e6
        self.session.input_tokens += turn.input_tokens
        self.session.output_tokens += turn.output_tokens
        self.session.cost += turn.cost
        return turn

    def over(self, turn: Usage) -> str | None:
        if turn.total > self.max_turn_tokens:
            return f"this turn used {turn.total} tokens, over the {self.max_turn_tokens} limit"
        if self.session.total > self.max_session_tokens:
            return f"this session used {self.session.total} tokens, over its limit"
        return None
