"""The order state machine: its table, its refusals, and properties over random event sequences."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain import ExchangeError
from assistant.execution.order_state import (
    TERMINAL,
    Abandon,
    Event,
    Lost,
    NotFound,
    OrderState,
    OrderStateError,
    OrderTracker,
    Report,
    Send,
)

S = OrderState


def tracker(requested: str = "1") -> OrderTracker:
    return OrderTracker("cp-1", requested=Decimal(requested))


def run(*events: Event, requested: str = "1") -> OrderTracker:
    t = tracker(requested)
    for event in events:
        t.apply(event)
    return t


def test_a_clean_send_and_fill_walks_intent_sending_filled() -> None:
    t = run(Send(), Report("filled", Decimal(1)))
    assert [state for _, state in t.history] == [S.SENDING, S.FILLED]
    assert t.terminal and t.sends == 1


def test_a_lost_answer_resolved_by_lookup_takes_the_reported_state() -> None:
    t = run(Send(), Lost(), Report("open", Decimal("0.4")))
    assert t.state == S.PARTIALLY_FILLED and t.filled == Decimal("0.4")


def test_a_resend_is_allowed_only_after_not_found() -> None:
    t = run(Send(), Lost())
    with pytest.raises(OrderStateError, match="cannot take 'send' while unknown"):
        t.apply(Send())
    t.apply(NotFound())
    t.apply(Send())
    assert t.state == S.SENDING and t.sends == 2


def test_nothing_can_be_reported_for_an_order_never_sent() -> None:
    with pytest.raises(OrderStateError, match="while intent_recorded"):
        run(Report("filled", Decimal(1)))


def test_a_working_order_cannot_then_be_rejected() -> None:
    with pytest.raises(OrderStateError, match="report\\(rejected"):
        run(Send(), Report("open", Decimal(0)), Report("rejected", Decimal(0)))


def test_filled_quantity_may_not_shrink_nor_exceed_the_order() -> None:
    t = run(Send(), Report("open", Decimal("0.5")))
    with pytest.raises(OrderStateError, match=r"0\.2 filled after it had reported 0\.5"):
        t.apply(Report("open", Decimal("0.2")))
    with pytest.raises(OrderStateError, match=r"1\.5 filled on an order for 1"):
        t.apply(Report("filled", Decimal("1.5")))
    assert t.state == S.PARTIALLY_FILLED and t.filled == Decimal("0.5")  # refused: unchanged


def test_a_terminal_state_repeats_the_same_answer_and_refuses_any_other() -> None:
    t = run(Send(), Report("canceled", Decimal("0.3")))
    t.apply(Report("canceled", Decimal("0.3")))  # a repeated lookup
    with pytest.raises(OrderStateError):
        t.apply(Report("filled", Decimal(1)))
    with pytest.raises(OrderStateError):
        t.apply(Send())


def test_illegal_transitions_are_exchange_errors_with_a_hint() -> None:
    with pytest.raises(ExchangeError) as err:
        run(Lost())
    assert err.value.hint and "check it on the exchange" in err.value.hint


def test_abandon_is_possible_before_sending_or_after_not_found_only() -> None:
    assert run(Abandon()).state == S.ABANDONED
    assert run(Send(), Lost(), NotFound(), Abandon()).state == S.ABANDONED
    with pytest.raises(OrderStateError):
        run(Send(), Abandon())


# -- properties over random event sequences ---------------------------------------------------

quantities = st.sampled_from([Decimal(x) for x in ("0", "0.25", "0.5", "1", "1.5")])
events = st.one_of(
    st.just(Send()),
    st.just(Lost()),
    st.just(NotFound()),
    st.just(Abandon()),
    st.builds(
        Report,
        st.sampled_from(["open", "filled", "canceled", "expired", "rejected"]),
        quantities,
    ),
)


def replay(sequence: list[Event]) -> tuple[OrderTracker, list[tuple[Event, OrderState]]]:
    """Apply every event, skipping refused ones: returns the tracker and what was accepted."""
    t = tracker()
    for event in sequence:
        try:
            t.apply(event)
        except OrderStateError:
            continue
    return t, t.history


@settings(max_examples=200)
@given(st.lists(events, max_size=25))
def test_never_two_sends_without_a_not_found_between(sequence: list[Event]) -> None:
    _, history = replay(sequence)
    armed = True
    for event, _ in history:
        if isinstance(event, Send):
            assert armed, "a second send without a not_found in between"
            armed = False
        elif isinstance(event, NotFound):
            armed = True


@settings(max_examples=200)
@given(st.lists(events, max_size=25))
def test_terminal_states_absorb(sequence: list[Event]) -> None:
    _, history = replay(sequence)
    for i, (_, state) in enumerate(history):
        if state in TERMINAL:
            assert all(later == state for _, later in history[i:])


@settings(max_examples=200)
@given(st.lists(events, max_size=25))
def test_filled_is_monotone_and_within_the_order(sequence: list[Event]) -> None:
    t = tracker()
    seen = Decimal(0)
    for event in sequence:
        with contextlib.suppress(OrderStateError):
            t.apply(event)
        assert seen <= t.filled <= t.requested
        seen = t.filled


@settings(max_examples=200)
@given(st.lists(events, max_size=25))
def test_a_refused_event_changes_nothing(sequence: list[Event]) -> None:
    t = tracker()
    for event in sequence:
        before = (t.state, t.filled, t.sends, len(t.history))
        try:
            t.apply(event)
        except OrderStateError:
            assert (t.state, t.filled, t.sends, len(t.history)) == before
