"""Token and cost accounting per turn and per session, and the limits checked before each call.

A limit that is only reported after the turn stops nothing (one looping turn once used 663k
tokens against a 60k limit), so :meth:`Budget.refusal` is asked before every model call with
the size of the request about to be sent; the turn's model guard (:mod:`.meter`) stops the turn
when it answers. Servers that report no usage still cost tokens: their calls are counted from the
text sent and received (about four characters a token) and marked ``estimated``. Prices are per
million tokens, configured per model (``llm_prices``); zero for the offline parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Characters per token for the estimate when a server reports no usage (English and JSON).
CHARS_PER_TOKEN = 4


def estimate_tokens(chars: int) -> int:
    return (chars + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    calls: int = 0
    estimated: bool = False  # some of these tokens were counted from text, not reported

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens

    def add(self, other: Usage) -> None:
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.cost += other.cost
        self.calls += other.calls
        self.estimated = self.estimated or other.estimated


@dataclass
class Budget:
    """Limits per turn and per session; prices per million tokens (input, output)."""

    price_in: float = 0.0
    price_out: float = 0.0
    max_turn_tokens: int = 60_000
    max_session_tokens: int = 400_000
    max_turn_cost: float | None = None
    max_session_cost: float | None = None
    max_model_calls: int = 8
    session: Usage = field(default_factory=Usage)

    def call(self, input_tokens: int, output_tokens: int, *, estimated: bool) -> Usage:
        """One model call's usage, priced."""
        cost = (input_tokens * self.price_in + output_tokens * self.price_out) / 1e6
        return Usage(input_tokens, output_tokens, cost, 1, estimated)

    def refusal(self, turn: Usage, next_input: int) -> str | None:
        """Why the next call (about ``next_input`` tokens in) may not be made; None if it may."""
        if turn.calls >= self.max_model_calls:
            return f"this answer already took {turn.calls} model calls, the most one answer may"
        ahead = next_input * self.price_in / 1e6
        if turn.total + next_input > self.max_turn_tokens:
            return (
                f"the next model call would bring this answer to about {turn.total + next_input:,}"
                f" tokens, over its limit of {self.max_turn_tokens:,}"
            )
        if self.session.total + next_input > self.max_session_tokens:
            return (
                f"this session has used {self.session.total:,} tokens; the next call would pass "
                f"its limit of {self.max_session_tokens:,}"
            )
        if self.max_turn_cost is not None and turn.cost + ahead > self.max_turn_cost:
            return f"the next call would pass this answer's cost limit of {self.max_turn_cost:g}"
        if self.max_session_cost is not None and self.session.cost + ahead > self.max_session_cost:
            return (
                f"the next call would pass this session's cost limit of {self.max_session_cost:g}"
            )
        return None

    def record(self, turn: Usage, call: Usage) -> None:
        turn.add(call)
        self.session.add(call)
