"""Plain English for the spec's later features: fixed split, DCA, take-profit, indicator tilts,
and a signal a spec cannot express, which is asked about and never dropped."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.agent.goal_parser import parse_goal
from assistant.domain import parse_spec

MARKET = ["BTC", "ETH", "SOL", "ADA"]


def _ok(goal: str) -> tuple[dict[str, Any], str]:
    result = parse_goal(goal, known_symbols=MARKET)
    assert result.status == "ok", result.message
    assert result.spec is not None
    parse_spec(result.spec)
    return result.spec, result.message


@pytest.mark.parametrize(
    ("goal", "weights"),
    [
        ("60% BTC, 40% ETH with $1000", {"BTC": 0.6, "ETH": 0.4}),
        ("BTC 50%, ETH 30%, SOL 20%, invest 5k", {"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}),
        ("60/40 BTC/ETH, 2000 dollars", {"BTC": 0.6, "ETH": 0.4}),
        ("$3000: 50% in BTC and 30% in ETH", {"BTC": 0.5, "ETH": 0.3}),
    ],
)
def test_a_fixed_split_becomes_the_fixed_objective(goal: str, weights: dict[str, float]) -> None:
    spec, message = _ok(goal)
    assert spec["objective"] == "fixed"
    assert spec["weights"] == pytest.approx(weights)
    assert "Fixed split" in message


def test_a_split_over_100_percent_is_asked_about() -> None:
    result = parse_goal("70% BTC, 50% ETH, $1000", known_symbols=MARKET)
    assert result.status == "clarify" and "120%" in result.message


def test_a_split_and_an_optimizer_together_are_asked_about() -> None:
    result = parse_goal("60% BTC, 40% ETH, minimum variance, $1000", known_symbols=MARKET)
    assert result.status == "clarify" and "fixed split" in result.message


@pytest.mark.parametrize(
    ("goal", "amount", "days", "capital"),
    [
        ("buy $50 of BTC every week", "50", 7, None),
        ("invest $1000 in BTC ETH SOL, add $100 every 2 weeks", "100", 14, 1000),
        ("BTC and ETH, invest 200 dollars monthly", "200", 30, None),
    ],
)
def test_a_recurring_purchase_becomes_a_contribution(
    goal: str, amount: str, days: int, capital: int | None
) -> None:
    spec, message = _ok(goal)
    assert Decimal(str(spec["contributions"]["amount"])) == Decimal(amount)
    assert spec["contributions"]["every_days"] == days
    assert spec["capital"] == capital
    assert spec["rebalance"]["every_days"] is None  # the schedule is not a rebalance calendar
    assert "without selling" in message


def test_rebalancing_on_a_calendar_is_not_a_contribution() -> None:
    spec, _ = _ok("invest $5000 in BTC and ETH and rebalance every month")
    assert spec["contributions"] is None and spec["rebalance"]["every_days"] == 30


@pytest.mark.parametrize(
    ("goal", "gain", "sell"),
    [
        ("take profit at 30% on BTC and ETH with $1000", 0.3, 1.0),
        ("$1000 in BTC and ETH, sell half when a coin is up 50%", 0.5, 0.5),
        ("BTC ETH $2k, take profits at 25% selling a third", 0.25, 0.3333),
    ],
)
def test_take_profit_is_read_with_the_share_sold(goal: str, gain: float, sell: float) -> None:
    spec, message = _ok(goal)
    assert spec["risk"]["take_profit"] == pytest.approx(gain)
    assert spec["risk"]["take_profit_sell"] == pytest.approx(sell)
    assert "Take-profit" in message


def test_indicator_tilts_are_set_and_said() -> None:
    spec, message = _ok("BTC ETH SOL $1000, use RSI, MACD and Bollinger bands")
    assert spec["signals"]["rsi"] == 0.5
    assert spec["signals"]["macd"] == 0.5
    assert spec["signals"]["bollinger"] == 0.5
    assert "Signal tilts" in message and "default strength of 50%" in message


@pytest.mark.parametrize("signal", ["golden cross", "Ichimoku cloud", "stochastic oscillator"])
def test_a_signal_a_spec_cannot_express_is_said_plainly(signal: str) -> None:
    result = parse_goal(f"BTC and ETH, $1000, buy on the {signal}", known_symbols=MARKET)
    assert result.status == "clarify"
    assert "can't use" in result.message and "RSI" in result.message and result.spec is None


def test_an_edit_can_add_a_take_profit() -> None:
    first = parse_goal("BTC ETH, 5k, monthly", known_symbols=MARKET)
    assert first.spec is not None
    previous = parse_spec(first.spec)
    result = parse_goal("take profit at 40%", known_symbols=MARKET, previous=previous)
    assert result.status == "ok", result.message
    assert result.spec is not None and result.spec["risk"]["take_profit"] == pytest.approx(0.4)


def test_a_feature_ruled_out_is_not_set() -> None:
    spec, _ = _ok("BTC ETH $1000, no RSI, without take profit at 30%, use MACD")
    assert spec["signals"]["rsi"] == 0.0 and spec["signals"]["macd"] == 0.5
    assert spec["risk"]["take_profit"] is None


def test_exchange_flows_are_a_tilt_not_the_flow_coin() -> None:
    spec, _ = _ok("BTC ETH $1000, use exchange flows")
    assert spec["signals"]["exchange_flow"] == 0.5
    assert spec["universe"]["symbols"] == ["BTC", "ETH"]
