"""`coinpilot spec`'s turn: a goal in, the spec the assistant understood out, and no preview.

For a goal answered by the offline parser this is :func:`.offline.goal_turn.run_goal_turn`, which
needs no LangChain (whose imports take about 1.5 s of CPU). With an LLM configured, or for
anything the parser does not read as a goal, it is one :class:`AgentSession` turn restricted to
the tools that change nothing. Either way the answer and the journal entries are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.domain import StrategySpec
from assistant.engine import Services

from .offline.goal_turn import run_goal_turn
from .offline.inputs import wants_llm
from .turns import TurnResult

if TYPE_CHECKING:
    from .cassette import Cassette


def spec_turn(
    services: Services,
    goal: str,
    *,
    previous: StrategySpec | None = None,
    prompt_version: str | None = None,
    cassette: Cassette | None = None,
) -> TurnResult:
    """One turn that may validate a spec but never writes a preview to the journal.

    ``prompt_version`` and ``cassette`` are for eval runs (:mod:`.eval_subject`)."""
    if not wants_llm(services.settings):
        direct = run_goal_turn(services, goal, previous=previous)
        if direct is not None:
            return direct
    from tools import ALL_TOOLS  # every tool, hence the engine behind them: only on this path

    from .factory import open_session  # LangChain: only on this path

    read_only = tuple(t for t in ALL_TOOLS if not t.changes_state)
    session = open_session(
        services,
        tools=read_only,
        previous=previous,
        persistent_index=False,
        prompt_version=prompt_version,
        cassette=cassette,
    )
    return session.run_turn(goal)


def spec_answer(result: TurnResult) -> dict[str, Any]:
    """The `coinpilot spec` answer of a turn: {"status": ok | clarify | refuse, "message",
    "spec"}; what the goal suite scores, whichever surface asked."""
    status = {"ok": "ok", "refuse": "refuse"}.get(result.status, "clarify")
    spec = spec_numbers(result.proposal) if status == "ok" else None
    return {"status": status, "message": result.reply, "spec": spec}


def spec_numbers(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """Scripts want numbers: the spec's Decimal capital is serialized as a string by pydantic."""
    if spec is None:
        return None
    out = dict(spec)
    if isinstance(out.get("capital"), str):
        value = float(out["capital"])
        out["capital"] = int(value) if value.is_integer() else value
    return out
