"""Session events become chat items: text, tool cards, spec and preview; nothing else happens."""

from __future__ import annotations

from assistant.agent.session import TurnEvent
from assistant.domain import RebalancePlan, StrategySpec
from assistant.engine import Services, plan_rebalance
from assistant.tui.turn_items import (
    PlanPreview,
    SpecProposal,
    TextChunk,
    ToolArgs,
    ToolOutcome,
    TurnEnd,
    translate,
)


def test_tokens_calls_and_final_map_one_to_one() -> None:
    assert translate(TurnEvent("token", "Hello ")) == [TextChunk("Hello ")]
    assert translate(TurnEvent("token", "")) == []
    call = TurnEvent("tool_call", "explain_decision", {"args": {"decision_id": "d-1"}})
    assert translate(call) == [ToolArgs("explain_decision", "decision_id=d-1")]
    final = TurnEvent("final", "Done.", {"status": "answer"})
    assert translate(final) == [TurnEnd("answer", "Done.")]


def test_a_failed_tool_is_a_problem_card_only() -> None:
    data = {"ok": False, "summary": "the spec is not valid", "problems": ["max_weight too low"]}
    items = translate(TurnEvent("tool_result", "propose_strategy", data))
    assert items == [
        ToolOutcome("propose_strategy", False, "the spec is not valid", ("max_weight too low",))
    ]


def test_propose_and_preview_results_carry_the_spec_and_the_sealed_plan(
    services: Services,
) -> None:
    spec = StrategySpec.model_validate(
        {"capital": 1000, "universe": {"symbols": ["BTC", "ETH"]}, "rebalance": {"every_days": 7}}
    )
    changes = [{"path": "objective", "old": "hrp", "new": "equal_weight"}]
    proposed = {
        "ok": True,
        "summary": "ok",
        "data": {"spec": spec.model_dump(mode="json"), "changes": changes},
    }
    items = translate(TurnEvent("tool_result", "propose_strategy", proposed))
    assert isinstance(items[1], SpecProposal) and items[1].changes == tuple(changes)

    plan = plan_rebalance(services, spec)
    previewed = {"ok": True, "summary": "ok", "data": {"plan": plan.model_dump(mode="json")}}
    items = translate(TurnEvent("tool_result", "preview_rebalance", previewed))
    assert isinstance(items[1], PlanPreview)
    assert isinstance(items[1].plan, RebalancePlan)
    assert items[1].plan == plan and items[1].plan.is_intact()


def test_the_tool_line_is_written_for_the_person_not_the_model() -> None:
    preview = {
        "ok": True,
        "summary": "Preview abc: 3 orders. The person must confirm it in the app; you cannot.",
        "data": {"plan": None},
    }
    [outcome] = translate(TurnEvent("tool_result", "preview_rebalance", preview))
    assert isinstance(outcome, ToolOutcome)
    assert "you cannot" not in outcome.summary and "person" not in outcome.summary
    assert outcome.summary == "order preview below; nothing is traded until you confirm it"
    found = {"ok": True, "summary": "Best match", "data": {"passages": [{"title": "HRP"}]}}
    assert translate(TurnEvent("tool_result", "search_knowledge", found))[0] == ToolOutcome(
        "search_knowledge", True, "found the note 'HRP'"
    )
    odd = {"ok": True, "summary": "model text", "data": {"whatever": 1}}
    assert translate(TurnEvent("tool_result", "new_tool", odd))[0].summary == "done"  # type: ignore[union-attr]


def test_spec_tool_calls_show_no_arguments_the_card_shows_them() -> None:
    call = TurnEvent("tool_call", "preview_rebalance", {"args": {"spec": {"capital": 5000}}})
    assert translate(call) == []
