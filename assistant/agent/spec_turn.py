"""`coinpilot spec`'s turn: a goal in, the spec the assistant understood out, and no preview.

For a goal answered by the offline parser this is :func:`.offline.goal_turn.run_goal_turn`, which
needs no LangChain (whose imports take about 1.5 s of CPU). With an LLM configured, or for
anything the parser does not read as a goal, it is one :class:`AgentSession` turn restricted to
the tools that change nothing. Either way the answer and the journal entries are the same.
"""

from __future__ import annotations

from assistant.domain import StrategySpec
from assistant.engine import Services

from .offline.goal_turn import run_goal_turn
from .offline.inputs import wants_llm
from .turns import TurnResult


def spec_turn(services: Services, goal: str, *, previous: StrategySpec | None = None) -> TurnResult:
    """One turn that may validate a spec but never writes a preview to the journal."""
    if not wants_llm(services.settings):
        direct = run_goal_turn(services, goal, previous=previous)
        if direct is not None:
            return direct
    from tools import ALL_TOOLS  # every tool, hence the engine behind them: only on this path

    from .factory import open_session  # LangChain: only on this path

    read_only = tuple(t for t in ALL_TOOLS if not t.changes_state)
    session = open_session(services, tools=read_only, previous=previous, persistent_index=False)
    return session.run_turn(goal)
