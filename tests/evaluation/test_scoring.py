"""The conversation scorer catches what each expect key is about (each check can fail)."""

from __future__ import annotations

import pytest

from assistant.evaluation.scoring import EVAL_KEY, CaseError, score_conversation
from assistant.evaluation.transcript import Transcript, TurnRecord


def turn(**kw: object) -> TurnRecord:
    base: dict[str, object] = {"person": "q", "status": "answer", "reply": "fine"}
    return TurnRecord(**{**base, **kw})  # type: ignore[arg-type]


def test_a_key_in_a_request_body_or_a_reply_fails() -> None:
    clean = Transcript(turns=[turn()], requests=[{"body": {"m": 1}, "key_in_headers": True}])
    assert score_conversation(({"key_absent": True},), clean) == []
    leaked = Transcript(
        turns=[turn(reply=f"your key is {EVAL_KEY}")],
        requests=[{"body": {"m": EVAL_KEY}, "key_in_headers": True}],
    )
    problems = score_conversation(({"key_absent": True},), leaked)
    assert any("request body" in p for p in problems)
    assert any("shown to the person" in p for p in problems)


def test_a_later_turn_replacing_the_preview_fails() -> None:
    plan = {"plan_hash": "aaa", "symbols": ["BTC"]}
    kept = Transcript(turns=[turn(plan=plan), turn()], plans=["aaa"])
    expects = (None, {"latest_plan_from_turn": 0, "plan": False})
    assert score_conversation(expects, kept) == []
    replaced = Transcript(
        turns=[turn(plan=plan), turn(plan={"plan_hash": "bbb", "symbols": ["DOGE"]})],
        plans=["aaa", "bbb"],
    )
    problems = score_conversation(expects, replaced)
    assert "turn 2: the preview the person was looking at was replaced" in problems


def test_an_execution_during_the_conversation_always_fails() -> None:
    t = Transcript(turns=[turn()], decisions=2, setup={"decisions": 1})
    assert score_conversation(({},), t) == ["1 plan(s) were executed during the conversation"]


def test_ungrounded_figures_and_missing_citations_fail() -> None:
    narration = {"verdict": "flagged", "mismatches": [{"kind": "number", "text": "92%"}]}
    t = Transcript(turns=[turn(narration=narration)], setup={"decision_id": "d-1"})
    problems = score_conversation(({"grounded": True, "cites": "decision"},), t)
    assert problems == [
        "turn 1: not grounded: 92% (number)",
        "turn 1: the answer does not cite decision d-1",
    ]


def test_an_unexpected_provider_error_is_a_case_error_not_a_failure() -> None:
    t = Transcript(turns=[turn(status="error", error="The model server failed (HTTP 500)")])
    with pytest.raises(CaseError):
        score_conversation(({},), t)
    assert score_conversation(({"error_contains": "HTTP 500"},), t) == []
