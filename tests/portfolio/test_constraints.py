from __future__ import annotations

import math

import pytest

from assistant.domain import DataError, SpecError
from assistant.portfolio import apply_constraints


def _total(alloc) -> float:  # type: ignore[no-untyped-def]
    return math.fsum(alloc.weights.values()) + alloc.cash_weight


def test_weights_inside_every_limit_pass_through_without_clamps() -> None:
    alloc = apply_constraints({"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}, objective="hrp")
    assert alloc.weights == {"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}
    assert alloc.cash_weight == 0.0
    assert alloc.clamps == []
    assert alloc.objective == "hrp"


def test_a_cap_records_before_after_and_who_received_the_excess() -> None:
    alloc = apply_constraints({"BTC": 0.7, "ETH": 0.2, "SOL": 0.1}, max_weight=0.5)
    assert alloc.weights["BTC"] == 0.5
    assert alloc.weights["ETH"] == pytest.approx(1 / 3)
    assert alloc.weights["SOL"] == pytest.approx(1 / 6)
    (clamp,) = alloc.clamps
    assert (clamp.asset, clamp.kind, clamp.before, clamp.after) == ("BTC", "max_weight", 0.7, 0.5)
    assert clamp.reason == "capped at the 50% max_weight; 20% redistributed to ETH, SOL"
    assert _total(alloc) == pytest.approx(1.0, abs=1e-15)


def test_a_floor_records_who_gave_the_difference() -> None:
    alloc = apply_constraints({"BTC": 0.9, "ETH": 0.06, "SOL": 0.04}, min_weight=0.1)
    assert alloc.weights == pytest.approx({"BTC": 0.8, "ETH": 0.1, "SOL": 0.1})
    kinds = {(c.asset, c.kind) for c in alloc.clamps}
    assert kinds == {("ETH", "min_weight"), ("SOL", "min_weight")}
    sol = next(c for c in alloc.clamps if c.asset == "SOL")
    assert sol.reason == "raised to the 10% min_weight; 6% taken from BTC in proportion"


def test_an_asset_lifted_by_redistribution_is_not_called_a_floor_clamp() -> None:
    alloc = apply_constraints({"BTC": 0.7, "ETH": 0.2, "SOL": 0.1}, min_weight=0.15, max_weight=0.5)
    assert [c.kind for c in alloc.clamps] == ["max_weight"]
    assert alloc.weights["SOL"] == pytest.approx(1 / 6)


def test_exclusion_drops_the_asset_and_shares_its_weight_in_proportion() -> None:
    alloc = apply_constraints({"BTC": 0.5, "DOGE": 0.2, "ETH": 0.3}, exclude=["doge"])
    assert set(alloc.weights) == {"BTC", "ETH"}
    assert alloc.weights == pytest.approx({"BTC": 0.625, "ETH": 0.375})
    (clamp,) = alloc.clamps
    assert (clamp.asset, clamp.kind, clamp.before, clamp.after) == ("DOGE", "exclusion", 0.2, 0.0)
    assert "20%" in clamp.reason
    assert alloc.raw_weights == {"BTC": 0.5, "DOGE": 0.2, "ETH": 0.3}


def test_cash_reserve_scales_every_asset_down() -> None:
    alloc = apply_constraints({"BTC": 0.6, "ETH": 0.4}, cash_reserve=0.1)
    assert alloc.weights == pytest.approx({"BTC": 0.54, "ETH": 0.36})
    assert alloc.cash_weight == pytest.approx(0.1)
    assert {c.kind for c in alloc.clamps} == {"cash_reserve"}
    assert all("10% cash_reserve" in c.reason for c in alloc.clamps)


def test_caps_apply_to_the_whole_portfolio_after_the_cash_reserve() -> None:
    alloc = apply_constraints(
        {"BTC": 0.8, "ETH": 0.1, "SOL": 0.1}, max_weight=0.5, cash_reserve=0.2
    )
    assert alloc.weights == pytest.approx({"BTC": 0.5, "ETH": 0.15, "SOL": 0.15})
    assert alloc.cash_weight == pytest.approx(0.2)
    assert [c.kind for c in alloc.clamps] == ["cash_reserve"] * 3 + ["max_weight"]


def test_caps_too_tight_to_invest_everything_leave_the_rest_in_cash_and_say_so() -> None:
    alloc = apply_constraints({"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}, max_weight=0.25)
    assert alloc.weights == {"BTC": 0.25, "ETH": 0.25, "SOL": 0.25}
    assert alloc.cash_weight == pytest.approx(0.25)
    assert any("25% that cannot be invested" in note for note in alloc.notes)
    btc = next(c for c in alloc.clamps if c.asset == "BTC")
    assert btc.reason == (
        "capped at the 25% max_weight; 25% redistributed to SOL and cash, "
        "as the caps cannot hold the whole portfolio"
    )
    alone = apply_constraints({"BTC": 1.0}, max_weight=0.4)
    assert alone.weights == {"BTC": 0.4}
    assert alone.clamps[0].reason == "capped at the 40% max_weight; 60% left in cash"


def test_raw_weights_are_treated_as_proportions() -> None:
    alloc = apply_constraints({"BTC": 3.0, "ETH": 1.0})
    assert alloc.weights == {"BTC": 0.75, "ETH": 0.25}


def test_floors_that_need_more_than_the_investable_part_are_a_spec_error() -> None:
    with pytest.raises(SpecError, match="min_weight 30% x 3 assets = 90%"):
        apply_constraints({"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}, min_weight=0.3, cash_reserve=0.2)


def test_excluding_everything_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match="every asset is excluded"):
        apply_constraints({"BTC": 1.0}, exclude=["BTC"])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.1])
def test_a_broken_raw_weight_is_a_data_error_naming_the_asset(bad: float) -> None:
    with pytest.raises(DataError, match="raw weight of ETH"):
        apply_constraints({"BTC": 0.5, "ETH": bad})


@pytest.mark.parametrize(
    "limits",
    [
        {"min_weight": 0.6, "max_weight": 0.5},
        {"max_weight": 0.0},
        {"cash_reserve": 1.0},
        {"min_weight": -0.1},
    ],
)
def test_impossible_limits_are_a_spec_error(limits: dict[str, float]) -> None:
    with pytest.raises(SpecError):
        apply_constraints({"BTC": 0.5, "ETH": 0.5}, **limits)
