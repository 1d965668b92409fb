"""Conversations: listed newest first with their opening question, and forgotten on request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.domain import UserInputError
from assistant.journal import Journal

T0 = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_conversations_are_listed_newest_first_titled_by_their_first_question(
    journal: Journal,
) -> None:
    journal.record_message("c-old", "user", "I have $5,000,\n moderate risk", at(0))
    journal.record_message("c-old", "assistant", "Here is the strategy.", at(1))
    journal.record_message("c-new", "user", "what is HRP?", at(5))
    journal.record_message("c-new", "assistant", "HRP is ...", at(6))
    journal.record_message("c-new", "user", "and risk parity?", at(7))

    listed = journal.conversations()

    assert [c.conversation_id for c in listed] == ["c-new", "c-old"]
    assert [c.title for c in listed] == ["what is HRP?", "I have $5,000, moderate risk"]
    assert [c.messages for c in listed] == [3, 2]
    assert listed[0].started == at(5) and listed[0].last == at(7)


def test_a_long_opening_question_is_shortened_for_the_list(journal: Journal) -> None:
    journal.record_message("c1", "user", "x" * 200, at(0))

    (only,) = journal.conversations()

    assert len(only.title) == 80 and only.title.endswith("…")


def test_a_conversation_without_a_question_still_has_a_title(journal: Journal) -> None:
    journal.record_message("c1", "assistant", "hello", at(0))

    assert journal.conversations()[0].title == "(no question asked)"


def test_forgetting_a_conversation_deletes_its_messages_and_nothing_else(
    journal: Journal,
) -> None:
    journal.record_message("keep", "user", "keep me", at(0))
    journal.record_message("forget", "user", "forget me", at(1))
    journal.record_message("forget", "assistant", "ok", at(2))

    assert journal.forget_conversation("forget") == 2

    assert journal.messages("forget") == []
    assert [m.content for m in journal.messages("keep")] == ["keep me"]
    assert [c.conversation_id for c in journal.conversations()] == ["keep"]


def test_forgetting_an_unknown_conversation_is_an_input_error(journal: Journal) -> None:
    with pytest.raises(UserInputError, match="no conversation c-missing"):
        journal.forget_conversation("c-missing")
