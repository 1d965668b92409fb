"""Switching conversations: a resumed one gives the model its earlier words; a new one none."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from assistant.agent.models.scripted import scripted_model
from assistant.agent.session import AgentSession, ModelInfo
from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket


@pytest.fixture
def services() -> Iterator[Services]:
    svc = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC)),
    )
    yield svc
    svc.close()


def test_a_resumed_conversation_is_the_models_history_and_is_journaled_under_its_id(
    services: Services,
) -> None:
    seen: list[Sequence[BaseMessage]] = []

    def reply(messages: Sequence[BaseMessage]) -> AIMessage:
        seen.append(list(messages))
        return AIMessage(content="Noted.")

    session = AgentSession(
        services, scripted_model([reply]), ModelInfo("scripted", "scripted", "scripted")
    )
    earlier = [("user", "what is HRP?"), ("assistant", "A way to spread risk."), ("tool", "{}")]

    session.switch_conversation("c-earlier", earlier)
    session.run_turn("and risk parity?")

    said = [(type(m), m.content) for m in seen[0] if isinstance(m, HumanMessage | AIMessage)]
    assert said == [
        (HumanMessage, "what is HRP?"),
        (AIMessage, "A way to spread risk."),
        (HumanMessage, "and risk parity?"),
    ]
    journaled = services.journal.messages("c-earlier")
    assert [m.content for m in journaled] == ["and risk parity?", "Noted."]


def test_a_new_conversation_has_a_fresh_id_and_no_history(services: Services) -> None:
    session = AgentSession(services, scripted_model([]), ModelInfo("s", "s", "s"))
    session.switch_conversation("c-old", [("user", "hi"), ("assistant", "hello")])

    session.switch_conversation()

    assert session.conversation_id.startswith("c-") and session.conversation_id != "c-old"
    assert session.history == []
