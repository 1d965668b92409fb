"""Ids are shown one way: hashes cut to 12 digits, decision ids whole, ids inside text found."""

from __future__ import annotations

import pytest

from assistant.presentation import ids

PLAN = "a688467f1ff3" + "0123456789abcdef" * 3 + "0123"
DECISION = "d-2566d4913337"


def test_a_hash_is_cut_to_twelve_digits_unless_shown_full() -> None:
    assert ids.show_id(PLAN) == "a688467f1ff3"
    assert ids.show_id(PLAN, full=True) == PLAN
    assert ids.show_id(DECISION, "decision") == DECISION


def test_ids_inside_sentences_are_found_and_shown_through_show_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        f"Decision {DECISION} for plan {PLAN}; Plan {PLAN[:12]} expired. Objective hrp on the "
        f"price window 9f40248a4649 gave BTC 50%. Run `coinpilot confirm {PLAN[:16]}`."
    )
    assert ids.show_ids(text) == text.replace(PLAN, PLAN[:12])
    monkeypatch.setattr(ids, "show_id", lambda value, kind="plan", full=False: f"<{kind}>")
    assert ids.show_ids(text) == (
        "Decision <decision> for plan <plan>; Plan <plan> expired. Objective hrp on the "
        f"price window <data> gave BTC 50%. Run `coinpilot confirm {PLAN[:16]}`."
    )


def test_words_and_numbers_that_are_not_ids_are_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ids, "show_id", lambda value, kind="plan", full=False: "<id>")
    text = "plan deadline: the plan 123 and window 5 of d-day, plan 12 deadbeef, d-12345"
    assert ids.show_ids(text) == text
