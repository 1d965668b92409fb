"""Words for the engine's numbers: spec cards, tool argument summaries, diffs, percentages."""

from __future__ import annotations

import pytest

from assistant.tui.formatting import (
    args_summary,
    signed_pct,
    spec_lines,
)
from assistant.tui.spec_changes import change_line

SPEC = {
    "version": 2,
    "name": "my-strategy",
    "quote": "USDT",
    "capital": "5000",
    "objective": "hrp",
    "universe": {"symbols": ["BTC", "ETH", "SOL"], "top_n": None, "exclude": []},
    "constraints": {"min_weight": 0.0, "max_weight": 0.5, "cash_reserve": 0.1},
    "risk": {"level": "moderate", "stop_loss": 0.2, "max_drawdown": None},
    "rebalance": {"every_days": 30, "drift_threshold": 0.05},
    "execution": {"mode": "paper"},
}


def test_spec_lines_read_like_the_goal() -> None:
    lines = dict(spec_lines(SPEC))
    assert lines["Coins"] == "BTC, ETH, SOL"
    assert lines["Objective"] == "HRP (hierarchical risk parity)"
    assert lines["Risk"] == "moderate, stop-loss 20%"
    assert lines["Constraints"] == "at most 50% each, 10% kept in cash"
    assert lines["Rebalance"] == "when a weight drifts more than 5% or every 30 days"
    assert lines["Capital"] == "5,000.00 USDT"
    assert lines["Mode"] == "paper"


def test_the_card_shows_the_cap_that_binds_and_whose_it_is() -> None:
    """A conservative profile caps each coin at 40% where 50% was asked: the card says 40%, as
    the decision's notes do, and why (issue 13: the card and the notes must agree)."""
    careful = dict(SPEC, risk={"level": "conservative"}, constraints={"max_weight": 0.5})
    assert dict(spec_lines(careful))["Constraints"] == (
        "at most 40% each (the conservative risk profile's cap, you asked for 50%)"
    )
    two = dict(careful, universe={"symbols": ["BTC", "ETH"]})  # 2 x 40% cannot hold it all
    assert dict(spec_lines(two))["Constraints"] == (
        "at most 50% each, the conservative risk profile's 40% cap does not apply: 2 coins "
        "under it cannot hold everything invested"
    )
    unasked = dict(careful, constraints={}, universe={"symbols": None, "top_n": 5})
    assert dict(spec_lines(unasked))["Constraints"] == (
        "at most 40% each (the conservative risk profile's cap)"
    )


def test_spec_lines_for_a_top_n_universe_with_exclusions() -> None:
    spec = dict(SPEC, universe={"symbols": None, "top_n": 10, "exclude": ["DOGE"]}, capital=None)
    lines = dict(spec_lines(spec))
    assert lines["Coins"] == "top 10 by volume (excluding DOGE)"
    assert lines["Capital"] == "use current holdings"


def test_a_spec_change_reads_as_words_and_units_never_python_none() -> None:
    assert change_line({"path": "constraints.max_weight", "old": 0.5, "new": 0.4}) == (
        "at most per coin: 50% → 40%"
    )
    assert change_line({"path": "universe.symbols", "old": None, "new": ["BTC"]}) == (
        "coins: none → BTC"
    )
    assert change_line({"path": "rebalance.every_days", "old": None, "new": 30}) == (
        "rebalance every: none → 30 days"
    )
    assert change_line({"path": "risk.stop_loss", "old": 0.125, "new": None}) == (
        "stop-loss: 12.5% → none"
    )
    assert change_line({"path": "signals.momentum", "old": 0.0, "new": 0.5}) == (
        "momentum: 0.0 → 0.5"
    )


def test_args_summary_is_short_and_specific() -> None:
    assert args_summary("propose_strategy", {"spec": SPEC}) == "BTC ETH SOL, hrp, 5,000.00 USDT"
    assert args_summary("search_knowledge", {"query": "what is HRP", "k": 3}) == (
        "query=what is HRP, k=3"
    )
    assert len(args_summary("x", {"query": "y" * 200})) == 60


@pytest.mark.parametrize(
    ("value", "text"), [(None, ""), (-0.00001, "0.0%"), (0.0123, "+1.2%"), (-0.05, "-5.0%")]
)
def test_signed_pct_never_shows_minus_zero(value: float | None, text: str) -> None:
    assert signed_pct(value) == text


def test_the_spec_card_names_a_profile_cap_too_few_coins_cannot_meet() -> None:
    """The card agrees with the summary: a conservative BTC+ETH spec has no 40% cap; it says why."""
    spec = {
        "universe": {"symbols": ["BTC", "ETH"]},
        "risk": {"level": "conservative"},
        "constraints": {"max_weight": 1.0, "cash_reserve": 0.0},
    }
    constraints = dict(spec_lines(spec))["Constraints"]
    assert constraints == (
        "the conservative risk profile's 40% cap does not apply: 2 coins under it cannot hold "
        "everything invested"
    )
